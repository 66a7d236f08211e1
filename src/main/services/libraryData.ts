/**
 * The metadata file's shape (`library.json`), its version, and how an
 * untrusted copy read from disk is reduced to the records that are valid.
 */
import { z } from 'zod'
import type { Sanitized } from './metaFile'
import { ID_PATTERN } from '../../shared/ids'
import { emptySession, type Book, type ChapterVersion, type DeletedCommentItem, type Notice, type Session, type TrashItem } from '../../shared/library'
import { defaultSettings, type JoinedShare, type Member, type Settings, type Share } from '../../shared/sharing'
import { readJoinedNetwork, readSettings } from './settingsMigration'

/** 2: network settings with rendezvous kinds (see settingsMigration.ts, which reads version 1). */
export const LIBRARY_FILE_VERSION = 2

export interface LibraryData {
  version: typeof LIBRARY_FILE_VERSION
  books: Book[]
  trash: TrashItem[]
  deletedComments: DeletedCommentItem[]
  session: Session
  notices: Notice[]
  members: Member[]
  shares: Share[]
  joined: JoinedShare[]
  settings: Settings
  versions: ChapterVersion[]
}

export function emptyLibraryData(): LibraryData {
  return {
    version: LIBRARY_FILE_VERSION,
    books: [],
    trash: [],
    deletedComments: [],
    session: emptySession(),
    notices: [],
    members: [],
    shares: [],
    joined: [],
    settings: defaultSettings(),
    versions: [],
  }
}

const id = z.string().regex(ID_PATTERN)
const time = z.number().finite().nonnegative()
const chapterSchema = z.object({
  id,
  title: z.string().max(1000),
  words: z.number().int().nonnegative().catch(0),
  createdAt: time,
  updatedAt: time,
})
const bookSchema = z.object({
  id,
  title: z.string().max(1000),
  chapters: z.array(z.unknown()),
  createdAt: time,
  updatedAt: time,
})
const trashSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('book'), id, book: z.unknown(), trashedAt: time }),
  z.object({
    kind: z.literal('chapter'),
    id,
    chapter: chapterSchema,
    bookId: id,
    bookTitle: z.string().max(1000),
    index: z.number().int().nonnegative(),
    trashedAt: time,
  }),
])
const deletedCommentSchema = z.object({
  id,
  docId: id,
  chapterTitle: z.string().max(1000),
  threadId: z.string().max(600),
  messageId: z.string().max(600),
  body: z.string().max(10_000),
  quote: z.string().max(40_000),
  deletedAt: time,
})
const sessionSchema = z.object({
  bookId: id.nullable(),
  chapterId: id.nullable(),
  selections: z.record(id, z.object({ anchor: z.number().int().nonnegative(), head: z.number().int().nonnegative() })),
})
const noticeSchema = z.object({
  id,
  level: z.enum(['info', 'warning', 'error']),
  message: z.string().max(2000),
  at: time,
})

const name = z.string().min(1).max(200)
const key = z.string().regex(/^[A-Za-z0-9_-]{43}$/)
const base64Key = z.string().regex(/^[A-Za-z0-9_-]{43}$/)
const memberSchema = z.object({
  id,
  name,
  publicKey: base64Key.optional(),
  peerId: id.optional(),
  fingerprint: z.string().max(200).optional(),
  addedAt: time,
  lastSeenAt: time.optional(),
  removedAt: time.optional(),
})
const roomList = z.array(z.object({ docKey: id, room: id })).max(10_000)
const shareSchema = z.object({
  id,
  bookId: id,
  key,
  // Files from before signed shares have no epoch, chapter ids, invites or manifest: they start afresh.
  epoch: z.number().int().nonnegative().catch(0),
  chapters: z
    .array(z.object({ chapterId: id, room: id, replicaId: id, docKey: id.optional() }).transform((c) => ({ ...c, docKey: c.docKey ?? c.room })))
    .max(10_000),
  reviewers: z.array(z.object({ memberId: id, chapterIds: z.array(id).max(10_000), invitedAt: time })).max(10_000),
  invites: z
    .array(z.object({ memberId: id, publicKey: base64Key, secret: base64Key, expiresAt: time, link: z.string().max(1_000_000) }))
    .max(10_000)
    .catch([]),
  removed: z.array(z.object({ memberId: id, removedAt: time, finalSeq: z.record(id, z.number().int().nonnegative()) })).max(10_000).catch([]),
  retired: z.array(z.object({ epoch: z.number().int().nonnegative(), key, rooms: roomList, rekey: z.string().max(1_000_000) })).max(1000).catch([]),
  manifest: z.string().max(1_000_000).nullable().catch(null),
  manifestVersion: z.number().int().nonnegative().catch(0),
  createdAt: time,
  review: z.enum(['round-table', 'blind']).optional().catch(undefined),
})
const joinedSchema = z.object({
  id,
  key,
  author: z.object({ name, publicKey: z.string().max(200), fingerprint: z.string().max(200), memberId: id }),
  bookTitle: z.string().max(1000),
  chapters: z
    .array(z.object({ room: id, title: z.string().max(1000), docId: id, docKey: id.optional() }).transform((c) => ({ ...c, docKey: c.docKey ?? c.room })))
    .max(10_000),
  invitedAs: name,
  joinedAt: time,
  memberId: id.catch('unknown-member'),
  inviteSecret: base64Key.nullable().catch(null),
  epoch: z.number().int().nonnegative().catch(0),
  manifest: z.string().max(1_000_000).nullable().catch(null),
  retired: z.array(z.object({ epoch: z.number().int().nonnegative(), key, rooms: roomList })).max(1000).catch([]),
  removedAt: time.optional(),
})

/** A joined share, its network fields read in either file version. */
function parseJoined(raw: unknown): JoinedShare | null {
  const joined = joinedSchema.safeParse(raw)
  if (!joined.success) return null
  const network = readJoinedNetwork(raw as Record<string, unknown>)
  return network ? { ...joined.data, ...network } : null
}
const versionSchema = z.object({
  id,
  chapterId: id,
  name: z.string().min(1).max(200),
  savedAt: time,
  draft: z.number().int().min(1).max(10_000).optional(),
})

/** Counts what it had to leave out, and where, so the caller can tell the user and repair it. */
class Sieve {
  dropped = 0
  readonly damagedParts = new Set<keyof LibraryData>()

  drop(part: keyof LibraryData): void {
    this.dropped++
    this.damagedParts.add(part)
  }

  keep<T>(part: keyof LibraryData, items: unknown, parse: (item: unknown) => T | null): T[] {
    if (!Array.isArray(items)) {
      if (items !== undefined) this.drop(part)
      return []
    }
    const kept: T[] = []
    for (const item of items) {
      const value = parse(item)
      if (value === null) this.drop(part)
      else kept.push(value)
    }
    return kept
  }
}

function parseBook(raw: unknown, sieve: Sieve, part: keyof LibraryData): Book | null {
  const book = bookSchema.safeParse(raw)
  if (!book.success) return null
  const chapters = sieve.keep(part, book.data.chapters, (c) => chapterSchema.safeParse(c).data ?? null)
  return { ...book.data, chapters }
}

/**
 * Keeps every valid book, chapter, trash item and notice from an untrusted
 * file; `dropped` counts the records that were not, `damagedParts` says where.
 */
export function sanitizeLibraryData(raw: unknown): Sanitized<LibraryData> {
  const sieve = new Sieve()
  const value = emptyLibraryData()
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { value, dropped: 1, damagedParts: [...PARTS] }
  const data = raw as Record<string, unknown>
  // Version 1 is read and migrated field by field below; anything else is not understood.
  if (data.version !== LIBRARY_FILE_VERSION && data.version !== 1) sieve.drop('version')
  value.books = sieve.keep('books', data.books, (b) => parseBook(b, sieve, 'books'))
  value.trash = sieve.keep('trash', data.trash, (t) => {
    const item = trashSchema.safeParse(t)
    if (!item.success) return null
    if (item.data.kind === 'chapter') return item.data
    const book = parseBook(item.data.book, sieve, 'trash')
    return book ? { ...item.data, book } : null
  })
  value.deletedComments = data.deletedComments === undefined ? [] : sieve.keep('deletedComments', data.deletedComments, (c) => deletedCommentSchema.safeParse(c).data ?? null)
  value.notices = sieve.keep('notices', data.notices, (n) => noticeSchema.safeParse(n).data ?? null)
  value.members = sieve.keep('members', data.members, (m) => memberSchema.safeParse(m).data ?? null)
  value.shares = sieve.keep('shares', data.shares, (m) => shareSchema.safeParse(m).data ?? null)
  value.joined = sieve.keep('joined', data.joined, parseJoined)
  value.versions = data.versions === undefined ? [] : sieve.keep('versions', data.versions, (v) => versionSchema.safeParse(v).data ?? null)
  if (data.settings !== undefined) {
    const settings = readSettings(data.settings)
    if (settings) value.settings = settings
    else sieve.drop('settings')
  }
  const session = sessionSchema.safeParse(data.session)
  if (session.success) value.session = session.data
  else sieve.drop('session')
  return { value, dropped: sieve.dropped, damagedParts: [...sieve.damagedParts] }
}

const PARTS: (keyof LibraryData)[] = ['books', 'trash', 'deletedComments', 'session', 'notices', 'members', 'shares', 'joined', 'settings', 'versions']

/** Adds the entries of `previous` whose id `current` lacks, in their old places; returns what was added. */
function fillById<T extends { id: string }>(current: T[], previous: readonly T[]): T[] {
  const added: T[] = []
  previous.forEach((entry, index) => {
    if (current.some((c) => c.id === entry.id)) return
    current.splice(Math.min(index, current.length), 0, structuredClone(entry))
    added.push(entry)
  })
  return added
}

/**
 * Repairs the damaged parts of the library from its previous generation:
 * entries the damage took are taken from the copy saved before, and each is
 * named, so the notice can say exactly what is as old as that copy.
 */
export function repairLibraryData(current: Sanitized<LibraryData>, previous: LibraryData): { value: LibraryData; restored: string[] } {
  const value = current.value
  const parts = new Set(current.damagedParts)
  const restored: string[] = []
  if (parts.has('books')) {
    for (const book of fillById(value.books, previous.books)) restored.push(`the book “${book.title}”`)
    for (const book of value.books) {
      const before = previous.books.find((b: Book) => b.id === book.id)
      if (!before) continue
      for (const chapter of fillById(book.chapters, before.chapters)) restored.push(`the chapter “${chapter.title}” of “${book.title}”`)
    }
  }
  if (parts.has('trash')) for (const item of fillById(value.trash, previous.trash)) restored.push(`“${item.kind === 'book' ? item.book.title : item.chapter.title}” in the Trash`)
  if (parts.has('members')) for (const member of fillById(value.members, previous.members)) restored.push(`${member.name} in your network`)
  if (parts.has('shares')) {
    for (const share of fillById(value.shares, previous.shares)) {
      const book = value.books.find((b) => b.id === share.bookId)
      restored.push(`the sharing of “${book?.title ?? 'a book'}”`)
    }
  }
  if (parts.has('joined')) for (const joined of fillById(value.joined, previous.joined)) restored.push(`“${joined.bookTitle}”, shared with you by ${joined.author.name}`)
  if (parts.has('notices')) fillById(value.notices, previous.notices)
  if (parts.has('deletedComments')) for (const item of fillById(value.deletedComments, previous.deletedComments)) restored.push(`a deleted comment on “${item.quote.slice(0, 40)}”`)
  if (parts.has('versions')) for (const version of fillById(value.versions, previous.versions ?? [])) restored.push(`the saved version “${version.name}”`)
  if (parts.has('settings')) {
    value.settings = structuredClone(previous.settings)
    restored.push('your settings')
  }
  if (parts.has('session')) value.session = structuredClone(previous.session)
  return { value, restored }
}
