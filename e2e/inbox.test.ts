/** New comments leave a trace where the user will look: the Binder, the book, and a "New" mark in the panel. */
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { chapterMenu, createBook, manuscript, newChapter, openChapter } from './support/app'
import { Scene, type Person } from './support/peers'
import { comment, commentsPanel, joinInvite, shareOpenChapter } from './support/review'

const scene = new Scene()
let author: Person
let rita: Person

beforeAll(async () => {
  await scene.start()
  author = await scene.person('Ada Author')
  rita = await scene.person('Rita Reviewer')
})
afterAll(() => scene.stop())

const binderChapter = (page: Page, title: string) => page.getByRole('navigation', { name: 'Binder' }).getByRole('button', { name: title })
const newMarks = (page: Page) => commentsPanel(page).locator('.new-mark')

test('a comment on a chapter the author does not have open is counted in the Binder and the book until she reads it', async () => {
  const a = author.page
  await createBook(a, 'Harbour')
  await newChapter(a, 'Arrival')
  await manuscript(a).pressSequentially('The ferry came in at six.')
  await newChapter(a, 'Departure')
  await manuscript(a).pressSequentially('At dawn the ferry left again.')
  await joinInvite(rita.page, await shareOpenChapter(a, 'Rita Reviewer', ['Arrival']))
  await openChapter(a, 'Departure')

  await openChapter(rita.page, 'Arrival')
  await expect.poll(() => manuscript(rita.page).textContent(), { timeout: 30_000 }).toBe('The ferry came in at six.')
  await comment(rita.page, 'came in at six', 'Which day of the week?')

  // The author, on another chapter, sees where the new comment is.
  await expect.poll(() => binderChapter(a, 'Arrival').textContent(), { timeout: 30_000 }).toContain('1 new comment')
  expect(await binderChapter(a, 'Departure').textContent()).not.toContain('new comment')
  expect(await a.getByRole('region', { name: 'Books' }).getByRole('button', { name: /Harbour/ }).textContent()).toContain('1 new comment')

  // Opening it: the comment is marked New in the panel; once read, the Binder clears and the mark stays for this visit.
  await openChapter(a, 'Arrival')
  await expect.poll(() => newMarks(a).count()).toBe(1)
  expect(await commentsPanel(a).locator('.thread-list > li', { has: a.locator('.new-mark') }).textContent()).toContain('Which day of the week?')
  await expect.poll(() => binderChapter(a, 'Arrival').textContent()).not.toContain('new comment')
  expect(await newMarks(a).count()).toBe(1)

  // Her reply is new to the reviewer, who is reading the chapter: marked in her panel, not her own comment.
  const thread = commentsPanel(a).getByRole('listitem', { name: /Comment by Rita Reviewer/ })
  await thread.getByRole('button', { name: 'Reply' }).click()
  await thread.getByRole('textbox', { name: 'Reply' }).fill('A Tuesday.')
  await thread.getByRole('button', { name: 'Post' }).click()
  await expect.poll(() => newMarks(rita.page).count(), { timeout: 30_000 }).toBe(1)
  expect(await commentsPanel(rita.page).locator('.message', { has: rita.page.locator('.new-mark') }).textContent()).toContain('A Tuesday.')

  // Seen stays seen: after a restart the author's Binder shows nothing new, and the panel marks nothing.
  await author.quit()
  await author.restart()
  await openChapter(author.page, 'Departure')
  await openChapter(author.page, 'Arrival')
  await expect.poll(() => commentsPanel(author.page).locator('.thread-list > li').count()).toBe(1)
  expect(await newMarks(author.page).count()).toBe(0)
  expect(await binderChapter(author.page, 'Arrival').textContent()).not.toContain('new comment')
})

test('the reviewer sees the author rename, reorder and remove shared chapters', async () => {
  const a = author.page
  const shared = () => rita.page.getByRole('group', { name: 'Harbour by Ada Author' }).getByRole('listitem').allTextContents()
  await expect.poll(() => shared()).toEqual(['Arrival', 'Departure'])

  await openChapter(a, 'Arrival')
  await a.getByRole('textbox', { name: 'Chapter title' }).fill('Landfall')
  await a.keyboard.press('Enter')
  await expect.poll(() => shared(), { timeout: 30_000 }).toEqual(['Landfall', 'Departure'])

  await a.getByRole('navigation', { name: 'Binder' }).getByRole('button', { name: /Departure/ }).focus()
  await a.keyboard.press('Alt+ArrowUp')
  await expect.poll(() => shared(), { timeout: 30_000 }).toEqual(['Departure', 'Landfall'])

  await openChapter(a, 'Departure')
  await chapterMenu(a, 'Move chapter to Trash')
  await expect.poll(() => shared(), { timeout: 30_000 }).toEqual(['Landfall'])
}, 180_000)

test('who has access: the author sees it in the Share dialog, a reviewer in her Network view', async () => {
  const a = author.page
  const sam = await scene.person('Sam Second')
  await openChapter(a, 'Landfall')
  await a.getByRole('button', { name: 'Share chapter' }).click()
  const dialog = a.getByRole('dialog')
  expect(await dialog.getByText(/shared with/).textContent()).toBe('Already shared with Rita Reviewer.')
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await joinInvite(sam.page, await shareOpenChapter(a, 'Sam Second'))

  await rita.page.getByRole('button', { name: 'Network' }).click()
  const harbour = rita.page.getByRole('region', { name: 'Network' }).getByRole('group', { name: 'Harbour' })
  await expect.poll(() => harbour.textContent(), { timeout: 30_000 }).toContain('Sam Second reviews Landfall')
  expect(await harbour.textContent()).toContain('Ada Author, the author')

  await a.getByRole('button', { name: 'Share chapter' }).click()
  expect(await dialog.getByText(/shared with/).textContent()).toBe('Already shared with Rita Reviewer and Sam Second.')
  await dialog.getByRole('button', { name: 'Cancel' }).click()
}, 180_000)
