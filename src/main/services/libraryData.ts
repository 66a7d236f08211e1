/**
 * The metadata file's shape (`library.json`), its version, and how an
 * untrusted copy read from disk is reduced to the records that are valid.
 */
import { z } from 'zod'
import { ID_PATTERN } from '../../shared/ids'
import { emptySession, type Book, type Notice, type Session, type TrashItem } from '../../shared/library'
import { defaultSettings, type JoinedShare, type Member, type Settings, type Share } from '../../shared/sharing'
import { readJoinedNetwork, readSettings } from './settingsMigration'

/** 2: network settings with rendezvous kinds (see settingsMigration.ts, which reads version 1). */
export const LIBRARY_FILE_VERSION = 2

export interface LibraryData {
  version: typeof LIBRARY_FILE_VERSION
  books: Book[]
  trash: TrashItem[]
  session: Session
  notices: Notice[]
  members: Member[]
  shares: Share[]
  joined: JoinedShare[]
  settings: Settings
}

export function emptyLibraryData(): LibraryData {
  return {
    version: LIBRARY_FILE_VERSION,
    books: [],
    trash: [],
    session: emptySession(),
    notices: [],
    members: [],
    shares: [],
    joined: [],
    settings: defaultSettings(),
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
const memberSchema = z.object({
  id,
  name,
  peerId: id.optional(),
  fingerprint: z.string().max(200).optional(),
  addedAt: time,
  lastSeenAt: time.optional(),
})
const shareSchema = z.object({
  id,
  bookId: id,
  key,
  chapters: z.array(z.object({ chapterId: id, room: id, replicaId: id })).max(10_000),
  reviewers: z.array(z.object({ memberId: id, chapterIds: z.array(id).max(10_000), invitedAt: time })).max(10_000),
  createdAt: time,
})
const joinedSchema = z.object({
  id,
  key,
  author: z.object({ name, publicKey: z.string().max(200), fingerprint: z.string().max(200), memberId: id }),
  bookTitle: z.string().max(1000),
  chapters: z.array(z.object({ room: id, title: z.string().max(1000), docId: id })).max(10_000),
  invitedAs: name,
  joinedAt: time,
})

/** A joined share, its network fields read in either file version. */
function parseJoined(raw: unknown): JoinedShare | null {
  const joined = joinedSchema.safeParse(raw)
  if (!joined.success) return null
  const network = readJoinedNetwork(raw as Record<string, unknown>)
  return network ? { ...joined.data, ...network } : null
}

/** Counts what it had to leave out, so the caller can tell the user and keep the original aside. */
class Sieve {
  dropped = 0
  keep<T>(items: unknown, parse: (item: unknown) => T | null): T[] {
    if (!Array.isArray(items)) {
      if (items !== undefined) this.dropped++
      return []
    }
    const kept: T[] = []
    for (const item of items) {
      const value = parse(item)
      if (value === null) this.dropped++
      else kept.push(value)
    }
    return kept
  }
}

function parseBook(raw: unknown, sieve: Sieve): Book | null {
  const book = bookSchema.safeParse(raw)
  if (!book.success) return null
  const chapters = sieve.keep(book.data.chapters, (c) => chapterSchema.safeParse(c).data ?? null)
  return { ...book.data, chapters }
}

/**
 * Keeps every valid book, chapter, trash item and notice from an untrusted
 * file; `dropped` counts the records that were not.
 */
export function sanitizeLibraryData(raw: unknown): { value: LibraryData; dropped: number } {
  const sieve = new Sieve()
  const value = emptyLibraryData()
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { value, dropped: 1 }
  const data = raw as Record<string, unknown>
  // Version 1 is read and migrated field by field below; anything else is not understood.
  if (data.version !== LIBRARY_FILE_VERSION && data.version !== 1) sieve.dropped++
  value.books = sieve.keep(data.books, (b) => parseBook(b, sieve))
  value.trash = sieve.keep(data.trash, (t) => {
    const item = trashSchema.safeParse(t)
    if (!item.success) return null
    if (item.data.kind === 'chapter') return item.data
    const book = parseBook(item.data.book, sieve)
    return book ? { ...item.data, book } : null
  })
  value.notices = sieve.keep(data.notices, (n) => noticeSchema.safeParse(n).data ?? null)
  value.members = sieve.keep(data.members, (m) => memberSchema.safeParse(m).data ?? null)
  value.shares = sieve.keep(data.shares, (m) => shareSchema.safeParse(m).data ?? null)
  value.joined = sieve.keep(data.joined, parseJoined)
  if (data.settings !== undefined) {
    const settings = readSettings(data.settings)
    if (settings) value.settings = settings
    else sieve.dropped++
  }
  const session = sessionSchema.safeParse(data.session)
  if (session.success) value.session = session.data
  else sieve.dropped++
  return { value, dropped: sieve.dropped }
}
