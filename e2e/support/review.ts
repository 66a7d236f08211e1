/** Review steps shared by the peer-to-peer tests. */
import type { Page } from 'playwright-core'
import { manuscript } from './app'

/** Author: shares the open chapter with a reviewer by name and returns the invite link. */
export async function shareOpenChapter(page: Page, reviewer: string, moreChapters: string[] = [], options: { includeTurn?: boolean; blind?: boolean } = {}): Promise<string> {
  await page.getByRole('button', { name: 'Share chapter' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByRole('textbox', { name: 'Reviewer name' }).fill(reviewer)
  // Only a book's first invite chooses how it is reviewed.
  if (options.blind) await dialog.getByRole('radio', { name: 'Blind: only you read each reviewer’s comments' }).check()
  for (const title of moreChapters) await dialog.getByRole('checkbox', { name: title }).check()
  if (options.includeTurn) await dialog.getByRole('checkbox', { name: /Include my TURN servers/ }).check()
  await dialog.getByRole('button', { name: 'Create invite' }).click()
  const link = await dialog.getByRole('textbox', { name: 'Invite link' }).inputValue()
  await dialog.getByRole('button', { name: 'Done' }).click()
  return link
}

/** Reviewer: opens an invite link through the Open invite dialog. */
export async function joinInvite(page: Page, link: string): Promise<void> {
  await page.getByRole('button', { name: 'Open invite' }).click()
  const dialog = page.getByRole('dialog', { name: 'Open invite' })
  await dialog.getByRole('textbox', { name: 'Invite link' }).fill(link)
  await dialog.getByRole('button', { name: 'Join' }).click()
  await dialog.waitFor({ state: 'detached' })
  await manuscript(page).waitFor()
}

/** Selects the first occurrence of `text` in the chapter. */
export async function selectText(page: Page, text: string): Promise<void> {
  await manuscript(page).evaluate((root, wanted) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent?.indexOf(wanted) ?? -1
      if (at >= 0) {
        const range = document.createRange()
        range.setStart(node, at)
        range.setEnd(node, at + wanted.length)
        // As a pointer would: the editor has focus before the selection changes,
        // and reads the new selection at once (its focus handling and any
        // transaction from a peer before the browser's own selectionchange
        // would otherwise put its old selection back).
        const editor = root as HTMLElement
        editor.focus()
        const selection = window.getSelection()!
        selection.removeAllRanges()
        selection.addRange(range)
        document.dispatchEvent(new Event('selectionchange'))
        return
      }
    }
    throw new Error(`text not found: ${wanted}`)
  }, text)
}

/** Selects a passage and posts a comment on it. */
export async function comment(page: Page, passage: string, body: string): Promise<void> {
  await manuscript(page).focus()
  await selectText(page, passage)
  await page.getByRole('button', { name: 'Comment', exact: true }).click()
  const panel = page.getByRole('complementary', { name: 'Comments' })
  await panel.getByRole('textbox', { name: 'Comment' }).fill(body)
  await panel.getByRole('button', { name: 'Post' }).click()
}

export const commentsPanel = (page: Page) => page.getByRole('complementary', { name: 'Comments' })

/** The Comments panel's thread cards as text, in panel order. */
export async function threadTexts(page: Page): Promise<string[]> {
  return commentsPanel(page).locator('.thread-list > li').allTextContents()
}

export const syncStatus = (page: Page) => page.getByRole('status').filter({ hasText: /Offline|Connecting|connected/ })
