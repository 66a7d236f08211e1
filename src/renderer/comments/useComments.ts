/**
 * Comments for the open chapter: the thread index over the document that
 * carries them (the author's replica, or the reviewer's copy), the source the
 * editor's comments binding reads, the draft being written, and the actions
 * the panel offers. Every write goes into the user's own root (see
 * src/shared/comments/store.ts); what the panel shows comes back through the
 * binding's state.
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
  deleteMessage,
  editMessage,
  reply,
  restoreMessage,
  setAnchors,
  setResolved,
  ThreadIndex,
  type CommentResult,
  type CommentsContext,
  type Person,
  type Thread,
} from '../../shared/comments'
import { randomId } from '../ui/ids'
import { commentsKey, resolveIn, type ThreadSource } from './binding'
import type { CommentActions } from './CommentsPanel'

const REFUSALS: Record<string, string> = {
  'not-author': 'Only the person who wrote a comment can change it.',
  'not-allowed': 'Only the person who started a thread, or the book’s author, can resolve it.',
  'not-found': 'That comment is gone; someone may have deleted it.',
  'invalid-body': 'A comment needs some text (10,000 characters at most).',
  deleted: 'That comment was deleted.',
}

/** A message the user deleted, with what it said, so it can be put back. */
export interface DeletedComment {
  threadId: string
  messageId: string
  body: string
  quote: string
}

export interface Comments {
  draftQuote: string | null
  /** True when the selection holds text that can carry a comment. */
  canComment: boolean
  startComment: () => void
  /** Marks a thread active without moving the caret (a click on its highlight, the caret entering it). */
  focusThread: (threadId: string) => void
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
  onError: (message: string) => void
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
  const [draft, setDraft] = useState<Anchor | null>(null)
  const latest = useRef(options)
  latest.current = options

  // One index per document; the context (names, the book's author) is handed on as it changes.
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

  const check = useCallback((result: CommentResult) => {
    if (!result.ok) latest.current.onError(REFUSALS[result.error] ?? 'That comment could not be saved.')
    return result.ok
  }, [])

  const startComment = useCallback(() => {
    if (!view || !threadsDoc) return
    const { from, to } = view.state.selection
    const sync = ySyncPluginKey.getState(view.state) as { type: Y.XmlFragment; binding: { mapping: ProsemirrorMapping } }
    if (!anchorableRange(view.state.doc, from, to)) return
    setDraft(createAnchor(sync.type, sync.binding.mapping, from, to, view.state.doc))
  }, [view, threadsDoc])

  const actions: CommentActions = useMemo(() => {
    const me = () => latest.current.me
    const doc = () => latest.current.threadsDoc
    const activate = (threadId: string | null) => view && !view.isDestroyed && view.dispatch(view.state.tr.setMeta(commentsKey, { type: 'activate', id: threadId }))
    return {
      post: (body) => {
        const target = doc()
        if (!target || !draft) return
        const id = randomId()
        if (check(addThread(target, me(), { id, anchor: draft, body, now: Date.now() }))) {
          setDraft(null)
          activate(`${me().id}/${id}`)
        }
      },
      cancelDraft: () => setDraft(null),
      reply: (threadId, body) => {
        const target = doc()
        if (target) check(reply(target, me(), threadId, { id: randomId(), body, now: Date.now() }, latest.current.context))
      },
      edit: (_threadId, messageId, body) => {
        const target = doc()
        if (target) check(editMessage(target, me(), messageId, body, Date.now()))
      },
      remove: (threadId, messageId) => {
        const target = doc()
        if (!target) return
        const quote = index?.get(threadId)?.quote ?? ''
        const result = deleteMessage(target, me(), messageId, Date.now())
        if (!check(result) || !('body' in result) || result.body === undefined) return
        const body = result.body
        latest.current.onDeleted({ threadId, messageId, body, quote }, () => check(restoreMessage(target, me(), messageId, body, Date.now())))
      },
      setResolved: (threadId, resolved) => {
        const target = doc()
        if (target) check(setResolved(target, me(), threadId, resolved, Date.now(), latest.current.context))
      },
      activate: (threadId) => {
        activate(threadId)
        const thread = index?.get(threadId)
        if (!view || view.isDestroyed || !thread) return
        const place = resolveIn(view.state, thread.anchor)
        if (place.detached) return
        view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, place.from, place.to)).scrollIntoView())
      },
    }
  }, [draft, check, index, view])

  const focusThread = useCallback(
    (threadId: string) => view && !view.isDestroyed && view.dispatch(view.state.tr.setMeta(commentsKey, { type: 'activate', id: threadId })),
    [view],
  )

  return { draftQuote: draft?.quote ?? null, canComment, startComment, focusThread, actions }
}

/** The author's editor writes re-placed anchors into the author's own root. */
export function anchorWriter(threadsDoc: () => Y.Doc | null, me: () => Person) {
  return (anchors: ReadonlyArray<{ id: string; anchor: Anchor }>) => {
    const doc = threadsDoc()
    if (doc) setAnchors(doc, me(), anchors)
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
