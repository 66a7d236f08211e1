/**
 * Export Word document and Export PDF: gathers the chapters (the open one
 * from the live editor, the others from disk) and, for Word, their open
 * comment threads; builds the .docx in a worker, or prints the print
 * document (Electron: printToPDF in main; the browser host: the browser's own
 * print dialog on a print-only view).
 */
import type { Node } from 'prosemirror-model'
import type { EditorState } from 'prosemirror-state'
import { initProseMirrorDoc } from 'y-prosemirror'
import * as Y from 'yjs'
import { resolveAnchor, type Anchor, type ProsemirrorMapping, type ResolvedAnchor } from '../../shared/anchors'
import type { QuireApi } from '../../shared/contract'
import type { Book, Chapter, LibrarySnapshot } from '../../shared/library'
import { manuscriptToData, type ContactDetails, type Manuscript, type ManuscriptChapter, type ManuscriptFont } from '../../shared/manuscript/model'
import { printDocument, printPage } from '../../shared/manuscript/print'
import { schema } from '../../shared/schema'
import { TEXT_ROOT } from '../../shared/ydoc'
import { resolveIn } from '../comments/binding'
import { commentsContextFor } from '../comments/commentsContext'
import { commentsForExport } from '../comments/exportComments'
import type { SyncHub } from '../sync/syncHub'
import type { Unsealer } from '../review/unsealer'
import { fileSafe, saveBlob } from './markdownFiles'
import { exportSummary } from './exportSummary'
import { isExportWorkerReply, runWorker } from './workerProtocol'

export interface ExportChoice {
  contact: ContactDetails
  font: ManuscriptFont
  includeComments: boolean
  /** Add the review's feedback summary after the chapters (Word). */
  includeSummary?: boolean
}

export interface ExportSources {
  api: QuireApi
  /** Only its shared documents are read, for the comments. */
  hub: Pick<SyncHub, 'doc'>
  snapshot: LibrarySnapshot
  /** The chapter open in the editor, read live rather than from disk (its last keystrokes may not be saved yet). */
  live: { chapterId: string; state: EditorState } | null
  /** Opens sealed review data (reading progress, blind threads) for the summary. */
  unsealer?: Unsealer
}

/** A shared chapter's replica, which holds its threads; null when the chapter is not shared. */
export function replicaOf(snapshot: LibrarySnapshot, chapterId: string): string | null {
  return snapshot.shares.flatMap((share) => share.chapters).find((c) => c.chapterId === chapterId)?.replicaId ?? null
}

const THREADS_TIMEOUT_MS = 15_000

async function threadsDoc(hub: Pick<SyncHub, 'doc'>, replicaId: string, title: string): Promise<Y.Doc> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`The comments of “${title}” could not be read. Try again in a moment.`)), THREADS_TIMEOUT_MS)
  })
  try {
    const doc = await Promise.race([hub.doc(replicaId), timeout])
    if (!doc) throw new Error(`The comments of “${title}” could not be read.`)
    return doc
  } finally {
    clearTimeout(timer)
  }
}

/** A chapter's text and a way to place comment anchors in it. */
async function chapterText(sources: ExportSources, chapterId: string): Promise<{ doc: Node; resolve: (anchor: Anchor) => ResolvedAnchor }> {
  const live = sources.live
  if (live && live.chapterId === chapterId) return { doc: live.state.doc, resolve: (anchor) => resolveIn(live.state, anchor) }
  const ydoc = new Y.Doc()
  const state = await sources.api['doc:load']({ docId: chapterId })
  if (state.byteLength > 0) Y.applyUpdate(ydoc, state)
  const fragment = ydoc.getXmlFragment(TEXT_ROOT)
  const { doc, mapping } = initProseMirrorDoc(fragment, schema)
  // Anchors are resolved now, while the Y.Doc is alive; the exporters get positions only.
  return { doc, resolve: (anchor) => resolveAnchor(anchor, fragment, mapping as ProsemirrorMapping, doc) }
}

/** The manuscript for a book or one of its chapters. */
export async function gatherManuscript(
  sources: ExportSources,
  book: Book,
  chapters: readonly Chapter[],
  kind: Manuscript['kind'],
  choice: ExportChoice,
  onProgress: (done: number, total: number) => void,
): Promise<Manuscript> {
  const out: ManuscriptChapter[] = []
  const summary: Manuscript['summary'] = []
  const context = commentsContextFor(sources.snapshot.profile, sources.snapshot.members, null, sources.unsealer?.open)
  for (const [i, chapter] of chapters.entries()) {
    onProgress(i, chapters.length)
    const { doc, resolve } = await chapterText(sources, chapter.id)
    const replica = choice.includeComments || choice.includeSummary ? replicaOf(sources.snapshot, chapter.id) : null
    const shared = replica ? await threadsDoc(sources.hub, replica, chapter.title) : null
    const comments = shared && choice.includeComments ? commentsForExport(shared, context, resolve) : []
    if (shared && choice.includeSummary) summary.push(await exportSummary(shared, chapter, sources.snapshot, context, sources.unsealer))
    out.push({ title: chapter.title, doc, comments })
  }
  onProgress(chapters.length, chapters.length)
  return {
    title: book.title,
    kind,
    contact: choice.contact,
    font: choice.font,
    chapters: out,
    includeComments: choice.includeComments,
    ...(choice.includeSummary ? { summary } : {}),
  }
}

const EXPORT_TIMEOUT_MS = 300_000
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

const startExportWorker = () => new Worker(new URL('./exportWorker.ts', import.meta.url), { type: 'module', name: 'quire-word-export' })

/** The .docx file's bytes, built in a worker (`createWorker` replaces the app's bundled one, for the benchmark page). */
export async function buildWordDocument(manuscript: Manuscript, createWorker: () => Worker = startExportWorker): Promise<Uint8Array> {
  const reply = await runWorker(createWorker, { type: 'docx', manuscript: manuscriptToData(manuscript) }, { timeoutMs: EXPORT_TIMEOUT_MS, isReply: isExportWorkerReply })
  if (reply.type === 'failed') throw new Error(`The Word document could not be made: ${reply.message}`)
  return reply.bytes
}

/** Builds the .docx and hands it to the browser's download. Returns the file name. */
export async function exportWordDocument(manuscript: Manuscript, fileTitle: string): Promise<string> {
  const bytes = await buildWordDocument(manuscript)
  const fileName = `${fileSafe(fileTitle)}.docx`
  saveBlob(fileName, new Blob([bytes as Uint8Array<ArrayBuffer>], { type: DOCX_TYPE }))
  return fileName
}

/** Prints the manuscript to PDF. Resolves with false when the user cancelled saving. */
export async function exportPdf(api: QuireApi, manuscript: Manuscript, fileTitle: string): Promise<boolean> {
  const fileName = `${fileSafe(fileTitle)}.pdf`
  if (window.quireBridge) return (await api['export:pdf']({ html: printPage(manuscript), fileName })).saved
  printInThisWindow(manuscript, fileTitle)
  return true
}

/**
 * The browser host: the print document goes into a print-only view of this
 * page (the app hides itself in print, see styles.css) and the browser's
 * print dialog takes it from there, "Save as PDF" included. The view goes
 * away after printing.
 */
function printInThisWindow(manuscript: Manuscript, fileTitle: string): void {
  const { css, body } = printDocument(manuscript)
  document.querySelector('.quire-print-root')?.remove()
  const root = document.createElement('div')
  root.className = 'quire-print-root'
  const style = document.createElement('style')
  style.textContent = css
  // The print document escapes every character of the text (print.ts).
  root.innerHTML = body
  root.prepend(style)
  document.body.append(root)
  // The print dialog offers the page's title as the PDF's name.
  const appTitle = document.title
  document.title = fileTitle
  window.addEventListener(
    'afterprint',
    () => {
      root.remove()
      document.title = appTitle
    },
    { once: true },
  )
  window.print()
}
