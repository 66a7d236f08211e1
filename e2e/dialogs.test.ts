/**
 * Every dialog closes on Escape and gives focus back to the control that
 * opened it; when that control is gone (the book went to the Trash), focus
 * lands on the view's heading, never on the page body.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Browser, Locator, Page } from 'playwright-core'
import { createBook, manuscript, newChapter, openApp } from './support/app'
import { launchBrowser } from './support/browser'
import { makeDataDir, removeDataDir, startHost, type HostProcess } from './support/host'
import { focusedName, isFocused, tabTo } from './support/keyboard'

let browser: Browser
let host: HostProcess
let dir: string
let page: Page

beforeAll(async () => {
  browser = await launchBrowser()
  dir = await makeDataDir()
  host = await startHost(dir)
  page = await openApp(browser, host.url)
})
afterAll(async () => {
  await browser?.close()
  await host?.stop()
  await removeDataDir(dir)
})

/** Opens a dialog from `opener` with the keyboard, closes it with Escape, and checks where focus went. */
async function escapeReturnsFocus(opener: Locator, dialogName: string | RegExp): Promise<void> {
  await tabTo(page, opener)
  await page.keyboard.press('Enter')
  const dialog = page.getByRole('dialog', { name: dialogName })
  await dialog.waitFor()
  await page.keyboard.press('Escape')
  await dialog.waitFor({ state: 'detached' })
  expect(await isFocused(opener), `after Escape in “${dialogName}”, focus is on ${await focusedName(page)}`).toBe(true)
}

test('New book and Open invite close on Escape; Create gives focus back to New book', async () => {
  const newBook = page.getByRole('navigation', { name: 'Books' }).or(page.getByRole('region', { name: 'Books' })).getByRole('button', { name: 'New book' })
  await escapeReturnsFocus(newBook, 'New book')
  await escapeReturnsFocus(page.getByRole('button', { name: 'Open invite' }), 'Open invite')

  await tabTo(page, newBook, { back: true })
  await page.keyboard.press('Enter')
  await page.keyboard.type('Harbour Lights')
  await page.keyboard.press('Enter')
  await page.getByRole('heading', { name: 'Harbour Lights', level: 1 }).waitFor()
  expect(await isFocused(newBook), await focusedName(page)).toBe(true)
})

test('the chapter title’s Enter moves into the text, at its start', async () => {
  await newChapter(page, 'Landfall')
  await manuscript(page).pressSequentially('Fog.')
  const title = page.getByRole('textbox', { name: 'Chapter title' })
  await title.focus()
  await page.keyboard.press('End')
  await page.keyboard.type(' at Dawn')
  await page.keyboard.press('Enter')
  expect(await isFocused(manuscript(page)), await focusedName(page)).toBe(true)
  await page.keyboard.type('Grey ')
  await expect.poll(() => manuscript(page).textContent()).toBe('Grey Fog.')
  await expect.poll(() => page.getByRole('navigation', { name: 'Binder' }).getByRole('button', { name: /Landfall at Dawn/ }).count()).toBe(1)
  // The focused title shows a 2 px ring, not a hairline.
  await title.focus()
  await page.keyboard.press('End')
  expect(await title.evaluate((el) => getComputedStyle(el).outlineWidth)).toBe('2px')
})

test('Rename book and Move book to Trash close on Escape; after the book goes, focus is on the heading', async () => {
  // Rename lives in the book's ⋯ menu: the dialog gives focus back to that menu's button.
  const more = page.getByRole('button', { name: 'More book actions' })
  const openRename = async () => {
    await tabTo(page, more)
    await page.keyboard.press('Enter')
    await expect.poll(() => isFocused(page.getByRole('menuitem', { name: 'Rename book' }))).toBe(true)
  }
  await openRename()
  await page.keyboard.press('Enter')
  const dialog = page.getByRole('dialog', { name: 'Rename book' })
  await dialog.waitFor()
  await page.keyboard.press('Escape')
  await dialog.waitFor({ state: 'detached' })
  expect(await isFocused(more), `after Escape in “Rename book”, focus is on ${await focusedName(page)}`).toBe(true)
  await openRename()
  await page.keyboard.press('Enter')
  await page.keyboard.press('Control+a')
  await page.keyboard.type('Harbour Lights, Revised')
  await page.keyboard.press('Enter')
  await page.getByRole('heading', { name: 'Harbour Lights, Revised', level: 1 }).waitFor()
  expect(await isFocused(more), await focusedName(page)).toBe(true)

  const trash = page.getByRole('button', { name: 'Move book to Trash' })
  await escapeReturnsFocus(trash, 'Move “Harbour Lights, Revised” to Trash?')
  await page.keyboard.press('Enter')
  await page.getByRole('dialog').getByRole('button', { name: 'Move to Trash' }).press('Enter')
  const heading = page.getByRole('heading', { name: 'Your library is empty' })
  await heading.waitFor()
  await expect.poll(() => isFocused(heading)).toBe(true)
})

test('Delete forever and Remove member close on Escape; confirming leaves focus on the view', async () => {
  await createBook(page, 'Scrap')
  await page.getByRole('button', { name: 'Move book to Trash' }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Move to Trash' }).click()
  await page.getByRole('button', { name: /^Trash/ }).click()
  const item = page.getByRole('listitem', { name: 'Scrap' })
  const purge = item.getByRole('button', { name: 'Delete forever' })
  await escapeReturnsFocus(purge, 'Delete forever?')
  await page.keyboard.press('Enter')
  await page.getByRole('dialog', { name: 'Delete forever?' }).getByRole('button', { name: 'Delete forever' }).press('Enter')
  await item.waitFor({ state: 'detached' })
  await expect.poll(() => isFocused(page.getByRole('heading', { name: 'Trash' }))).toBe(true)

  await page.getByRole('button', { name: /^Network/ }).click()
  const network = page.getByRole('region', { name: 'Network' })
  await network.getByRole('textbox', { name: 'Member name' }).fill('Grace Mentor')
  await page.keyboard.press('Enter')
  const remove = network.getByRole('row', { name: 'Grace Mentor' }).getByRole('button', { name: 'Remove' })
  await escapeReturnsFocus(remove, 'Remove Grace Mentor?')
  await page.keyboard.press('Enter')
  await page.getByRole('dialog', { name: 'Remove Grace Mentor?' }).getByRole('button', { name: 'Remove' }).press('Enter')
  await remove.waitFor({ state: 'detached' })
  await expect.poll(() => isFocused(page.getByRole('heading', { name: 'Network' }))).toBe(true)
})
