/**
 * The library: books, chapters, the Trash, the session and user notices.
 * Main is the only writer; every mutation is written to `library.json`
 * (atomically, through lowdb) before the call resolves, except two things
 * typing pauses produce: word counts are written with the next write, or a
 * moment later (WORDS_WRITE_DELAY_MS), and carets go to their own file
 * (carets.ts), never to library.json.
 */
import type { Low } from 'lowdb'
import { QuireError } from '../../shared/contract'
import { COMMENT_TRASH_DAYS, type Book, type Chapter, type DeletedCommentItem, type LibrarySnapshot, type Notice, type TrashItem } from '../../shared/library'
import type { Profile } from '../../shared/sharing'
import type { ViewStateFile } from './viewState'
import type { LibraryData } from './libraryData'

export interface LibraryDeps {
  now: () => number
  newId: () => string
  /** The user's identity, owned by IdentityStore. */
  profile: () => Profile | null
}

export const UNTITLED_CHAPTER = 'Untitled chapter'
/**
 * A word count is written this long after it changed, unless another change
 * writes library.json first: counts arrive at every pause in typing, and each
 * write of library.json is an fsync of the whole file. A count lost to a
 * crash is counted again when its chapter next opens.
 */
export const WORDS_WRITE_DELAY_MS = 5000

export class Library {
  private wordsTimer: ReturnType<typeof setTimeout> | null = null
  private pendingWrite: Promise<void> | null = null

  constructor(
    private readonly db: Low<LibraryData>,
    private readonly deps: LibraryDeps,
    private readonly carets: ViewStateFile,
  ) {
    // Carets kept in library.json by an older Quire now live in the caret file (which took them when it opened).
    this.db.data.session.selections = {}
  }

  /** The live metadata; other services (sharing) mutate it and then call commit(). */
  get data(): LibraryData {
    return this.db.data
  }

  snapshot(): LibrarySnapshot {
    const { books, trash, deletedComments, session, notices, members, shares, joined, settings, versions } = this.data
    const snapshot = structuredClone({ books, trash, deletedComments, session, notices, members, shares, joined, settings, versions })
    snapshot.session.selections = this.carets.all()
    return { ...snapshot, seen: this.carets.allSeen(), profile: this.deps.profile() }
  }

  /** Writes the metadata and returns the new snapshot. */
  async commit(): Promise<LibrarySnapshot> {
    this.cancelWordsWrite()
    await this.db.write()
    return this.snapshot()
  }

  /** Writes what is waiting (word counts, carets); call before quitting. */
  async flush(): Promise<void> {
    if (this.wordsTimer) {
      this.cancelWordsWrite()
      this.pendingWrite = this.db.write()
    }
    await Promise.all([this.pendingWrite, this.carets.flush()])
  }

  private cancelWordsWrite(): void {
    if (this.wordsTimer) clearTimeout(this.wordsTimer)
    this.wordsTimer = null
  }

  private book(bookId: string): Book {
    const book = this.data.books.find((b) => b.id === bookId)
    if (!book) throw new QuireError('not-found', 'That book no longer exists.')
    return book
  }

  private chapter(chapterId: string): { book: Book; chapter: Chapter; index: number } {
    for (const book of this.data.books) {
      const index = book.chapters.findIndex((c) => c.id === chapterId)
      if (index >= 0) return { book, chapter: book.chapters[index]!, index }
    }
    throw new QuireError('not-found', 'That chapter no longer exists.')
  }

  /** True when the id names a document Quire keeps: its log may be read and written. */
  hasDoc(docId: string): boolean {
    return this.docIds().has(docId)
  }

  /** Every document id the library knows: chapters in books and in the Trash, share replicas, joined chapters. */
  docIds(): Set<string> {
    const ids = new Set<string>()
    for (const book of this.data.books) for (const c of book.chapters) ids.add(c.id)
    for (const item of this.data.trash) {
      if (item.kind === 'chapter') ids.add(item.id)
      else for (const c of item.book.chapters) ids.add(c.id)
    }
    for (const share of this.data.shares) for (const c of share.chapters) ids.add(c.replicaId)
    for (const joined of this.data.joined) for (const c of joined.chapters) ids.add(c.docId)
    for (const version of this.data.versions) ids.add(version.id)
    return ids
  }

  /** How to name a document to the user: which chapter of which book, or whose shared chapter. */
  describeDoc(docId: string): string {
    for (const book of this.data.books) {
      const chapter = book.chapters.find((c) => c.id === docId)
      if (chapter) return `Chapter “${chapter.title}” of “${book.title}”`
    }
    for (const item of this.data.trash) {
      const chapter = item.kind === 'chapter' ? (item.id === docId ? item.chapter : undefined) : item.book.chapters.find((c) => c.id === docId)
      if (chapter) return `Chapter “${chapter.title}” (in the Trash)`
    }
    for (const share of this.data.shares) {
      const shared = share.chapters.find((c) => c.replicaId === docId)
      const book = this.data.books.find((b) => b.id === share.bookId)
      const chapter = shared && book?.chapters.find((c) => c.id === shared.chapterId)
      if (shared) return `The shared copy of chapter “${chapter?.title ?? 'untitled'}” of “${book?.title ?? 'a book'}”`
    }
    for (const joined of this.data.joined) {
      const chapter = joined.chapters.find((c) => c.docId === docId)
      if (chapter) return `“${chapter.title}”, shared with you by ${joined.author.name}`
    }
    const version = this.data.versions.find((v) => v.id === docId)
    if (version) return `The saved version “${version.name}”`
    return 'A chapter'
  }

  private newChapter(title: string): Chapter {
    const at = this.deps.now()
    return { id: this.deps.newId(), title, words: 0, createdAt: at, updatedAt: at }
  }

  async createBook(title: string): Promise<LibrarySnapshot> {
    const at = this.deps.now()
    const book: Book = { id: this.deps.newId(), title, chapters: [], createdAt: at, updatedAt: at }
    this.data.books.push(book)
    this.data.session = { ...this.data.session, bookId: book.id, chapterId: null }
    return this.commit()
  }

  async renameBook(bookId: string, title: string): Promise<LibrarySnapshot> {
    const book = this.book(bookId)
    book.title = title
    book.updatedAt = this.deps.now()
    return this.commit()
  }

  async trashBook(bookId: string): Promise<LibrarySnapshot> {
    const book = this.book(bookId)
    this.data.books = this.data.books.filter((b) => b.id !== bookId)
    this.data.trash.unshift({ kind: 'book', id: book.id, book, trashedAt: this.deps.now() })
    if (this.data.session.bookId === bookId) this.data.session = { ...this.data.session, bookId: null, chapterId: null }
    return this.commit()
  }

  /**
   * Adds a chapter at the end of a book and opens it. `prepare` runs first
   * (writing an import's text), so no window can open the chapter before its
   * text is there.
   */
  async createChapter(bookId: string, title = UNTITLED_CHAPTER, prepare?: (chapterId: string) => Promise<void>): Promise<LibrarySnapshot> {
    this.book(bookId)
    const chapter = this.newChapter(title)
    await prepare?.(chapter.id)
    const book = this.book(bookId)
    book.chapters.push(chapter)
    book.updatedAt = chapter.createdAt
    this.data.session = { ...this.data.session, bookId, chapterId: chapter.id }
    return this.commit()
  }

  /** Adds a book of chapters for documents the metadata lost, so no text is ever unreachable. */
  async adoptOrphans(orphans: Array<{ docId: string; words: number }>): Promise<LibrarySnapshot> {
    if (orphans.length === 0) return this.snapshot()
    const at = this.deps.now()
    const chapters = orphans.map(({ docId, words }, i) => ({ id: docId, title: `Recovered chapter ${i + 1}`, words, createdAt: at, updatedAt: at }))
    this.data.books.push({ id: this.deps.newId(), title: 'Recovered chapters', chapters, createdAt: at, updatedAt: at })
    return this.commit()
  }

  async renameChapter(chapterId: string, title: string): Promise<LibrarySnapshot> {
    const { book, chapter } = this.chapter(chapterId)
    chapter.title = title
    chapter.updatedAt = book.updatedAt = this.deps.now()
    return this.commit()
  }

  async moveChapter(chapterId: string, toIndex: number): Promise<LibrarySnapshot> {
    const { book, chapter, index } = this.chapter(chapterId)
    book.chapters.splice(index, 1)
    book.chapters.splice(Math.min(toIndex, book.chapters.length), 0, chapter)
    book.updatedAt = this.deps.now()
    return this.commit()
  }

  /** Takes a chapter's word count now and writes it with the next write of library.json, at the latest WORDS_WRITE_DELAY_MS later. */
  async setChapterWords(chapterId: string, words: number): Promise<LibrarySnapshot> {
    const found = this.findChapter(chapterId)
    if (found && found.words !== words) {
      found.words = words
      found.updatedAt = this.deps.now()
      this.wordsTimer ??= setTimeout(() => {
        this.wordsTimer = null
        // A failed write is retried by the next change; the count itself is recomputed when the chapter opens.
        this.pendingWrite = this.db.write().catch(() => {})
      }, WORDS_WRITE_DELAY_MS)
    }
    return this.snapshot()
  }

  private findChapter(chapterId: string): Chapter | undefined {
    for (const book of this.data.books) {
      const chapter = book.chapters.find((c) => c.id === chapterId)
      if (chapter) return chapter
    }
    return undefined
  }

  async trashChapter(chapterId: string): Promise<LibrarySnapshot> {
    const { book, chapter, index } = this.chapter(chapterId)
    book.chapters.splice(index, 1)
    this.data.trash.unshift({
      kind: 'chapter',
      id: chapter.id,
      chapter,
      bookId: book.id,
      bookTitle: book.title,
      index,
      trashedAt: this.deps.now(),
    })
    if (this.data.session.chapterId === chapterId) {
      const next = book.chapters[Math.min(index, book.chapters.length - 1)]
      this.data.session = { ...this.data.session, chapterId: next?.id ?? null }
    }
    return this.commit()
  }

  private trashItem(itemId: string): TrashItem {
    const item = this.data.trash.find((t) => t.id === itemId)
    if (!item) throw new QuireError('not-found', 'That item is no longer in the Trash.')
    return item
  }

  /** Puts a book or chapter back where it was; a chapter whose book is gone comes back in a book of its old title. */
  async restore(itemId: string): Promise<LibrarySnapshot> {
    const item = this.trashItem(itemId)
    this.data.trash = this.data.trash.filter((t) => t !== item)
    if (item.kind === 'book') {
      this.data.books.push(item.book)
      this.data.session = { ...this.data.session, bookId: item.book.id, chapterId: item.book.chapters[0]?.id ?? null }
    } else {
      let book = this.data.books.find((b) => b.id === item.bookId)
      if (!book) {
        const at = this.deps.now()
        book = { id: this.deps.newId(), title: item.bookTitle, chapters: [], createdAt: at, updatedAt: at }
        this.data.books.push(book)
      }
      book.chapters.splice(Math.min(item.index, book.chapters.length), 0, item.chapter)
      this.data.session = { ...this.data.session, bookId: book.id, chapterId: item.chapter.id }
    }
    return this.commit()
  }

  /** Removes an item from the Trash for good; returns the chapter ids whose documents may now be deleted. */
  async purge(itemId: string): Promise<{ snapshot: LibrarySnapshot; chapterIds: string[] }> {
    const item = this.trashItem(itemId)
    this.data.trash = this.data.trash.filter((t) => t !== item)
    const chapterIds = item.kind === 'chapter' ? [item.id] : item.book.chapters.map((c) => c.id)
    this.carets.forget(chapterIds)
    return { snapshot: await this.commit(), chapterIds }
  }

  /** Opens a book and chapter, or a joined share and one of its chapters (bookId = share id, chapterId = doc id). */
  async openSession(bookId: string | null, chapterId: string | null): Promise<LibrarySnapshot> {
    const joined = this.data.joined.find((j) => j.id === bookId)
    if (joined) {
      if (chapterId && !joined.chapters.some((c) => c.docId === chapterId)) {
        throw new QuireError('not-found', 'That shared chapter is no longer available.')
      }
      this.data.session = { ...this.data.session, bookId, chapterId }
      return this.commit()
    }
    if (bookId) this.book(bookId)
    if (chapterId) this.chapter(chapterId)
    this.data.session = { ...this.data.session, bookId, chapterId }
    return this.commit()
  }

  /** Remembers the caret in a chapter; it goes to the caret file a moment later, never to library.json. */
  async setSelection(chapterId: string, anchor: number, head: number): Promise<void> {
    if (!this.hasDoc(chapterId)) throw new QuireError('not-found', 'That chapter no longer exists.')
    this.carets.set(chapterId, { anchor, head })
  }

  /** Notes that the user has seen these comments of a shared chapter. */
  markSeen(docId: string, messageIds: string[]): LibrarySnapshot | null {
    if (!this.hasDoc(docId)) throw new QuireError('not-found', 'That shared chapter no longer exists.')
    return this.carets.markSeen(docId, messageIds) ? this.snapshot() : null
  }

  /** Keeps a deleted comment's words so it can be restored; a restored one is forgotten with forgetComment. */
  async keepDeletedComment(item: Omit<DeletedCommentItem, 'id' | 'deletedAt'>): Promise<{ itemId: string; snapshot: LibrarySnapshot }> {
    if (!this.hasDoc(item.docId)) throw new QuireError('not-found', 'That shared chapter no longer exists.')
    const kept: DeletedCommentItem = { ...item, id: this.deps.newId(), deletedAt: this.deps.now() }
    this.data.deletedComments.unshift(kept)
    return { itemId: kept.id, snapshot: await this.commit() }
  }

  async forgetDeletedComment(itemId: string): Promise<LibrarySnapshot> {
    this.data.deletedComments = this.data.deletedComments.filter((c) => c.id !== itemId)
    return this.commit()
  }

  /** Drops deleted comments older than COMMENT_TRASH_DAYS, and those of chapters no longer here. */
  async expireDeletedComments(): Promise<void> {
    const cutoff = this.deps.now() - COMMENT_TRASH_DAYS * 24 * 60 * 60 * 1000
    const kept = this.data.deletedComments.filter((c) => c.deletedAt >= cutoff && this.hasDoc(c.docId))
    if (kept.length === this.data.deletedComments.length) return
    this.data.deletedComments = kept
    await this.commit()
  }

  async addNotice(level: Notice['level'], message: string): Promise<LibrarySnapshot> {
    this.data.notices.push({ id: this.deps.newId(), level, message, at: this.deps.now() })
    return this.commit()
  }

  async dismissNotice(noticeId: string): Promise<LibrarySnapshot> {
    this.data.notices = this.data.notices.filter((n) => n.id !== noticeId)
    return this.commit()
  }
}
