import type { JoinedShare, Member, Profile, Settings, Share } from './sharing'

/**
 * The library's metadata as the renderer sees it. Chapter text is not here:
 * it lives in each chapter's Y.Doc, stored as an update log by main.
 */

export interface Chapter {
  id: string
  title: string
  /** Words in the chapter, reported by the editor; used for the book total. */
  words: number
  createdAt: number
  updatedAt: number
}

export interface Book {
  id: string
  title: string
  /** Chapters in reading order. */
  chapters: Chapter[]
  createdAt: number
  updatedAt: number
}

/** Something moved to the Trash: a whole book, or one chapter of a book. */
export type TrashItem =
  | { kind: 'book'; id: string; book: Book; trashedAt: number }
  | {
      kind: 'chapter'
      id: string
      chapter: Chapter
      bookId: string
      bookTitle: string
      /** Where it stood, so restoring puts it back in place. */
      index: number
      trashedAt: number
    }

/**
 * A comment the user deleted: its words are kept here (and nowhere else) for
 * COMMENT_TRASH_DAYS, so it can be restored into the shared chapter.
 */
export interface DeletedCommentItem {
  id: string
  /** The shared chapter's document (the author's replica, or the reviewer's copy). */
  docId: string
  chapterTitle: string
  threadId: string
  messageId: string
  body: string
  /** The passage it was on. */
  quote: string
  deletedAt: number
}

/** How long deleted comments wait in the Trash. */
export const COMMENT_TRASH_DAYS = 30

/**
 * A named version of a chapter, saved by "Save version" or "Share new
 * draft": a copy of the chapter's Yjs state at that moment, in its own
 * document (`id`) that is never written again.
 */
export interface ChapterVersion {
  id: string
  chapterId: string
  name: string
  savedAt: number
  /** Set when the version is a draft shared with reviewers. */
  draft?: number
}

/** A caret or selection as ProseMirror positions. */
export interface SelectionSpot {
  anchor: number
  head: number
}

/** What was open when Quire last closed, restored on the next start. */
export interface Session {
  bookId: string | null
  chapterId: string | null
  selections: Record<string, SelectionSpot>
}

/** Something the user must know about, e.g. a damaged file that was set aside. */
export interface Notice {
  id: string
  level: 'info' | 'warning' | 'error'
  message: string
  at: number
}

export interface LibrarySnapshot {
  books: Book[]
  trash: TrashItem[]
  deletedComments: DeletedCommentItem[]
  session: Session
  /** The comment ids the user has seen, per shared chapter document: the rest are marked new. */
  seen: Record<string, string[]>
  notices: Notice[]
  /** Null until the user has told Quire their name on first run. */
  profile: Profile | null
  members: Member[]
  shares: Share[]
  joined: JoinedShare[]
  settings: Settings
  /** Saved versions of the author's chapters, oldest first. */
  versions: ChapterVersion[]
}

export function emptySession(): Session {
  return { bookId: null, chapterId: null, selections: {} }
}

export function bookWords(book: Book): number {
  return book.chapters.reduce((sum, chapter) => sum + chapter.words, 0)
}
