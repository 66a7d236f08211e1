/**
 * 7. Manuscripts: the generated 100,000-word book (30 chapters, as in
 * workload 2) in and out of Word. Import: a .docx with a Heading 1 per
 * chapter through the app's path (mammoth in a worker, the HTML cut into
 * chapters in slices, each chapter written to a real host as a fresh Y.Doc).
 * Export: those chapters read back from the host and built into a standard
 * manuscript .docx in a worker. Baselines, same page and run: mammoth's
 * convertToHtml of the same file, and docx's Packer on a plain document of
 * the same text. Peak memory: each conversion alone in a fresh Node process.
 */
import { execFile } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Document, HeadingLevel, Packer, Paragraph } from 'docx'
import { manuscriptToData } from '../../src/shared/manuscript/model'
import { schema } from '../../src/shared/schema'
import { makeTempDir, removeDir, withServices } from '../lib/fixtures'
import type { ManuscriptJob } from '../lib/manuscriptJob'
import { paragraphsOf } from '../lib/prose'
import { bytes, count, ms, times, type WorkloadResult } from '../lib/report'
import { openBenchPage, ROOT, startHost } from '../lib/rig'
import { rounds, type Session } from '../lib/session'
import { median, ratio } from '../lib/stats'

const BOOK_WORDS = 100_000
const CHAPTERS = 30
/** A pause between steps for the host to finish writing (its log compaction runs after appends). */
const QUIET_MS = 1000

interface BookText {
  title: string
  paragraphs: string[]
}

function bookText(): BookText[] {
  return Array.from({ length: CHAPTERS }, (_, i) => ({ title: `Chapter ${i + 1}`, paragraphs: paragraphsOf(100 + i, Math.round(BOOK_WORDS / CHAPTERS), 90) }))
}

/** The book as a Word user would have it: a Heading 1 per chapter, then its paragraphs. */
async function wordFile(book: BookText[]): Promise<Uint8Array> {
  const document = new Document({
    sections: [{ children: book.flatMap((c) => [new Paragraph({ text: c.title, heading: HeadingLevel.HEADING_1 }), ...c.paragraphs.map((text) => new Paragraph(text))]) }],
  })
  return new Uint8Array(await Packer.toBuffer(document))
}

const run = promisify(execFile)

/** Runs one conversion in a fresh Node process; its time and peak resident memory. */
async function job(name: ManuscriptJob, input: string): Promise<{ ms: number; maxRssBytes: number }> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/lib/manuscriptJob.ts', name, input], { cwd: ROOT, maxBuffer: 1 << 20 })
  return JSON.parse(stdout.trim().split('\n').pop()!) as { ms: number; maxRssBytes: number }
}

export async function manuscriptsWorkload(session: Session, config: { runs: number; memoryRuns: number }): Promise<WorkloadResult> {
  const book = bookText()
  const files = await makeTempDir('manuscripts-files')
  const dataDir = await makeTempDir('manuscripts')
  try {
    const docx = await wordFile(book)
    const docxUrl = await session.site.writeData('book.docx', docx)
    const chaptersUrl = await session.site.writeData('book-chapters.json', JSON.stringify(book))
    const docxPath = join(files, 'book.docx')
    const bookJsonPath = join(files, 'book-chapters.json')
    const manuscriptPath = join(files, 'manuscript.json')
    await writeFile(docxPath, docx)
    await writeFile(bookJsonPath, JSON.stringify(book))
    const chapters = book.map((c) => ({ title: c.title, doc: schema.node('doc', null, c.paragraphs.map((text) => schema.node('paragraph', null, schema.text(text)))), comments: [] }))
    const contact = { name: 'Ada Author', address: '1 Harbour Row', email: 'ada@example.org', phone: '' }
    await writeFile(manuscriptPath, JSON.stringify(manuscriptToData({ title: 'A whole book', kind: 'book', contact, font: 'times', chapters, includeComments: false })))
    await withServices(dataDir, async (services) => void (await services.handlers['identity:create']({ name: 'Ada Author' })))

    const host = await startHost(dataDir, session.site.dir)
    const bench = await openBenchPage(session.browser, host.url)
    try {
      // Each step starts from a collected heap and a quiet host, so one step's garbage or writes do not land on the next.
      const quiet = async () => {
        const cdp = await bench.page.context().newCDPSession(bench.page)
        await cdp.send('HeapProfiler.collectGarbage')
        await cdp.detach()
        await new Promise((resolve) => setTimeout(resolve, QUIET_MS))
      }
      const results = await rounds(1, config.runs, async (round, warm) => {
        await quiet()
        const imported = await bench.call('manuscriptImport', docxUrl, `Imported book ${round}`)
        await quiet()
        const mammoth = await bench.call('mammothBaseline', docxUrl)
        await quiet()
        const exported = await bench.call('manuscriptExport', imported.bookId)
        await quiet()
        const docxBase = await bench.call('docxBaseline', chaptersUrl)
        if (imported.chapters !== CHAPTERS) throw new Error(`manuscripts: imported ${imported.chapters} chapters, expected ${CHAPTERS}`)
        if (!warm) session.log(`  run ${round}: import ${ms(imported.totalMs)} (mammoth ${ms(mammoth.ms)}), export ${ms(exported.totalMs)} (docx ${ms(docxBase.ms)})`)
        return { imported, mammoth, exported, docxBase }
      })
      if (bench.errors.length > 0) throw new Error(`manuscripts: the page reported ${bench.errors[0]}`)
      const memory = await rounds(0, config.memoryRuns, async () => ({
        idleDocx: (await job('idle', docxPath)).maxRssBytes,
        idleJson: (await job('idle', manuscriptPath)).maxRssBytes,
        quireImport: (await job('quire-import', docxPath)).maxRssBytes,
        mammoth: (await job('mammoth', docxPath)).maxRssBytes,
        quireExport: (await job('quire-export', manuscriptPath)).maxRssBytes,
        docx: (await job('docx', bookJsonPath)).maxRssBytes,
      }))
      const m = (f: (r: (typeof memory)[number]) => number) => median(memory.map(f))
      const r = (f: (x: (typeof results)[number]) => number) => median(results.map(f))
      const figures = {
        importMs: r((x) => x.imported.totalMs),
        importToPreviewMs: r((x) => x.imported.previewMs),
        importCreateMs: r((x) => x.imported.createMs),
        importLongestGapMs: r((x) => x.imported.longestGapMs),
        exportMs: r((x) => x.exported.totalMs),
        exportGatherMs: r((x) => x.exported.gatherMs),
        exportDocxMs: r((x) => x.exported.docxMs),
        exportLongestGapMs: r((x) => x.exported.longestGapMs),
        exportBytes: r((x) => x.exported.bytes),
        importPeakRssAboveIdleBytes: m((x) => x.quireImport - x.idleDocx),
        exportPeakRssAboveIdleBytes: m((x) => x.quireExport - x.idleJson),
        words: results[0]?.imported.words ?? NaN,
      }
      const baseline = {
        mammothMs: r((x) => x.mammoth.ms),
        docxMs: r((x) => x.docxBase.ms),
        docxBytes: r((x) => x.docxBase.bytes),
        mammothPeakRssAboveIdleBytes: m((x) => x.mammoth - x.idleDocx),
        docxPeakRssAboveIdleBytes: m((x) => x.docx - x.idleJson),
        idleRssBytes: m((x) => x.idleDocx),
      }
      const ratios = {
        import: ratio(figures.importMs, baseline.mammothMs),
        export: ratio(figures.exportMs, baseline.docxMs),
        importMemory: ratio(figures.importPeakRssAboveIdleBytes, baseline.mammothPeakRssAboveIdleBytes),
        exportMemory: ratio(figures.exportPeakRssAboveIdleBytes, baseline.docxPeakRssAboveIdleBytes),
      }
      return {
        id: 7,
        name: 'manuscripts',
        title: `Manuscripts (${count(BOOK_WORDS)} words in ${CHAPTERS} chapters, in and out of Word)`,
        params: { bookWords: BOOK_WORDS, chapters: CHAPTERS, runs: config.runs, memoryRuns: config.memoryRuns, docxBytes: docx.byteLength },
        figures,
        baseline,
        ratio: ratios,
        notes: [
          'Import: the .docx (a Heading 1 per chapter, written with docx) through the app\'s own functions in the bench page: mammoth in a worker, the HTML cut into chapters in slices on the main thread, then each chapter created on a real host from a fresh Y.Doc. Baseline: mammoth.convertToHtml of the same file on the page\'s main thread.',
          'Export: the imported chapters read back from the host, the manuscript .docx (standard manuscript format, no comments) built in a worker. Baseline: docx\'s Packer on a document of the same text, a Heading 1 and plain paragraphs, on the page\'s main thread.',
          '"Longest blocked" is the largest gap between beats of a 0 ms timer on the page\'s main thread while the operation ran.',
          'Peak memory: each conversion alone in a fresh Node process (maxRSS), above a process that loaded the same modules and input and did nothing; Quire\'s import there uses linkedom for the DOM.',
        ],
        rows: [
          { measure: 'import: .docx → 30 chapters on disk (vs mammoth → HTML)', quire: ms(figures.importMs), baseline: ms(baseline.mammothMs), ratio: times(ratios.import) },
          { measure: '  of which reading to the preview / creating the chapters', quire: `${ms(figures.importToPreviewMs)} / ${ms(figures.importCreateMs)}`, baseline: '', ratio: '' },
          { measure: 'import: longest the window was blocked (vs mammoth on the main thread)', quire: ms(figures.importLongestGapMs), baseline: ms(baseline.mammothMs), ratio: '' },
          { measure: 'import: peak memory above an idle process (vs mammoth)', quire: bytes(figures.importPeakRssAboveIdleBytes), baseline: bytes(baseline.mammothPeakRssAboveIdleBytes), ratio: times(ratios.importMemory) },
          { measure: 'export: 30 chapters on disk → manuscript .docx (vs docx on the same text)', quire: ms(figures.exportMs), baseline: ms(baseline.docxMs), ratio: times(ratios.export) },
          { measure: '  of which reading the chapters / building the .docx', quire: `${ms(figures.exportGatherMs)} / ${ms(figures.exportDocxMs)}`, baseline: '', ratio: '' },
          { measure: 'export: longest the window was blocked (vs docx on the main thread)', quire: ms(figures.exportLongestGapMs), baseline: ms(baseline.docxMs), ratio: '' },
          { measure: 'export: peak memory above an idle process (vs docx)', quire: bytes(figures.exportPeakRssAboveIdleBytes), baseline: bytes(baseline.docxPeakRssAboveIdleBytes), ratio: times(ratios.exportMemory) },
          { measure: 'export: file size (vs docx, plain)', quire: bytes(figures.exportBytes), baseline: bytes(baseline.docxBytes), ratio: times(ratio(figures.exportBytes, baseline.docxBytes)) },
        ],
      }
    } finally {
      await bench.close()
      await host.stop()
    }
  } finally {
    await removeDir(files)
    await removeDir(dataDir)
  }
}
