/**
 * Suggested edits between two peers: a reviewer suggests, the author sees it
 * in the text and in the panel, accepts (one undo step) or rejects, and a
 * suggestion whose passage changed cannot be applied.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createBook, manuscript, newChapter } from './support/app'
import { Scene, type Person } from './support/peers'
import { commentsPanel, joinInvite, selectText, shareOpenChapter } from './support/review'
import { card, chapterText, suggestEdit } from './support/rounds'

const scene = new Scene()
let author: Person
let rita: Person

beforeAll(async () => {
  await scene.start()
  author = await scene.person('Ada Author')
  rita = await scene.person('Rita Reviewer')
})
afterAll(() => scene.stop())

const TEXT = 'The harbour was quiet before dawn. Gulls argued over the nets.'

test('suggest → accept as one undoable step, suggest → reject, and a stale suggestion', async () => {
  const a = author.page
  const r = rita.page
  await createBook(a, 'Tidewater')
  await newChapter(a, 'The Harbour')
  await manuscript(a).pressSequentially(TEXT)
  await joinInvite(r, await shareOpenChapter(a, 'Rita Reviewer'))
  await expect.poll(() => chapterText(r)).toBe(TEXT)

  // The Suggest edit button is for a selection within one paragraph.
  await manuscript(r).focus()
  await selectText(r, 'quiet')
  await suggestEdit(r, 'quiet', 'silent')

  // Both see it in the text: the passage struck through, the proposed words after it; and in the panel as a diff.
  for (const page of [r, a]) {
    await expect.poll(() => page.locator('del.suggestion-delete').textContent()).toBe('quiet')
    await expect.poll(() => page.locator('ins.suggestion-insert').textContent()).toBe('silent')
  }
  const suggestion = card(a, /Suggestion by Rita Reviewer on “quiet”: silent/)
  expect(await suggestion.locator('.suggestion-diff del').textContent()).toContain('quiet')
  expect(await suggestion.locator('.suggestion-diff ins').textContent()).toContain('silent')
  // The reviewer cannot decide; the text itself is still the author's.
  expect(await card(r, /Suggestion by Rita Reviewer/).getByRole('button', { name: /^Accept/ }).count()).toBe(0)
  expect(await chapterText(a)).toBe(TEXT)

  // By keyboard: from the card, Tab reaches Accept; after it, focus stays on the card.
  await suggestion.focus()
  await a.keyboard.press('Tab')
  const accept = suggestion.getByRole('button', { name: 'Accept Rita Reviewer’s suggestion on “quiet”' })
  expect(await accept.evaluate((el) => el === document.activeElement)).toBe(true)
  await a.keyboard.press('Enter')
  await expect.poll(() => suggestion.evaluate((el) => el === document.activeElement)).toBe(true)
  const accepted = 'The harbour was silent before dawn. Gulls argued over the nets.'
  await expect.poll(() => chapterText(a)).toBe(accepted)
  await expect.poll(() => chapterText(r)).toBe(accepted)
  await expect.poll(() => card(r, /Suggestion by Rita Reviewer/).textContent()).toContain('Accepted by Ada Author')
  expect(await a.locator('ins.suggestion-insert').count()).toBe(0)

  // One Ctrl+Z takes the whole suggestion back, and nothing else; Ctrl+Shift+Z applies it again.
  await manuscript(a).focus()
  await a.keyboard.press('Control+z')
  await expect.poll(() => chapterText(a)).toBe(TEXT)
  await a.keyboard.press('Control+Shift+z')
  await expect.poll(() => chapterText(a)).toBe(accepted)

  // A rejected suggestion leaves the text alone.
  await suggestEdit(r, 'Gulls', 'Terns')
  const terns = card(a, /Suggestion by Rita Reviewer on “Gulls”: Terns/)
  await terns.getByRole('button', { name: /^Reject/ }).click()
  await expect.poll(() => card(r, /on “Gulls”/).textContent()).toContain('Rejected by Ada Author')
  expect(await chapterText(a)).toBe(accepted)
  expect(await r.locator('ins.suggestion-insert').count()).toBe(0)

  // The author edits the passage of a waiting suggestion: it says so, with how it reads now, and Accept is off.
  await suggestEdit(r, 'argued over the nets', 'squabbled over the nets')
  const stale = card(a, /Suggestion by Rita Reviewer on “argued over the nets”/)
  await stale.waitFor()
  await selectText(a, 'nets')
  await a.keyboard.type('boats')
  expect(await chapterText(a)).toBe('The harbour was silent before dawn. Gulls argued over the boats.')
  await expect.poll(() => stale.textContent()).toContain('The passage changed since this suggestion was made, so it cannot be applied as it is. It now reads: “argued over the boats”')
  expect(await stale.getByRole('button', { name: /^Accept/ }).isDisabled()).toBe(true)
  await expect.poll(() => card(r, /on “argued over the nets”/).textContent()).toContain('The passage changed since this suggestion was made')
  expect(await commentsPanel(r).locator('.suggestion-stale').count()).toBe(1)
  // Neither side draws the stale suggestion's words into the text.
  expect(await a.locator('ins.suggestion-insert').count()).toBe(0)
  expect(await r.locator('ins.suggestion-insert').count()).toBe(0)
})
