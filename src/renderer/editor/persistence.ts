/**
 * Keeps a Y.Doc on disk through main, the way Yjs providers attach to a
 * document they did not create (`new IndexeddbPersistence(name, doc)`):
 * `new Persistence(docId, doc, api)` loads what main holds into the doc, then
 * sends every later change back through an UpdateQueue, in order. It owns
 * nothing else: editing, sync and persistence meet only at the Y.Doc.
 */
import * as Y from 'yjs'
import type { QuireApi } from '../../shared/contract'
import { UpdateQueue } from './updateQueue'

/**
 * How long typing may run before its updates go to main in one write. A
 * write costs an IPC round trip and an fsync on the other side; a burst of
 * keystrokes this short costs one. Far inside the 500 ms in which every
 * change must reach main.
 */
export const COALESCE_MS = 50

export interface PersistenceOptions {
  /** A write failed (it is kept and retried). */
  onError?: (error: unknown) => void
  /** See COALESCE_MS; 0 sends each change as soon as no write is in flight. */
  coalesceMs?: number
}

export class Persistence {
  /** Resolves once the stored state is in the doc; rejects when main could not load it. */
  readonly whenLoaded: Promise<void>
  private readonly queue: UpdateQueue
  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    // What came from disk is not written back.
    if (origin !== this) this.queue.push(update)
  }

  constructor(
    readonly docId: string,
    readonly doc: Y.Doc,
    api: QuireApi,
    options: PersistenceOptions = {},
  ) {
    this.queue = new UpdateQueue((update) => api['doc:append']({ docId, update }), options.onError, options.coalesceMs ?? COALESCE_MS)
    doc.on('update', this.onUpdate)
    this.whenLoaded = api['doc:load']({ docId }).then((state) => {
      if (state.byteLength === 0) return
      // Not heard while it loads: with a listener, Yjs would encode the whole stored state again only to have it
      // ignored (half the time a 60,000-word chapter takes to load).
      doc.off('update', this.onUpdate)
      try {
        Y.applyUpdate(doc, state, this)
      } finally {
        doc.on('update', this.onUpdate)
      }
    })
  }

  /** Resolves once every change so far is written. */
  flush(): Promise<void> {
    return this.queue.flush()
  }

  /** Stops listening and writes what is pending; the doc itself stays its owner's. */
  async destroy(): Promise<void> {
    this.doc.off('update', this.onUpdate)
    await this.queue.flush()
  }
}
