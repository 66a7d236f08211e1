import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { createBook, manuscript, newChapter, openChapter, paragraphs } from './support/app'
import { clickInto } from './support/keyboard'
import { Scene, type Person } from './support/peers'
import { comment, joinInvite, shareOpenChapter, syncStatus, threadTexts } from './support/review'

const scene = new Scene()
let author: Person
let rita: Person
let sam: Person

beforeAll(async () => {
  await scene.start()
  author = await scene.person('Ada Author')
  rita = await scene.person('Rita Reviewer')
  sam = await scene.person('Sam Second')
})
afterAll(() => scene.stop())

async function setOffline(page: Page, offline: boolean): Promise<void> {
  const toggle = page.getByRole('button', { name: 'Work offline' })
  if ((await toggle.getAttribute('aria-pressed')) !== String(offline)) await toggle.click()
  await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe(String(offline))
  if (offline) await expect.poll(() => syncStatus(page).textContent()).toBe('Offline')
}


const OPENING = 'Snow fell on the ridge all night. By morning the pass was closed.'

test('both sides work offline through restarts, then everything merges on reconnect', async () => {
  const a = author.page
  await createBook(a, 'High Pass')
  await newChapter(a, 'Snow')
  await manuscript(a).pressSequentially(OPENING)
  await joinInvite(rita.page, await shareOpenChapter(a, 'Rita Reviewer'))
  await expect.poll(() => manuscript(rita.page).textContent(), { timeout: 30_000 }).toBe(OPENING)

  await setOffline(a, true)
  await setOffline(rita.page, true)

  // Offline, the author keeps writing and the reviewer keeps commenting.
  await clickInto(a, manuscript(a))
  await a.keyboard.press('Control+End')
  await a.keyboard.press('Enter')
  await manuscript(a).pressSequentially('They waited for the plough.')
  await comment(rita.page, 'the pass was closed', 'Say how long it stayed closed?')
  await a.waitForTimeout(600)

  // Quit and start again while offline: nothing is lost, and Quire stays offline.
  await author.quit()
  await rita.quit()
  await author.restart()
  await rita.restart()
  await expect.poll(() => syncStatus(author.page).textContent()).toBe('Offline')
  await expect.poll(() => syncStatus(rita.page).textContent()).toBe('Offline')
  await manuscript(author.page).waitFor()
  expect(await paragraphs(author.page)).toEqual([OPENING, 'They waited for the plough.'])
  await openChapter(rita.page, 'Snow')
  expect(await threadTexts(rita.page)).toEqual([expect.stringContaining('Say how long it stayed closed?')])
  expect(await manuscript(rita.page).textContent()).toBe(OPENING)

  // Back online: the comment lands on its passage, the new text reaches the reviewer.
  await setOffline(author.page, false)
  await setOffline(rita.page, false)
  await expect.poll(() => threadTexts(author.page), { timeout: 30_000 }).toEqual([expect.stringContaining('Say how long it stayed closed?')])
  await expect.poll(() => author.page.locator('.comment-highlight').textContent()).toBe('the pass was closed')
  await expect.poll(() => paragraphs(rita.page), { timeout: 30_000 }).toEqual([OPENING, 'They waited for the plough.'])
})

test('a comment reaches the author through another reviewer while its writer is away', async () => {
  const a = author.page
  await openChapter(a, 'Snow')
  await joinInvite(sam.page, await shareOpenChapter(a, 'Sam Second'))
  await expect.poll(() => paragraphs(sam.page), { timeout: 30_000 }).toContain('They waited for the plough.')

  // The author steps away; Rita comments; Sam, online with her, receives it.
  await setOffline(a, true)
  await comment(rita.page, 'waited for the plough', 'Who is “they”?')
  await expect.poll(() => threadTexts(sam.page), { timeout: 30_000 }).toContainEqual(expect.stringContaining('Who is “they”?'))

  // Rita leaves; the author comes back and gets the comment from Sam alone.
  await rita.quit()
  await setOffline(a, false)
  await expect.poll(() => threadTexts(a), { timeout: 30_000 }).toContainEqual(expect.stringContaining('Who is “they”?'))
  // Presence that Sam still relays for Rita expires with y-protocols' 30 s awareness timeout.
  await expect.poll(() => syncStatus(a).textContent(), { timeout: 45_000 }).toBe('1 peer connected')
  await rita.restart()
})
