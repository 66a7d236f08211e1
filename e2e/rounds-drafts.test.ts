/**
 * A second draft between two peers: the reviewer's threads are carried over
 * as anchored, changed or removed, the reviewer marks one addressed and the
 * author sees the count; draft 1 reads beside draft 2. Reading progress
 * reaches the author, until the reviewer turns sharing it off.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createBook, manuscript, newChapter } from './support/app'
import { Scene, type Person } from './support/peers'
import { comment, joinInvite, selectText, shareOpenChapter } from './support/review'
import { card, chapterText, roundBar } from './support/rounds'

const scene = new Scene()
let author: Person
let rita: Person

beforeAll(async () => {
  await scene.start()
  author = await scene.person('Ada Author')
  rita = await scene.person('Rita Reviewer')
})
afterAll(() => scene.stop())

const PARAGRAPHS = ['The harbour was quiet before dawn.', 'Gulls argued over the nets.', 'The ferry came in at six.']

test('draft 2 carries every thread as anchored, changed or removed; Addressed reaches the author', async () => {
  const a = author.page
  const r = rita.page
  await createBook(a, 'Tidewater')
  await newChapter(a, 'The Harbour')
  for (const [i, paragraph] of PARAGRAPHS.entries()) {
    if (i > 0) await a.keyboard.press('Enter')
    await manuscript(a).pressSequentially(paragraph)
  }
  await joinInvite(r, await shareOpenChapter(a, 'Rita Reviewer'))
  await expect.poll(() => chapterText(r)).toBe(PARAGRAPHS.join(''))
  await comment(r, 'quiet before dawn', 'Lovely.')
  await comment(r, 'argued over the nets', 'How loud?')
  await comment(r, 'The ferry came in at six', 'Cut this?')

  // The reviewer read the whole (short) chapter: the author sees it finished.
  await expect.poll(() => roundBar(a).textContent()).toContain('Rita Reviewer: finished')

  // The author keeps the first passage, edits the second, deletes the third, and shares draft 2.
  await card(a, /on “The ferry came in at six”/).waitFor({ timeout: 30_000 })
  await selectText(a, 'nets')
  await a.keyboard.type('boats')
  await selectText(a, 'The ferry came in at six')
  await a.keyboard.press('Shift+End')
  await a.keyboard.press('Backspace')
  await a.keyboard.press('Backspace')
  expect(await chapterText(a)).toBe('The harbour was quiet before dawn.Gulls argued over the boats.')
  await roundBar(a).getByRole('button', { name: 'Share new draft' }).click()
  const dialog = a.getByRole('dialog', { name: 'Share draft 2' })
  expect(await dialog.textContent()).toContain('Each of the 3 threads so far is carried over')
  await dialog.getByRole('button', { name: 'Share draft 2' }).click()

  await roundBar(r).getByText('Draft 2').waitFor({ timeout: 30_000 })
  await expect.poll(() => chapterText(r)).toBe('The harbour was quiet before dawn.Gulls argued over the boats.')
  const kept = card(r, /on “quiet before dawn”/)
  const edited = card(r, /on “argued over the nets”/)
  const removed = card(r, /on “The ferry came in at six”/)
  await expect.poll(() => kept.textContent()).toContain('Draft 1 · Anchored')
  await expect.poll(() => edited.textContent()).toContain('Draft 1 · Changed')
  // The changed passage as a diff: the old word out, the new one in.
  expect(await edited.locator('.carried-diff del').textContent()).toContain('nets')
  expect(await edited.locator('.carried-diff ins').textContent()).toContain('boats')
  await expect.poll(() => removed.textContent()).toContain('Draft 1 · Removed')
  expect(await removed.textContent()).toContain('Draft 2 removed this passage. The quote above is what it said.')
  // The removed thread keeps its quote and sits on no text of draft 2.
  expect(await removed.locator('.thread-quote').textContent()).toBe('The ferry came in at six')
  expect(await r.locator('.manuscript [data-thread-id]').count()).toBe(2)

  // Draft 1 reads beside draft 2.
  await roundBar(r).getByRole('button', { name: 'Show draft 1 beside' }).click()
  await expect.poll(() => r.getByRole('complementary', { name: 'Draft 1' }).textContent()).toContain('Gulls argued over the nets.')

  // The reviewer says draft 2 addressed the edited passage; the author sees one of three points addressed.
  await edited.getByRole('group', { name: /Did draft 2 address/ }).getByRole('button', { name: 'Addressed', exact: true }).click()
  expect(await edited.getByRole('button', { name: 'Addressed', exact: true }).getAttribute('aria-pressed')).toBe('true')
  await expect.poll(() => roundBar(a).textContent()).toContain('1 of 3 points addressed')
  // Only the writer marks a thread addressed.
  expect(await card(a, /on “argued over the nets”/).getByRole('button', { name: 'Addressed', exact: true }).count()).toBe(0)
})

test('reading progress reaches the author until the reviewer keeps it private', async () => {
  const a = author.page
  const r = rita.page
  await createBook(a, 'Shoreline')
  await newChapter(a, 'Low Tide')
  await manuscript(a).pressSequentially('The water went out further than anyone remembered.')
  await joinInvite(r, await shareOpenChapter(a, 'Rita Reviewer'))
  await expect.poll(() => chapterText(r)).toBe('The water went out further than anyone remembered.')
  await expect.poll(() => roundBar(a).textContent()).toContain('Rita Reviewer: finished')

  await r.getByRole('button', { name: 'Settings' }).click()
  const sharing = r.getByRole('checkbox', { name: 'Share my reading progress' })
  expect(await sharing.isChecked()).toBe(true)
  // The box follows the saved setting, so it turns off once saved: click, then wait for the word.
  await sharing.click()
  await r.getByRole('status').filter({ hasText: 'Your reading progress is now yours alone.' }).waitFor()
  expect(await sharing.isChecked()).toBe(false)
  await expect.poll(() => roundBar(a).textContent()).toContain('Rita Reviewer: keeps reading progress private')
})
