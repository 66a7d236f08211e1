/**
 * The author's chapters opened in this window session. A chapter's Y.Doc and
 * its last editor state stay in memory after its editor closes, so coming
 * back to a chapter keeps its undo history and caret; an editor letting go
 * only flushes pending writes.
 */
import type { EditorState, Plugin } from 'prosemirror-state'
import * as Y from 'yjs'
import type { QuireApi } from '../../shared/contract'
import { ChapterDoc } from './chapterDoc'
import { stateFromFragment, type DocSource } from './editorState'

/** Origin of the empty first paragraph a new chapter gets. */
const SEEDED = Symbol('seeded')

/**
 * Gives an empty chapter the empty paragraph ProseMirror shows anyway, so the
 * Y.Doc and the editor agree from the first keystroke: an editor showing a
 * paragraph the Y.Doc lacks writes it back as a change of its own.
 */
export function seedEmptyChapter(fragment: Y.XmlFragment): void {
  if (fragment.length > 0 || !fragment.doc) return
  fragment.doc.transact(() => fragment.insert(0, [new Y.XmlElement('paragraph')]), SEEDED)
}

class ChapterSession {
  /** The binding's and history's plugins, kept with the state they belong to. */
  private base: Plugin[] = []
  private kept: EditorState | null = null
  private attached = false
  private readonly onUpdate = (): void => {
    // Changed while no editor showed it: the kept state no longer matches the text.
    if (!this.attached) this.kept = null
  }

  constructor(readonly chapter: ChapterDoc) {
    chapter.doc.on('update', this.onUpdate)
  }

  source(): DocSource {
    const { doc, fragment } = this.chapter
    return {
      doc,
      fragment,
      createState: (extra) => {
        this.attached = true
        if (this.kept) return { state: this.kept.reconfigure({ plugins: [...this.base, ...extra] }), fresh: false }
        const { state, base } = stateFromFragment(fragment, false, extra)
        this.base = base
        return { state, fresh: true }
      },
      release: async (last) => {
        this.attached = false
        this.kept = last
        await this.chapter.flush()
      },
    }
  }

  async close(): Promise<void> {
    this.chapter.doc.off('update', this.onUpdate)
    this.kept = null
    await this.chapter.close()
  }
}

export class ChapterSessions {
  private readonly sessions = new Map<string, Promise<ChapterSession>>()

  constructor(
    private readonly api: QuireApi,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** The chapter as a source for an editor, loaded on first use and kept for the session. */
  async open(chapterId: string): Promise<DocSource> {
    return (await this.session(chapterId)).source()
  }

  /**
   * Starts loading a chapter that is about to be shown, so the load overlaps
   * whatever comes first (main remembering the choice, React's render); the
   * editor's open() then finds it loaded or on its way. Failures are left for
   * open() to report.
   */
  prefetch(chapterId: string): void {
    this.session(chapterId).catch(() => {})
  }

  /** The chapter's live document (loaded on first use). */
  async doc(chapterId: string): Promise<ChapterDoc> {
    return (await this.session(chapterId)).chapter
  }

  /** Closes every session whose chapter is not in `chapterIds` (trashed, purged, gone). */
  retain(chapterIds: ReadonlySet<string>): void {
    for (const chapterId of [...this.sessions.keys()]) if (!chapterIds.has(chapterId)) void this.close(chapterId)
  }

  /** Writes what is pending and releases every chapter. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.sessions.keys()].map((chapterId) => this.close(chapterId)))
  }

  private session(chapterId: string): Promise<ChapterSession> {
    let session = this.sessions.get(chapterId)
    if (!session) {
      session = ChapterDoc.open(chapterId, this.api, this.onError).then((chapter) => {
        seedEmptyChapter(chapter.fragment)
        return new ChapterSession(chapter)
      })
      this.sessions.set(chapterId, session)
      session.catch(() => this.sessions.delete(chapterId))
    }
    return session
  }

  private async close(chapterId: string): Promise<void> {
    const session = this.sessions.get(chapterId)
    this.sessions.delete(chapterId)
    await (await session?.catch(() => null))?.close()
  }
}
