/**
 * Review by keyboard alone: a reviewer selects with the caret in the reading
 * view, comments, replies, edits and resolves without touching the mouse, and
 * the author sees each step arrive. Dialogs on both sides close on Escape and
 * give focus back to the button that opened them.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createBook, manuscript, newChapter, paragraphs } from './support/app'
import { isFocused, focusedName, selectedText, tabTo } from './support/keyboard'
import { Scene, type Person } from './support/peers'
import { commentsPanel, joinInvite, shareOpenChapter, threadTexts } from './support/review'

const TEXT = 'The harbour was quiet before dawn. Gulls argued over the missing hulls.'

const scene = new Scene()
let author: Person
let reviewer: Person
let link: string

beforeAll(async () => {
  await scene.start()
  author = await scene.person('Ada Author')
  reviewer = await scene.person('Rita Reviewer')
  await createBook(author.page, 'Tidewater')
  await newChapter(author.page, 'The Harbour')
  await manuscript(author.page).pressSequentially(TEXT)
})
afterAll(() => scene.stop())

test('Share and Invite ready close on Escape, and focus goes back to Share chapter', async () => {
  const a = author.page
  const share = a.getByRole('button', { name: 'Share chapter' })
  await tabTo(a, share)
  await a.keyboard.press('Enter')
  const dialog = a.getByRole('dialog', { name: /Share/ })
  await dialog.waitFor()
  await a.keyboard.press('Escape')
  await dialog.waitFor({ state: 'detached' })
  expect(await isFocused(share), await focusedName(a)).toBe(true)

  await a.keyboard.press('Enter')
  await a.keyboard.type('Rita Reviewer')
  await a.keyboard.press('Enter')
  const ready = a.getByRole('dialog', { name: 'Invite ready' })
  link = await ready.getByRole('textbox', { name: 'Invite link' }).inputValue()
  expect(link).toMatch(/^quire:\/\/invite#/)
  // The invite names its one reviewer and the day it stops working: 14 days from today if unused.
  const expiry = new Date(Date.now() + 14 * 24 * 3600 * 1000).toLocaleDateString('en-US', { dateStyle: 'long' })
  expect(await ready.textContent()).toContain(`This invite is for Rita Reviewer alone`)
  expect(await ready.textContent()).toContain(`stops working on ${expiry}`)
  await a.keyboard.press('Escape')
  await ready.waitFor({ state: 'detached' })
  expect(await isFocused(share), await focusedName(a)).toBe(true)

  // Done, too, gives focus back; a second invite for the same reviewer can be made any time.
  link = await shareOpenChapter(a, 'Rita Reviewer')
  expect(await isFocused(share), await focusedName(a)).toBe(true)
})

test('a reviewer comments, replies, edits and resolves with the keyboard alone', async () => {
  const r = reviewer.page
  const a = author.page
  await joinInvite(r, link)
  const text = manuscript(r)
  await expect.poll(() => text.textContent(), { timeout: 30_000 }).toBe(TEXT)

  // Caret browsing: Shift+arrows select in the read-only text, and Comment wakes up.
  await tabTo(r, text)
  await r.keyboard.press('Control+Home')
  await r.keyboard.press('Control+Shift+ArrowRight')
  await r.keyboard.press('Control+Shift+ArrowRight')
  expect((await selectedText(r)).trim()).toBe('The harbour')
  const commentButton = r.getByRole('button', { name: 'Comment', exact: true })
  expect(await commentButton.isEnabled()).toBe(true)

  // Ctrl+Alt+M opens the comment box; Ctrl+Enter posts; focus is back in the text.
  await r.keyboard.press('Control+Alt+m')
  const panel = commentsPanel(r)
  expect(await isFocused(panel.getByRole('textbox', { name: 'Comment' })), await focusedName(r)).toBe(true)
  await r.keyboard.type('Which harbour?')
  await r.keyboard.press('Control+Enter')
  await expect.poll(() => threadTexts(r)).toEqual([expect.stringContaining('Which harbour?')])
  expect(await isFocused(text), await focusedName(r)).toBe(true)

  // Ctrl+A selects the chapter's text, not the window.
  await r.keyboard.press('Control+a')
  expect((await selectedText(r)).trim()).toBe(TEXT)
  expect(await commentButton.isEnabled()).toBe(true)

  // A second comment through the Comment button: focus returns to it after posting.
  await r.keyboard.press('End')
  await r.keyboard.press('ArrowLeft')
  for (let i = 0; i < 3; i++) await r.keyboard.press('Control+Shift+ArrowLeft')
  expect(await selectedText(r)).toBe('the missing hulls')
  await tabTo(r, commentButton, { back: true })
  await r.keyboard.press('Enter')
  await r.keyboard.type('Sunk, or stolen?')
  await r.keyboard.press('Control+Enter')
  await expect.poll(() => threadTexts(r)).toHaveLength(2)
  expect(await isFocused(commentButton), await focusedName(r)).toBe(true)
  await expect.poll(() => threadTexts(a), { timeout: 20_000 }).toEqual([
    expect.stringContaining('Which harbour?'),
    expect.stringContaining('Sunk, or stolen?'),
  ])

  // Moving the caret into a highlight brings up its thread.
  const cards = panel.locator('.thread-list > li')
  await tabTo(r, text)
  await r.keyboard.press('Control+Home')
  for (let i = 0; i < 5; i++) await r.keyboard.press('ArrowRight')
  await expect.poll(() => cards.nth(0).getAttribute('aria-current')).toBe('true')
  expect(await cards.nth(1).getAttribute('aria-current')).toBeNull()

  // Thread cards take focus: ↓ moves to the next, Enter selects its passage, Escape goes back to the text.
  await r.keyboard.press('Tab')
  expect(await isFocused(cards.nth(0)), await focusedName(r)).toBe(true)
  expect(await cards.nth(0).getAttribute('aria-label')).toBe('Comment by Rita Reviewer on “The harbour”: Which harbour?')
  await r.keyboard.press('ArrowDown')
  expect(await isFocused(cards.nth(1)), await focusedName(r)).toBe(true)
  await r.keyboard.press('Enter')
  await expect.poll(() => cards.nth(1).getAttribute('aria-current')).toBe('true')
  await r.keyboard.press('Escape')
  expect(await isFocused(text), await focusedName(r)).toBe(true)
  expect(await selectedText(r)).toBe('the missing hulls')

  // Reply: the button names whose comment on which passage; focus returns to it after posting.
  const card = cards.nth(1)
  const replyButton = card.getByRole('button', { name: 'Reply to your comment on “the missing hulls”' })
  await tabTo(r, replyButton)
  await r.keyboard.press('Enter')
  expect(await isFocused(card.getByRole('textbox', { name: 'Reply to your comment on “the missing hulls”' }))).toBe(true)
  await r.keyboard.type('Or the boats themselves?')
  await r.keyboard.press('Control+Enter')
  await expect.poll(() => isFocused(replyButton)).toBe(true)
  await expect.poll(() => threadTexts(a), { timeout: 20_000 }).toEqual([
    expect.stringContaining('Which harbour?'),
    expect.stringContaining('Or the boats themselves?'),
  ])

  // Editing uses the same keys as writing: Escape cancels, Ctrl+Enter saves, focus comes back to Edit.
  const editButton = card.getByRole('button', { name: 'Edit your comment on “the missing hulls”' })
  await tabTo(r, editButton, { back: true })
  await r.keyboard.press('Enter')
  const editBox = card.getByRole('textbox', { name: 'Edit your comment on “the missing hulls”' })
  expect(await isFocused(editBox)).toBe(true)
  await r.keyboard.type(' Never mind.')
  await r.keyboard.press('Escape')
  await editBox.waitFor({ state: 'detached' })
  expect(await isFocused(editButton), await focusedName(r)).toBe(true)
  expect(await card.textContent()).not.toContain('Never mind')
  await r.keyboard.press('Enter')
  await r.keyboard.press('End')
  await r.keyboard.type(' All of them.')
  await r.keyboard.press('Control+Enter')
  await editBox.waitFor({ state: 'detached' })
  expect(await isFocused(editButton), await focusedName(r)).toBe(true)
  await expect.poll(() => threadTexts(a), { timeout: 20_000 }).toEqual([
    expect.stringContaining('Which harbour?'),
    expect.stringContaining('Sunk, or stolen? All of them.'),
  ])

  // Resolve by keyboard; the author sees it.
  const resolve = card.getByRole('button', { name: 'Resolve your comment on “the missing hulls”' })
  await tabTo(r, resolve)
  await r.keyboard.press('Enter')
  await expect.poll(() => threadTexts(a), { timeout: 20_000 }).toEqual([
    expect.not.stringContaining('Resolved'),
    expect.stringContaining('Resolved'),
  ])
  expect(await isFocused(card.getByRole('button', { name: 'Reopen your comment on “the missing hulls”' }))).toBe(true)

  // On the author's side the same buttons name the reviewer.
  const authorCard = commentsPanel(a).locator('.thread-list > li').nth(0)
  expect(await authorCard.getByRole('button', { name: 'Reply to Rita Reviewer’s comment on “The harbour”' }).count()).toBe(1)
})

test('the reading view has a caret but refuses every way of changing the text', async () => {
  const r = reviewer.page
  const text = manuscript(r)
  await tabTo(r, text)
  await r.keyboard.press('Control+End')
  await r.keyboard.type('XYZ')
  await r.keyboard.press('Enter')
  await r.keyboard.press('Backspace')
  await r.keyboard.press('Control+a')
  await r.keyboard.press('Delete')
  await r.keyboard.press('Control+x')
  await r.keyboard.insertText('composed')
  await text.evaluate((el) => {
    document.execCommand('insertText', false, 'exec')
    const transfer = new DataTransfer()
    transfer.setData('text/plain', 'pasted')
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }))
    el.dispatchEvent(new InputEvent('beforeinput', { inputType: 'insertText', data: 'typed', bubbles: true, cancelable: true }))
  })
  await expect.poll(() => paragraphs(r)).toEqual([TEXT])
  expect(await text.getAttribute('aria-readonly')).toBe('true')
  // Nothing reached the author either.
  await author.page.waitForTimeout(300)
  expect(await paragraphs(author.page)).toEqual([TEXT])
})

test('Leave share closes on Escape and gives focus back', async () => {
  const r = reviewer.page
  const leave = r.getByRole('button', { name: 'Leave share' })
  await tabTo(r, leave, { back: true })
  await r.keyboard.press('Enter')
  const dialog = r.getByRole('dialog', { name: 'Leave “Tidewater”?' })
  await dialog.waitFor()
  await r.keyboard.press('Escape')
  await dialog.waitFor({ state: 'detached' })
  expect(await isFocused(leave), await focusedName(r)).toBe(true)
})
