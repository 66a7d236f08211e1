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
import { createAnchor, type ProsemirrorMapping } from '../../src/shared/anchors'
import { addThread, type Person } from '../../src/shared/comments'
import type { LibrarySnapshot } from '../../src/shared/library'
import { chapterDoc, render } from '../../src/shared/testing/editor'
import { countWords } from '../../src/shared/words'
import { TEXT_ROOT } from '../../src/shared/ydoc'
import { seededRandom } from './prose'

export const AUTHOR_NAME = 'Ada Author'
export const REVIEWER: Person = { id: 'bench-reviewer-key', name: 'Rui Reviewer' }

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

/**
 * Adds `count` comment threads on random passages of two to eight words,
 * anchored the way the editor anchors a selection.
 */
export function addThreads(doc: Y.Doc, count: number, seed: number): void {
  const random = seededRandom(seed)
  const fragment = doc.getXmlFragment(TEXT_ROOT)
  const { pmDoc, mapping } = render(fragment)
  const blocks: Array<{ pos: number; text: string }> = []
  pmDoc.forEach((node, offset) => {
    if (node.isTextblock && node.textContent.length > 0) blocks.push({ pos: offset + 1, text: node.textContent })
  })
  const start = Date.UTC(2026, 0, 1)
  for (let i = 0; i < count; i++) {
    const block = blocks[Math.floor(random() * blocks.length)]!
    const starts = [0, ...[...block.text.matchAll(/ /g)].map((m) => m.index! + 1)]
    const first = Math.floor(random() * starts.length)
    const last = Math.min(starts.length - 1, first + 1 + Math.floor(random() * 7))
    const from = block.pos + starts[first]!
    const to = last > first ? block.pos + starts[last]! - 1 : block.pos + block.text.length
    const anchor = createAnchor(fragment, mapping as ProsemirrorMapping, from, to, pmDoc)
    const result = addThread(doc, REVIEWER, { id: `thread-${String(i).padStart(5, '0')}`, anchor, body: `Comment ${i}: is this the word you want here?`, now: start + i * 60_000 })
    if (!result.ok) throw new Error(`could not add thread ${i}: ${result.error}`)
  }
}
