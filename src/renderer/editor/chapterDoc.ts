/**
 * A chapter's live Y.Doc with its Persistence attached: loaded from main,
 * every later change written back. One Y.Doc per chapter, never rebuilt from
 * text.
 */
import * as Y from 'yjs'
import type { QuireApi } from '../../shared/contract'
import { TEXT_ROOT } from '../../shared/ydoc'
import { Persistence } from './persistence'

export class ChapterDoc {
  readonly fragment: Y.XmlFragment

  private constructor(
    readonly chapterId: string,
    readonly doc: Y.Doc,
    private readonly persistence: Persistence,
  ) {
    this.fragment = doc.getXmlFragment(TEXT_ROOT)
  }

  static async open(chapterId: string, api: QuireApi, onError: (error: unknown) => void): Promise<ChapterDoc> {
    const doc = new Y.Doc()
    const persistence = new Persistence(chapterId, doc, api, { onError })
    try {
      await persistence.whenLoaded
    } catch (error) {
      await persistence.destroy()
      doc.destroy()
      throw error
    }
    return new ChapterDoc(chapterId, doc, persistence)
  }

  /** Resolves once every change so far is on disk. */
  flush(): Promise<void> {
    return this.persistence.flush()
  }

  /** Writes what is pending, then releases the document. */
  async close(): Promise<void> {
    await this.persistence.destroy()
    this.doc.destroy()
  }
}
