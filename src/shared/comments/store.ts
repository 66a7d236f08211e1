/**
 * Writing comments: every mutation goes into the acting member's own root.
 *
 *   m:<member id>  (Y.Map)
 *     threads      Y.Map  local id → Y.Map { anchor, body, createdAt, editedAt?, deleted? }
 *     replies      Y.Map  local id → Y.Map { thread, body, createdAt, editedAt?, deleted? }
 *     resolutions  Y.Map  thread id → { resolved, at }     (a thread's author's, and the book author's)
 *     anchors      Y.Map  thread id → Anchor               (the book author's re-placed passages)
 *
 * `thread` and the keys of resolutions and anchors are chapter-wide ids
 * (`<author id>/<local id>`), so a member can name a thread but never write
 * into it. Comment mutations are deliberately not part of the text's undo
 * history: they live in other roots than the text.
 */
import * as Y from 'yjs'
import { isAnchor, type Anchor } from '../anchors'
import { isId } from '../ids'
import { memberRoot } from '../trust/updateRules'
import { globalId, normalizeBody, OK, refuse, splitId, type CommentResult, type CommentsContext, type Person } from './model'
import { readThread } from './read'

export type RootPart = 'threads' | 'replies' | 'resolutions' | 'anchors'

/** A member's root, or null while it has none. */
export function rootOf(doc: Y.Doc, memberId: string): Y.Map<unknown> | null {
  const name = memberRoot(memberId)
  return doc.share.has(name) ? doc.getMap<unknown>(name) : null
}

/** One part of a member's root, if it exists and is a map. */
export function partOf(doc: Y.Doc, memberId: string, part: RootPart): Y.Map<unknown> | null {
  const value = rootOf(doc, memberId)?.get(part)
  return value instanceof Y.Map ? (value as Y.Map<unknown>) : null
}

/** My own part, created on first use (inside the caller's transaction). */
function ownPart(doc: Y.Doc, me: Person, part: RootPart): Y.Map<unknown> {
  const existing = partOf(doc, me.id, part)
  if (existing) return existing
  const created = new Y.Map<unknown>()
  doc.getMap<unknown>(memberRoot(me.id)).set(part, created)
  return created
}

const isPerson = (value: Person): boolean =>
  typeof value === 'object' && value !== null && typeof value.id === 'string' && value.id.length > 0 && value.id.length <= 256 && !value.id.includes('/')

/** A new thread on `anchor`, written by `me`; `id` is its local id. */
export function addThread(doc: Y.Doc, me: Person, input: { id: string; anchor: Anchor; body: string; now: number }): CommentResult {
  const body = normalizeBody(input.body)
  if (!isId(input.id)) return refuse('invalid-id')
  if (!isPerson(me)) return refuse('invalid-author')
  if (!isAnchor(input.anchor)) return refuse('invalid-anchor')
  if (body === null) return refuse('invalid-body')
  if (partOf(doc, me.id, 'threads')?.has(input.id)) return refuse('duplicate-id')
  doc.transact(() => {
    ownPart(doc, me, 'threads').set(input.id, new Y.Map<unknown>([
      ['anchor', input.anchor],
      ['body', body],
      ['createdAt', input.now],
    ]))
  })
  return OK
}

/** Appends `me`'s reply to a visible thread. */
export function reply(doc: Y.Doc, me: Person, threadId: string, input: { id: string; body: string; now: number }, context: CommentsContext): CommentResult {
  const body = normalizeBody(input.body)
  if (!isId(input.id)) return refuse('invalid-id')
  if (!isPerson(me)) return refuse('invalid-author')
  if (body === null) return refuse('invalid-body')
  if (!readThread(doc, threadId, context)) return refuse('not-found')
  if (partOf(doc, me.id, 'replies')?.has(input.id)) return refuse('duplicate-id')
  doc.transact(() => {
    ownPart(doc, me, 'replies').set(input.id, new Y.Map<unknown>([
      ['thread', threadId],
      ['body', body],
      ['createdAt', input.now],
    ]))
  })
  return OK
}

/** `me`'s own message (a thread's first message or a reply) by its chapter-wide id. */
function ownMessage(doc: Y.Doc, me: Person, messageId: string): Y.Map<unknown> | CommentResult {
  const parts = splitId(messageId)
  if (!parts) return refuse('not-found')
  if (parts.authorId !== me.id) return refuse('not-author')
  for (const part of ['threads', 'replies'] as const) {
    const value = partOf(doc, me.id, part)?.get(parts.localId)
    if (value instanceof Y.Map) return value as Y.Map<unknown>
  }
  return refuse('not-found')
}

/** Replaces the body of one of `me`'s messages, unless deleted. */
export function editMessage(doc: Y.Doc, me: Person, messageId: string, body: string, now: number): CommentResult {
  const trimmed = normalizeBody(body)
  if (trimmed === null) return refuse('invalid-body')
  const message = ownMessage(doc, me, messageId)
  if (!(message instanceof Y.Map)) return message
  if (message.get('deleted') === true) return refuse('deleted')
  doc.transact(() => {
    message.set('body', trimmed)
    message.set('editedAt', now)
  })
  return OK
}

/**
 * Deletes one of `me`'s messages, softly: the body is cleared and a
 * placeholder stays, so replies keep their context. The caller keeps the
 * body (returned here) to offer Undo. A thread whose messages are all deleted
 * is no longer shown.
 */
export function deleteMessage(doc: Y.Doc, me: Person, messageId: string, now: number): CommentResult & { body?: string } {
  const message = ownMessage(doc, me, messageId)
  if (!(message instanceof Y.Map)) return message
  if (message.get('deleted') === true) return refuse('deleted')
  const body = message.get('body')
  doc.transact(() => {
    message.set('deleted', true)
    message.set('body', '')
    message.set('editedAt', now)
  })
  return { ok: true, body: typeof body === 'string' ? body : '' }
}

/** Undoes deleteMessage with the body it returned. */
export function restoreMessage(doc: Y.Doc, me: Person, messageId: string, body: string, now: number): CommentResult {
  const trimmed = normalizeBody(body)
  if (trimmed === null) return refuse('invalid-body')
  const message = ownMessage(doc, me, messageId)
  if (!(message instanceof Y.Map)) return message
  if (message.get('deleted') !== true) return refuse('not-deleted')
  doc.transact(() => {
    message.set('deleted', false)
    message.set('body', trimmed)
    message.set('editedAt', now)
  })
  return OK
}

/**
 * Resolves or reopens a thread. Its author may, and so may the book's author;
 * each records the decision in their own root and the latest one counts.
 */
export function setResolved(doc: Y.Doc, me: Person, threadId: string, resolved: boolean, now: number, context: CommentsContext): CommentResult {
  if (!isPerson(me)) return refuse('invalid-author')
  const thread = readThread(doc, threadId, context)
  if (!thread) return refuse('not-found')
  if (thread.authorId !== me.id && context.bookAuthorId !== me.id) return refuse('not-allowed')
  if (thread.resolved === resolved) return OK
  doc.transact(() => ownPart(doc, me, 'resolutions').set(threadId, { resolved, at: now }))
  return OK
}

/**
 * The book author's re-placed passages: `refresh` returns a new anchor for a
 * thread, or null to keep its current one. Returns how many changed.
 */
export function reanchorThreads(doc: Y.Doc, me: Person, threads: ReadonlyArray<{ id: string; anchor: Anchor }>, refresh: (anchor: Anchor) => Anchor | null): number {
  return setAnchors(
    doc,
    me,
    threads.flatMap((thread) => {
      const anchor = refresh(thread.anchor)
      return anchor ? [{ id: thread.id, anchor }] : []
    }),
  )
}

/** Writes re-placed anchors into `me`'s root (only the book author's are read). Returns how many. */
export function setAnchors(doc: Y.Doc, me: Person, anchors: ReadonlyArray<{ id: string; anchor: Anchor }>): number {
  const valid = anchors.filter(({ anchor }) => isAnchor(anchor))
  if (valid.length === 0) return 0
  doc.transact(() => {
    const part = ownPart(doc, me, 'anchors')
    for (const { id, anchor } of valid) part.set(id, anchor)
  })
  return valid.length
}

export { globalId }
