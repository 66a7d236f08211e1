/**
 * axe-core on every main screen, in the light and the dark scheme, for the
 * author and a reviewer: the suite fails on any serious or critical
 * violation (colour contrast among them). And the layout from 800 px wide.
 */
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { violationsInBothSchemes } from './support/axe'
import { createBook, manuscript, newChapter } from './support/app'
import { Scene, type Person } from './support/peers'
import { comment, commentsPanel, joinInvite, threadTexts } from './support/review'

const scene = new Scene()
let author: Person
let reviewer: Person

beforeAll(async () => {
  await scene.start()
  author = await scene.person('Ada Author')
  reviewer = await scene.person('Rita Reviewer')
})
afterAll(() => scene.stop())

// axe takes a few seconds a screen on a loaded machine: the screens are checked in three steps, each with room.
const AXE_TIMEOUT_MS = 240_000
let link = ''

/** Checks screens one after the other; the step fails with every violation it found. */
function screens(): { check: (page: Page, screen: string) => Promise<void>; found: string[] } {
  const found: string[] = []
  return { found, check: async (page, screen) => void found.push(...(await violationsInBothSchemes(page, screen))) }
}

test('the library, writing and sharing screens pass axe in both colour schemes', { timeout: AXE_TIMEOUT_MS }, async () => {
  const a = author.page
  const { check, found } = screens()
  await check(a, 'empty library')
  await a.getByRole('button', { name: 'New book' }).first().click()
  await check(a, 'New book dialog')
  await a.keyboard.press('Escape')
  await createBook(a, 'Tidewater')
  await newChapter(a, 'The Harbour')
  await manuscript(a).pressSequentially('The harbour was quiet before dawn. Gulls argued over the missing hulls.')
  await newChapter(a, 'Spare')
  await check(a, 'writing')
  await a.getByRole('button', { name: 'More chapter actions' }).click()
  await check(a, 'chapter menu')
  await a.keyboard.press('Escape')

  await a.getByRole('navigation', { name: 'Binder' }).getByRole('button', { name: /The Harbour/ }).click()
  await a.getByRole('article', { name: 'The Harbour' }).waitFor()
  await a.getByRole('button', { name: 'Share chapter' }).click()
  await check(a, 'Share dialog')
  await a.getByRole('dialog').getByRole('textbox', { name: 'Reviewer name' }).fill('Rita Reviewer')
  await a.getByRole('dialog').getByRole('button', { name: 'Create invite' }).click()
  link = await a.getByRole('dialog').getByRole('textbox', { name: 'Invite link' }).inputValue()
  await check(a, 'Invite ready dialog')
  await a.getByRole('dialog').getByRole('button', { name: 'Done' }).click()
  expect(found).toEqual([])
})

test('the review screens, the author’s and the reviewer’s, pass axe in both colour schemes', { timeout: AXE_TIMEOUT_MS }, async () => {
  const a = author.page
  const r = reviewer.page
  const { check, found } = screens()

  await r.getByRole('button', { name: 'Open invite' }).click()
  await check(r, 'Open invite dialog')
  await r.keyboard.press('Escape')
  await joinInvite(r, link)
  await r.getByText('Gulls argued').waitFor({ timeout: 30_000 })
  await comment(r, 'quiet before dawn', 'Too quiet?')
  await comment(r, 'the missing hulls', 'Which hulls?')
  await expect.poll(() => threadTexts(a), { timeout: 20_000 }).toHaveLength(2)
  const thread = commentsPanel(a).getByRole('listitem', { name: /Which hulls/ })
  await thread.getByRole('button', { name: /^Reply/ }).click()
  await thread.getByRole('textbox', { name: /^Reply/ }).fill('Sunk.')
  await thread.getByRole('button', { name: 'Post' }).click()
  await thread.getByRole('button', { name: /^Resolve/ }).click()
  await expect.poll(() => threadTexts(r), { timeout: 20_000 }).toEqual([expect.anything(), expect.stringContaining('Resolved')])
  // The resolved thread is active on one side, so its highlight and card show too.
  await commentsPanel(r).getByRole('listitem', { name: /Which hulls/ }).click()
  await check(a, 'author with comments')
  await check(r, 'reviewer with comments')
  await r.getByRole('button', { name: 'Leave share' }).click()
  await check(r, 'Leave share dialog')
  await r.keyboard.press('Escape')
  await r.getByRole('button', { name: /^Network/ }).click()
  await check(r, 'reviewer network')
  expect(found).toEqual([])
})

test('network, settings, Trash, a toast and the narrow window pass axe in both colour schemes', { timeout: AXE_TIMEOUT_MS }, async () => {
  const a = author.page
  const { check, found } = screens()

  await a.getByRole('button', { name: /^Network/ }).click()
  await check(a, 'network')
  await a.getByRole('button', { name: 'Settings' }).click()
  await check(a, 'settings')
  await a.getByRole('button', { name: 'Tidewater' }).click()
  await a.getByRole('navigation', { name: 'Binder' }).getByRole('button', { name: /Spare/ }).click()
  await a.getByRole('button', { name: 'More chapter actions' }).click()
  await a.getByRole('menuitem', { name: 'Move chapter to Trash' }).click()
  await check(a, 'toast with Undo')
  await a.getByRole('button', { name: /^Trash/ }).click()
  await a.getByRole('listitem', { name: 'Spare' }).waitFor()
  await check(a, 'trash')

  await a.setViewportSize({ width: 800, height: 700 })
  await a.getByRole('button', { name: 'Tidewater' }).click()
  await a.getByRole('article', { name: 'The Harbour' }).waitFor()
  await a.getByRole('button', { name: /^Comments/ }).click()
  await check(a, 'narrow window with comments open')
  await a.setViewportSize({ width: 1280, height: 860 })

  expect(found).toEqual([])
})

test('from 800 px wide: the toolbar keeps to one row, comments fold into a toggle, the text keeps its width', async () => {
  const a = author.page
  await a.setViewportSize({ width: 800, height: 700 })
  // A fresh window at this width, as a user would open it.
  await a.reload()
  await a.getByRole('button', { name: 'Tidewater' }).click()
  const article = a.getByRole('article', { name: 'The Harbour' })
  await article.waitFor()
  await manuscript(a).waitFor()
  const panel = commentsPanel(a)
  const toggle = a.getByRole('button', { name: /^Comments/ })
  // Comments fold away; the toggle says so and counts the open threads.
  await expect.poll(() => panel.count()).toBe(0)
  expect(await toggle.getAttribute('aria-expanded')).toBe('false')
  expect(await toggle.textContent()).toBe('Comments1')
  // Block formatting moved into one menu; the bar is one row; nothing scrolls sideways.
  const bar = await article.locator('.chapter-bar').boundingBox()
  const undo = await a.getByRole('button', { name: 'Undo' }).boundingBox()
  expect(bar!.height).toBeLessThan(undo!.height * 2)
  expect(await a.getByRole('button', { name: 'Heading 1' }).count()).toBe(0)
  await a.getByRole('button', { name: 'More formatting' }).click()
  expect(await a.getByRole('menuitemcheckbox', { name: /Heading 1/ }).count()).toBe(1)
  await a.keyboard.press('Escape')
  expect(await a.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800)
  const text = await manuscript(a).boundingBox()
  expect(text!.width).toBeGreaterThanOrEqual(480)

  // The toggle opens the panel over the text, below the chapter bar, and stays reachable.
  await toggle.click()
  await panel.waitFor()
  expect(await toggle.getAttribute('aria-expanded')).toBe('true')
  const box = await panel.boundingBox()
  expect(box!.y).toBeGreaterThanOrEqual(bar!.y + bar!.height - 1)
  const path = join(tmpdir(), 'quire-800px.png')
  await a.screenshot({ path })
  console.log(`800 px layout: ${path}`)
  // Escape on a thread card folds the panel away and returns to the text.
  await panel.locator('.thread-list > li').first().focus()
  await a.keyboard.press('Escape')
  await panel.waitFor({ state: 'detached' })
  expect(await manuscript(a).evaluate((el) => el === document.activeElement)).toBe(true)
  await a.setViewportSize({ width: 1280, height: 860 })
})
