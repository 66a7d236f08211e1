import { readdir, readFile, writeFile, appendFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchBrowser } from './support/browser'
import { makeDataDir, removeDataDir, startHost } from './support/host'
import { createBook, manuscript, newChapter, openApp, openChapter } from './support/app'

let browser: Browser
const dirs: string[] = []

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  for (const dir of dirs) await removeDataDir(dir)
})

async function writeTwoChapters(): Promise<{ dir: string; chapterIds: string[] }> {
  const dir = await makeDataDir()
  dirs.push(dir)
  const host = await startHost(dir)
  const page = await openApp(browser, host.url)
  await createBook(page, 'Fragile')
  await newChapter(page, 'Kept')
  await manuscript(page).pressSequentially('These words must survive.')
  await newChapter(page, 'Hurt')
  await manuscript(page).pressSequentially('This chapter will be damaged at its end.')
  await page.waitForTimeout(600)
  await page.close()
  await host.stop()
  const library = JSON.parse(await readFile(join(dir, 'library.json'), 'utf8'))
  return { dir, chapterIds: library.books[0].chapters.map((c: { id: string }) => c.id) }
}

test('a damaged library file is reported, kept aside, and the chapters are recovered', async () => {
  const { dir } = await writeTwoChapters()
  await writeFile(join(dir, 'library.json'), '{"version": 1, "books": [ this is not json')

  const host = await startHost(dir)
  const page = await openApp(browser, host.url)
  const alert = page.getByRole('alert').filter({ hasText: 'library.json' })
  await alert.waitFor()
  expect(await alert.textContent()).toMatch(/damaged/i)
  // Both chapters' text is still reachable.
  await page.getByRole('button', { name: 'Recovered chapters' }).click()
  const binder = page.getByRole('navigation', { name: 'Binder' })
  await binder.locator('.chapter-list button').nth(1).waitFor()
  const texts: string[] = []
  for (const button of await binder.locator('.chapter-list button').all()) {
    const title = (await button.locator('.chapter-title').textContent())!
    await button.click()
    // The chapter on screen is the one clicked once its title shows; then wait for its text.
    await expect.poll(() => page.getByRole('textbox', { name: 'Chapter title' }).inputValue()).toBe(title)
    await expect.poll(() => manuscript(page).textContent()).not.toBe('')
    texts.push((await manuscript(page).textContent())!)
  }
  expect(texts.sort()).toEqual(['These words must survive.', 'This chapter will be damaged at its end.'])
  expect((await readdir(dir)).some((name) => name.startsWith('library.json.damaged'))).toBe(true)
  await page.close()
  await host.stop()
})

test('a chapter log with garbage at its end is reported, and the rest of the library opens', async () => {
  const { dir, chapterIds } = await writeTwoChapters()
  await appendFile(join(dir, 'docs', `${chapterIds[1]}.log`), Buffer.from([0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8, 9]))

  const host = await startHost(dir)
  const page = await openApp(browser, host.url)
  await manuscript(page).waitFor()
  const alert = page.getByRole('alert').filter({ hasText: /damaged/i })
  await alert.waitFor()
  await expect.poll(() => manuscript(page).textContent()).toBe('This chapter will be damaged at its end.')
  await openChapter(page, 'Kept')
  await expect.poll(() => manuscript(page).textContent()).toBe('These words must survive.')
  expect((await readdir(join(dir, 'docs'))).some((name) => name.includes('.damaged'))).toBe(true)
  await page.close()
  await host.stop()
})
