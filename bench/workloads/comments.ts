/**
 * 3. Comments: a 20,000-word chapter with 1,000 comment threads in Quire's
 * real ChapterView. Keystroke latency with and without the comments (the
 * author's editor, comments in the shared replica), and a peer's
 * one-character edit arriving in the reviewer's view with every anchor and
 * highlight re-resolved, against bare Y.applyUpdate.
 */
import * as Y from 'yjs'
import { addChapter, addReviewerThreads, chapterUpdate, createBook, makeTempDir, REVIEWER, removeDir, withServices } from '../lib/fixtures'
import { paragraphsOf } from '../lib/prose'
import { count, ms, times, type WorkloadResult } from '../lib/report'
import { openBenchPage, startHost } from '../lib/rig'
import { rounds, type Session } from '../lib/session'
import { median, ratio } from '../lib/stats'

const WORDS = 20_000
const THREADS = 1_000
/** Wait after each remote edit, longer than the delayed work it schedules (highlights re-resolved, word count). */
const QUIET_MS = 400

interface Chapters {
  authorWith: string
  authorWithout: string
  reviewerWith: string
  reviewerWithout: string
}

export async function buildLibrary(dataDir: string): Promise<Chapters> {
  const text = chapterUpdate(paragraphsOf(3, WORDS, 80))
  const withThreads = new Y.Doc()
  Y.applyUpdate(withThreads, text.update)
  addReviewerThreads(withThreads, THREADS, 33)
  const commented = Y.encodeStateAsUpdate(withThreads)
  return withServices(dataDir, async (services) => {
    await services.handlers['identity:create']({ name: 'Ada Author' })
    const bookId = await createBook(services, 'Comments')
    const authorWith = await addChapter(services, bookId, 'With comments', text.update, text.words)
    const authorWithout = await addChapter(services, bookId, 'Without comments', text.update, text.words)
    const { snapshot } = await services.handlers['share:createInvite']({ bookId, chapterIds: [authorWith, authorWithout], reviewer: { name: REVIEWER.name } })
    const replicaOf = (chapterId: string) => snapshot.shares.flatMap((s) => s.chapters).find((c) => c.chapterId === chapterId)!.replicaId
    // The replica carries the comments beside the same text (it is fed from the manuscript).
    await services.docs.append(replicaOf(authorWith), commented)
    await services.docs.append(replicaOf(authorWithout), text.update)
    const reviewBook = await createBook(services, 'Review copies')
    const reviewerWith = await addChapter(services, reviewBook, 'Review, with comments', commented, text.words)
    const reviewerWithout = await addChapter(services, reviewBook, 'Review, without comments', text.update, text.words)
    await services.handlers['settings:set']({ workOffline: true })
    return { authorWith, authorWithout, reviewerWith, reviewerWithout }
  })
}

export async function commentsWorkload(session: Session, config: { keys: number; remoteEdits: number; runs: number }): Promise<WorkloadResult> {
  const dataDir = await makeTempDir('comments')
  const chapters = await buildLibrary(dataDir)
  const host = await startHost(dataDir, session.site.dir)
  const page = await openBenchPage(session.browser, host.url)
  try {
    const measure = async (keys: number, edits: number) => {
      const typed = async (chapterId: string, expectThreads: number) => {
        const mounted = await page.call('mountChapterView', { mode: 'author', chapterId, expectThreads })
        const keystrokes = await page.call('typeKeys', keys)
        await page.call('unmountChapterView')
        return { mounted, keystrokes }
      }
      const remote = async (chapterId: string, expectThreads: number, seed: number) => {
        const mounted = await page.call('mountChapterView', { mode: 'reviewer', chapterId, expectThreads })
        const result = await page.call('remoteEdits', edits, seed, QUIET_MS)
        await page.call('unmountChapterView')
        if (!result.consistent) throw new Error('comments: the reviewer view does not match the document after remote edits')
        return { mounted, ...result }
      }
      const typedWith = await typed(chapters.authorWith, THREADS)
      const typedWithout = await typed(chapters.authorWithout, 0)
      const remoteWith = await remote(chapters.reviewerWith, THREADS, 7)
      const remoteWithout = await remote(chapters.reviewerWithout, 0, 7)
      return { typedWith, typedWithout, remoteWith, remoteWithout }
    }
    session.log('  warm-up')
    await measure(Math.min(20, config.keys), Math.min(10, config.remoteEdits))
    const results = await rounds(0, config.runs, async (round) => {
      const result = await measure(config.keys, config.remoteEdits)
      session.log(
        `  run ${round + 1}: keystroke p95 ${ms(result.typedWith.keystrokes.total.p95)} with comments, ${ms(result.typedWithout.keystrokes.total.p95)} without; remote edit p50 ${ms(result.remoteWith.quire.total.p50)} vs ${ms(result.remoteWith.bare.p50)} bare`,
      )
      return result
    })
    const pick = (f: (r: (typeof results)[number]) => number) => median(results.map(f))
    const figures = {
      keystrokeWithCommentsP50Ms: pick((r) => r.typedWith.keystrokes.total.p50),
      keystrokeWithCommentsP95Ms: pick((r) => r.typedWith.keystrokes.total.p95),
      keystrokeWithoutCommentsP50Ms: pick((r) => r.typedWithout.keystrokes.total.p50),
      keystrokeWithoutCommentsP95Ms: pick((r) => r.typedWithout.keystrokes.total.p95),
      remoteEditWithCommentsP50Ms: pick((r) => r.remoteWith.quire.total.p50),
      remoteEditWithCommentsP95Ms: pick((r) => r.remoteWith.quire.total.p95),
      remoteEditWithoutCommentsP50Ms: pick((r) => r.remoteWithout.quire.total.p50),
      remoteEditDeferredWithCommentsP50Ms: pick((r) => r.remoteWith.deferred.p50),
      remoteEditDeferredWithCommentsMaxMs: pick((r) => r.remoteWith.deferred.max),
      remoteEditDeferredWithoutCommentsP50Ms: pick((r) => r.remoteWithout.deferred.p50),
      openWithCommentsMs: pick((r) => r.typedWith.mounted.mountMs),
      openWithoutCommentsMs: pick((r) => r.typedWithout.mounted.mountMs),
      // Where a keystroke's and a remote edit's time goes (p50 of each phase).
      keystrokeWithCommentsPhasesP50Ms: {
        transaction: pick((r) => r.typedWith.keystrokes.sync.p50),
        react: pick((r) => r.typedWith.keystrokes.react.p50),
        layout: pick((r) => r.typedWith.keystrokes.layout.p50),
      },
      keystrokeWithoutCommentsPhasesP50Ms: {
        transaction: pick((r) => r.typedWithout.keystrokes.sync.p50),
        react: pick((r) => r.typedWithout.keystrokes.react.p50),
        layout: pick((r) => r.typedWithout.keystrokes.layout.p50),
      },
      remoteEditWithCommentsPhasesP50Ms: {
        applyUpdate: pick((r) => r.remoteWith.quire.sync.p50),
        react: pick((r) => r.remoteWith.quire.react.p50),
        layout: pick((r) => r.remoteWith.quire.layout.p50),
      },
      pauseLongestGapWithCommentsMs: pick((r) => r.typedWith.keystrokes.pauseLongestTaskMs),
      pauseLongestGapWithoutCommentsMs: pick((r) => r.typedWithout.keystrokes.pauseLongestTaskMs),
      highlights: pick((r) => r.remoteWith.mounted.highlights),
      paragraphs: pick((r) => r.remoteWith.mounted.paragraphs),
    }
    const baseline = {
      applyUpdateP50Ms: pick((r) => r.remoteWith.bare.p50),
      applyUpdateP95Ms: pick((r) => r.remoteWith.bare.p95),
    }
    const ratios = {
      keystrokeP95WithVsWithout: ratio(figures.keystrokeWithCommentsP95Ms, figures.keystrokeWithoutCommentsP95Ms),
      keystrokeP50WithVsWithout: ratio(figures.keystrokeWithCommentsP50Ms, figures.keystrokeWithoutCommentsP50Ms),
      remoteEditP50VsApplyUpdate: ratio(figures.remoteEditWithCommentsP50Ms, baseline.applyUpdateP50Ms),
      remoteEditP95VsApplyUpdate: ratio(figures.remoteEditWithCommentsP95Ms, baseline.applyUpdateP95Ms),
      remoteEditWithVsWithoutComments: ratio(figures.remoteEditWithCommentsP50Ms, figures.remoteEditWithoutCommentsP50Ms),
    }
    return {
      id: 3,
      name: 'comments',
      title: `Comments (${count(WORDS)} words, ${count(THREADS)} threads)`,
      params: { words: WORDS, threads: THREADS, paragraphs: figures.paragraphs, keystrokesPerRun: config.keys, remoteEditsPerRun: config.remoteEdits, runs: config.runs },
      figures,
      baseline,
      ratio: ratios,
      notes: [
        "Quire's ChapterView (React) on a chapter loaded from a real host. Author: the manuscript fed into the shared replica that holds the threads, through a SyncHub working offline. Reviewer: the shared document itself, read-only, holding text and threads.",
        'After the last keystroke, a 0 ms timer beats for a second; its longest gap is the longest the page was blocked (the re-anchoring pass useComments runs 300 ms after typing stops).',
        'Remote edits come 400 ms apart; after each, a 0 ms timer watches for the work it scheduled for later (comment highlights re-resolved, the word count), and the longest gap is reported as the blocked stretch.',
        'A keystroke or remote edit is timed from the transaction (or Y.applyUpdate) until React has committed and run its effects and layout is done; paint is not included.',
        "The keystroke baseline is the same chapter shared but without comments; the remote-edit baseline is Y.applyUpdate of the same update into a bare Y.Doc holding the same state.",
      ],
      rows: [
        { measure: 'keystroke p95 (with vs without comments)', quire: ms(figures.keystrokeWithCommentsP95Ms), baseline: ms(figures.keystrokeWithoutCommentsP95Ms), ratio: times(ratios.keystrokeP95WithVsWithout) },
        { measure: 'keystroke p50 (with vs without comments)', quire: ms(figures.keystrokeWithCommentsP50Ms), baseline: ms(figures.keystrokeWithoutCommentsP50Ms), ratio: times(ratios.keystrokeP50WithVsWithout) },
        { measure: 'remote 1-char edit p50 (reviewer view vs Y.applyUpdate)', quire: ms(figures.remoteEditWithCommentsP50Ms), baseline: ms(baseline.applyUpdateP50Ms), ratio: times(ratios.remoteEditP50VsApplyUpdate) },
        { measure: 'remote 1-char edit p95', quire: ms(figures.remoteEditWithCommentsP95Ms), baseline: ms(baseline.applyUpdateP95Ms), ratio: times(ratios.remoteEditP95VsApplyUpdate) },
        {
          measure: 'blocked stretch after a remote edit, p50 (delayed re-resolve; with vs without comments)',
          quire: ms(figures.remoteEditDeferredWithCommentsP50Ms),
          baseline: ms(figures.remoteEditDeferredWithoutCommentsP50Ms),
          ratio: times(ratio(figures.remoteEditDeferredWithCommentsP50Ms, figures.remoteEditDeferredWithoutCommentsP50Ms)),
        },
        { measure: 'remote edit, with vs without comments (p50)', quire: ms(figures.remoteEditWithCommentsP50Ms), baseline: ms(figures.remoteEditWithoutCommentsP50Ms), ratio: times(ratios.remoteEditWithVsWithoutComments) },
        {
          measure: 'longest blocked stretch in the second after typing pauses (re-anchoring)',
          quire: ms(figures.pauseLongestGapWithCommentsMs),
          baseline: ms(figures.pauseLongestGapWithoutCommentsMs),
          ratio: times(ratio(figures.pauseLongestGapWithCommentsMs, figures.pauseLongestGapWithoutCommentsMs)),
        },
        { measure: 'open the chapter (with vs without comments)', quire: ms(figures.openWithCommentsMs), baseline: ms(figures.openWithoutCommentsMs), ratio: times(ratio(figures.openWithCommentsMs, figures.openWithoutCommentsMs)) },
      ],
    }
  } finally {
    await page.close()
    await host.stop()
    await removeDir(dataDir)
  }
}
