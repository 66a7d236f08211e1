/**
 * Comment threads for the open chapter: read live from the document that
 * carries them (the author's replica, or the reviewer's copy), placed against
 * the editor's text, and written through the comments model.
 */
import type { EditorState } from 'prosemirror-state'
import { TextSelection } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { ySyncPluginKey } from 'y-prosemirror'
import type * as Y from 'yjs'
import { anchorableRange, createAnchor, refreshAnchor, type Anchor, type ProsemirrorMapping } from '../../shared/anchors'
import {
  addThread,
  deleteMessage,
  editMessage,
  observeThreads,
  readThreads,
  reanchorThreads,
  reply,
  setResolved,
  threadsInOrder,
  type CommentResult,
  type Person,
  type Thread,
} from '../../shared/comments'
import { randomId } from '../ui/ids'
import type { CommentActions, PlacedThreadView } from './CommentsPanel'
import { commentsKey, resolveIn } from './commentsPlugin'

const REFUSALS: Record<string, string> = {
  'not-author': 'Only the person who wrote a comment can change it.',
  'not-found': 'That comment is gone; someone may have deleted it.',
  'invalid-body': 'A comment needs some text (10,000 characters at most).',
  deleted: 'That comment was deleted.',
}

const REANCHOR_DELAY_MS = 300
const PLACE_DELAY_MS = 150

export interface Comments {
  placed: PlacedThreadView[]
  activeId: string | null
  draftQuote: string | null
  /** True when the selection holds text that can carry a comment. */
  canComment: boolean
  startComment: () => void
  /** Marks a thread active without moving the caret (a click on its highlight). */
  focusThread: (threadId: string) => void
  actions: CommentActions
}

export function useComments(
  threadsDoc: Y.Doc | null,
  view: EditorView | null,
  state: EditorState | null,
  me: Person,
  onError: (message: string) => void,
  /** The author's editor re-anchors after its own edits (see below); reviewers never change the text. */
  reanchor: boolean,
): Comments {
  const [threads, setThreads] = useState<Thread[]>([])
  const [activeId, setActiveId] = useState<string | null>(null)
  const [draft, setDraft] = useState<Anchor | null>(null)

  useEffect(() => {
    if (!threadsDoc) {
      setThreads([])
      return
    }
    setThreads(readThreads(threadsDoc))
    return observeThreads(threadsDoc, setThreads)
  }, [threadsDoc])

  // Hand threads and the active one to the highlight plugin.
  useEffect(() => {
    if (view && !view.isDestroyed) view.dispatch(view.state.tr.setMeta(commentsKey, { threads, activeId }))
  }, [view, threads, activeId])

  const doc = state?.doc

  // y-prosemirror re-creates the text of a paragraph that is split or joined,
  // so comments on it are then found by quote. Writing fresh positions right
  // after the author's edit keeps them attached through the next edits too.
  // (Splits and joins also refresh right before they happen: see refreshThreads.)
  useEffect(() => {
    if (!reanchor || !threadsDoc || !view || !doc) return
    const timer = setTimeout(() => view.isDestroyed || refreshThreads(threadsDoc, view.state), REANCHOR_DELAY_MS)
    return () => clearTimeout(timer)
  }, [reanchor, threadsDoc, view, doc])

  // Thread order follows the text. Resolving every anchor costs milliseconds
  // per hundred threads, so while the author types the order is refreshed
  // after a pause; new or changed threads are placed at once.
  const [placed, setPlaced] = useState<PlacedThreadView[]>([])
  const stateRef = useRef(state)
  stateRef.current = state
  const placeNow = useCallback(() => {
    const current = stateRef.current
    setPlaced(current ? threadsInOrder(threads, (anchor) => resolveIn(current, anchor)) : [])
  }, [threads])
  useEffect(() => placeNow(), [placeNow])
  useEffect(() => {
    const timer = setTimeout(placeNow, PLACE_DELAY_MS)
    return () => clearTimeout(timer)
  }, [doc, placeNow])

  const selection = state?.selection
  const canComment = Boolean(threadsDoc && state && selection && !selection.empty && anchorableRange(state.doc, selection.from, selection.to))

  // Read through a ref so that callbacks (and the memoized panel) stay the same object while the author types.
  const latest = useRef({ me, onError })
  latest.current = { me, onError }
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

  const actions: CommentActions = useMemo(
    () => ({
      post: (body) => {
        if (!threadsDoc || !draft) return
        const id = randomId()
        if (check(addThread(threadsDoc, { id, anchor: draft, author: latest.current.me, body, now: Date.now() }))) {
          setDraft(null)
          setActiveId(id)
        }
      },
      cancelDraft: () => setDraft(null),
      reply: (threadId, body) => {
        if (threadsDoc) check(reply(threadsDoc, threadId, { id: randomId(), author: latest.current.me, body, now: Date.now() }))
      },
      edit: (threadId, messageId, body) => {
        if (threadsDoc) check(editMessage(threadsDoc, threadId, messageId, latest.current.me.id, body, Date.now()))
      },
      remove: (threadId, messageId) => {
        if (threadsDoc) check(deleteMessage(threadsDoc, threadId, messageId, latest.current.me.id, Date.now()))
      },
      setResolved: (threadId, resolved) => {
        if (threadsDoc) check(setResolved(threadsDoc, threadId, resolved, latest.current.me, Date.now()))
      },
      activate: (threadId) => {
        setActiveId(threadId)
        const thread = threads.find((t) => t.id === threadId)
        if (!view || !thread) return
        const place = resolveIn(view.state, thread.anchor)
        if (place.detached) return
        view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, place.from, place.to)).scrollIntoView())
      },
    }),
    [threadsDoc, draft, check, threads, view],
  )

  return { placed, activeId, draftQuote: draft?.quote ?? null, canComment, startComment, focusThread: setActiveId, actions }
}

/**
 * Rewrites the anchors whose passage moved or whose surroundings changed,
 * against the given editor state (its document and the binding's mapping).
 */
export function refreshThreads(threadsDoc: Y.Doc, state: EditorState): void {
  const sync = ySyncPluginKey.getState(state) as { type: Y.XmlFragment; binding: { mapping: ProsemirrorMapping } } | undefined
  if (!sync?.binding) return
  reanchorThreads(threadsDoc, (anchor) => refreshAnchor(anchor, sync.type, sync.binding.mapping, state.doc))
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
