/** What a user does in Quire, as Playwright steps shared by the end-to-end tests. */
import { expect } from 'vitest'
import type { Browser, Page } from 'playwright-core'

export async function openApp(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, acceptDownloads: true })
  page.on('pageerror', (error) => console.error('page error:', error.message))
  await page.goto(url)
  return page
}

export const manuscript = (page: Page) => page.getByRole('textbox', { name: 'Chapter text' })

export async function createBook(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: 'New book' }).first().click()
  const dialog = page.getByRole('dialog', { name: 'New book' })
  await dialog.getByRole('textbox', { name: 'Title' }).fill(title)
  await dialog.getByRole('button', { name: 'Create' }).click()
  await expect.poll(() => page.getByRole('heading', { name: title, level: 1 }).count()).toBe(1)
}

export async function newChapter(page: Page, title?: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Binder' }).getByRole('button', { name: 'New chapter' }).click()
  await manuscript(page).waitFor()
  if (title) {
    const input = page.getByRole('textbox', { name: 'Chapter title' })
    await input.fill(title)
    await input.press('Enter')
    await expect.poll(() => binderTitles(page)).toContain(title)
  }
  await manuscript(page).click()
}

export async function binderTitles(page: Page): Promise<string[]> {
  return page.getByRole('navigation', { name: 'Binder' }).locator('.chapter-title').allTextContents()
}

/** The manuscript's HTML without ProseMirror's helper attributes, for structural assertions. */
export async function manuscriptHtml(page: Page): Promise<string> {
  return manuscript(page).evaluate((el) => {
    const clone = el.cloneNode(true) as HTMLElement
    clone.querySelectorAll('img.ProseMirror-separator, br.ProseMirror-trailingBreak').forEach((n) => n.remove())
    clone.querySelectorAll('[contenteditable]').forEach((n) => n.removeAttribute('contenteditable'))
    return clone.innerHTML
  })
}

export const mod = process.platform === 'darwin' ? 'Meta' : 'Control'
