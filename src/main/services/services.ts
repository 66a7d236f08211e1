/**
 * Opens everything Quire keeps in one data folder and implements the IPC
 * contract over it. Both hosts — Electron main and the browser host — call
 * this; only the transport in front of it differs.
 */
import { randomBytes } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { CallHandlers, EventChannel, EventPayloads } from '../../shared/contract'
import { QuireError } from '../../shared/contract'
import { Library } from './library'
import { emptyLibraryData, sanitizeLibraryData } from './libraryData'
import { openJsonFile } from './metaFile'
import { DocStore } from './updateLog'

export type Emit = <E extends EventChannel>(event: E, payload: EventPayloads[E]) => void

export interface ServiceOptions {
  emit?: Emit
  now?: () => number
  newId?: () => string
}

export interface QuireServices {
  handlers: CallHandlers
  library: Library
  docs: DocStore
  /** Waits for every pending write, then releases the folder. */
  close(): Promise<void>
}

export const LIBRARY_FILE = 'library.json'
export const DOCS_DIR = 'docs'

export function newId(): string {
  return randomBytes(12).toString('base64url')
}

export async function openServices(dataDir: string, options: ServiceOptions = {}): Promise<QuireServices> {
  const emit: Emit = options.emit ?? (() => {})
  const deps = { now: options.now ?? Date.now, newId: options.newId ?? newId }
  await mkdir(join(dataDir, DOCS_DIR), { recursive: true })

  const { db, problems } = await openJsonFile(join(dataDir, LIBRARY_FILE), emptyLibraryData, sanitizeLibraryData)
  const library = new Library(db, deps)
  const docs = new DocStore(join(dataDir, DOCS_DIR), { now: deps.now })

  for (const problem of problems) await library.addNotice('warning', problem.message)
  const known = library.chapterIds()
  const orphans = (await docs.list()).filter((docId) => !known.has(docId))
  if (orphans.length > 0) {
    await library.adoptOrphans(orphans)
    await library.addNotice(
      'info',
      `Quire found ${orphans.length === 1 ? 'a chapter' : `${orphans.length} chapters`} the library had lost track of and put ${orphans.length === 1 ? 'it' : 'them'} in the book “Recovered chapters”.`,
    )
  }

  const changed = <T>(snapshot: T): T => {
    emit('library:changed', library.snapshot())
    return snapshot
  }
  const requireChapter = (docId: string): void => {
    if (!library.hasChapter(docId)) throw new QuireError('not-found', 'That chapter no longer exists.')
  }

  const handlers: CallHandlers = {
    'library:get': () => library.snapshot(),
    'book:create': ({ title }) => library.createBook(title),
    'book:rename': ({ bookId, title }) => library.renameBook(bookId, title),
    'book:trash': ({ bookId }) => library.trashBook(bookId),
    'chapter:create': ({ bookId, title }) => library.createChapter(bookId, title),
    'chapter:rename': ({ chapterId, title }) => library.renameChapter(chapterId, title),
    'chapter:move': ({ chapterId, toIndex }) => library.moveChapter(chapterId, toIndex),
    'chapter:trash': ({ chapterId }) => library.trashChapter(chapterId),
    'chapter:setWords': ({ chapterId, words }) => library.setChapterWords(chapterId, words),
    'trash:restore': ({ itemId }) => library.restore(itemId),
    'trash:purge': async ({ itemId }) => {
      const { snapshot, chapterIds } = await library.purge(itemId)
      for (const chapterId of chapterIds) await docs.remove(chapterId)
      return snapshot
    },
    'session:open': ({ bookId, chapterId }) => library.openSession(bookId, chapterId),
    'session:setSelection': ({ chapterId, anchor, head }) => library.setSelection(chapterId, anchor, head),
    'notice:dismiss': ({ noticeId }) => library.dismissNotice(noticeId),
    'doc:load': async ({ docId }) => {
      requireChapter(docId)
      const { update, problems: damage } = await docs.load(docId)
      if (damage.length > 0) {
        for (const problem of damage) await library.addNotice('warning', problem.message)
        changed(null)
      }
      return update
    },
    'doc:append': async ({ docId, update }) => {
      requireChapter(docId)
      await docs.append(docId, update)
    },
  }

  return {
    handlers,
    library,
    docs,
    close: async () => {
      await docs.flush()
    },
  }
}
