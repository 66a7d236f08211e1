/**
 * Comments bound to the editor, in the manner of y-prosemirror's cursor
 * plugin: one owner for placed threads. The plugin hears which threads
 * changed from a ThreadIndex, resolves only those against the text, keeps
 * them placed (ranges, reading order, highlights) in its state, and maps
 * them through edits. The highlights and the Comments panel both read that
 * state; nothing goes through React on its way to the decorations.
 *
 * - Local edits move every placed range exactly (the transaction's mapping).
 * - A remote text change arrives as a whole new document (y-prosemirror), so
 *   ranges are mapped through the one stretch that differs, and only threads
 *   inside that stretch are resolved again, in idle slices.
 * - In the author's editor, threads whose passage or its context an edit
 *   touched are re-anchored from their mapped range after a pause, in idle
 *   slices; the fresh anchors go to the author's root, where every peer reads
 *   them. Nothing heavy runs in filterTransaction or per keystroke.
 * - A suggested edit still waiting for the author's decision is drawn in the
 *   text: its passage struck through (an inline decoration), the proposed
 *   words after it (a widget), both decorations like any highlight. Once the
 *   passage no longer reads as it did, the suggestion is stale: only its
 *   highlight shows, and the panel says so.
 * - A thread whose passage a later draft removed stays detached, with its
 *   quote, however its anchor would resolve now.
 */
import type { Node } from 'prosemirror-model'
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state'
import { Mapping, StepMap } from 'prosemirror-transform'
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view'
import { ySyncPluginKey } from 'y-prosemirror'
import type * as Y from 'yjs'
import { CONTEXT_CHARS, createAnchor, resolveAnchor, type Anchor, type ProsemirrorMapping, type ResolvedAnchor } from '../../shared/anchors'
import { sortPlaced, type Thread, type ThreadIndex } from '../../shared/comments'

export const commentsKey = new PluginKey<CommentsState>('quire-comments')

/** What the Comments panel shows of a thread. */
export interface PanelThread {
  thread: Thread
  detached: boolean
  /** The passage's text now, when it no longer reads as the thread's quote. */
  currentText?: string
}

/** A suggested edit that can still be applied: undecided, and its passage reads as it did. */
export function isLiveSuggestion(entry: Pick<PanelThread, 'thread' | 'detached' | 'currentText'>): boolean {
  return Boolean(entry.thread.suggestion && !entry.thread.suggestion.decision && !entry.detached && entry.currentText === undefined)
}

export interface CommentsState {
  threads: ReadonlyMap<string, Thread>
  /** Where each thread sits in the text now. */
  places: ReadonlyMap<string, ResolvedAnchor>
  /** Reading order for the panel; a new array only when what the panel shows changed, so typing does not re-render it. */
  panel: readonly PanelThread[]
  activeId: string | null
  decorations: DecorationSet
  /** Threads to resolve again: a remote change rewrote text around them. */
  stale: ReadonlySet<string>
  /** Threads to re-anchor (author): an edit touched their passage or its context. */
  dirty: ReadonlySet<string>
}

type CommentsMeta =
  | { type: 'threads'; changed: readonly Thread[]; removed: readonly string[]; reset?: boolean }
  | { type: 'resolved'; ids: readonly string[] }
  | { type: 'activate'; id: string | null }
  | { type: 'reanchored'; ids: readonly string[] }

/** Where the threads come from; it can change (a chapter becomes shared) while the editor is open. */
export interface ThreadSource {
  current(): ThreadIndex | null
  /** Called when `current()` changes; returns a disposer. */
  onReplace(listener: () => void): () => void
}

export interface CommentsBindingOptions {
  source: ThreadSource
  /** A click on a highlight. */
  onActivate: (threadId: string) => void
  /** The author's editor: writes re-placed anchors (to the author's root). Reviewers leave it out. */
  reanchor?: (anchors: ReadonlyArray<{ id: string; anchor: Anchor }>) => void
}

/** Idle slices never block longer than this. */
const SLICE_MS = 8
/** The author's anchors are refreshed once typing pauses this long. */
const REANCHOR_PAUSE_MS = 400

interface SyncBinding {
  type: Y.XmlFragment
  binding: { mapping: ProsemirrorMapping } | null
}

/** Where an anchor sits in this editor's document right now. */
export function resolveIn(state: EditorState, anchor: Anchor): ResolvedAnchor {
  const sync = ySyncPluginKey.getState(state) as SyncBinding | undefined
  if (!sync?.binding) return { detached: true }
  return resolveAnchor(anchor, sync.type, sync.binding.mapping, state.doc)
}

/** Where a thread sits: detached for good once a later draft removed its passage. */
export function placeIn(state: EditorState, thread: Thread): ResolvedAnchor {
  return thread.carried?.state === 'removed' ? { detached: true } : resolveIn(state, thread.anchor)
}

function sameAnchor(a: Anchor, b: Anchor): boolean {
  return a.start === b.start && a.end === b.end && a.quote === b.quote && a.before === b.before && a.after === b.after
}

/** Whether a thread is placed by the same anchor as before, and not set apart by a later draft. */
function samePlacement(a: Thread, b: Thread): boolean {
  return sameAnchor(a.anchor, b.anchor) && a.carried?.state === b.carried?.state
}

function isFromYjs(tr: Transaction): boolean {
  return (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin === true
}

/** A mapping for a change that replaced the whole document: one step over the part that differs. */
function diffMapping(before: Node, after: Node): { mapping: Mapping; from: number; to: number } | null {
  const start = before.content.findDiffStart(after.content)
  if (start === null) return null
  const end = before.content.findDiffEnd(after.content)!
  // When the change repeats text at its edge, the two ends can cross; keep the step well-formed.
  const endA = Math.max(end.a, start)
  const endB = Math.max(end.b, start)
  return { mapping: new Mapping([new StepMap([start, endA - start, endB - start])]), from: start, to: endB }
}

function panelEntry(doc: Node, thread: Thread, where: ResolvedAnchor): PanelThread {
  const entry: PanelThread = { thread, detached: where.detached }
  if (!where.detached) {
    const text = doc.textBetween(where.from, where.to, '\n', '\n')
    if (text !== thread.quote) entry.currentText = text
  }
  return entry
}

/** The decorations of one thread: its highlight, or a pending suggestion's struck passage and proposed words. */
function decorationsOf(doc: Node, thread: Thread, where: ResolvedAnchor | undefined, activeId: string | null): Decoration[] {
  if (!where || where.detached || where.from >= where.to) return []
  if (thread.resolved && thread.id !== activeId) return []
  const active = thread.id === activeId
  const spec = { threadId: thread.id }
  const suggestion = thread.suggestion
  if (suggestion && !suggestion.decision && doc.textBetween(where.from, where.to, '\n', '\n') === thread.quote) {
    const struck = Decoration.inline(where.from, where.to, { nodeName: 'del', class: active ? 'suggestion-delete active' : 'suggestion-delete', 'data-thread-id': thread.id }, spec)
    if (!suggestion.text) return [struck]
    const inserted = Decoration.widget(
      where.to,
      () => {
        const ins = document.createElement('ins')
        ins.className = active ? 'suggestion-insert active' : 'suggestion-insert'
        ins.dataset.threadId = thread.id
        ins.title = `Suggested by ${thread.authorName}`
        ins.textContent = suggestion.text
        return ins
      },
      { ...spec, side: 1, key: `suggestion:${thread.id}:${active}:${suggestion.text}`, ignoreSelection: true },
    )
    return [struck, inserted]
  }
  return [Decoration.inline(where.from, where.to, { class: active ? 'comment-highlight active' : 'comment-highlight', 'data-thread-id': thread.id }, spec)]
}

/** Replaces the highlights of `ids` in `set` with their current ones. */
function redecorate(set: DecorationSet, doc: Node, value: Pick<CommentsState, 'threads' | 'places'>, ids: Iterable<string>, activeId: string | null): DecorationSet {
  const wanted = new Set(ids)
  const old = set.find(undefined, undefined, (spec) => wanted.has(spec.threadId as string))
  const fresh = [...wanted].flatMap((id) => {
    const thread = value.threads.get(id)
    return thread ? decorationsOf(doc, thread, value.places.get(id), activeId) : []
  })
  return set.remove(old).add(doc, fresh)
}

const EMPTY: ReadonlySet<string> = new Set()

function union(a: ReadonlySet<string>, b: Iterable<string>): ReadonlySet<string> {
  const out = new Set(a)
  for (const id of b) out.add(id)
  return out.size === a.size ? a : out
}

function without(a: ReadonlySet<string>, b: Iterable<string>): ReadonlySet<string> {
  const out = new Set(a)
  for (const id of b) out.delete(id)
  return out.size === a.size ? a : out
}

/** Threads whose range, widened by `margin`, overlaps [from, to]. */
function touching(places: ReadonlyMap<string, ResolvedAnchor>, from: number, to: number, margin: number): string[] {
  const ids: string[] = []
  for (const [id, where] of places) {
    if (!where.detached && where.from - margin <= to && from <= where.to + margin) ids.push(id)
  }
  return ids
}

const WORD_CHAR = /[\p{L}\p{N}]/u

/** Whether the text inserted at `to` (up to `wider`) goes on with the word that ends there. */
function continuesWord(doc: Node, to: number, wider: number): boolean {
  if (to < 1 || wider > doc.content.size) return false
  const last = doc.textBetween(to - 1, to, undefined, '\uFFFC')
  const next = doc.textBetween(to, to + 1, undefined, '\uFFFC')
  return WORD_CHAR.test(last) && WORD_CHAR.test(next)
}

/**
 * Every placed range mapped through a change; ranges that collapse, or lost
 * both their first and last characters (the passage typed over), are
 * returned for resolution from their anchors, which never carry a thread
 * onto text written since. Typing that goes on with the passage's last word
 * belongs to the passage ('dawn' retyped as 'sunrise' reads 'before
 * sunrise', not 'before s'); given the new document, ranges take it in.
 */
function mapPlaces(places: ReadonlyMap<string, ResolvedAnchor>, mapping: Mapping, doc?: Node): { places: Map<string, ResolvedAnchor>; collapsed: string[] } {
  const next = new Map<string, ResolvedAnchor>()
  const collapsed: string[] = []
  for (const [id, where] of places) {
    if (where.detached) {
      next.set(id, where)
      continue
    }
    const start = mapping.mapResult(where.from, 1)
    const end = mapping.mapResult(where.to, -1)
    const from = start.pos
    let to = Math.max(from, end.pos)
    const wider = mapping.map(where.to, 1)
    if (doc && wider > to && to > from && continuesWord(doc, to, wider)) to = wider
    if (from >= to || (start.deletedAfter && end.deletedBefore)) collapsed.push(id)
    next.set(id, { ...where, from, to })
  }
  return { places: next, collapsed }
}

/** The panel in reading order, from scratch. */
function panelOf(doc: Node, value: Pick<CommentsState, 'threads' | 'places'>): PanelThread[] {
  const placed = [...value.threads.values()].map((thread) => ({ thread, place: value.places.get(thread.id) ?? ({ detached: true } as const) }))
  return sortPlaced(placed).map(({ thread, place: where }) => panelEntry(doc, thread, where))
}

/**
 * The panel after a local edit: entries of the touched threads are checked
 * again; when none of them reads differently, the same array is kept.
 */
function panelAfterEdit(doc: Node, value: CommentsState, places: ReadonlyMap<string, ResolvedAnchor>, touched: ReadonlySet<string>): readonly PanelThread[] {
  if (touched.size === 0) return value.panel
  let changed = false
  const panel = value.panel.map((entry) => {
    if (!touched.has(entry.thread.id)) return entry
    const next = panelEntry(doc, entry.thread, places.get(entry.thread.id) ?? { detached: true })
    if (next.detached === entry.detached && next.currentText === entry.currentText) return entry
    changed = true
    return next
  })
  return changed ? panel : value.panel
}

function applyMeta(meta: CommentsMeta, value: CommentsState, state: EditorState): CommentsState {
  switch (meta.type) {
    case 'activate': {
      const ids = [value.activeId, meta.id].filter((id): id is string => id !== null)
      return { ...value, activeId: meta.id, decorations: redecorate(value.decorations, state.doc, value, ids, meta.id) }
    }
    case 'threads': {
      const threads = new Map(meta.reset ? [] : value.threads)
      const places = new Map(meta.reset ? [] : value.places)
      for (const id of meta.removed) {
        threads.delete(id)
        places.delete(id)
      }
      for (const thread of meta.changed) {
        // A thread that changed elsewhere (a reply, a name) keeps the range its passage was mapped to: its anchor may
        // predate this editor's last edits, which the pause before re-anchoring has not written yet.
        const known = value.threads.get(thread.id)
        const place = value.places.get(thread.id)
        const keep = !meta.reset && known && place && !place.detached && !value.stale.has(thread.id) && samePlacement(known, thread)
        threads.set(thread.id, thread)
        places.set(thread.id, keep ? place : placeIn(state, thread))
      }
      const touched = [...meta.changed.map((t) => t.id), ...meta.removed]
      const next = { threads, places }
      const activeId = value.activeId && threads.has(value.activeId) ? value.activeId : null
      const decorations = meta.reset
        ? DecorationSet.create(state.doc, [...threads.values()].flatMap((t) => decorationsOf(state.doc, t, places.get(t.id), activeId)))
        : redecorate(value.decorations, state.doc, next, touched, activeId)
      return { ...value, ...next, panel: panelOf(state.doc, next), decorations, activeId, stale: without(value.stale, touched), dirty: meta.reset ? EMPTY : value.dirty }
    }
    case 'resolved': {
      const places = new Map(value.places)
      for (const id of meta.ids) {
        const thread = value.threads.get(id)
        if (thread) places.set(id, placeIn(state, thread))
      }
      const next = { threads: value.threads, places }
      return { ...value, places, panel: panelOf(state.doc, next), decorations: redecorate(value.decorations, state.doc, next, meta.ids, value.activeId), stale: without(value.stale, meta.ids) }
    }
    case 'reanchored':
      return { ...value, dirty: without(value.dirty, meta.ids) }
  }
}

function applyEdit(tr: Transaction, value: CommentsState, old: EditorState, author: boolean): CommentsState {
  if (value.threads.size === 0) return { ...value, decorations: value.decorations.map(tr.mapping, tr.doc) }
  if (isFromYjs(tr)) {
    const diff = diffMapping(old.doc, tr.doc)
    if (!diff) return value
    const { places, collapsed } = mapPlaces(value.places, diff.mapping)
    const around = touching(places, diff.from, diff.to, 0)
    // A thread placed before its text reached this editor (one Yjs transaction brought both, and the threads were
    // heard first) found nothing to sit on: it is tried again now that the text is here.
    const unplaced = [...places].filter(([id, where]) => where.detached && value.threads.get(id)?.carried?.state !== 'removed').map(([id]) => id)
    return { ...value, places, decorations: value.decorations.map(diff.mapping, tr.doc), stale: union(value.stale, [...around, ...collapsed, ...unplaced]) }
  }
  const { places, collapsed } = mapPlaces(value.places, tr.mapping, tr.doc)
  // The edited stretches, in the new document; anchors near them hold stale context.
  const near = new Set<string>()
  tr.mapping.maps.forEach((map, i) => {
    const rest = tr.mapping.slice(i + 1)
    map.forEach((_oldStart, _oldEnd, newStart, newEnd) => {
      for (const id of touching(places, rest.map(newStart, -1), rest.map(newEnd, 1), CONTEXT_CHARS)) near.add(id)
    })
  })
  // A suggestion whose passage this edit touched may have gone stale: draw it again.
  const suggestions = [...near].filter((id) => value.threads.get(id)?.suggestion)
  const mapped = value.decorations.map(tr.mapping, tr.doc)
  return {
    ...value,
    places,
    panel: panelAfterEdit(tr.doc, value, places, near),
    decorations: suggestions.length > 0 ? redecorate(mapped, tr.doc, { threads: value.threads, places }, suggestions, value.activeId) : mapped,
    stale: union(value.stale, collapsed),
    dirty: author ? union(value.dirty, near) : value.dirty,
  }
}

/** Runs `work` on items in slices of at most SLICE_MS, each in its own idle callback. */
function inSlices<T>(items: readonly T[], work: (batch: T[]) => void, done: () => void): () => void {
  let cancelled = false
  let at = 0
  const step = () => {
    if (cancelled) return
    const start = performance.now()
    const batch: T[] = []
    while (at < items.length && (batch.length === 0 || performance.now() - start < SLICE_MS)) batch.push(items[at++]!)
    work(batch)
    if (at < items.length) schedule(step)
    else done()
  }
  schedule(step)
  return () => {
    cancelled = true
  }
}

function schedule(step: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => step(), { timeout: 200 })
  else setTimeout(step, 0)
}

export function commentsBinding(options: CommentsBindingOptions): Plugin<CommentsState> {
  const author = Boolean(options.reanchor)
  return new Plugin<CommentsState>({
    key: commentsKey,
    state: {
      init: () => ({ threads: new Map(), places: new Map(), panel: [], activeId: null, decorations: DecorationSet.empty, stale: EMPTY, dirty: EMPTY }),
      apply(tr, value, old, state) {
        const meta = tr.getMeta(commentsKey) as CommentsMeta | undefined
        let next = tr.docChanged ? applyEdit(tr, value, old, author) : value
        if (meta) next = applyMeta(meta, next, state)
        return next
      },
    },
    view(view) {
      let unsubscribe = () => {}
      const attach = () => {
        unsubscribe()
        const index = options.source.current()
        dispatchMeta(view, { type: 'threads', changed: index ? [...index.all()] : [], removed: [], reset: true })
        unsubscribe = index
          ? index.subscribe(({ changed, removed }) => {
              const threads = [...changed].flatMap((id) => index.get(id) ?? [])
              dispatchMeta(view, { type: 'threads', changed: threads, removed: [...removed] })
            })
          : () => {}
      }
      const stopReplace = options.source.onReplace(attach)
      attach()

      let cancelResolve: (() => void) | null = null
      let reanchorTimer: ReturnType<typeof setTimeout> | undefined
      let cancelReanchor: (() => void) | null = null
      return {
        update(updated, previous) {
          const value = commentsKey.getState(updated.state)!
          if (value.stale.size > 0 && !cancelResolve) {
            cancelResolve = inSlices(
              [...value.stale],
              (ids) => dispatchMeta(updated, { type: 'resolved', ids }),
              () => (cancelResolve = null),
            )
          }
          if (options.reanchor && value.dirty.size > 0 && updated.state.doc !== previous.doc) {
            // Wait for a pause in typing, then re-anchor in slices.
            clearTimeout(reanchorTimer)
            cancelReanchor?.()
            reanchorTimer = setTimeout(() => {
              const ids = [...(commentsKey.getState(updated.state)?.dirty ?? [])]
              cancelReanchor = inSlices(ids, (batch) => reanchorBatch(updated, batch, options.reanchor!), () => (cancelReanchor = null))
            }, REANCHOR_PAUSE_MS)
          }
        },
        destroy() {
          stopReplace()
          unsubscribe()
          cancelResolve?.()
          cancelReanchor?.()
          clearTimeout(reanchorTimer)
        },
      }
    },
    props: {
      decorations: (state) => commentsKey.getState(state)?.decorations,
      handleClick(view, pos) {
        const found = commentsKey.getState(view.state)?.decorations.find(pos, pos)
        const threadId = found?.[found.length - 1]?.spec.threadId as string | undefined
        if (threadId) options.onActivate(threadId)
        return false
      },
    },
  })
}

function dispatchMeta(view: EditorView, meta: CommentsMeta): void {
  if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(commentsKey, meta).setMeta('addToHistory', false))
}

/** Fresh anchors for dirty threads from their mapped ranges, written when they differ from the current ones. */
function reanchorBatch(view: EditorView, ids: string[], write: NonNullable<CommentsBindingOptions['reanchor']>): void {
  if (view.isDestroyed) return
  const state = view.state
  const value = commentsKey.getState(state)
  const sync = ySyncPluginKey.getState(state) as SyncBinding | undefined
  if (!value || !sync?.binding) return
  const fresh: Array<{ id: string; anchor: Anchor }> = []
  for (const id of ids) {
    const where = value.places.get(id)
    const thread = value.threads.get(id)
    // A thread waiting to be resolved again may sit on text written since: never anchor it there.
    if (!thread || !where || where.detached || where.from >= where.to || value.stale.has(id)) continue
    try {
      const anchor = createAnchor(sync.type, sync.binding.mapping, where.from, where.to, state.doc)
      if (!sameAnchor(anchor, thread.anchor)) fresh.push({ id, anchor })
    } catch {
      // The range holds no anchorable text any more: leave the anchor as it is.
    }
  }
  if (fresh.length > 0) write(fresh)
  // Threads still waiting to be resolved stay dirty for the next pass.
  dispatchMeta(view, { type: 'reanchored', ids: ids.filter((id) => !value.stale.has(id)) })
}

/**
 * Where a thread sits as this editor shows it: its range mapped through every
 * edit since (the panel's and highlights' truth), or its anchor resolved when
 * the binding does not hold it or is still resolving it again.
 */
export function placedNow(state: EditorState, thread: Thread): ResolvedAnchor {
  const value = commentsKey.getState(state)
  const placed = value?.places.get(thread.id)
  return placed && !value!.stale.has(thread.id) ? placed : placeIn(state, thread)
}

const NO_THREADS: readonly PanelThread[] = []

/** The thread the user is looking at, if any. */
export function activeThread(state: EditorState | null): string | null {
  return (state && commentsKey.getState(state)?.activeId) ?? null
}

/** The threads in reading order, for the panel. */
export function panelThreads(state: EditorState | null): readonly PanelThread[] {
  return (state && commentsKey.getState(state)?.panel) || NO_THREADS
}
