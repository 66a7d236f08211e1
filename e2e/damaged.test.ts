/** Damage on disk is reported in plain words, naming the chapter, and everything that can come back does. */
import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser } from './support/browser'
import { makeDataDir, removeDataDir, startHost, type HostProcess } from './support/host'
import { binderTitles, createBook, manuscript, newChapter, openApp, openChapter } from './support/app'
import { shareOpenChapter } from './support/review'

let browser: Browser
const dirs: string[] = []

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  for (const dir of dirs) await removeDataDir(dir)
})

const KEPT = 'These words must survive.'
const HURT = 'This chapter will be damaged, and must come back whole.'

/** A book of two chapters, the second shared with a reviewer; the host is stopped as a user quits. */
async function writeTwoChapters(options: { share?: boolean } = {}): Promise<{ dir: string; chapterIds: string[] }> {
  const dir = await makeDataDir()
  dirs.push(dir)
  const host = await startHost(dir)
  const page = await openApp(browser, host.url)
  await createBook(page, 'Fragile')
  await newChapter(page, 'Kept')
  await manuscript(page).pressSequentially(KEPT)
  await newChapter(page, 'Hurt')
  await manuscript(page).pressSequentially(HURT)
  if (options.share) await shareOpenChapter(page, 'Rita Reviewer')
  // Settled: the word count written, and with a share its frozen draft 1 recorded.
  const settled = async (file: string) => {
    const data = JSON.parse(await readFile(join(dir, file), 'utf8'))
    return data.books[0].chapters[1].words === 10 && data.versions.length === (options.share ? 1 : 0)
  }
  await expect.poll(() => settled('library.json')).toBe(true)
  if (options.share) {
    // One more change, so the copy library.json keeps of its previous state holds all of that too.
    const offline = page.getByRole('button', { name: 'Work offline' })
    await offline.click()
    await expect.poll(() => offline.getAttribute('aria-pressed')).toBe('true')
    await expect.poll(() => settled('library.json.previous')).toBe(true)
  }
  await page.close()
  await host.stop()
  const library = JSON.parse(await readFile(join(dir, 'library.json'), 'utf8'))
  return { dir, chapterIds: library.books[0].chapters.map((c: { id: string }) => c.id) }
}

async function reopen(dir: string): Promise<{ host: HostProcess; page: Page }> {
  const host = await startHost(dir)
  const page = await openApp(browser, host.url)
  return { host, page }
}

const chapterText = (page: Page) => manuscript(page).textContent()

test('a garbage library file comes back from its previous copy: titles, order, network and share', async () => {
  const { dir } = await writeTwoChapters({ share: true })
  await writeFile(join(dir, 'library.json'), '{"version": 1, "books": [ this is not json')

  const { host, page } = await reopen(dir)
  const alert = page.getByRole('alert').filter({ hasText: 'library file' })
  await alert.waitFor()
  expect(await alert.textContent()).toMatch(/was damaged \(it is not valid JSON\)\. Quire restored it from the copy it saved/)
  await page.getByRole('button', { name: 'Fragile' }).click()
  expect(await binderTitles(page)).toEqual(['Kept', 'Hurt'])
  expect(await page.getByRole('button', { name: 'Recovered chapters' }).count()).toBe(0)
  await openChapter(page, 'Hurt')
  await expect.poll(() => chapterText(page)).toBe(HURT)
  // Still shared: its comments have a place, and the reviewer is still in the network.
  // The panel comes once the shared copy is open, which waits for main's network plan.
  await expect.poll(() => page.getByRole('complementary', { name: 'Comments' }).count(), { timeout: 30_000 }).toBe(1)
  await page.getByRole('button', { name: /^Network/ }).click()
  await page.getByRole('region', { name: 'Network' }).getByRole('row', { name: 'Rita Reviewer' }).waitFor()
  expect((await readdir(dir)).some((name) => name.startsWith('library.json.damaged'))).toBe(true)
  await page.close()
  await host.stop()
})

test('with no copy to restore from, the chapters are still reachable, with their word counts', async () => {
  const { dir } = await writeTwoChapters()
  await writeFile(join(dir, 'library.json'), 'garbage')
  await rm(join(dir, 'library.json.previous'))

  const { host, page } = await reopen(dir)
  await page.getByRole('alert').filter({ hasText: 'library.json' }).waitFor()
  await page.getByRole('button', { name: 'Recovered chapters' }).click()
  await expect.poll(() => page.getByTestId('book-words').textContent()).toBe('14 words in book')
  const texts: string[] = []
  for (const title of await binderTitles(page)) {
    await openChapter(page, title)
    await expect.poll(() => chapterText(page)).not.toBe('')
    texts.push((await chapterText(page))!)
  }
  expect(texts.sort()).toEqual([HURT, KEPT].sort())
  await page.close()
  await host.stop()
})

test('40 bytes overwritten in the middle of a compacted log: the chapter comes back whole from its saved generation', async () => {
  const { dir, chapterIds } = await writeTwoChapters()
  const log = join(dir, 'docs', `${chapterIds[1]}.log`)
  const bytes = await readFile(log)
  // Quitting compacted the log to one record; its saved generation holds the same state.
  bytes.fill(0x00, Math.floor(bytes.length / 2) - 20, Math.floor(bytes.length / 2) + 20)
  await writeFile(log, bytes)

  const { host, page } = await reopen(dir)
  await openChapter(page, 'Hurt')
  await expect.poll(() => chapterText(page)).toBe(HURT)
  const alert = page.getByRole('alert').filter({ hasText: 'Chapter “Hurt” of “Fragile” was damaged on disk.' })
  await alert.waitFor()
  expect(await alert.textContent()).toContain('Quire rebuilt it from the copy saved')
  expect(await alert.textContent()).toContain('Nothing is missing.')
  await openChapter(page, 'Kept')
  await expect.poll(() => chapterText(page)).toBe(KEPT)
  expect((await readdir(join(dir, 'docs'))).some((name) => name.includes('.damaged'))).toBe(true)
  await page.close()
  await host.stop()
})

test('garbage at the end of a chapter log is reported by chapter name, and the rest of the library opens', async () => {
  const { dir, chapterIds } = await writeTwoChapters()
  const log = join(dir, 'docs', `${chapterIds[1]}.log`)
  await writeFile(log, Buffer.concat([await readFile(log), Buffer.from([0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8, 9])]))

  const { host, page } = await reopen(dir)
  await manuscript(page).waitFor()
  const alert = page.getByRole('alert').filter({ hasText: 'Chapter “Hurt” of “Fragile”' })
  await alert.waitFor()
  await expect.poll(() => chapterText(page)).toBe(HURT)
  await openChapter(page, 'Kept')
  await expect.poll(() => chapterText(page)).toBe(KEPT)
  await page.close()
  await host.stop()
})
