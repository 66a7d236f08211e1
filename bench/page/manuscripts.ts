/**
 * Workload 7 in the page: the app's Word import (worker, slicing, chapters
 * written to the host) and Word export (chapters read back, .docx built in
 * a worker), against mammoth's and docx's own conversions of the same
 * content on this page's main thread.
 */
import { Document, HeadingLevel, Packer, Paragraph } from 'docx'
import mammoth from 'mammoth'
import { api } from '../../src/renderer/ipc/api'
import { buildWordDocument, gatherManuscript } from '../../src/renderer/library/manuscriptExport'
import { createImportedChapters, readWordFile } from '../../src/renderer/library/wordImport'
import { fetchBytes, fetchJson } from './data'
import { now } from './timing'

const workerAt = (file: string) => () => new Worker(new URL(`./${file}`, location.href), { type: 'module' })

/** Beats a 0 ms timer while `work` runs; the longest gap is the longest the page could not respond. */
async function watchingGaps<T>(work: () => Promise<T>): Promise<{ value: T; longestGapMs: number }> {
  let longest = 0
  let last = now()
  let running = true
  const beat = () => {
    const t = now()
    longest = Math.max(longest, t - last)
    last = t
    if (running) setTimeout(beat, 0)
  }
  setTimeout(beat, 0)
  try {
    return { value: await work(), longestGapMs: longest }
  } finally {
    running = false
    longest = Math.max(longest, now() - last)
  }
}

export async function manuscriptImport(docxUrl: string, bookTitle: string) {
  const bytes = await fetchBytes(docxUrl)
  const file = new File([bytes as Uint8Array<ArrayBuffer>], `${bookTitle}.docx`)
  const t0 = now()
  let previewAt = 0
  const { value, longestGapMs } = await watchingGaps(async () => {
    const preview = await readWordFile(file, () => {}, new AbortController().signal, workerAt('wordWorker.js'))
    previewAt = now()
    const snapshot = await createImportedChapters(api, { newBookTitle: bookTitle }, preview.chapters, () => {})
    return { snapshot, chapters: preview.chapters.length, words: preview.chapters.reduce((n, c) => n + c.words, 0) }
  })
  const end = now()
  return { previewMs: previewAt - t0, createMs: end - previewAt, totalMs: end - t0, longestGapMs, chapters: value.chapters, words: value.words, bookId: value.snapshot.session.bookId! }
}

export async function mammothBaseline(docxUrl: string) {
  const bytes = await fetchBytes(docxUrl)
  const t0 = now()
  const result = await mammoth.convertToHtml({ arrayBuffer: bytes.buffer as ArrayBuffer })
  return { ms: now() - t0, htmlChars: result.value.length }
}

export async function manuscriptExport(bookId: string) {
  const snapshot = await api['library:get']({})
  const book = snapshot.books.find((b) => b.id === bookId)
  if (!book) throw new Error('manuscriptExport: no such book')
  const choice = { contact: { name: 'Ada Author', address: '1 Harbour Row', email: 'ada@example.org', phone: '' }, font: 'times' as const, includeComments: false }
  const t0 = now()
  let gatheredAt = 0
  const { value, longestGapMs } = await watchingGaps(async () => {
    const manuscript = await gatherManuscript({ api, hub: { doc: async () => null }, snapshot, live: null }, book, book.chapters, 'book', choice, () => {})
    gatheredAt = now()
    return buildWordDocument(manuscript, workerAt('exportWorker.js'))
  })
  const end = now()
  return { gatherMs: gatheredAt - t0, docxMs: end - gatheredAt, totalMs: end - t0, longestGapMs, bytes: value.byteLength }
}

/** docx's own conversion of the same text: a Heading 1 per chapter, a plain paragraph per paragraph. */
export async function docxBaseline(chaptersUrl: string) {
  const chapters = await fetchJson<Array<{ title: string; paragraphs: string[] }>>(chaptersUrl)
  const t0 = now()
  const document = new Document({
    sections: [{ children: chapters.flatMap((c) => [new Paragraph({ text: c.title, heading: HeadingLevel.HEADING_1 }), ...c.paragraphs.map((text) => new Paragraph(text))]) }],
  })
  const bytes = await Packer.pack(document, 'uint8array')
  return { ms: now() - t0, bytes: bytes.byteLength }
}
