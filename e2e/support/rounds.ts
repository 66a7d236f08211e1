/** Review-round steps shared by the end-to-end tests. */
import type { Page } from 'playwright-core'
import { manuscript } from './app'
import { commentsPanel, selectText } from './review'

/** Reviewer: selects a passage, presses Suggest edit, replaces the prefilled words and posts. */
export async function suggestEdit(page: Page, passage: string, replacement: string): Promise<void> {
  await manuscript(page).focus()
  await selectText(page, passage)
  await page.getByRole('button', { name: 'Suggest edit' }).click()
  const box = commentsPanel(page).getByRole('textbox', { name: 'Suggestion' })
  await box.waitFor()
  if ((await box.inputValue()) !== passage) throw new Error(`the Suggestion box should start with the selection, not “${await box.inputValue()}”`)
  await box.fill(replacement)
  await commentsPanel(page).getByRole('button', { name: 'Post' }).click()
}

/** A thread card by its accessible name. */
export const card = (page: Page, name: RegExp | string) => commentsPanel(page).getByRole('listitem', { name })

/** The review bar under the chapter bar. */
export const roundBar = (page: Page) => page.getByRole('toolbar', { name: 'Review round' })

/** Every file under a data folder, as text (binary logs included, as bytes read as Latin-1). */
export async function folderText(dir: string): Promise<string> {
  const { readdir, readFile } = await import('node:fs/promises')
  const { join } = await import('node:path')
  let out = ''
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue
    out += (await readFile(join(entry.parentPath, entry.name))).toString('latin1')
  }
  return out
}

/** The chapter's own text, without the words suggested edits draw into it. */
export async function chapterText(page: Page): Promise<string> {
  return manuscript(page).evaluate((el) => {
    const clone = el.cloneNode(true) as HTMLElement
    clone.querySelectorAll('ins.suggestion-insert').forEach((n) => n.remove())
    return clone.textContent ?? ''
  })
}
