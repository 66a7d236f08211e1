/**
 * Import Word document: read the file in a worker (mammoth), cut it into
 * chapters on the main thread in short slices, show the preview, and on
 * confirmation create the chapters, each from a fresh Y.Doc. A file that
 * cannot be imported stops before anything is created; a failure half-way
 * through creating moves what was made to the Trash.
 */
import type { QuireApi } from '../../shared/contract'
import type { LibrarySnapshot } from '../../shared/library'
import { chaptersFromSections, documentName, type ImportedChapter } from '../../shared/manuscript/importChapters'
import { importFailureMessage, MAX_WORD_FILE_BYTES, type ImportFailure } from '../../shared/manuscript/wordFile'
import { createChapterFromDoc } from './markdownFiles'
import { ImportCancelled, sectionsFromHtml } from './wordHtml'
import { isWordWorkerReply, runWorker, WorkerStopped, type WordWorkerReply } from './workerProtocol'

/** mammoth reads a 100,000-word manuscript in seconds; a file that takes this long is hostile or broken. */
const CONVERT_TIMEOUT_MS = 180_000

export interface WordPreview {
  fileName: string
  /** The document's name, for a new book's title. */
  name: string
  chapters: ImportedChapter[]
}

/** How far an import has come, for the progress bar. */
export type ImportProgress = { step: 'reading' } | { step: 'splitting'; done: number; total: number } | { step: 'creating'; done: number; total: number }

/** An import that stopped, with what to tell the user. */
export class WordImportError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'WordImportError'
  }
}

const fail = (reason: ImportFailure, fileName: string) => new WordImportError(importFailureMessage(reason, fileName))

function startWorker(): Worker {
  return new Worker(new URL('./wordWorker.ts', import.meta.url), { type: 'module', name: 'quire-word-import' })
}

/**
 * Reads a Word file into chapters for the preview. Throws WordImportError
 * (plain message) or ImportCancelled. `createWorker` replaces the app's
 * bundled worker (the benchmark page bundles its own).
 */
export async function readWordFile(
  file: File,
  onProgress: (progress: ImportProgress) => void,
  signal: AbortSignal,
  createWorker: () => Worker = startWorker,
): Promise<WordPreview> {
  if (file.size > MAX_WORD_FILE_BYTES) throw fail('too-large', file.name)
  onProgress({ step: 'reading' })
  const bytes = await file.arrayBuffer()
  let reply: WordWorkerReply
  try {
    reply = await runWorker(createWorker, { type: 'convert', bytes }, { transfer: [bytes], timeoutMs: CONVERT_TIMEOUT_MS, signal, isReply: isWordWorkerReply })
  } catch (error) {
    if (error instanceof WorkerStopped && error.why === 'cancelled') throw new ImportCancelled()
    throw fail('damaged', file.name)
  }
  if (reply.type === 'failed') throw fail(reply.reason, file.name)
  const body = new DOMParser().parseFromString(reply.html, 'text/html').body
  const sections = await sectionsFromHtml(body, {
    onProgress: (done, total) => onProgress({ step: 'splitting', done, total }),
    cancelled: () => signal.aborted,
  })
  const chapters = chaptersFromSections(sections, file.name)
  if (chapters.length === 0) throw fail('empty', file.name)
  return { fileName: file.name, name: documentName(file.name), chapters }
}

/** Where the chapters go: the end of an open book, or a new book. */
export type ImportTarget = { bookId: string } | { newBookTitle: string }

/**
 * Creates the chapters in order and opens the first. Resolves with the final
 * snapshot; on failure, moves what it made to the Trash and throws a
 * WordImportError saying so.
 */
export async function createImportedChapters(
  api: QuireApi,
  target: ImportTarget,
  chapters: readonly ImportedChapter[],
  onProgress: (progress: ImportProgress) => void,
): Promise<LibrarySnapshot> {
  let bookId = 'bookId' in target ? target.bookId : null
  let newBookId: string | null = null
  const made: string[] = []
  try {
    if (bookId === null) {
      const created = await api['book:create']({ title: (target as { newBookTitle: string }).newBookTitle })
      bookId = newBookId = created.session.bookId
      if (!bookId) throw new Error('The new book could not be created.')
    }
    for (const [i, chapter] of chapters.entries()) {
      onProgress({ step: 'creating', done: i, total: chapters.length })
      made.push((await createChapterFromDoc(api, bookId, chapter.title, chapter.doc)).chapterId)
      // Let the window paint between chapters: building a long chapter's Y.Doc takes a moment.
      await new Promise((resolve) => setTimeout(resolve, 0))
    }
    onProgress({ step: 'creating', done: chapters.length, total: chapters.length })
    return await api['session:open']({ bookId, chapterId: made[0] ?? null })
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    try {
      if (newBookId) await api['book:trash']({ bookId: newBookId })
      else for (const chapterId of made) await api['chapter:trash']({ chapterId })
    } catch {
      // Best effort: the error below already tells the user to look.
    }
    const undone = newBookId ? ' The new book was moved to the Trash.' : made.length > 0 ? ` The ${made.length} chapters created so far were moved to the Trash.` : ''
    throw new WordImportError(`The import stopped: ${reason}${undone}`)
  }
}
