/**
 * Markdown in and out of the library. Import makes a new chapter whose first
 * Y.Doc state is built from the file — a fresh document, so nothing can be
 * duplicated on merge. Export reads each chapter's stored Y.Doc.
 *
 * The Markdown parser and serializer (markdown-it, prosemirror-markdown:
 * about a quarter of the app's code, and tens of milliseconds of set-up)
 * load when Markdown is first used, not at start.
 */
import type { Node } from 'prosemirror-model'
import { prosemirrorToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror'
import * as Y from 'yjs'
import type { QuireApi } from '../../shared/contract'
import type { Book, LibrarySnapshot } from '../../shared/library'
import { schema } from '../../shared/schema'
import { TEXT_ROOT } from '../../shared/ydoc'
import { wordsInDoc } from './words'

/** Largest Markdown file accepted for import. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024

export async function importMarkdownFile(api: QuireApi, bookId: string, file: File): Promise<LibrarySnapshot> {
  if (file.size > MAX_IMPORT_BYTES) throw new Error(`“${file.name}” is too large to import (20 MB at most).`)
  const [text, { importChapter }] = await Promise.all([file.text(), markdown()])
  const { title, doc } = importChapter(text, file.name)
  return (await createChapterFromDoc(api, bookId, title, doc)).snapshot
}

/**
 * Adds a chapter at the end of a book holding `doc`: its first Y.Doc state is
 * built from the document, a fresh Y.Doc, so nothing can be duplicated on
 * merge. The new chapter becomes the session's open chapter.
 */
export async function createChapterFromDoc(api: QuireApi, bookId: string, title: string, doc: Node): Promise<{ chapterId: string; snapshot: LibrarySnapshot }> {
  const ydoc = new Y.Doc()
  let content: Uint8Array
  try {
    prosemirrorToYXmlFragment(doc, ydoc.getXmlFragment(TEXT_ROOT))
    content = Y.encodeStateAsUpdate(ydoc)
  } finally {
    ydoc.destroy()
  }
  // The text goes with the chapter: a window that opens it at once (another change made it the open one) finds it there.
  const created = await api['chapter:create']({ bookId, title, content })
  const chapterId = created.session.chapterId
  if (!chapterId) throw new Error('The new chapter could not be created.')
  return { chapterId, snapshot: await api['chapter:setWords']({ chapterId, words: wordsInDoc(doc) }) }
}

/** Reads a chapter's stored text as a ProseMirror document. */
export async function loadChapterDoc(api: QuireApi, chapterId: string): Promise<Node> {
  const ydoc = new Y.Doc()
  try {
    const state = await api['doc:load']({ docId: chapterId })
    if (state.byteLength > 0) Y.applyUpdate(ydoc, state)
    return yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(TEXT_ROOT), schema)
  } finally {
    ydoc.destroy()
  }
}

function markdown(): Promise<typeof import('../../shared/markdown')> {
  return import('../../shared/markdown')
}

export async function exportChapterMarkdown(title: string, doc: Node): Promise<void> {
  const { chapterMarkdown } = await markdown()
  download(`${fileSafe(title)}.md`, chapterMarkdown(title, doc))
}

export async function exportBookMarkdown(api: QuireApi, book: Book): Promise<void> {
  const { bookMarkdown } = await markdown()
  const chapters = []
  for (const chapter of book.chapters) chapters.push({ title: chapter.title, doc: await loadChapterDoc(api, chapter.id) })
  download(`${fileSafe(book.title)}.md`, bookMarkdown(book.title, chapters))
}

/** A file name any operating system accepts. */
export function fileSafe(title: string): string {
  const cleaned = title.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim()
  return cleaned.slice(0, 100) || 'Untitled'
}

function download(fileName: string, text: string): void {
  saveBlob(fileName, new Blob([text], { type: 'text/markdown;charset=utf-8' }))
}

/** Hands a file to the browser's (or Electron's) download, which asks where to save it or saves it in Downloads. */
export function saveBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
