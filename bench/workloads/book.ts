/**
 * 2. A whole book: 100,000 words in 30 chapters, and a chapter of 60,000
 * words, opened in the real app (the built renderer under a real host): time
 * from starting the host to an editable chapter, chapter switches, opening
 * the long chapter, heap size. Baseline: the same stored updates loaded into
 * bare Y.Docs in a page of the same browser.
 */
import { cp } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { addChapter, chapterUpdate, createBook, makeTempDir, removeDir, withServices } from '../lib/fixtures'
import { paragraphsOf } from '../lib/prose'
import { bytes, count, ms, times, type WorkloadResult } from '../lib/report'
import { openBenchPage, residentBytes, startHost } from '../lib/rig'
import { rounds, type Session } from '../lib/session'
import { median, ratio } from '../lib/stats'

const BOOK_WORDS = 100_000
const CHAPTERS = 30
const LONG_WORDS = 60_000
const BOOK_TITLE = 'A whole book'
const LONG_TITLE = 'One long chapter'

interface Library {
  template: string
  chapterIds: string[]
  longId: string
  /** The first words of each chapter, to know when it is on screen. */
  openings: Map<string, string>
  updateUrls: string[]
  longUrl: string
}

async function buildLibrary(session: Session): Promise<Library> {
  const template = await makeTempDir('book')
  const openings = new Map<string, string>()
  const updateUrls: string[] = []
  const { chapterIds, longId, longUpdate } = await withServices(template, async (services) => {
    await services.handlers['identity:create']({ name: 'Ada Author' })
    const bookId = await createBook(services, BOOK_TITLE)
    const chapterIds: string[] = []
    for (let i = 0; i < CHAPTERS; i++) {
      const paragraphs = paragraphsOf(100 + i, Math.round(BOOK_WORDS / CHAPTERS), 90)
      const text = chapterUpdate(paragraphs)
      const id = await addChapter(services, bookId, `Chapter ${i + 1}`, text.update, text.words)
      openings.set(id, paragraphs[0]!.slice(0, 40))
      chapterIds.push(id)
      updateUrls.push(await session.site.writeData(`book-${i}.bin`, text.update))
    }
    const longBook = await createBook(services, LONG_TITLE)
    const paragraphs = paragraphsOf(999, LONG_WORDS, 90)
    const long = chapterUpdate(paragraphs)
    const longId = await addChapter(services, longBook, 'The long chapter', long.update, long.words)
    openings.set(longId, paragraphs[0]!.slice(0, 40))
    await services.handlers['session:open']({ bookId, chapterId: chapterIds[0]! })
    return { chapterIds, longId, longUpdate: long.update }
  })
  const longUrl = await session.site.writeData('book-long.bin', longUpdate)
  return { template, chapterIds, longId, openings, updateUrls, longUrl }
}

/** Resolves with the time (page clock) it took from `act` until the manuscript shows `opening`, laid out. */
function untilShowing(page: Page, act: 'chapter' | 'book', target: string, opening: string): Promise<number> {
  return page.evaluate(
    async ({ act, target, opening }) => {
      const showing = () => {
        const editor = document.querySelector('.ProseMirror[contenteditable="true"]')
        return editor && (editor.firstElementChild?.textContent ?? '').startsWith(opening) ? editor : null
      }
      const button =
        act === 'chapter'
          ? document.querySelector<HTMLElement>(`button[data-chapter-id="${target}"]`)
          : [...document.querySelectorAll<HTMLElement>('.book-list button')].find((b) => b.textContent?.trim() === target)
      if (!button) throw new Error(`no button for ${target}`)
      const t0 = performance.now()
      button.click()
      await new Promise<void>((resolve) => {
        const check = () => {
          const editor = showing()
          if (!editor) return
          editor.getBoundingClientRect()
          observer.disconnect()
          resolve()
        }
        const observer = new MutationObserver(check)
        observer.observe(document.body, { childList: true, subtree: true })
        check()
      })
      return performance.now() - t0
    },
    { act, target, opening },
  )
}

async function heapUsed(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('HeapProfiler.collectGarbage')
  const { usedSize } = await cdp.send('Runtime.getHeapUsage')
  await cdp.detach()
  return usedSize
}

export async function bookWorkload(session: Session, config: { runs: number; switches: number }): Promise<WorkloadResult> {
  const library = await buildLibrary(session)
  const firstOpening = library.openings.get(library.chapterIds[0]!)!
  const runDirs: string[] = []
  try {
    const measure = async (round: number) => {
      const dataDir = await makeTempDir('book-run')
      runDirs.push(dataDir)
      await cp(library.template, dataDir, { recursive: true })
      const context = await session.browser.newContext({ viewport: { width: 1280, height: 860 } })
      // tsx keeps function names with an `__name` helper that the functions sent to the page must find there.
      await context.addInitScript({ content: 'globalThis.__name = (f) => f' })
      await context.addInitScript((opening: string) => {
        const marks = window as unknown as { __editableAt?: number }
        const observer = new MutationObserver(() => {
          const editor = document.querySelector('.ProseMirror[contenteditable="true"]')
          if (marks.__editableAt || !editor || !(editor.firstElementChild?.textContent ?? '').startsWith(opening)) return
          editor.getBoundingClientRect()
          marks.__editableAt = performance.timeOrigin + performance.now()
          observer.disconnect()
        })
        observer.observe(document, { childList: true, subtree: true })
      }, firstOpening)
      const started = performance.timeOrigin + performance.now()
      const host = await startHost(dataDir, session.site.dir)
      try {
        const page = await context.newPage()
        const errors: string[] = []
        page.on('pageerror', (error) => errors.push(error.message))
        await page.goto(host.url)
        await page.waitForFunction(() => (window as unknown as { __editableAt?: number }).__editableAt !== undefined, undefined, { timeout: 60_000, polling: 50 })
        const editableAt = await page.evaluate(() => (window as unknown as { __editableAt: number }).__editableAt)
        const navigationStart = await page.evaluate(() => performance.timeOrigin)
        const switches: number[] = []
        for (let i = 1; i <= config.switches; i++) {
          const id = library.chapterIds[(round * config.switches + i) % CHAPTERS]!
          if (id === library.chapterIds[0]) continue
          switches.push(await untilShowing(page, 'chapter', id, library.openings.get(id)!))
        }
        const heapBook = await heapUsed(page)
        const openLongMs = await untilShowing(page, 'book', LONG_TITLE, library.openings.get(library.longId)!)
        const heapLong = await heapUsed(page)
        const hostRss = await residentBytes(host.pid)
        if (errors.length > 0) throw new Error(`book: the app reported ${errors[0]}`)
        return {
          hostStartMs: host.startMs,
          editableMs: editableAt - started,
          pageToEditableMs: editableAt - navigationStart,
          switchMs: median(switches),
          openLongMs,
          heapBook,
          heapLong,
          hostRss,
        }
      } finally {
        await context.close()
        await host.stop()
      }
    }
    // The baseline page lives on a host of its own, for the whole workload.
    const baselineDir = await makeTempDir('book-baseline')
    runDirs.push(baselineDir)
    const baselineHost = await startHost(baselineDir, session.site.dir)
    const bench = await openBenchPage(session.browser, baselineHost.url)
    const baselineRound = async () => {
      const before = await heapUsed(bench.page)
      const book = await bench.call('bareLoad', library.updateUrls)
      const heapBook = (await heapUsed(bench.page)) - before
      await bench.call('bareRelease')
      const beforeLong = await heapUsed(bench.page)
      const long = await bench.call('bareLoad', [library.longUrl])
      const heapLong = (await heapUsed(bench.page)) - beforeLong
      await bench.call('bareRelease')
      return { chapterMs: median(book.perDocMs), bookMs: book.totalMs, longMs: long.totalMs, heapBook, heapLong }
    }
    try {
      const results = await rounds(1, config.runs, async (round, warm) => {
        const quire = await measure(round)
        const bare = await baselineRound()
        if (!warm) session.log(`  run ${round}: editable after ${ms(quire.editableMs)} (host ${ms(quire.hostStartMs)}), switch ${ms(quire.switchMs)}, long chapter ${ms(quire.openLongMs)}`)
        return { quire, bare }
      })
      const q = (f: (r: (typeof results)[number]['quire']) => number) => median(results.map((r) => f(r.quire)))
      const b = (f: (r: (typeof results)[number]['bare']) => number) => median(results.map((r) => f(r.bare)))
      const figures = {
        hostStartMs: q((r) => r.hostStartMs),
        hostStartToEditableMs: q((r) => r.editableMs),
        pageLoadToEditableMs: q((r) => r.pageToEditableMs),
        chapterSwitchMs: q((r) => r.switchMs),
        openLongChapterMs: q((r) => r.openLongMs),
        heapWithChapterOpenBytes: q((r) => r.heapBook),
        heapWithLongChapterOpenBytes: q((r) => r.heapLong),
        hostResidentBytes: q((r) => r.hostRss),
      }
      const baseline = {
        applyChapterMedianMs: b((r) => r.chapterMs),
        applyWholeBookMs: b((r) => r.bookMs),
        applyLongChapterMs: b((r) => r.longMs),
        heapWholeBookBytes: b((r) => r.heapBook),
        heapLongChapterBytes: b((r) => r.heapLong),
      }
      const ratios = {
        editable: ratio(figures.hostStartToEditableMs, baseline.applyChapterMedianMs),
        chapterSwitch: ratio(figures.chapterSwitchMs, baseline.applyChapterMedianMs),
        openLongChapter: ratio(figures.openLongChapterMs, baseline.applyLongChapterMs),
        heapLongChapter: ratio(figures.heapWithLongChapterOpenBytes, baseline.heapLongChapterBytes),
      }
      return {
        id: 2,
        name: 'book',
        title: `A whole book (${count(BOOK_WORDS)} words in ${CHAPTERS} chapters; one of ${count(LONG_WORDS)})`,
        params: { bookWords: BOOK_WORDS, chapters: CHAPTERS, longChapterWords: LONG_WORDS, runs: config.runs, switchesPerRun: config.switches },
        figures,
        baseline,
        ratio: ratios,
        notes: [
          'The built renderer (electron-vite build) in a fresh browser context, served by a host process started for each run on a fresh copy of the data folder; the chapter opened at start is the one the session remembers.',
          '"Editable" is when the contenteditable manuscript shows the chapter\'s first words and is laid out. A switch is a click in the Binder until the new chapter is shown.',
          'Baseline: Y.applyUpdate of the same stored updates into new bare Y.Docs, in a page of the same browser. Heap figures are the JS heap after a forced GC: the whole window for Quire, only what the bare Y.Docs hold for the baseline.',
        ],
        rows: [
          { measure: 'host start → editable chapter (vs applying its update)', quire: ms(figures.hostStartToEditableMs), baseline: ms(baseline.applyChapterMedianMs), ratio: times(ratios.editable) },
          { measure: '  of which host process start / page load → editable', quire: `${ms(figures.hostStartMs)} / ${ms(figures.pageLoadToEditableMs)}`, baseline: '', ratio: '' },
          { measure: `chapter switch, ${count(Math.round(BOOK_WORDS / CHAPTERS))} words`, quire: ms(figures.chapterSwitchMs), baseline: ms(baseline.applyChapterMedianMs), ratio: times(ratios.chapterSwitch) },
          { measure: `open the ${count(LONG_WORDS)}-word chapter`, quire: ms(figures.openLongChapterMs), baseline: ms(baseline.applyLongChapterMs), ratio: times(ratios.openLongChapter) },
          { measure: 'load the whole book (bare: all 30 updates)', quire: '', baseline: ms(baseline.applyWholeBookMs), ratio: '' },
          { measure: 'JS heap: window with a book chapter open / bare Y.Docs of the whole book', quire: bytes(figures.heapWithChapterOpenBytes), baseline: bytes(baseline.heapWholeBookBytes), ratio: times(ratio(figures.heapWithChapterOpenBytes, baseline.heapWholeBookBytes)) },
          { measure: `JS heap: window with the ${count(LONG_WORDS)}-word chapter open / its bare Y.Doc`, quire: bytes(figures.heapWithLongChapterOpenBytes), baseline: bytes(baseline.heapLongChapterBytes), ratio: times(ratios.heapLongChapter) },
          { measure: 'host process resident memory', quire: bytes(figures.hostResidentBytes), baseline: '', ratio: '' },
        ],
      }
    } finally {
      await bench.close()
      await baselineHost.stop()
    }
  } finally {
    for (const dir of [library.template, ...runDirs]) await removeDir(dir)
  }
}
