/**
 * Data folders for the benchmarks, written through Quire's own services
 * (library metadata, identity, shares, update logs) before a host opens them,
 * exactly as if a user had written the chapters.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Y from 'yjs'
import { openServices, type QuireServices } from '../../src/main/services/services'
import type { Person } from '../../src/shared/comments'
import type { LibrarySnapshot } from '../../src/shared/library'
import { chapterDoc } from '../../src/shared/testing/editor'
import { countWords } from '../../src/shared/words'
import { addThreads } from './threads'

export const AUTHOR_NAME = 'Ada Author'
export const REVIEWER: Person = { id: 'bench-reviewer-key', name: 'Rui Reviewer' }

/** `count` threads by the bench reviewer (see threads.ts). */
export const addReviewerThreads = (doc: Y.Doc, count: number, seed: number): void => addThreads(doc, REVIEWER, count, seed)

export async function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `quire-bench-${prefix}-`))
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true })
}

/** Opens a data folder's services, runs `fill`, and releases the folder for a host. */
export async function withServices<T>(dataDir: string, fill: (services: QuireServices) => Promise<T>): Promise<T> {
  const services = await openServices(dataDir)
  try {
    return await fill(services)
  } finally {
    await services.close()
  }
}

/** A chapter's text as one Yjs update, the way a long-edited chapter looks once its log is compacted. */
export function chapterUpdate(paragraphs: readonly string[]): { doc: Y.Doc; update: Uint8Array; words: number } {
  const doc = chapterDoc(paragraphs)
  return { doc, update: Y.encodeStateAsUpdate(doc), words: paragraphs.reduce((n, p) => n + countWords(p), 0) }
}

/** Creates a chapter holding `update` at the end of a book; returns its id. */
export async function addChapter(services: QuireServices, bookId: string, title: string, update: Uint8Array, words: number): Promise<string> {
  const snapshot = await services.handlers['chapter:create']({ bookId, title })
  const chapterId = lastChapterId(snapshot, bookId)
  await services.docs.append(chapterId, update)
  await services.handlers['chapter:setWords']({ chapterId, words })
  return chapterId
}

export async function createBook(services: QuireServices, title: string): Promise<string> {
  const snapshot = await services.handlers['book:create']({ title })
  return snapshot.books[snapshot.books.length - 1]!.id
}

export function lastChapterId(snapshot: LibrarySnapshot, bookId: string): string {
  const book = snapshot.books.find((b) => b.id === bookId)!
  return book.chapters[book.chapters.length - 1]!.id
}
