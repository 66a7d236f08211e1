/**
 * Writing comments: every mutation goes into the acting member's own root.
 *
 *   m:<member id>  (Y.Map)
 *     threads      Y.Map  local id → Y.Map { anchor, body, suggestion?, draft?, createdAt, editedAt?, deleted? }
 *     replies      Y.Map  local id → Y.Map { thread, body, createdAt, editedAt?, deleted? }
 *     resolutions  Y.Map  thread id → { resolved, at }     (a thread's author's, and the book author's)
 *     anchors      Y.Map  thread id → Anchor               (the book author's re-placed passages)
 *
 * In a blind review a reviewer's entries keep only their ids, times, draft
 * and (for replies) the thread they answer in the clear; everything a reader
 * could learn from (anchor, body, suggestion) goes into `sealed`, a box only
 * the book's author and the writer open (src/shared/review/box.ts). So do
 * the book author's replies to such a thread and its re-placed anchors,
 * sealed to the author and the thread's writer.
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
import { isSealedBox, type SealedBox } from '../review/box'
import {
  globalId,
  MAX_DRAFT,
  MAX_SUGGESTION_CHARS,
  normalizeBody,
  OK,
  refuse,
  splitId,
  type CommentResult,
  type CommentsContext,
  type Person,
  type Sealing,
} from './model'
import { readThread } from './read'

export type RootPart =
  | 'threads'
  | 'replies'
  | 'resolutions'
  | 'anchors'
  | 'decisions'
  | 'addressed'
  | 'carried'
  | 'drafts'
  | 'progress'
  | 'questions'
  | 'reveals'
  | 'answers'
  | 'proposals'
  | 'proposalDecisions'

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
export function ownPart(doc: Y.Doc, me: Person, part: RootPart): Y.Map<unknown> {
  const existing = partOf(doc, me.id, part)
  if (existing) return existing
  const created = new Y.Map<unknown>()
  doc.getMap<unknown>(memberRoot(me.id)).set(part, created)
  return created
}

const isPerson = (value: Person): boolean =>
  typeof value === 'object' && value !== null && typeof value.id === 'string' && value.id.length > 0 && value.id.length <= 256 && !value.id.includes('/')

/** Who can read what is written: everyone (null), or the sealing and its recipients. */
export type Privacy = { sealing: Sealing; recipients: readonly string[] } | null

/** The entry's readable fields, in the clear or sealed; null when they cannot be sealed. */
function fields(values: Record<string, unknown>, privacy: Privacy): Array<[string, unknown]> | null {
  if (!privacy) return Object.entries(values)
  const box = privacy.sealing.seal(JSON.stringify(values), privacy.recipients)
  return box ? [['sealed', box]] : null
}

export interface NewThread {
  id: string
  anchor: Anchor
  /** The comment; may be empty for a suggested edit. */
  body: string
  now: number
  /** A suggested edit: what the passage should read instead (one paragraph's text). */
  suggestion?: string
  /** The draft it is written on, when drafts were shared. */
  draft?: number
}

/** A new thread on `anchor`, written by `me`; `id` is its local id. */
export function addThread(doc: Y.Doc, me: Person, input: NewThread, privacy: Privacy = null): CommentResult {
  const suggestion = input.suggestion
  const body = suggestion !== undefined && typeof input.body === 'string' && input.body.trim() === '' ? '' : normalizeBody(input.body)
  if (!isId(input.id)) return refuse('invalid-id')
  if (!isPerson(me)) return refuse('invalid-author')
  if (!isAnchor(input.anchor)) return refuse('invalid-anchor')
  if (body === null) return refuse('invalid-body')
  if (suggestion !== undefined && (typeof suggestion !== 'string' || suggestion.length > MAX_SUGGESTION_CHARS || suggestion === input.anchor.quote)) return refuse('invalid-body')
  if (input.draft !== undefined && !(Number.isSafeInteger(input.draft) && input.draft >= 1 && input.draft <= MAX_DRAFT)) return refuse('invalid-body')
  if (partOf(doc, me.id, 'threads')?.has(input.id)) return refuse('duplicate-id')
  const readable = fields({ anchor: input.anchor, body, ...(suggestion !== undefined ? { suggestion } : {}) }, privacy)
  if (!readable) return refuse('cannot-seal')
  doc.transact(() => {
    ownPart(doc, me, 'threads').set(input.id, new Y.Map<unknown>([
      ...readable,
      ['createdAt', input.now],
      ...(input.draft !== undefined && input.draft > 1 ? [['draft', input.draft] as [string, unknown]] : []),
    ]))
  })
  return OK
}

/** Appends `me`'s reply to a visible thread. */
export function reply(doc: Y.Doc, me: Person, threadId: string, input: { id: string; body: string; now: number }, context: CommentsContext, privacy: Privacy = null): CommentResult {
  const body = normalizeBody(input.body)
  if (!isId(input.id)) return refuse('invalid-id')
  if (!isPerson(me)) return refuse('invalid-author')
  if (body === null) return refuse('invalid-body')
  if (!readThread(doc, threadId, context)) return refuse('not-found')
  if (partOf(doc, me.id, 'replies')?.has(input.id)) return refuse('duplicate-id')
  const readable = fields({ body }, privacy)
  if (!readable) return refuse('cannot-seal')
  doc.transact(() => {
    ownPart(doc, me, 'replies').set(input.id, new Y.Map<unknown>([
      ['thread', threadId],
      ...readable,
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

/**
 * Changes the readable fields of one of `me`'s messages, sealed or not: a
 * sealed one is opened, changed and sealed again to the same recipients.
 */
function rewrite(doc: Y.Doc, message: Y.Map<unknown>, change: (values: Record<string, unknown>) => void, sealing: Sealing | undefined, extra: Array<[string, unknown]>): CommentResult {
  const box = message.get('sealed')
  if (box !== undefined) {
    if (!sealing || !isSealedBox(box)) return refuse('cannot-seal')
    const values = parseObject(sealing.open(box))
    if (!values) return refuse('cannot-seal')
    change(values)
    const sealed = sealing.seal(JSON.stringify(values), Object.keys(box.keys))
    if (!sealed) return refuse('cannot-seal')
    doc.transact(() => {
      message.set('sealed', sealed)
      for (const [key, value] of extra) message.set(key, value)
    })
    return OK
  }
  const values: Record<string, unknown> = { body: message.get('body') }
  change(values)
  doc.transact(() => {
    message.set('body', values.body)
    for (const [key, value] of extra) message.set(key, value)
  })
  return OK
}

/** The body of one of `me`'s messages, opening it when sealed. */
function bodyOf(message: Y.Map<unknown>, sealing: Sealing | undefined): string {
  const box = message.get('sealed')
  if (box === undefined) return typeof message.get('body') === 'string' ? (message.get('body') as string) : ''
  const body = parseObject(sealing && isSealedBox(box) ? sealing.open(box) : null)?.body
  return typeof body === 'string' ? body : ''
}

/** A JSON object from opened text; null for anything else. */
export function parseObject(text: string | null | undefined): Record<string, unknown> | null {
  if (typeof text !== 'string') return null
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null
  } catch {
    return null
  }
}

/** Replaces the body of one of `me`'s messages, unless deleted. */
export function editMessage(doc: Y.Doc, me: Person, messageId: string, body: string, now: number, sealing?: Sealing): CommentResult {
  const trimmed = normalizeBody(body)
  if (trimmed === null) return refuse('invalid-body')
  const message = ownMessage(doc, me, messageId)
  if (!(message instanceof Y.Map)) return message
  if (message.get('deleted') === true) return refuse('deleted')
  return rewrite(doc, message, (values) => (values.body = trimmed), sealing, [['editedAt', now]])
}

/**
 * Deletes one of `me`'s messages, softly: the body is cleared and a
 * placeholder stays, so replies keep their context. The caller keeps the
 * body (returned here) to offer Undo. A thread whose messages are all deleted
 * is no longer shown.
 */
export function deleteMessage(doc: Y.Doc, me: Person, messageId: string, now: number, sealing?: Sealing): CommentResult & { body?: string } {
  const message = ownMessage(doc, me, messageId)
  if (!(message instanceof Y.Map)) return message
  if (message.get('deleted') === true) return refuse('deleted')
  const body = bodyOf(message, sealing)
  const result = rewrite(doc, message, (values) => (values.body = ''), sealing, [['deleted', true], ['editedAt', now]])
  return result.ok ? { ok: true, body } : result
}

/** Undoes deleteMessage with the body it returned. */
export function restoreMessage(doc: Y.Doc, me: Person, messageId: string, body: string, now: number, sealing?: Sealing): CommentResult {
  const trimmed = normalizeBody(body)
  if (trimmed === null) return refuse('invalid-body')
  const message = ownMessage(doc, me, messageId)
  if (!(message instanceof Y.Map)) return message
  if (message.get('deleted') !== true) return refuse('not-deleted')
  return rewrite(doc, message, (values) => (values.body = trimmed), sealing, [['deleted', false], ['editedAt', now]])
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

/**
 * Writes re-placed anchors into `me`'s root (only the book author's are
 * read). An anchor of a sealed thread is sealed too, through `privacyOf`.
 * Returns how many.
 */
export function setAnchors(doc: Y.Doc, me: Person, anchors: ReadonlyArray<{ id: string; anchor: Anchor }>, privacyOf: (threadId: string) => Privacy = () => null): number {
  const valid = anchors.flatMap(({ id, anchor }) => {
    if (!isAnchor(anchor)) return []
    const privacy = privacyOf(id)
    if (!privacy) return [{ id, value: anchor as unknown }]
    const box: SealedBox | null = privacy.sealing.seal(JSON.stringify({ anchor }), privacy.recipients)
    return box ? [{ id, value: { sealed: box } as unknown }] : []
  })
  if (valid.length === 0) return 0
  doc.transact(() => {
    const part = ownPart(doc, me, 'anchors')
    for (const { id, value } of valid) part.set(id, value)
  })
  return valid.length
}

export { globalId }
