/**
 * 4. Document size growth: a peer's one-character edit arriving in the
 * reviewer's view of chapters of 100, 1,000 and 5,000 paragraphs, against
 * bare Y.applyUpdate of the same update — how the cost grows with size.
 */
import { addChapter, chapterUpdate, createBook, makeTempDir, removeDir, withServices } from '../lib/fixtures'
import { paragraphsCount } from '../lib/prose'
import { count, ms, times, type Row, type WorkloadResult } from '../lib/report'
import { openBenchPage, startHost } from '../lib/rig'
import { rounds, type Session } from '../lib/session'
import { median, ratio } from '../lib/stats'

const SIZES = [100, 1_000, 5_000]
const WORDS_PER_PARAGRAPH = 20
/** Wait after each remote edit, longer than the delayed work it schedules (the word count). */
const QUIET_MS = 400

export async function growthWorkload(session: Session, config: { remoteEdits: number; runs: number }): Promise<WorkloadResult> {
  const dataDir = await makeTempDir('growth')
  const chapters = await withServices(dataDir, async (services) => {
    await services.handlers['identity:create']({ name: 'Ada Author' })
    const bookId = await createBook(services, 'Growth')
    const ids: string[] = []
    for (const size of SIZES) {
      const text = chapterUpdate(paragraphsCount(size, size, WORDS_PER_PARAGRAPH))
      ids.push(await addChapter(services, bookId, `${size} paragraphs`, text.update, text.words))
    }
    return ids
  })
  const host = await startHost(dataDir, session.site.dir)
  const page = await openBenchPage(session.browser, host.url)
  try {
    const measure = async (edits: number) => {
      const out = []
      for (let i = 0; i < SIZES.length; i++) {
        const mounted = await page.call('mountChapterView', { mode: 'reviewer', chapterId: chapters[i]!, expectThreads: 0 })
        const result = await page.call('remoteEdits', edits, 11 + i, QUIET_MS)
        await page.call('unmountChapterView')
        if (!result.consistent) throw new Error('growth: the view does not match the document after remote edits')
        out.push({ size: SIZES[i]!, mounted, ...result })
      }
      return out
    }
    session.log('  warm-up')
    await measure(Math.min(10, config.remoteEdits))
    const results = await rounds(0, config.runs, async (round) => {
      const result = await measure(config.remoteEdits)
      session.log(`  run ${round + 1}: ${result.map((r) => `${r.size}: ${ms(r.quire.total.p50)} vs ${ms(r.bare.p50)}`).join(', ')}`)
      return result
    })
    const figures: Record<string, number> = {}
    const baseline: Record<string, number> = {}
    const ratios: Record<string, number> = {}
    const rows: Row[] = []
    SIZES.forEach((size, i) => {
      const quire = median(results.map((r) => r[i]!.quire.total.p50))
      const quire95 = median(results.map((r) => r[i]!.quire.total.p95))
      const bare = median(results.map((r) => r[i]!.bare.p50))
      const open = median(results.map((r) => r[i]!.mounted.mountMs))
      figures[`p${size}_remoteEditP50Ms`] = quire
      figures[`p${size}_remoteEditP95Ms`] = quire95
      figures[`p${size}_openMs`] = open
      figures[`p${size}_deferredP50Ms`] = median(results.map((r) => r[i]!.deferred.p50))
      figures[`p${size}_applyUpdateInViewP50Ms`] = median(results.map((r) => r[i]!.quire.sync.p50))
      figures[`p${size}_reactP50Ms`] = median(results.map((r) => r[i]!.quire.react.p50))
      figures[`p${size}_layoutP50Ms`] = median(results.map((r) => r[i]!.quire.layout.p50))
      baseline[`p${size}_applyUpdateP50Ms`] = bare
      ratios[`p${size}`] = ratio(quire, bare)
      rows.push({
        measure: `remote 1-char edit p50, ${count(size)} paragraphs (${count(size * WORDS_PER_PARAGRAPH)} words); then blocked`,
        quire: `${ms(quire)}; ${ms(figures[`p${size}_deferredP50Ms`]!)}`,
        baseline: ms(bare),
        ratio: times(ratios[`p${size}`]!),
      })
    })
    const first = SIZES[0]!
    const last = SIZES[SIZES.length - 1]!
    const quireGrowth = ratio(figures[`p${last}_remoteEditP50Ms`]!, figures[`p${first}_remoteEditP50Ms`]!)
    const bareGrowth = ratio(baseline[`p${last}_applyUpdateP50Ms`]!, baseline[`p${first}_applyUpdateP50Ms`]!)
    figures.growthFactor = quireGrowth
    baseline.growthFactor = bareGrowth
    rows.push({ measure: `growth from ${count(first)} to ${count(last)} paragraphs (${last / first}× the size)`, quire: times(quireGrowth), baseline: times(bareGrowth), ratio: '' })
    return {
      id: 4,
      name: 'growth',
      title: 'Document size growth',
      params: { paragraphs: SIZES, wordsPerParagraph: WORDS_PER_PARAGRAPH, remoteEditsPerRun: config.remoteEdits, runs: config.runs },
      figures,
      baseline,
      ratio: ratios,
      notes: [
        "The reviewer's ChapterView (React, read-only editor, comments plugin, persistence) on chapters loaded from a real host; each remote edit is timed until React has committed and layout is done.",
        'Edits come 400 ms apart; "then blocked" is the longest gap of a 0 ms timer in that wait: work the edit scheduled for later (the word count).',
        'Baseline: Y.applyUpdate of the same update into a bare Y.Doc holding the same state, in the same page.',
      ],
      rows,
    }
  } finally {
    await page.close()
    await host.stop()
    await removeDir(dataDir)
  }
}
