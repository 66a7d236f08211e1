/**
 * 1. Typing through the editor: the automerge-paper trace replayed as
 * ProseMirror transactions in an EditorView with Quire's plugins, the
 * chapter persisted through a real host; baseline: the same transactions in
 * a bare EditorView with y-prosemirror's ySyncPlugin alone, in the same page;
 * reference: the same edits on a bare Y.Text.
 */
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { createBook, makeTempDir, removeDir, withServices } from '../lib/fixtures'
import { count, bytes, ms, times, type WorkloadResult } from '../lib/report'
import { openBenchPage, startHost } from '../lib/rig'
import { rounds, type Session } from '../lib/session'
import { median, ratio } from '../lib/stats'
import { loadTrace, sequentialEdits } from '../lib/traces'

export async function typingWorkload(session: Session, config: { edits: number; warmupEdits: number; runs: number }): Promise<WorkloadResult> {
  const trace = loadTrace('automerge-paper')
  const { edits, finalText } = sequentialEdits(trace, config.edits)
  const warm = sequentialEdits(trace, config.warmupEdits)
  const editsUrl = await session.site.writeData('automerge-paper.json', JSON.stringify(edits))
  const dataDir = await makeTempDir('typing')
  const bookId = await withServices(dataDir, async (services) => {
    await services.handlers['identity:create']({ name: 'Ada Author' })
    return createBook(services, 'Typing')
  })
  const host = await startHost(dataDir, session.site.dir)
  const page = await openBenchPage(session.browser, host.url)
  try {
    const yieldEvery = 1
    session.log(`  warm-up: ${count(warm.edits.length)} edits`)
    await page.call('typingQuire', { editsUrl, limit: warm.edits.length, yieldEvery, bookId })
    await page.call('typingProseMirror', { editsUrl, limit: warm.edits.length, yieldEvery })
    await page.call('typingBare', { editsUrl, limit: warm.edits.length, yieldEvery })
    const results = await rounds(0, config.runs, async (round) => {
      // Alternate the order, so drift in a noisy machine does not favour one side.
      const editorFirst = round % 2 === 1
      const editor1 = editorFirst ? await page.call('typingProseMirror', { editsUrl, limit: edits.length, yieldEvery }) : null
      const quire = await page.call('typingQuire', { editsUrl, limit: edits.length, yieldEvery, bookId })
      const editor = editor1 ?? (await page.call('typingProseMirror', { editsUrl, limit: edits.length, yieldEvery }))
      const bare = await page.call('typingBare', { editsUrl, limit: edits.length, yieldEvery })
      if (quire.text !== finalText) throw new Error('typing: the editor does not hold the text the trace produces')
      if (editor.text !== finalText) throw new Error('typing: the bare editor does not hold the text the trace produces')
      if (bare.text !== finalText) throw new Error('typing: the bare Y.Text does not hold the text the trace produces')
      const logBytes = (await stat(join(dataDir, 'docs', `${quire.chapterId}.log`))).size
      session.log(
        `  run ${round + 1}: Quire ${ms(quire.totalMs)} (p50 ${ms(quire.perEdit.p50)}), ProseMirror + y-prosemirror ${ms(editor.totalMs)} (p50 ${ms(editor.perEdit.p50)}), Y.Text ${ms(bare.totalMs)}`,
      )
      return { quire, editor, bare, logBytes }
    })
    const pick = (f: (r: (typeof results)[number]) => number) => median(results.map(f))
    const figures = {
      totalMs: pick((r) => r.quire.totalMs),
      applyMs: pick((r) => r.quire.applyMs),
      flushMs: pick((r) => r.quire.flushMs ?? NaN),
      p50Ms: pick((r) => r.quire.perEdit.p50),
      p95Ms: pick((r) => r.quire.perEdit.p95),
      p99Ms: pick((r) => r.quire.perEdit.p99),
      maxMs: pick((r) => r.quire.perEdit.max),
      encodedBytes: pick((r) => r.quire.encodedBytes),
      storedLogBytes: pick((r) => r.logBytes),
    }
    const baseline = {
      totalMs: pick((r) => r.editor.totalMs),
      applyMs: pick((r) => r.editor.applyMs),
      p50Ms: pick((r) => r.editor.perEdit.p50),
      p95Ms: pick((r) => r.editor.perEdit.p95),
      p99Ms: pick((r) => r.editor.perEdit.p99),
      maxMs: pick((r) => r.editor.perEdit.max),
      encodedBytes: pick((r) => r.editor.encodedBytes),
      yTextTotalMs: pick((r) => r.bare.totalMs),
      yTextApplyMs: pick((r) => r.bare.applyMs),
      yTextP50Ms: pick((r) => r.bare.perEdit.p50),
      yTextP95Ms: pick((r) => r.bare.perEdit.p95),
      yTextP99Ms: pick((r) => r.bare.perEdit.p99),
      yTextEncodedBytes: pick((r) => r.bare.encodedBytes),
    }
    const ratios = {
      total: ratio(figures.totalMs, baseline.totalMs),
      apply: ratio(figures.applyMs, baseline.applyMs),
      p50: ratio(figures.p50Ms, baseline.p50Ms),
      p95: ratio(figures.p95Ms, baseline.p95Ms),
      p99: ratio(figures.p99Ms, baseline.p99Ms),
      encodedSize: ratio(figures.encodedBytes, baseline.encodedBytes),
      applyVsYText: ratio(figures.applyMs, baseline.yTextApplyMs),
      encodedSizeVsYText: ratio(figures.encodedBytes, baseline.yTextEncodedBytes),
    }
    const fullTrace = edits.length === trace.txns.length
    return {
      id: 1,
      name: 'typing',
      title: `Typing through the editor (${fullTrace ? 'automerge-paper, ' : 'first '}${count(edits.length)} edits)`,
      params: { trace: 'automerge-paper', edits: edits.length, finalChars: finalText.length, runs: config.runs, warmupEdits: warm.edits.length, yieldEvery },
      figures,
      baseline,
      ratio: ratios,
      notes: [
        'Each edit is one ProseMirror transaction dispatched to a focused EditorView (chapterPlugins + commentsPlugin, as useChapterEditor builds it) bound to a ChapterDoc that persists every update to a real host; a newline in the trace is a paragraph break.',
        'Per-edit time is the synchronous dispatch, which includes the style and layout Chromium does when ProseMirror reads and writes the DOM selection; total time also includes persistence (IPC, host fsync) and one event-loop turn per edit, as in the baseline loop.',
        'Baseline: the same transactions in a bare, focused EditorView in the same frame with y-prosemirror’s ySyncPlugin alone, on a Y.Doc nobody persists: what every Yjs-backed ProseMirror editor pays.',
        'Reference: the same edits on a bare Y.Text in the same page, one Yjs transaction each, same loop.',
      ],
      rows: [
        { measure: 'total time vs ProseMirror + y-prosemirror (event-loop turns and persistence included)', quire: ms(figures.totalMs), baseline: ms(baseline.totalMs), ratio: times(ratios.total) },
        { measure: 'time inside the edits vs ProseMirror + y-prosemirror (sum of per-edit times)', quire: ms(figures.applyMs), baseline: ms(baseline.applyMs), ratio: times(ratios.apply) },
        { measure: 'per edit p50 / p95 / p99 vs ProseMirror + y-prosemirror', quire: `${ms(figures.p50Ms)} / ${ms(figures.p95Ms)} / ${ms(figures.p99Ms)}`, baseline: `${ms(baseline.p50Ms)} / ${ms(baseline.p95Ms)} / ${ms(baseline.p99Ms)}`, ratio: `${times(ratios.p50)} / ${times(ratios.p95)} / ${times(ratios.p99)}` },
        { measure: 'reference: time inside the edits vs a bare Y.Text', quire: ms(figures.applyMs), baseline: ms(baseline.yTextApplyMs), ratio: times(ratios.applyVsYText) },
        { measure: 'reference: per edit p50 / p95 / p99 of a bare Y.Text', quire: '', baseline: `${ms(baseline.yTextP50Ms)} / ${ms(baseline.yTextP95Ms)} / ${ms(baseline.yTextP99Ms)}`, ratio: '' },
        { measure: 'encoded size (Y.encodeStateAsUpdate) vs ProseMirror + y-prosemirror; vs a bare Y.Text', quire: bytes(figures.encodedBytes), baseline: `${bytes(baseline.encodedBytes)}; ${bytes(baseline.yTextEncodedBytes)}`, ratio: `${times(ratios.encodedSize)}; ${times(ratios.encodedSizeVsYText)}` },
        { measure: 'update log on disk after the run', quire: bytes(figures.storedLogBytes), baseline: '', ratio: '' },
      ],
    }
  } finally {
    await page.close()
    await host.stop()
    await removeDir(dataDir)
  }
}
