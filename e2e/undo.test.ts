/** Undo and redo never lose text: through the keyboard and the toolbar, across chapters and a restart. */
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser } from './support/browser'
import { makeDataDir, removeDataDir, startHost, type HostProcess } from './support/host'
import { createBook, manuscript, mod, newChapter, openApp, openChapter, paragraphs } from './support/app'

let browser: Browser
let host: HostProcess
let dataDir: string

beforeAll(async () => {
  browser = await launchBrowser()
  dataDir = await makeDataDir()
  host = await startHost(dataDir)
})
afterAll(async () => {
  await browser?.close()
  await host?.stop()
  await removeDataDir(dataDir)
})

const text = async (page: Page) => (await paragraphs(page)).join('\n')
const tool = (page: Page, name: string) => page.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name, exact: true })

test('a sentence typed in one burst comes back after undo, by keyboard and by toolbar', async () => {
  const page = await openApp(browser, host.url)
  await createBook(page, 'Harbour')
  await newChapter(page, 'Dawn')
  await manuscript(page).pressSequentially('The boat left at dawn. The gulls followed it out')
  await page.keyboard.press(`${mod}+z`)
  await expect.poll(() => text(page)).toBe('The boat left at dawn. ')
  await page.keyboard.press(`${mod}+z`)
  await expect.poll(() => text(page)).toBe('')
  await page.keyboard.press(`${mod}+Shift+z`)
  await expect.poll(() => text(page)).toBe('The boat left at dawn. ')
  await page.keyboard.press(`${mod}+y`)
  await expect.poll(() => text(page)).toBe('The boat left at dawn. The gulls followed it out')

  await tool(page, 'Undo').click()
  await tool(page, 'Undo').click()
  await expect.poll(() => text(page)).toBe('')
  await expect.poll(() => tool(page, 'Undo').isDisabled()).toBe(true)
  await tool(page, 'Redo').click()
  await tool(page, 'Redo').click()
  await expect.poll(() => text(page)).toBe('The boat left at dawn. The gulls followed it out')
  await expect.poll(() => tool(page, 'Redo').isDisabled()).toBe(true)

  // A second paragraph typed later undoes on its own, and the first stays.
  await manuscript(page).press('End')
  await page.keyboard.press('Enter')
  await manuscript(page).pressSequentially('Noon was quiet')
  await page.keyboard.press(`${mod}+z`)
  await expect.poll(() => text(page)).toBe('The boat left at dawn. The gulls followed it out\n')
  await page.keyboard.press(`${mod}+Shift+z`)
  await expect.poll(() => text(page)).toBe('The boat left at dawn. The gulls followed it out\nNoon was quiet')

  // The history survives a visit to another chapter.
  await newChapter(page, 'Noon')
  await manuscript(page).pressSequentially('Another chapter.')
  await openChapter(page, 'Dawn')
  await page.keyboard.press(`${mod}+z`)
  await expect.poll(() => text(page)).toBe('The boat left at dawn. The gulls followed it out\n')
  await page.keyboard.press(`${mod}+Shift+z`)
  await expect.poll(() => text(page)).toBe('The boat left at dawn. The gulls followed it out\nNoon was quiet')

  // And what the writer sees is what was saved.
  await page.reload()
  await manuscript(page).waitFor()
  await expect.poll(() => text(page)).toBe('The boat left at dawn. The gulls followed it out\nNoon was quiet')
  await page.close()
})
