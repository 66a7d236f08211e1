/**
 * Main's part in review rounds: opening what peers sealed to the user (the
 * secret key never leaves main), saved versions of chapters, and how a
 * share is reviewed. The rest of review rounds lives in the shared chapters
 * themselves (src/shared/review).
 */
import { QuireError } from '../../shared/contract'
import type { ChapterVersion, LibrarySnapshot } from '../../shared/library'
import type { ReviewMode } from '../../shared/sharing'
import type { IdentityStore } from './identity'
import type { Library } from './library'
import type { DocStore } from './updateLog'

export interface ReviewRoundsDeps {
  now: () => number
  newId: () => string
}

const decoder = new TextDecoder('utf-8', { fatal: true })

export class ReviewRounds {
  constructor(
    private readonly library: Library,
    private readonly identity: IdentityStore,
    private readonly docs: DocStore,
    private readonly deps: ReviewRoundsDeps,
  ) {}

  /** Opens each sealed message with the user's key; null for any that is not for them or not text. */
  openSealed(sealed: readonly string[]): Array<string | null> {
    if (!this.identity.profile) throw new QuireError('forbidden', 'Tell Quire your name first: sealed comments open with your key.')
    return sealed.map((message) => {
      const bytes = this.identity.openSealed(message)
      if (!bytes) return null
      try {
        return decoder.decode(bytes)
      } catch {
        return null
      }
    })
  }

  /** Saves the chapter's state as a named version, in a document of its own. */
  async saveVersion(args: { chapterId: string; name: string; update: Uint8Array; draft?: number }): Promise<{ versionId: string; snapshot: LibrarySnapshot }> {
    const isChapter = this.library.data.books.some((book) => book.chapters.some((c) => c.id === args.chapterId))
    if (!isChapter) throw new QuireError('not-found', 'That chapter no longer exists, so no version of it can be saved.')
    const version: ChapterVersion = { id: this.deps.newId(), chapterId: args.chapterId, name: args.name.trim(), savedAt: this.deps.now() }
    if (args.draft !== undefined) version.draft = args.draft
    // The copy goes to disk (fsynced) before the library names it: a version in the list always has its text.
    try {
      await this.docs.append(version.id, args.update)
    } catch {
      throw new QuireError('invalid-argument', 'That version could not be saved: what was sent is not a chapter’s text. Nothing was changed.')
    }
    this.library.data.versions.push(version)
    return { versionId: version.id, snapshot: await this.library.commit() }
  }

  async deleteVersion(versionId: string): Promise<LibrarySnapshot> {
    const data = this.library.data
    if (!data.versions.some((v) => v.id === versionId)) throw new QuireError('not-found', 'That version is already gone.')
    data.versions = data.versions.filter((v) => v.id !== versionId)
    const snapshot = await this.library.commit()
    await this.docs.remove(versionId)
    return snapshot
  }

  isVersion(docId: string): boolean {
    return this.library.data.versions.some((v) => v.id === docId)
  }

  /** Forgets the versions of chapters deleted for good; returns their documents, to remove. */
  forgetChapters(chapterIds: readonly string[]): string[] {
    const gone = new Set(chapterIds)
    const data = this.library.data
    const removed = data.versions.filter((v) => gone.has(v.chapterId)).map((v) => v.id)
    data.versions = data.versions.filter((v) => !gone.has(v.chapterId))
    return removed
  }

  /**
   * Sets how a share is reviewed. A blind review may open to a round table;
   * a round table cannot turn blind, since its reviewers have already read
   * each other's comments.
   */
  async setReviewMode(shareId: string, mode: ReviewMode): Promise<LibrarySnapshot> {
    const share = this.library.data.shares.find((s) => s.id === shareId)
    if (!share) throw new QuireError('not-found', 'That share no longer exists.')
    if (share.review === 'round-table' && mode === 'blind') {
      throw new QuireError('invalid-argument', 'This review is already a round table: its reviewers have read each other’s comments, so it cannot become blind.')
    }
    share.review = mode
    return this.library.commit()
  }
}
