/** The review loop every lab test runs: share → join → read → comment → live edit. */
import { expect } from 'vitest'
import type { Page } from 'playwright-core'
import { createBook, manuscript, newChapter } from '../support/app'
import { comment, joinInvite, shareOpenChapter, syncStatus, threadTexts } from '../support/review'

export interface RoundTrip {
  link: string
  chapter: string
}

/**
 * Across networks, connecting can take a few STUN/TURN round trips more than
 * on one machine, and an attempt that does not connect is given up after
 * 15 s before a new one starts.
 */
export const LAB_TIMEOUT = 120_000
/** A lab test waits for several such steps in turn. */
export const LAB_TEST_TIMEOUT = 6 * 60_000

export async function shareAndReview(author: Page, reviewer: Page, words: { book: string; chapter: string; text: string }, options: { includeTurn?: boolean } = {}): Promise<RoundTrip> {
  await createBook(author, words.book)
  await newChapter(author, words.chapter)
  await manuscript(author).pressSequentially(words.text)
  const link = await shareOpenChapter(author, 'Rita Reviewer', [], options)
  await joinInvite(reviewer, link)
  await expect.poll(() => manuscript(reviewer).textContent(), { timeout: LAB_TIMEOUT }).toBe(words.text)
  await expect.poll(() => syncStatus(reviewer).textContent(), { timeout: LAB_TIMEOUT }).toBe('1 peer connected')

  const passage = words.text.split(' ').slice(1, 3).join(' ')
  await comment(reviewer, passage, `About “${passage}”?`)
  await expect.poll(() => threadTexts(author), { timeout: LAB_TIMEOUT }).toEqual([expect.stringContaining(`About “${passage}”?`)])

  await liveEdit(author, reviewer, words.text, ' And then the tide turned.')
  return { link, chapter: words.chapter }
}

/** The author types at the end of the chapter; the reviewer sees it. */
export async function liveEdit(author: Page, reviewer: Page, before: string, added: string): Promise<void> {
  await manuscript(author).click()
  await author.keyboard.press('Control+End')
  await manuscript(author).pressSequentially(added)
  // The author's own page first, so a failure says which side the text was lost on.
  await expect.poll(() => manuscript(author).textContent()).toBe(before + added)
  await expect.poll(() => manuscript(reviewer).textContent(), { timeout: LAB_TIMEOUT }).toBe(before + added)
}
