/**
 * Workload 5 in the page: one person in a shared chapter, as Quire runs it.
 * A real SyncHub (the guard in carrier-only mode, the network plan from the
 * host's rendezvous bridge) opens the chapter's SignedRoom; main signs and
 * stores every local change and checks nothing of the peer's itself, the page
 * verifies each envelope in the validation worker. Going offline and online
 * is the hub's Work offline setting.
 *
 * The author edits the manuscript in an EditorView with Quire's plugins, fed
 * into the replica as the author's workspace feeds it; the reviewer writes
 * comment threads into the shared document, the only thing a reviewer may
 * write. Each round uses one chapter: the hub is shown the library with only
 * that chapter, so no other room competes with it.
 */
import type { EditorView } from 'prosemirror-view'
import * as Y from 'yjs'
import { ChapterDoc } from '../../src/renderer/editor/chapterDoc'
import { api } from '../../src/renderer/ipc/api'
import { NetworkLink } from '../../src/renderer/network/networkLink'
import { SyncHub } from '../../src/renderer/sync/syncHub'
import { createPeerGuard } from '../../src/renderer/sync/transport'
import { fragmentText } from '../../src/shared/fragmentText'
import type { LibrarySnapshot } from '../../src/shared/library'
import { TEXT_ROOT } from '../../src/shared/ydoc'
import { editTransaction, textOf } from '../lib/edits'
import { addThreads } from '../lib/threads'
import type { Edit } from '../lib/traces'
import { fetchJson, toBase64 } from './data'
import { mountEditor } from './editor'
import { chapterFrame } from './frame'
import { epochNow, nextTask } from './timing'

export type MergeRole = { role: 'author'; chapterId: string; replicaId: string } | { role: 'reviewer'; docId: string }

interface Person {
  hub: SyncHub
  link: NetworkLink
  errors: unknown[]
  /** What the guard dropped and what the hub told the user (refused changes, incompatible peers). */
  rejected: string[]
}

interface Round {
  target: MergeRole
  doc: Y.Doc
  /** The author's manuscript, open in an editor and feeding the replica. */
  manuscript: { chapter: ChapterDoc; view: EditorView; frame: { remove: () => void }; stopFeeding: () => void } | null
  startedAt: number
  connectedAt: number | null
  provenAt: number | null
  convergedAt: number | null
  longTasks: PerformanceEntry[]
  observer: PerformanceObserver | null
  maxGapMs: number
  beating: boolean
  unsubscribe: () => void
}

let person: Person | null = null
let round: Round | null = null

/** This person's hub, as useSyncHub builds one for a window. */
async function opened(): Promise<Person> {
  if (person) return person
  const errors: unknown[] = []
  const rejected: string[] = []
  const link = new NetworkLink(api)
  await link.refresh()
  const guard = createPeerGuard({
    carrierOnly: true,
    onRejected: (reason) => rejected.push(`guard: ${reason}`),
    // The bench bundle emits the validation worker beside the page.
    createWorker: () => new Worker(new URL('./updateWorker.js', location.href), { type: 'module', name: 'quire-update-validator' }),
  })
  const hub = new SyncHub({
    api,
    onError: (error) => errors.push(error),
    network: link,
    peerOpts: (onChannel) => guard.forRoom(onChannel),
    verify: (envelope, authorKey, lane) => guard.verifyEnvelope(envelope, authorKey, lane),
  })
  hub.start()
  let notice: string | null = null
  hub.subscribe(() => {
    const next = hub.getStatus().notice
    if (next && next !== notice) rejected.push(`sync: ${next}`)
    notice = next
  })
  person = { hub, link, errors, rejected }
  return person
}

/** The library as the hub sees it this round: only the round's chapter, online or working offline. */
async function showHub(target: MergeRole, online: boolean): Promise<void> {
  const { hub } = await opened()
  const snapshot = await api['library:get']({})
  const only: LibrarySnapshot = {
    ...snapshot,
    settings: { ...snapshot.settings, workOffline: !online },
    shares: snapshot.shares.map((share) => ({ ...share, chapters: share.chapters.filter((c) => target.role === 'author' && c.chapterId === target.chapterId) })),
    joined: snapshot.joined.map((joined) => ({ ...joined, chapters: joined.chapters.filter((c) => target.role === 'reviewer' && c.docId === target.docId) })),
  }
  hub.update(only)
}

const docIdOf = (target: MergeRole) => (target.role === 'author' ? target.replicaId : target.docId)

async function until(check: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${person?.rejected.length ? ` (${person.rejected.join('; ')})` : ''}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** Both people online in the round's chapter until the reviewer holds the author's text (`text`): the copy each then edits offline. */
export async function mergeShare(options: { target: MergeRole; text: string; timeoutMs: number }): Promise<void> {
  const { hub } = await opened()
  await showHub(options.target, true)
  const doc = await hub.doc(docIdOf(options.target))
  if (!doc) throw new Error('the shared chapter did not open')
  await until(() => fragmentText(doc.getXmlFragment(TEXT_ROOT)) === options.text, 'the shared text', options.timeoutMs)
}

/**
 * Works offline and makes this person's edits: the author's trace edits in
 * the manuscript's editor, or the reviewer's `threads` comment threads. Returns
 * what the runner needs to know where both will meet.
 */
export async function mergePrepare(options: { target: MergeRole; editsUrl?: string; threads?: number; seed?: number }): Promise<{ stateVector: Array<[number, number]>; state: string; text: string }> {
  const { hub, errors } = await opened()
  await showHub(options.target, false)
  const docId = docIdOf(options.target)
  const doc = (await hub.doc(docId))!
  let manuscript: Round['manuscript'] = null
  if (options.target.role === 'author') {
    const edits = await fetchJson<Edit[]>(options.editsUrl!)
    const chapter = await ChapterDoc.open(options.target.chapterId, api, (error) => errors.push(error))
    // As the author's workspace opens a shared chapter: the manuscript feeds its replica.
    const stopFeeding = hub.feed(options.target.chapterId, chapter.doc)
    const frame = chapterFrame()
    const view = mountEditor(chapter.fragment, frame.mount, true)
    for (let i = 0; i < edits.length; i++) {
      view.dispatch(editTransaction(view.state, edits[i]!))
      if (i % 16 === 15) await nextTask()
    }
    await chapter.flush()
    manuscript = { chapter, view, frame, stopFeeding }
  } else {
    const profile = (await api['library:get']({})).profile!
    addThreads(doc, { id: profile.memberId, name: profile.name }, options.threads ?? 0, options.seed ?? 1)
  }
  // Every change signed by main and stored before going online.
  await hub.flush(docId)
  if (errors.length > 0) throw new Error(`offline edits failed: ${String(errors[0])}`)
  round = {
    target: options.target,
    doc,
    manuscript,
    startedAt: 0,
    connectedAt: null,
    provenAt: null,
    convergedAt: null,
    longTasks: [],
    observer: null,
    maxGapMs: 0,
    beating: false,
    unsubscribe: () => {},
  }
  return {
    stateVector: [...Y.decodeStateVector(Y.encodeStateVector(doc))],
    state: toBase64(Y.encodeStateAsUpdate(doc)),
    text: manuscript ? textOf(manuscript.view.state.doc) : fragmentText(doc.getXmlFragment(TEXT_ROOT)),
  }
}

/** Goes online (Work offline off); `target` is the state vector both reach once merged. */
export async function mergeConnect(options: { target: Array<[number, number]> }): Promise<{ startedAt: number }> {
  const state = round
  if (!state) throw new Error('mergePrepare first')
  const { hub } = await opened()
  const doc = state.doc
  const reached = () => options.target.every(([client, clock]) => Y.getState(doc.store, client) >= clock)
  const onUpdate = () => {
    if (state.convergedAt === null && reached()) {
      state.convergedAt = epochNow()
      doc.off('update', onUpdate)
    }
  }
  doc.on('update', onUpdate)
  state.observer = new PerformanceObserver((list) => state.longTasks.push(...list.getEntries()))
  state.observer.observe({ type: 'longtask', buffered: false })
  // A heartbeat: the longest gap between its beats is the longest the page could not respond.
  state.beating = true
  let last = performance.now()
  const beat = () => {
    const t = performance.now()
    state.maxGapMs = Math.max(state.maxGapMs, t - last)
    last = t
    if (state.beating) setTimeout(beat, 0)
  }
  setTimeout(beat, 0)
  // The peer proved its key on Quire's channel (SignedRoom's handshake).
  state.unsubscribe = hub.subscribe(() => {
    if (hub.getStatus().peers.length > 0) state.provenAt ??= epochNow()
  })
  state.startedAt = epochNow()
  await showHub(state.target, true)
  const provider = hub.providers()[0]?.provider
  if (!provider) throw new Error('the hub did not go online')
  provider.on('peers', () => {
    for (const conn of provider.room?.webrtcConns.values() ?? []) {
      const webrtcConn = conn as unknown as { connected: boolean; peer: { once(event: string, f: () => void): void } }
      if (webrtcConn.connected) state.connectedAt ??= epochNow()
      else webrtcConn.peer.once('connect', () => (state.connectedAt ??= epochNow()))
    }
  })
  if (reached()) state.convergedAt = state.startedAt
  return { startedAt: state.startedAt }
}

/** Waits until this person holds the merged state, then reports timings, bytes and the longest task. */
export async function mergeResult(timeoutMs: number): Promise<{
  startedAt: number
  connectedAt: number | null
  provenAt: number | null
  convergedAt: number
  bytesSent: number
  bytesReceived: number
  longestTaskMs: number
  maxGapMs: number
  rejected: string[]
  text: string
  stateVector: Array<[number, number]>
}> {
  const state = round
  const { hub, errors, rejected } = await opened()
  if (!state) throw new Error('mergeConnect first')
  const provider = () => hub.providers()[0]?.provider
  const describe = () => {
    const signaling = (provider()?.signalingConns ?? []).map((conn: { url: string; connected: boolean }) => `${conn.url} ${conn.connected ? 'connected' : 'not connected'}`)
    return `rejected: ${rejected.join('; ') || 'none'}; signaling: ${signaling.join(', ') || 'none'}; connected: ${state.connectedAt !== null}; key proven: ${state.provenAt !== null}`
  }
  const deadline = performance.now() + timeoutMs
  while (state.convergedAt === null) {
    if (performance.now() > deadline) throw new Error(`did not converge within ${timeoutMs} ms (${describe()})`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  // Let the last frames and tasks of the merge finish before reading the counters.
  await new Promise((resolve) => setTimeout(resolve, 300))
  state.beating = false
  state.observer?.disconnect()
  let bytesSent = 0
  let bytesReceived = 0
  // Both channels of each connection: y-webrtc's (the empty carrier document, awareness) and Quire's (the envelopes).
  for (const conn of provider()?.room?.webrtcConns.values() ?? []) {
    const pc = (conn as unknown as { peer: { _pc?: RTCPeerConnection } }).peer._pc
    const report = pc ? await pc.getStats() : null
    report?.forEach((entry: { type: string; bytesSent?: number; bytesReceived?: number }) => {
      if (entry.type === 'data-channel') {
        bytesSent += entry.bytesSent ?? 0
        bytesReceived += entry.bytesReceived ?? 0
      }
    })
  }
  const longestTaskMs = state.longTasks.reduce((longest, entry) => Math.max(longest, entry.duration), 0)
  if (errors.length > 0) throw new Error(`sync failed: ${String(errors[0])}`)
  return {
    startedAt: state.startedAt,
    connectedAt: state.connectedAt,
    provenAt: state.provenAt,
    convergedAt: state.convergedAt,
    bytesSent,
    bytesReceived,
    longestTaskMs,
    maxGapMs: state.maxGapMs,
    rejected,
    text: fragmentText(state.doc.getXmlFragment(TEXT_ROOT)),
    stateVector: [...Y.decodeStateVector(Y.encodeStateVector(state.doc))].sort((x, y) => x[0] - y[0]),
  }
}

/** Works offline again and closes the round's editor; the hub stays, as in a window. */
export async function mergeClose(): Promise<void> {
  const state = round
  round = null
  if (!state) return
  state.beating = false
  state.observer?.disconnect()
  state.unsubscribe()
  await showHub(state.target, false)
  if (state.manuscript) {
    state.manuscript.stopFeeding()
    state.manuscript.view.destroy()
    state.manuscript.frame.remove()
    await state.manuscript.chapter.close()
  }
  await person?.hub.flush(docIdOf(state.target))
}
