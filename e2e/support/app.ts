/** What a user does in Quire, as Playwright steps shared by the end-to-end tests. */
import type { Browser, Page } from 'playwright-core'

/**
 * Opens Quire in a new page. On a fresh data folder Quire first asks for the
 * user's name; `name` answers it (pass null to leave the question open).
 */
export async function openApp(browser: Browser, url: string, name: string | null = 'Ada Author'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, acceptDownloads: true })
  page.on('pageerror', (error) => console.error('page error:', error.message))
  // QUIRE_E2E_CONSOLE=1 shows what each page logs, for finding out why a test failed.
  if (process.env.QUIRE_E2E_CONSOLE) page.on('console', (message) => console.log(`[${name ?? 'page'}] ${message.type()}: ${message.text()}`))
  await page.goto(url)
  const welcome = page.getByRole('dialog', { name: 'Welcome to Quire' })
  const app = page.locator('.app')
  await Promise.race([welcome.waitFor(), app.waitFor()])
  if (name !== null && (await welcome.isVisible())) {
    await welcome.getByRole('textbox', { name: 'Your name' }).fill(name)
    await welcome.getByRole('button', { name: 'Continue' }).click()
    await welcome.waitFor({ state: 'detached' })
  }
  return page
}

export const manuscript = (page: Page) => page.getByRole('textbox', { name: 'Chapter text' })

export async function createBook(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: 'New book' }).first().click()
  const dialog = page.getByRole('dialog', { name: 'New book' })
  await dialog.getByRole('textbox', { name: 'Title' }).fill(title)
  await dialog.getByRole('button', { name: 'Create' }).click()
  await page.getByRole('heading', { name: title, level: 1 }).waitFor()
}

export async function newChapter(page: Page, title?: string): Promise<void> {
  const binder = page.getByRole('navigation', { name: 'Binder' })
  const chapters = binder.locator('.chapter-list > li')
  const before = await chapters.count()
  await binder.getByRole('button', { name: 'New chapter' }).click()
  // Wait for the new chapter itself, not the one still on screen while it opens.
  await chapters.nth(before).waitFor()
  const input = page.getByRole('textbox', { name: 'Chapter title' })
  await page.waitForFunction(
    (n) => document.querySelector('.chapter-list > li:nth-child(' + n + ') [aria-current=page]') !== null,
    before + 1,
  )
  await manuscript(page).waitFor()
  if (title) {
    await input.fill(title)
    await input.press('Enter')
    await binder.locator('.chapter-title', { hasText: title }).waitFor()
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

/** The chapter's paragraphs' text, in order. */
export async function paragraphs(page: Page): Promise<string[]> {
  return manuscript(page).locator('p').allTextContents()
}

/** Chooses an item from the open chapter's “More chapter actions” menu. */
export async function chapterMenu(page: Page, item: string): Promise<void> {
  await page.getByRole('button', { name: 'More chapter actions' }).click()
  await page.getByRole('menuitem', { name: item }).click()
}

/** Opens a chapter from the Binder and waits until it, not the previous one, is on screen. */
export async function openChapter(page: Page, title: string | RegExp): Promise<void> {
  await page.getByRole('navigation', { name: 'Binder' }).getByRole('button', { name: title }).click()
  await page.getByRole('article', { name: title }).waitFor()
  await manuscript(page).waitFor()
}
