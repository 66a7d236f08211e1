/**
 * Comment threads of one chapter, in the chapter's Y.Doc beside the text:
 * `doc.getMap(THREADS_ROOT)` maps a thread id to a Y.Map holding
 * `id, anchor, authorId, authorName, createdAt, resolution, messages`, where
 * `messages` is a Y.Array of Y.Maps `id, authorId, authorName, body,
 * createdAt, editedAt?, deleted?`. A thread owns its anchor and resolution;
 * its first message is the comment itself (same id as the thread), replies
 * follow in the array's order, which Yjs keeps causal: a reply written after
 * reading another always comes after it, whatever the peers' clocks say.
 *
 * Comment mutations are deliberately not part of the text's undo history:
 * they live in another root than the one y-prosemirror's UndoManager tracks,
 * so the author's Ctrl+Z never swallows a reviewer's comment or a reply.
 *
 * Everything read from the map may come from a peer, so `readThreads`
 * validates it and skips what is malformed. Author ids here are what the
 * writing peer claims; proving who wrote an update is the sync layer's job.
 */
import * as Y from 'yjs'
import { isAnchor, type Anchor, type ResolvedAnchor } from './anchors'
import { isId } from './ids'
import { THREADS_ROOT } from './ydoc'

/** Longest comment or reply; longer bodies from peers are cut to this. */
export const MAX_BODY_CHARS = 10_000
const MAX_NAME_CHARS = 200
const MAX_MEMBER_ID_CHARS = 256
const MAX_MESSAGES = 2_000

/** Someone acting on comments: a member id (key fingerprint) and display name. */
export interface Person {
  id: string
  name: string
}

export interface Message {
  id: string
  authorId: string
  authorName: string
  /** Empty once deleted. */
  body: string
  createdAt: number
  editedAt?: number
  deleted: boolean
}

export interface Thread {
  id: string
  anchor: Anchor
  authorId: string
  authorName: string
  createdAt: number
  resolved: boolean
  resolvedBy?: string
  resolvedByName?: string
  resolvedAt?: number
  /** The comment first, then its replies; deleted ones stay as placeholders. */
  messages: Message[]
}

/** Why a mutation was refused: errors as data, so the UI can say it plainly. */
export type CommentError = 'not-found' | 'not-author' | 'deleted' | 'invalid-body' | 'invalid-id' | 'invalid-author' | 'invalid-anchor' | 'duplicate-id'

export type CommentResult = { ok: true } | { ok: false; error: CommentError }

const OK: CommentResult = { ok: true }
const refuse = (error: CommentError): CommentResult => ({ ok: false, error })

/** Trims a body; null when empty or too long. */
export function normalizeBody(body: string): string | null {
  const trimmed = body.trim()
  return trimmed.length >= 1 && trimmed.length <= MAX_BODY_CHARS ? trimmed : null
}

/** A new thread on `anchor`, its first message written by `author`. `id` names both. */
export function addThread(doc: Y.Doc, input: { id: string; anchor: Anchor; author: Person; body: string; now: number }): CommentResult {
  const body = normalizeBody(input.body)
  if (!isId(input.id)) return refuse('invalid-id')
  if (!isPerson(input.author)) return refuse('invalid-author')
  if (!isAnchor(input.anchor)) return refuse('invalid-anchor')
  if (body === null) return refuse('invalid-body')
  const threads = threadsOf(doc)
  if (threads.has(input.id)) return refuse('duplicate-id')
  doc.transact(() => {
    const thread = new Y.Map<unknown>()
    threads.set(input.id, thread)
    thread.set('id', input.id)
    thread.set('anchor', input.anchor)
    thread.set('authorId', input.author.id)
    thread.set('authorName', clip(input.author.name))
    thread.set('createdAt', input.now)
    const messages = new Y.Array<Y.Map<unknown>>()
    thread.set('messages', messages)
    messages.push([newMessage(input.id, input.author, body, input.now)])
  })
  return OK
}

/** Appends a reply to a visible thread. */
export function reply(doc: Y.Doc, threadId: string, input: { id: string; author: Person; body: string; now: number }): CommentResult {
  const body = normalizeBody(input.body)
  if (!isId(input.id)) return refuse('invalid-id')
  if (!isPerson(input.author)) return refuse('invalid-author')
  if (body === null) return refuse('invalid-body')
  const found = findThread(doc, threadId)
  if (found === null) return refuse('not-found')
  if (found.thread.messages.some((m) => m.id === input.id)) return refuse('duplicate-id')
  doc.transact(() => found.messages.push([newMessage(input.id, input.author, body, input.now)]))
  return OK
}

/** Replaces a message's body; only its author may, and not once deleted. */
export function editMessage(doc: Y.Doc, threadId: string, messageId: string, actorId: string, body: string, now: number): CommentResult {
  const trimmed = normalizeBody(body)
  if (trimmed === null) return refuse('invalid-body')
  const found = findOwnMessage(doc, threadId, messageId, actorId)
  if (!('map' in found)) return found
  doc.transact(() => {
    found.map.set('body', trimmed)
    found.map.set('editedAt', now)
  })
  return OK
}

/**
 * Deletes a message, softly: the body is cleared and a placeholder stays, so
 * replies keep their context. When no message of a thread is left, the
 * thread disappears from `readThreads`. It stays in the map on purpose: a
 * peer may be replying at this moment, and their reply must not be lost.
 */
export function deleteMessage(doc: Y.Doc, threadId: string, messageId: string, actorId: string, now: number): CommentResult {
  const found = findOwnMessage(doc, threadId, messageId, actorId)
  if (!('map' in found)) return found
  doc.transact(() => {
    found.map.set('deleted', true)
    found.map.set('body', '')
    found.map.set('editedAt', now)
  })
  return OK
}

/**
 * Resolves or reopens a thread; anyone in the share may. The resolution is
 * one value, so concurrent resolve and reopen settle on one whole state
 * rather than "resolved by" from one peer and "reopened" from another.
 */
export function setResolved(doc: Y.Doc, threadId: string, resolved: boolean, actor: Person, now: number): CommentResult {
  if (!isPerson(actor)) return refuse('invalid-author')
  const found = findThread(doc, threadId)
  if (found === null) return refuse('not-found')
  if (found.thread.resolved === resolved) return OK
  doc.transact(() => found.map.set('resolution', { resolved, byId: actor.id, byName: clip(actor.name), at: now }))
  return OK
}

/**
 * Replaces thread anchors, e.g. with `refreshAnchor` after a split or join
 * re-created the text they sat on. `refresh` returns null to keep an anchor.
 * Returns how many anchors changed.
 */
export function reanchorThreads(doc: Y.Doc, refresh: (anchor: Anchor) => Anchor | null): number {
  let changed = 0
  doc.transact(() => {
    threadsOf(doc).forEach((value, key) => {
      const thread = parseThread(key, value)
      const next = thread && refresh(thread.anchor)
      if (next && isAnchor(next)) {
        ;(value as Y.Map<unknown>).set('anchor', next)
        changed++
      }
    })
  })
  return changed
}

/** Every visible thread as plain, validated data, oldest first. Never throws. */
export function readThreads(doc: Y.Doc): Thread[] {
  const threads: Thread[] = []
  threadsOf(doc).forEach((value, key) => {
    const thread = parseThread(key, value)
    if (thread) threads.push(thread)
  })
  return threads.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

/** Calls `onChange` with fresh threads after every change to them, local or remote. Returns the disposer. */
export function observeThreads(doc: Y.Doc, onChange: (threads: Thread[]) => void): () => void {
  const threads = threadsOf(doc)
  const handler = (): void => onChange(readThreads(doc))
  threads.observeDeep(handler)
  return () => threads.unobserveDeep(handler)
}

/** A thread with where its anchor sits now. */
export interface PlacedThread {
  thread: Thread
  place: ResolvedAnchor
}

/** Threads in reading order of their passages (then oldest first); detached ones last. */
export function threadsInOrder(threads: readonly Thread[], resolve: (anchor: Anchor) => ResolvedAnchor): PlacedThread[] {
  const placed = threads.map((thread) => ({ thread, place: resolve(thread.anchor) }))
  const key = (p: PlacedThread): [number, number, number] =>
    p.place.detached ? [Infinity, Infinity, p.thread.createdAt] : [p.place.from, p.place.to, p.thread.createdAt]
  return placed.sort((a, b) => {
    const [ka, kb] = [key(a), key(b)]
    for (let i = 0; i < 3; i++) if (ka[i] !== kb[i]) return (ka[i] as number) < (kb[i] as number) ? -1 : 1
    return a.thread.id < b.thread.id ? -1 : a.thread.id > b.thread.id ? 1 : 0
  })
}

function threadsOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(THREADS_ROOT)
}

function newMessage(id: string, author: Person, body: string, now: number): Y.Map<unknown> {
  return new Y.Map<unknown>([
    ['id', id],
    ['authorId', author.id],
    ['authorName', clip(author.name)],
    ['body', body],
    ['createdAt', now],
  ])
}

function findThread(doc: Y.Doc, threadId: string): { map: Y.Map<unknown>; messages: Y.Array<unknown>; thread: Thread } | null {
  const value = threadsOf(doc).get(threadId)
  const thread = parseThread(threadId, value)
  if (thread === null) return null
  const map = value as Y.Map<unknown>
  return { map, messages: map.get('messages') as Y.Array<unknown>, thread }
}

function findOwnMessage(doc: Y.Doc, threadId: string, messageId: string, actorId: string): { map: Y.Map<unknown> } | CommentResult {
  const found = findThread(doc, threadId)
  const message = found?.thread.messages.find((m) => m.id === messageId)
  if (!found || !message) return refuse('not-found')
  if (message.authorId !== actorId) return refuse('not-author')
  if (message.deleted) return refuse('deleted')
  const map = found.messages.toArray().find((m) => m instanceof Y.Map && m.get('id') === messageId)
  return map instanceof Y.Map ? { map } : refuse('not-found')
}

function isPerson(value: Person): boolean {
  return typeof value === 'object' && value !== null && isMemberId(value.id) && isName(value.name)
}

const isMemberId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_MEMBER_ID_CHARS
const isName = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0
const clip = (name: string): string => name.trim().slice(0, MAX_NAME_CHARS)

function parseThread(key: string, value: unknown): Thread | null {
  try {
    if (!(value instanceof Y.Map)) return null
    const [id, anchor, authorId, authorName, createdAt, list] = ['id', 'anchor', 'authorId', 'authorName', 'createdAt', 'messages'].map((k) => value.get(k))
    if (id !== key || !isId(id) || !isAnchor(anchor) || !isMemberId(authorId) || !isName(authorName) || !isTime(createdAt)) return null
    if (!(list instanceof Y.Array)) return null
    const messages: Message[] = []
    for (const entry of list.toArray().slice(0, MAX_MESSAGES)) {
      const message = parseMessage(entry)
      if (message && !messages.some((m) => m.id === message.id)) messages.push(message)
    }
    if (messages.every((m) => m.deleted)) return null
    const thread: Thread = { id, anchor: { ...anchor, clocks: { ...anchor.clocks } }, authorId, authorName: clip(authorName), createdAt, resolved: false, messages }
    const resolution: unknown = value.get('resolution')
    if (typeof resolution === 'object' && resolution !== null) {
      const r = resolution as Record<string, unknown>
      if (r.resolved === true && isMemberId(r.byId) && isName(r.byName) && isTime(r.at)) {
        Object.assign(thread, { resolved: true, resolvedBy: r.byId, resolvedByName: clip(r.byName), resolvedAt: r.at })
      }
    }
    return thread
  } catch {
    return null
  }
}

function parseMessage(value: unknown): Message | null {
  if (!(value instanceof Y.Map)) return null
  const [id, authorId, authorName, body, createdAt, editedAt, deleted] = ['id', 'authorId', 'authorName', 'body', 'createdAt', 'editedAt', 'deleted'].map((k) => value.get(k))
  if (!isId(id) || !isMemberId(authorId) || !isName(authorName) || !isTime(createdAt) || typeof body !== 'string') return null
  if (editedAt !== undefined && !isTime(editedAt)) return null
  const isDeleted = deleted === true
  if (!isDeleted && body.trim().length === 0) return null
  const message: Message = { id, authorId, authorName: clip(authorName), body: isDeleted ? '' : body.slice(0, MAX_BODY_CHARS), createdAt, deleted: isDeleted }
  if (editedAt !== undefined) message.editedAt = editedAt
  return message
}
