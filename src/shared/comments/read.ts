/**
 * Reading threads out of the members' roots. Everything here may come from
 * a peer (signed, but possibly by a careless or hostile member), so every
 * entry is validated, malformed ones are skipped, and nothing throws.
 */
import * as Y from 'yjs'
import { isAnchor, type Anchor } from '../anchors'
import { isId } from '../ids'
import { THREADS_ROOT } from '../ydoc'
import {
  globalId,
  MAX_BODY_CHARS,
  MAX_DRAFT,
  MAX_REPLIES_PER_MEMBER,
  MAX_SUGGESTION_CHARS,
  MAX_THREADS_PER_MEMBER,
  splitId,
  type CommentsContext,
  type Message,
  type Thread,
} from './model'
import { applyRoundFields } from './roundFields'
import { clip, isTime, membersIn, nameOf, openSealedFields, part } from './roots'

export { membersIn }

interface Entry {
  body: string
  createdAt: number
  editedAt?: number
  deleted: boolean
  anchor?: unknown
  thread?: unknown
  suggestion?: string
  draft: number
  sealed: boolean
}

/** A message entry (a thread's first message or a reply) as plain data, or null when malformed or unreadable here. */
function readEntry(value: unknown, context: CommentsContext): Entry | null {
  if (!(value instanceof Y.Map)) return null
  const createdAt = value.get('createdAt')
  const editedAt = value.get('editedAt')
  const deleted = value.get('deleted') === true
  const draft = value.get('draft')
  const box = value.get('sealed')
  const fields = box === undefined ? { body: value.get('body'), anchor: value.get('anchor'), suggestion: value.get('suggestion') } : openSealedFields(box, context)
  if (!fields) return null
  const { body, anchor, suggestion } = fields
  if (typeof body !== 'string' || !isTime(createdAt) || (editedAt !== undefined && !isTime(editedAt))) return null
  if (suggestion !== undefined && (typeof suggestion !== 'string' || suggestion.length > MAX_SUGGESTION_CHARS)) return null
  // A suggested edit may come without a note; any other message needs words.
  if (!deleted && body.trim().length === 0 && suggestion === undefined) return null
  return {
    body: deleted ? '' : body.slice(0, MAX_BODY_CHARS),
    createdAt,
    ...(editedAt !== undefined ? { editedAt } : {}),
    deleted,
    anchor,
    thread: value.get('thread'),
    ...(suggestion !== undefined ? { suggestion } : {}),
    draft: Number.isSafeInteger(draft) && (draft as number) >= 1 && (draft as number) <= MAX_DRAFT ? (draft as number) : 1,
    sealed: box !== undefined,
  }
}

function message(id: string, authorId: string, authorName: string, entry: Entry): Message {
  const result: Message = { id, authorId, authorName, body: entry.body, createdAt: entry.createdAt, deleted: entry.deleted }
  if (entry.editedAt !== undefined) result.editedAt = entry.editedAt
  return result
}

/** Each member's entries of one part, at most `limit` per member. */
function entriesOf(doc: Y.Doc, memberId: string, name: string, limit: number): Array<[string, unknown]> {
  const map = part(doc, memberId, name)
  if (!map) return []
  const entries: Array<[string, unknown]> = []
  for (const [key, value] of map.entries()) {
    if (entries.length >= limit) break
    entries.push([key, value])
  }
  return entries
}

interface Resolution {
  resolved: boolean
  at: number
  byId: string
}

function resolutionOf(doc: Y.Doc, memberId: string, threadId: string): Resolution | null {
  const value = part(doc, memberId, 'resolutions')?.get(threadId) as { resolved?: unknown; at?: unknown } | undefined
  if (!value || typeof value !== 'object' || typeof value.resolved !== 'boolean' || !isTime(value.at)) return null
  return { resolved: value.resolved, at: value.at, byId: memberId }
}

/** Replies in the chapter by the thread they answer. */
export function repliesByThread(doc: Y.Doc, context: CommentsContext, only?: string): Map<string, Message[]> {
  const byThread = new Map<string, Message[]>()
  for (const memberId of membersIn(doc)) {
    const name = nameOf(memberId, context)
    for (const [localId, value] of entriesOf(doc, memberId, 'replies', MAX_REPLIES_PER_MEMBER)) {
      const entry = readEntry(value, context)
      if (!entry || typeof entry.thread !== 'string' || !isId(localId)) continue
      if (only !== undefined && entry.thread !== only) continue
      const list = byThread.get(entry.thread) ?? []
      list.push(message(globalId(memberId, localId), memberId, name, entry))
      byThread.set(entry.thread, list)
    }
  }
  return byThread
}

const byTime = (a: { createdAt: number; id: string }, b: { createdAt: number; id: string }): number =>
  a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/** One thread put together from its author's entry, the replies to it, its resolution and its refreshed anchor. */
function assemble(doc: Y.Doc, authorId: string, localId: string, value: unknown, replies: Message[], context: CommentsContext): Thread | null {
  const entry = readEntry(value, context)
  if (!entry || !isId(localId) || !isAnchor(entry.anchor)) return null
  const id = globalId(authorId, localId)
  const authorName = nameOf(authorId, context)
  const messages = [message(id, authorId, authorName, entry), ...replies.sort(byTime)]
  if (messages.every((m) => m.deleted)) return null
  const original = entry.anchor as Anchor
  const refreshed = context.bookAuthorId ? refreshedAnchor(part(doc, context.bookAuthorId, 'anchors')?.get(id), context) : null
  const thread: Thread = {
    id,
    authorId,
    authorName,
    createdAt: entry.createdAt,
    anchor: refreshed ?? original,
    quote: original.quote,
    resolved: false,
    messages,
    draft: entry.draft,
  }
  if (entry.suggestion !== undefined) thread.suggestion = { text: entry.suggestion }
  if (entry.sealed) thread.sealed = true
  applyResolution(doc, thread, context)
  applyRoundFields(doc, thread, context)
  return thread
}

/** The book author's re-placed anchor: plain, or sealed when the thread is. */
function refreshedAnchor(value: unknown, context: CommentsContext): Anchor | null {
  if (isAnchor(value)) return value
  if (typeof value !== 'object' || value === null) return null
  const fields = openSealedFields((value as { sealed?: unknown }).sealed, context)
  return fields && isAnchor(fields.anchor) ? fields.anchor : null
}

/** The latest decision of the thread's author or the book's author. */
function applyResolution(doc: Y.Doc, thread: Thread, context: CommentsContext): void {
  const candidates = [thread.legacy ? null : resolutionOf(doc, thread.authorId, thread.id)]
  if (context.bookAuthorId && context.bookAuthorId !== thread.authorId) candidates.push(resolutionOf(doc, context.bookAuthorId, thread.id))
  const latest = candidates.filter((r): r is Resolution => r !== null).sort((a, b) => b.at - a.at || (b.byId === context.bookAuthorId ? 1 : -1))[0]
  if (!latest?.resolved) return
  Object.assign(thread, { resolved: true, resolvedBy: latest.byId, resolvedByName: nameOf(latest.byId, context), resolvedAt: latest.at })
}

/** Every visible thread, oldest first. Never throws. */
export function readThreads(doc: Y.Doc, context: CommentsContext): Thread[] {
  try {
    const replies = repliesByThread(doc, context)
    const threads: Thread[] = []
    for (const authorId of membersIn(doc)) {
      for (const [localId, value] of entriesOf(doc, authorId, 'threads', MAX_THREADS_PER_MEMBER)) {
        const thread = assemble(doc, authorId, localId, value, replies.get(globalId(authorId, localId)) ?? [], context)
        if (thread) threads.push(thread)
      }
    }
    threads.push(...legacyThreads(doc, replies, context))
    return threads.sort(byTime)
  } catch {
    return []
  }
}

/** One thread by its chapter-wide id, or null. */
export function readThread(doc: Y.Doc, threadId: string, context: CommentsContext): Thread | null {
  try {
    const parts = splitId(threadId)
    if (!parts) return null
    const replies = repliesByThread(doc, context, threadId).get(threadId) ?? []
    if (parts.authorId === LEGACY) return legacyThreads(doc, new Map([[threadId, replies]]), context).find((t) => t.id === threadId) ?? null
    const value = part(doc, parts.authorId, 'threads')?.get(parts.localId)
    return assemble(doc, parts.authorId, parts.localId, value, replies, context)
  } catch {
    return null
  }
}

/** The author id of threads written before comments were signed. */
export const LEGACY = 'legacy'

/**
 * Threads from before signing, in the old shared map (`threads`): shown, and
 * open to replies and to the book author's resolution, but their authors are
 * only what the writing peer claimed, and no one can write there any more.
 */
function legacyThreads(doc: Y.Doc, replies: Map<string, Message[]>, context: CommentsContext): Thread[] {
  if (!doc.share.has(THREADS_ROOT)) return []
  const threads: Thread[] = []
  doc.getMap<unknown>(THREADS_ROOT).forEach((value, key) => {
    if (!(value instanceof Y.Map) || value.get('id') !== key || !isId(key)) return
    const anchor = value.get('anchor')
    const authorName = value.get('authorName')
    const createdAt = value.get('createdAt')
    const list = value.get('messages')
    if (!isAnchor(anchor) || typeof authorName !== 'string' || !isTime(createdAt) || !(list instanceof Y.Array)) return
    const id = globalId(LEGACY, key)
    const messages: Message[] = []
    for (const item of list.toArray().slice(0, 2000)) {
      const entry = readEntry(item, context)
      const name = item instanceof Y.Map ? item.get('authorName') : undefined
      const messageId = item instanceof Y.Map ? item.get('id') : undefined
      if (!entry || typeof name !== 'string' || !isId(messageId)) continue
      messages.push(message(globalId(LEGACY, messageId), LEGACY, clip(name), entry))
    }
    messages.push(...(replies.get(id) ?? []).sort(byTime))
    if (messages.length === 0 || messages.every((m) => m.deleted)) return
    const thread: Thread = { id, authorId: LEGACY, authorName: clip(authorName), createdAt, anchor, quote: anchor.quote, resolved: false, messages, legacy: true, draft: 1 }
    applyResolution(doc, thread, context)
    applyRoundFields(doc, thread, context)
    threads.push(thread)
  })
  return threads
}
