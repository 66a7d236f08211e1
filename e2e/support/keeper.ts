/**
 * The scene the crafted-client suites start from: the author shares "Winter"
 * of her book "Keeper" with Rita, who comments on it; each Quire's sync
 * notices are read from its console.
 */
import { expect } from 'vitest'
import type { Page } from 'playwright-core'
import { createBook, manuscript, newChapter, paragraphs } from './app'
import type { Person } from './peers'
import { comment, joinInvite, shareOpenChapter, threadTexts } from './review'

export const TEXT = ['The lighthouse keeper counted the ships.', 'None came that winter.']

/** What each Quire's sync said, from its console (SyncHub's notices). */
export class SyncLog {
  private readonly lines = new Map<Page, string[]>()

  listen(page: Page): void {
    const lines: string[] = []
    this.lines.set(page, lines)
    page.on('console', (message) => lines.push(message.text()))
  }

  of(page: Page): string[] {
    return this.lines.get(page)!
  }
}

/** The author writes TEXT, shares it with Rita, and Rita's comment "How many ships?" reaches her. */
export async function keeperWithRitasComment(author: Person, rita: Person): Promise<void> {
  const a = author.page
  await createBook(a, 'Keeper')
  await newChapter(a, 'Winter')
  await manuscript(a).pressSequentially(TEXT[0]!)
  await a.keyboard.press('Enter')
  await manuscript(a).pressSequentially(TEXT[1]!)
  await joinInvite(rita.page, await shareOpenChapter(a, 'Rita Reviewer'))
  await expect.poll(() => paragraphs(rita.page), { timeout: 30_000 }).toEqual(TEXT)
  await comment(rita.page, 'counted the ships', 'How many ships?')
  await expect.poll(() => threadTexts(a), { timeout: 30_000 }).toEqual([expect.stringContaining('How many ships?')])
}
