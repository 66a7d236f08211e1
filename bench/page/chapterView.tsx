/**
 * Workloads 3 and 4 in the page: Quire's real ChapterView (React, the
 * editor, the comments plugin and panel) mounted on a chapter loaded from
 * the host — as the author sees it (manuscript fed into the shared replica
 * that holds the comments, through a real SyncHub working offline) or as a
 * reviewer sees it (the shared document itself, read-only). Each change is
 * timed until React has committed and the page is laid out again.
 */
import type { ComponentProps } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import type { EditorState } from 'prosemirror-state'
import { TextSelection } from 'prosemirror-state'
import * as Y from 'yjs'
import { commentsKey } from '../../src/renderer/comments/binding'
import { ChapterDoc } from '../../src/renderer/editor/chapterDoc'
import { ChapterSessions } from '../../src/renderer/editor/chapterSessions'
import { plainSource } from '../../src/renderer/editor/editorState'
import { ChapterView } from '../../src/renderer/editor/ChapterView'
import type { ChapterEditor, DocSource } from '../../src/renderer/editor/useChapterEditor'
import { api } from '../../src/renderer/ipc/api'
import { SyncHub } from '../../src/renderer/sync/syncHub'
import { createPeerGuard } from '../../src/renderer/sync/transport'
import { TEXT_ROOT } from '../../src/shared/ydoc'
import { seededRandom } from '../lib/prose'
import { distribution, type Distribution } from '../lib/stats'
import { appFrame } from './frame'
import { nextTask, now, settle } from './timing'

/** Origin of updates that play the part of a peer's. */
const REMOTE = Symbol('remote-peer')

interface Mounted {
  root: Root
  container: HTMLElement
  removeFrame: () => void
  editor: ChapterEditor | null
  /** The state React last committed (ChapterView reports it through onReady). */
  committed: EditorState | null
  source: DocSource | null
  errors: unknown[]
  dispose: () => Promise<void>
}

let mounted: Mounted | null = null
let hub: SyncHub | null = null

/** One SyncHub for the page, as the app has one per window: it opens every shared chapter's replica once. */
async function windowHub(onError: (error: unknown) => void): Promise<SyncHub> {
  if (!hub) {
    // No network: the bench measures the editor, not sync.
    const guard = createPeerGuard({ carrierOnly: true })
    hub = new SyncHub({
      api,
      onError,
      network: { signaling: () => [], rtcConfig: () => ({ iceServers: [] }) },
      peerOpts: (onChannel) => guard.forRoom(onChannel),
      verify: (envelope, authorKey, lane) => guard.verifyEnvelope(envelope, authorKey, lane),
    })
    hub.update(await api['library:get']({}))
  }
  return hub
}

export async function closeHub(): Promise<void> {
  await hub?.destroy()
  hub = null
}

export interface MountOptions {
  mode: 'author' | 'reviewer'
  chapterId: string
  /** Threads the comments plugin must hold before the view counts as ready. */
  expectThreads: number
}

export async function mountChapterView(options: MountOptions): Promise<{ mountMs: number; paragraphs: number; threads: number; highlights: number }> {
  if (mounted) await unmountChapterView()
  const start = now()
  const errors: unknown[] = []
  const onError = (error: unknown) => errors.push(error)
  const frame = appFrame()
  const container = frame.workspace
  const state: Mounted = { root: createRoot(container), container, removeFrame: frame.remove, editor: null, committed: null, source: null, errors, dispose: async () => {} }
  mounted = state

  let open: () => Promise<DocSource>
  let threadsDoc: Y.Doc | null
  if (options.mode === 'author') {
    const hub = await windowHub(onError)
    const snapshot = await api['library:get']({})
    const replicaId = snapshot.shares.flatMap((s) => s.chapters).find((c) => c.chapterId === options.chapterId)?.replicaId ?? null
    threadsDoc = replicaId ? await hub.doc(replicaId) : null
    // As BookWorkspace opens an author's chapter.
    const sessions = new ChapterSessions(api, onError)
    open = async () => {
      const opened = await sessions.open(options.chapterId)
      const stopFeeding = hub.feed(options.chapterId, opened.doc)
      const source: DocSource = { ...opened, release: async (last) => (stopFeeding(), await opened.release(last)) }
      state.source = source
      return source
    }
    state.dispose = () => sessions.closeAll()
  } else {
    // As ReviewWorkspace opens a shared chapter: the document itself, which also holds the comments.
    const chapter = await ChapterDoc.open(options.chapterId, api, onError)
    threadsDoc = chapter.doc
    open = async () => {
      const source = plainSource(chapter.doc, chapter.doc.getXmlFragment(TEXT_ROOT))
      state.source = source
      return source
    }
    state.dispose = () => chapter.close()
  }

  const onReady = (editor: ChapterEditor) => {
    state.editor = editor
    state.committed = editor.state
  }
  // Props of both the current and the previous ChapterView (the chapter actions are being reworked).
  const props = {
    chapterId: options.chapterId,
    title: 'Bench chapter',
    mode: options.mode,
    open,
    threadsDoc,
    me: { id: 'bench-author-key', name: 'Ada Author' },
    commentsContext: { bookAuthorId: 'bench-author-key', nameOf: (id: string) => (id === 'bench-author-key' ? 'Ada Author' : 'Rui Reviewer') },
    onCommentDeleted: () => {},
    savedSelection: undefined,
    onWords: () => {},
    onSelection: () => {},
    onError,
    onReady,
    onMessage: () => {},
    heading: () => <h1 className="chapter-title-input">Bench chapter</h1>,
    actions: null,
    primaryAction: null,
    menuItems: [],
  } as unknown as ComponentProps<typeof ChapterView>
  state.root.render(<ChapterView {...props} />)

  for (let i = 0; i < 10_000; i++) {
    const view = state.editor?.view
    const threads = view ? (commentsKey.getState(view.state)?.threads.size ?? 0) : -1
    if (view && state.editor?.status === 'ready' && threads === options.expectThreads && caughtUp(state)) break
    if (errors.length > 0) throw new Error(`could not open the chapter: ${String(errors[0])}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  const view = state.editor?.view
  if (!view) throw new Error('the editor did not become ready')
  await settle(() => caughtUp(state), container)
  const highlights = commentsKey.getState(view.state)?.decorations.find().length ?? 0
  return { mountMs: now() - start, paragraphs: view.state.doc.childCount, threads: options.expectThreads, highlights }
}

/**
 * React has drawn everything the window shows of the view's state: it
 * committed the newest state the editor handed it. (The editor sees each
 * transaction synchronously and hands React a state only when the toolbar,
 * panel or selection it draws changed.)
 */
function caughtUp(state: Mounted): boolean {
  const newest = state.editor?.newestShown() ?? null
  return newest !== null && state.committed === newest
}

function current(): { state: Mounted; view: NonNullable<ChapterEditor['view']> } {
  const view = mounted?.editor?.view
  if (!mounted || !view) throw new Error('no chapter view is mounted')
  return { state: mounted, view }
}

/**
 * Types `count` characters at the end of the middle paragraph, each as the
 * transaction a keystroke makes, timed until React has committed it and
 * layout is done.
 */
/** Where a change's time goes: the synchronous transaction, React's render and effects, style and layout. */
export interface Phases {
  total: Distribution
  sync: Distribution
  react: Distribution
  layout: Distribution
}

/**
 * The longest the page could not respond in the next `ms` milliseconds: the
 * largest gap between beats of a 0 ms timer (which Chromium clamps to 4 ms
 * once nested), so tasks under the Long Tasks API's 50 ms show too.
 */
async function longestGapWithin(ms: number): Promise<number> {
  let longest = 0
  let last = now()
  const end = last + ms
  await new Promise<void>((resolve) => {
    const beat = () => {
      const t = now()
      longest = Math.max(longest, t - last)
      last = t
      if (t < end) setTimeout(beat, 0)
      else resolve()
    }
    setTimeout(beat, 0)
  })
  return longest
}

function phases(samples: Array<[number, number, number, number]>): Phases {
  return {
    total: distribution(samples.map(([t0, , , t3]) => t3 - t0)),
    sync: distribution(samples.map(([t0, t1]) => t1 - t0)),
    react: distribution(samples.map(([, t1, t2]) => t2 - t1)),
    layout: distribution(samples.map(([, , t2, t3]) => t3 - t2)),
  }
}

export async function typeKeys(count: number): Promise<Phases & { pauseLongestTaskMs: number }> {
  const { state, view } = current()
  const middle = Math.floor(view.state.doc.childCount / 2)
  let pos = 0
  view.state.doc.forEach((node, offset, index) => {
    if (index === middle) pos = offset + node.nodeSize - 1
  })
  view.focus()
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, pos)))
  await settle(() => caughtUp(state), state.container)
  const keys = ' and then the lantern went out'
  const samples: Array<[number, number, number, number]> = []
  for (let i = 0; i < count; i++) {
    const t0 = now()
    view.dispatch(view.state.tr.insertText(keys[i % keys.length]!))
    const t1 = now()
    const { committedAt, laidOutAt } = await settle(() => caughtUp(state), state.container)
    samples.push([t0, t1, committedAt, laidOutAt])
  }
  // When typing pauses, the author's editor re-anchors the comments (useComments, after 300 ms): the longest blocked stretch in the next second.
  const pauseLongestTaskMs = await longestGapWithin(1000)
  return { ...phases(samples), pauseLongestTaskMs }
}

/**
 * Applies `count` one-character edits made by a peer, each into a random
 * paragraph: to the mounted chapter (the binding re-renders, the comments
 * re-resolve, React re-renders) and to a bare Y.Doc holding the same state.
 * With `quietMs`, each edit is followed by that long a wait, watching for the
 * work it scheduled for later.
 */
export async function remoteEdits(
  count: number,
  seed: number,
  quietMs: number,
): Promise<{ quire: Phases; deferred: Distribution; bare: Distribution; consistent: boolean }> {
  const { state, view } = current()
  const doc = state.source!.doc
  const peer = new Y.Doc()
  Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc))
  const bare = new Y.Doc()
  Y.applyUpdate(bare, Y.encodeStateAsUpdate(doc))
  const blocks = peer.getXmlFragment(TEXT_ROOT).toArray()
  const random = seededRandom(seed)
  const quire: Array<[number, number, number, number]> = []
  const deferred: number[] = []
  const baseline: number[] = []
  for (let i = 0; i < count; i++) {
    const block = blocks[Math.floor(random() * blocks.length)]
    const text = block instanceof Y.XmlElement ? block.get(0) : null
    if (!(text instanceof Y.XmlText)) continue
    let update: Uint8Array | null = null
    const capture = (u: Uint8Array) => (update = u)
    peer.on('update', capture)
    text.insert(Math.floor(random() * (text.length + 1)), 'x')
    peer.off('update', capture)
    const t0 = now()
    Y.applyUpdate(doc, update!, REMOTE)
    const t1 = now()
    const { committedAt, laidOutAt } = await settle(() => caughtUp(state), state.container)
    quire.push([t0, t1, committedAt, laidOutAt])
    const b0 = now()
    Y.applyUpdate(bare, update!)
    baseline.push(now() - b0)
    // Work scheduled for later (highlights re-resolved, the word count): the longest blocked stretch before the next edit.
    if (quietMs > 0) deferred.push(await longestGapWithin(quietMs))
    // Let the write to the host go out before the next edit arrives.
    for (let k = 0; k < 3; k++) await nextTask()
  }
  const consistent = view.state.doc.textContent.length === bare.getXmlFragment(TEXT_ROOT).toArray().reduce((n, b) => n + (b instanceof Y.XmlElement && b.get(0) instanceof Y.XmlText ? (b.get(0) as Y.XmlText).length : 0), 0)
  peer.destroy()
  bare.destroy()
  return { quire: phases(quire), deferred: distribution(deferred), bare: distribution(baseline), consistent }
}

export async function unmountChapterView(): Promise<void> {
  if (!mounted) return
  const state = mounted
  mounted = null
  state.root.unmount()
  state.removeFrame()
  await state.dispose()
  if (state.errors.length > 0) throw new Error(`chapter view reported: ${String(state.errors[0])}`)
}
