/**
 * The bench page: Quire's renderer modules (editor, plugins, comments,
 * persistence, sync) in a page served by a real browser host, driven by
 * `bench/run.ts` through `window.bench`.
 */
import '@fontsource-variable/literata'
import '../../src/renderer/styles.css'
import { timerResolutionMs } from './timing'
import { typingBare, typingProseMirror, typingQuire } from './typing'
import { bareLoad, bareRelease } from './loads'
import { mergeClose, mergeConnect, mergePrepare, mergeResult, mergeShare } from './merge'
import { closeHub, mountChapterView, remoteEdits, typeKeys, unmountChapterView } from './chapterView'
import { docxBaseline, mammothBaseline, manuscriptExport, manuscriptImport } from './manuscripts'

const bench = {
  timerResolutionMs,
  crossOriginIsolated: () => globalThis.crossOriginIsolated === true,
  typingQuire,
  typingBare,
  typingProseMirror,
  mountChapterView,
  typeKeys,
  remoteEdits,
  unmountChapterView,
  closeHub,
  bareLoad,
  bareRelease,
  mergeShare,
  mergePrepare,
  mergeConnect,
  mergeResult,
  mergeClose,
  manuscriptImport,
  mammothBaseline,
  manuscriptExport,
  docxBaseline,
}

export type BenchApi = typeof bench

declare global {
  interface Window {
    bench: BenchApi
  }
}

window.bench = bench
document.title = 'ready'
