/**
 * Workload 5 in the page: one peer. It edits its chapter offline in an
 * EditorView with Quire's plugins (persisted to its own host), then connects
 * through y-webrtc with Quire's peer guard, configured as SyncHub connects a
 * shared chapter, and records when its document holds both peers' edits.
 */
import { WebrtcProvider } from 'y-webrtc'
import type { EditorView } from 'prosemirror-view'
import * as Y from 'yjs'
import { ChapterDoc } from '../../src/renderer/editor/chapterDoc'
import { api } from '../../src/renderer/ipc/api'
import { createPeerGuard, type PeerGuard } from '../../src/renderer/sync/transport'
import { editTransaction, textOf } from '../lib/edits'
import type { Edit } from '../lib/traces'
import { fetchJson, toBase64 } from './data'
import { mountEditor } from './editor'
import { chapterFrame } from './frame'
import { epochNow, nextTask } from './timing'

interface PeerState {
  chapter: ChapterDoc
  view: EditorView
  frame: { remove: () => void }
  errors: unknown[]
  provider: WebrtcProvider | null
  guard: PeerGuard | null
  rejected: string[]
  startedAt: number
  connectedAt: number | null
  convergedAt: number | null
  longTasks: PerformanceEntry[]
  observer: PerformanceObserver | null
  maxGapMs: number
  beating: boolean
}

let peer: PeerState | null = null

/** Resolves once the chapter has written everything to the host. */
async function persisted(chapter: ChapterDoc): Promise<void> {
  await chapter.flush()
}

/** Opens the chapter and makes the edits offline; returns what the runner needs to know where both peers will meet. */
export async function mergePrepare(options: { chapterId: string; editsUrl: string }): Promise<{ stateVector: Array<[number, number]>; state: string; text: string }> {
  const edits = await fetchJson<Edit[]>(options.editsUrl)
  const errors: unknown[] = []
  const chapter = await ChapterDoc.open(options.chapterId, api, (error) => errors.push(error))
  const frame = chapterFrame()
  const view = mountEditor(chapter.fragment, frame.mount, true)
  for (let i = 0; i < edits.length; i++) {
    view.dispatch(editTransaction(view.state, edits[i]!))
    if (i % 16 === 15) await nextTask()
  }
  await persisted(chapter)
  peer = {
    chapter,
    view,
    frame,
    errors,
    provider: null,
    guard: null,
    rejected: [],
    startedAt: 0,
    connectedAt: null,
    convergedAt: null,
    longTasks: [],
    observer: null,
    maxGapMs: 0,
    beating: false,
  }
  return {
    stateVector: [...Y.decodeStateVector(Y.encodeStateVector(chapter.doc))],
    state: toBase64(Y.encodeStateAsUpdate(chapter.doc)),
    text: textOf(view.state.doc),
  }
}

/** Goes online in `room`; `target` is the state vector both peers reach once merged. */
export function mergeConnect(options: { room: string; password: string; signaling: string; name: string; target: Array<[number, number]> }): { startedAt: number } {
  const state = peer
  if (!state) throw new Error('mergePrepare first')
  const doc = state.chapter.doc
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
  state.guard = createPeerGuard({
    onRejected: (reason) => state.rejected.push(reason),
    // The bench bundle emits the validation worker beside the page.
    createWorker: () => new Worker(new URL('./updateWorker.js', location.href), { type: 'module', name: 'quire-update-validator' }),
  })
  state.startedAt = epochNow()
  const provider = new WebrtcProvider(options.room, doc, {
    signaling: [options.signaling],
    password: options.password,
    filterBcConns: true,
    maxConns: 20,
    peerOpts: { ...state.guard.peerOpts, config: { iceServers: [] } },
  })
  provider.awareness.setLocalStateField('user', { name: options.name })
  provider.on('peers', () => {
    for (const conn of provider.room?.webrtcConns.values() ?? []) {
      const webrtcConn = conn as unknown as { connected: boolean; peer: { once(event: string, f: () => void): void } }
      if (webrtcConn.connected) state.connectedAt ??= epochNow()
      else webrtcConn.peer.once('connect', () => (state.connectedAt ??= epochNow()))
    }
  })
  state.provider = provider
  if (reached()) state.convergedAt = state.startedAt
  return { startedAt: state.startedAt }
}

/** Waits until this peer holds the merged state, then reports timings, bytes and the longest task. */
export async function mergeResult(timeoutMs: number): Promise<{
  startedAt: number
  connectedAt: number | null
  convergedAt: number
  bytesSent: number
  bytesReceived: number
  longestTaskMs: number
  maxGapMs: number
  rejected: string[]
  text: string
}> {
  const state = peer
  if (!state?.provider) throw new Error('mergeConnect first')
  const deadline = performance.now() + timeoutMs
  while (state.convergedAt === null) {
    if (performance.now() > deadline) throw new Error(`did not converge within ${timeoutMs} ms (rejected: ${state.rejected.join('; ') || 'none'})`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  // Let the last frames and tasks of the merge finish before reading the counters.
  await new Promise((resolve) => setTimeout(resolve, 300))
  state.beating = false
  state.observer?.disconnect()
  let bytesSent = 0
  let bytesReceived = 0
  for (const conn of state.provider.room?.webrtcConns.values() ?? []) {
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
  if (state.errors.length > 0) throw new Error(`persistence failed: ${String(state.errors[0])}`)
  return {
    startedAt: state.startedAt,
    connectedAt: state.connectedAt,
    convergedAt: state.convergedAt,
    bytesSent,
    bytesReceived,
    longestTaskMs,
    maxGapMs: state.maxGapMs,
    rejected: state.rejected,
    text: textOf(state.view.state.doc),
  }
}

export async function mergeClose(): Promise<void> {
  const state = peer
  peer = null
  if (!state) return
  state.beating = false
  state.observer?.disconnect()
  state.provider?.destroy()
  state.guard?.dispose()
  state.view.destroy()
  state.frame.remove()
  await state.chapter.close()
}
