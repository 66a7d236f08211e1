/**
 * Comments for the open chapter: the thread index over the document that
 * carries them (the author's replica, or the reviewer's copy), the source the
 * editor's comments binding reads, the draft being written, and the actions
 * the panel offers. Every write goes into the user's own root (see
 * src/shared/comments/store.ts); what the panel shows comes back through the
 * binding's state. In a blind review, `round` says how to seal.
 */
import type { EditorState } from 'prosemirror-state'
import { TextSelection } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { ySyncPluginKey } from 'y-prosemirror'
import type * as Y from 'yjs'
import { anchorableRange, createAnchor, type Anchor, type ProsemirrorMapping } from '../../shared/anchors'
import {
  addThread,
  decideSuggestion,
  deleteMessage,
  editMessage,
  reply,
  restoreMessage,
  setAddressed,
  setAnchors,
  setResolved,
  ThreadIndex,
  type CommentResult,
  type CommentsContext,
  type Person,
  type Privacy,
  type Sealing,
  type Thread,
} from '../../shared/comments'
import type { ReviewMode } from '../../shared/review/mode'
import { privacyAbout, privacyForOwn } from '../../shared/review/privacy'
import { randomId } from '../ui/ids'
import { applySuggestion } from './acceptSuggestion'
import { commentsKey, placeIn, type ThreadSource } from './binding'
import type { CommentActions } from './CommentsPanel'

const REFUSALS: Record<string, string> = {
  'not-author': 'Only the person who wrote a comment can change it.',
  'not-allowed': 'Only the person who started a thread, or the book’s author, can do that.',
  'not-found': 'That comment is gone; someone may have deleted it.',
  'invalid-body': 'A comment needs some text (10,000 characters at most), and a suggestion must change the passage.',
  'cannot-seal': 'This is a blind review, and Quire could not seal your words for the author yet. Wait until you have been online with the author once, then try again.',
  decided: 'The author already decided on that suggestion.',
  deleted: 'That comment was deleted.',
}

/** A message the user deleted, with what it said, so it can be put back. */
export interface DeletedComment {
  threadId: string
  messageId: string
  body: string
  quote: string
}

/** How the chapter is being reviewed, for writing comments in it. */
export interface RoundForComments {
  mode: ReviewMode
  /** The draft reviewers are reading now. */
  draft: number
  sealing: Sealing | null
}

/** What the user is writing: a comment, or a suggested edit of the passage. */
export interface CommentDraft {
  kind: 'comment' | 'suggestion'
  quote: string
}

export interface Comments {
  draft: CommentDraft | null
  /** True when the selection holds text that can carry a comment. */
  canComment: boolean
  /** True when the selection is text within one paragraph, which a suggested edit can replace. */
  canSuggest: boolean
  startComment: () => void
  startSuggestion: () => void
  /** Marks a thread active without moving the caret (a click on its highlight, the caret entering it). */
  focusThread: (threadId: string) => void
  /** Who may read what is written about a thread (its anchor, say): sealed like the thread; false while it cannot be sealed. */
  privacyOf: (threadId: string) => Privacy | false
  actions: CommentActions
}

export interface CommentsOptions {
  /** Where the editor's comments binding reads threads; this hook puts the chapter's index there. */
  source: SwappableSource
  threadsDoc: Y.Doc | null
  view: EditorView | null
  state: EditorState | null
  me: Person
  context: CommentsContext
  round: RoundForComments | null
  onError: (message: string) => void
  /** Plain notices (a suggestion applied). */
  onNotice: (message: string) => void
  /** After a deletion: the app confirms beforehand when the thread would disappear, and offers Undo after. */
  onDeleted: (deleted: DeletedComment, undo: () => void) => void
}

/** A ThreadSource whose index can be swapped while the binding listens. */
export class SwappableSource implements ThreadSource {
  private index: ThreadIndex | null = null
  private readonly listeners = new Set<() => void>()
  current(): ThreadIndex | null {
    return this.index
  }
  onReplace(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
  replace(index: ThreadIndex | null): void {
    this.index = index
    for (const listener of this.listeners) listener()
  }
}

export function useComments(options: CommentsOptions): Comments {
  const { source, threadsDoc, view, state, context } = options
  const [draft, setDraft] = useState<{ anchor: Anchor; kind: CommentDraft['kind'] } | null>(null)
  const latest = useRef(options)
  latest.current = options

  // One index per document; the context (names, the book's author, keys) is handed on as it changes.
  const [index, setIndex] = useState<ThreadIndex | null>(null)
  useEffect(() => {
    const created = threadsDoc ? new ThreadIndex(threadsDoc, latest.current.context) : null
    setIndex(created)
    source.replace(created)
    return () => {
      source.replace(null)
      created?.destroy()
    }
  }, [threadsDoc, source])
  useEffect(() => index?.setContext(context), [index, context])

  const selection = state?.selection
  const canComment = Boolean(threadsDoc && state && selection && !selection.empty && anchorableRange(state.doc, selection.from, selection.to))
  const canSuggest = canComment && Boolean(state && selection && state.doc.resolve(selection.from).sameParent(state.doc.resolve(selection.to)))

  const check = useCallback((result: CommentResult) => {
    if (!result.ok) latest.current.onError(REFUSALS[result.error] ?? 'That comment could not be saved.')
    return result.ok
  }, [])

  const start = useCallback(
    (kind: CommentDraft['kind']) => {
      if (!view || !threadsDoc) return
      const { from, to } = view.state.selection
      const sync = ySyncPluginKey.getState(view.state) as { type: Y.XmlFragment; binding: { mapping: ProsemirrorMapping } }
      if (!anchorableRange(view.state.doc, from, to)) return
      setDraft({ kind, anchor: createAnchor(sync.type, sync.binding.mapping, from, to, view.state.doc) })
    },
    [view, threadsDoc],
  )

  /** Sealing decisions for what the user writes now. */
  const privacy = useMemo(() => {
    const unavailable = (value: Privacy | 'unavailable'): Privacy | false => (value === 'unavailable' ? false : value)
    return {
      own: (): Privacy | false => {
        const { round, me } = latest.current
        return round ? unavailable(privacyForOwn(round.mode, me.id, latest.current.context.bookAuthorId, round.sealing)) : null
      },
      about: (thread: Thread): Privacy | false => {
        const { round, me } = latest.current
        return unavailable(privacyAbout(thread, me.id, round?.mode ?? 'round-table', latest.current.context.bookAuthorId, round?.sealing ?? null))
      },
    }
  }, [])

  const actions: CommentActions = useMemo(() => {
    const me = () => latest.current.me
    const doc = () => latest.current.threadsDoc
    const sealing = () => latest.current.round?.sealing ?? undefined
    const activate = (threadId: string | null) => view && !view.isDestroyed && view.dispatch(view.state.tr.setMeta(commentsKey, { type: 'activate', id: threadId }))
    const refuse = (message: string) => latest.current.onError(message)
    return {
      post: (body, suggestion) => {
        const target = doc()
        if (!target || !draft) return
        const own = privacy.own()
        if (own === false) return void check({ ok: false, error: 'cannot-seal' })
        const id = randomId()
        const round = latest.current.round
        const input = { id, anchor: draft.anchor, body, now: Date.now(), ...(suggestion !== undefined ? { suggestion } : {}), ...(round && round.draft > 1 ? { draft: round.draft } : {}) }
        if (check(addThread(target, me(), input, own))) {
          setDraft(null)
          activate(`${me().id}/${id}`)
        }
      },
      cancelDraft: () => setDraft(null),
      reply: (threadId, body) => {
        const target = doc()
        const thread = index?.get(threadId)
        if (!target || !thread) return
        const about = privacy.about(thread)
        if (about === false) return void check({ ok: false, error: 'cannot-seal' })
        check(reply(target, me(), threadId, { id: randomId(), body, now: Date.now() }, latest.current.context, about))
      },
      edit: (_threadId, messageId, body) => {
        const target = doc()
        if (target) check(editMessage(target, me(), messageId, body, Date.now(), sealing()))
      },
      remove: (threadId, messageId) => {
        const target = doc()
        if (!target) return
        const quote = index?.get(threadId)?.quote ?? ''
        const result = deleteMessage(target, me(), messageId, Date.now(), sealing())
        if (!check(result) || !('body' in result) || result.body === undefined) return
        const body = result.body
        latest.current.onDeleted({ threadId, messageId, body, quote }, () => check(restoreMessage(target, me(), messageId, body, Date.now(), sealing())))
      },
      setResolved: (threadId, resolved) => {
        const target = doc()
        if (target) check(setResolved(target, me(), threadId, resolved, Date.now(), latest.current.context))
      },
      decide: (threadId, accepted) => {
        const target = doc()
        const thread = index?.get(threadId)
        if (!target || !thread?.suggestion) return
        if (accepted) {
          if (!view || view.isDestroyed) return refuse('Open the chapter in the editor to accept a suggestion.')
          const outcome = applySuggestion(view, thread)
          if (outcome === 'stale') return refuse('The passage changed since this suggestion was made, so it was not applied. Edit the text yourself, or reject the suggestion.')
          latest.current.onNotice(`Applied ${thread.authorName}’s suggestion. Undo (Ctrl+Z) takes it back.`)
        }
        const now = Date.now()
        if (check(decideSuggestion(target, me(), threadId, accepted, now, latest.current.context))) {
          setResolved(target, me(), threadId, true, now, latest.current.context)
        }
      },
      setAddressed: (threadId, addressed) => {
        const target = doc()
        if (target) check(setAddressed(target, me(), threadId, addressed, Date.now(), latest.current.context))
      },
      activate: (threadId) => {
        activate(threadId)
        const thread = index?.get(threadId)
        if (!view || view.isDestroyed || !thread) return
        const place = placeIn(view.state, thread)
        if (place.detached) return
        view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, place.from, place.to)).scrollIntoView())
      },
    }
  }, [draft, check, index, view, privacy])

  const focusThread = useCallback(
    (threadId: string) => view && !view.isDestroyed && view.dispatch(view.state.tr.setMeta(commentsKey, { type: 'activate', id: threadId })),
    [view],
  )
  const privacyOf = useCallback(
    (threadId: string): Privacy | false => {
      const thread = index?.get(threadId)
      return thread ? privacy.about(thread) : false
    },
    [index, privacy],
  )

  return {
    draft: draft ? { kind: draft.kind, quote: draft.anchor.quote } : null,
    canComment,
    canSuggest,
    startComment: useCallback(() => start('comment'), [start]),
    startSuggestion: useCallback(() => start('suggestion'), [start]),
    focusThread,
    privacyOf,
    actions,
  }
}

/**
 * The author's editor writes re-placed anchors into the author's own root;
 * an anchor of a sealed thread is sealed like it (or not written at all
 * while it cannot be).
 */
export function anchorWriter(threadsDoc: () => Y.Doc | null, me: () => Person, privacyOf: () => (threadId: string) => Privacy | false = () => () => null) {
  return (anchors: ReadonlyArray<{ id: string; anchor: Anchor }>) => {
    const doc = threadsDoc()
    if (!doc) return
    const privacy = privacyOf()
    const writable = anchors.filter(({ id }) => privacy(id) !== false)
    setAnchors(doc, me(), writable, (id) => privacy(id) || null)
  }
}

/** Comments written by each person across some threads, for the Network view. */
export function countByAuthor(threads: readonly Thread[], into = new Map<string, number>()): Map<string, number> {
  for (const thread of threads) {
    for (const message of thread.messages) {
      if (!message.deleted) into.set(message.authorId, (into.get(message.authorId) ?? 0) + 1)
    }
  }
  return into
}

/** Whether deleting `messageId` would leave `thread` with nothing to show, so the thread disappears. */
export function removesThread(thread: Thread, messageId: string): boolean {
  return thread.messages.every((m) => m.deleted || m.id === messageId)
}
