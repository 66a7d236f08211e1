/**
 * A chapter's live Y.Doc: loaded from main, every later change sent back
 * through an UpdateQueue. One Y.Doc per chapter, never rebuilt from text.
 */
import * as Y from 'yjs'
import type { QuireApi } from '../../shared/contract'
import { TEXT_ROOT } from '../../shared/ydoc'
import { UpdateQueue } from './updateQueue'

/** Marks updates that came from disk, so they are not written back. */
const FROM_DISK = Symbol('from-disk')

export class ChapterDoc {
  readonly doc = new Y.Doc()
  readonly fragment: Y.XmlFragment = this.doc.getXmlFragment(TEXT_ROOT)
  private readonly queue: UpdateQueue
  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin !== FROM_DISK) this.queue.push(update)
  }

  private constructor(
    readonly chapterId: string,
    api: QuireApi,
    onError: (error: unknown) => void,
  ) {
    this.queue = new UpdateQueue((update) => api['doc:append']({ docId: chapterId, update }), onError)
    this.doc.on('update', this.onUpdate)
  }

  static async open(chapterId: string, api: QuireApi, onError: (error: unknown) => void): Promise<ChapterDoc> {
    const chapter = new ChapterDoc(chapterId, api, onError)
    try {
      const state = await api['doc:load']({ docId: chapterId })
      if (state.byteLength > 0) Y.applyUpdate(chapter.doc, state, FROM_DISK)
    } catch (error) {
      chapter.doc.off('update', chapter.onUpdate)
      chapter.doc.destroy()
      throw error
    }
    return chapter
  }

  /** Resolves once every change so far is on disk. */
  flush(): Promise<void> {
    return this.queue.flush()
  }

  /** Writes what is pending, then releases the document. */
  async close(): Promise<void> {
    this.doc.off('update', this.onUpdate)
    await this.queue.flush()
    this.doc.destroy()
  }
}
