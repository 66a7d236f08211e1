/**
 * Review rounds between an author and two reviewers: a blind review whose
 * comments no other reviewer can read (on screen or on disk) until the author
 * opens it to a round table; a question whose answers stay hidden from a
 * reviewer until they have answered; and a colleague a reviewer suggests,
 * the author approves, and who joins.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { createBook, manuscript, newChapter } from './support/app'
import { Scene, type Person } from './support/peers'
import { comment, commentsPanel, joinInvite, selectText, shareOpenChapter, threadTexts } from './support/review'
import { chapterText, folderText, roundBar } from './support/rounds'

const scene = new Scene()
let author: Person
let rita: Person
let sam: Person

beforeAll(async () => {
  await scene.start()
  author = await scene.person('Ada Author')
  rita = await scene.person('Rita Reviewer')
  sam = await scene.person('Sam Reviewer')
})
afterAll(() => scene.stop())

/** Whether any file under a person's data folder holds `text` (a yes or no, not the folder's bytes, when it fails). */
const holds = async (person: Person, text: string) => (await folderText(person.dataDir)).includes(text)

/** The chapter-wide id of the thread highlighted on `passage`, as written into the chapter. */
const threadIdOn = (page: Page, passage: string) =>
  page.locator('.manuscript [data-thread-id]', { hasText: passage }).first().getAttribute('data-thread-id')

test('blind review: neither reviewer can read the other’s comment, on screen or on disk, until the author opens it to a round table', async () => {
  const [a, r, s] = [author.page, rita.page, sam.page]
  const TEXT = 'The harbour was quiet before dawn. Gulls argued over the nets.'
  // Plain words, so they would show in the stored bytes if they were stored in the clear.
  const RITA_NOTE = 'Rita finds the dawn too calm for a storm chapter'
  const SAM_NOTE = 'Sam would cut the gulls entirely'
  await createBook(a, 'Tidewater')
  await newChapter(a, 'The Harbour')
  await manuscript(a).pressSequentially(TEXT)
  await joinInvite(r, await shareOpenChapter(a, 'Rita Reviewer', [], { blind: true }))
  await joinInvite(s, await shareOpenChapter(a, 'Sam Reviewer'))
  for (const page of [r, s]) {
    await expect.poll(() => chapterText(page)).toBe(TEXT)
    await expect.poll(() => roundBar(page).textContent()).toContain('blind review: only Ada Author reads your comments')
  }

  await comment(r, 'quiet before dawn', RITA_NOTE)
  await comment(s, 'argued over the nets', SAM_NOTE)

  // The author reads both.
  await expect.poll(() => threadTexts(a)).toEqual([expect.stringContaining(RITA_NOTE), expect.stringContaining(SAM_NOTE)])

  // Each reviewer's Quire holds the other's thread (it relays it), stored under its id, but not its words.
  const ritasThread = (await threadIdOn(r, 'quiet before dawn'))!.split('/')[1]!
  const samsThread = (await threadIdOn(s, 'argued over the nets'))!.split('/')[1]!
  await expect.poll(() => holds(sam, ritasThread), { message: 'Rita’s thread reaches Sam’s files' }).toBe(true)
  await expect.poll(() => holds(rita, samsThread), { message: 'Sam’s thread reaches Rita’s files' }).toBe(true)
  expect(await holds(sam, RITA_NOTE), 'Rita’s comment text in Sam’s files').toBe(false)
  expect(await holds(rita, SAM_NOTE), 'Sam’s comment text in Rita’s files').toBe(false)
  // On screen each sees only their own thread, and no highlight on the other's passage.
  expect(await threadTexts(r)).toEqual([expect.stringContaining(RITA_NOTE)])
  expect(await threadTexts(s)).toEqual([expect.stringContaining(SAM_NOTE)])
  expect(await r.locator('.manuscript [data-thread-id]').count()).toBe(1)
  expect(await s.locator('.manuscript [data-thread-id]').count()).toBe(1)
  expect(await r.locator('body').textContent()).not.toContain(SAM_NOTE)
  expect(await s.locator('body').textContent()).not.toContain(RITA_NOTE)

  // The author opens the review to a round table: each reviewer's Quire unseals their own comment for everyone.
  await roundBar(a).getByRole('button', { name: 'Open to round table' }).click()
  await a.getByRole('dialog', { name: 'Open to a round table?' }).getByRole('button', { name: 'Open to round table' }).click()
  await expect.poll(() => threadTexts(s)).toEqual([expect.stringContaining(RITA_NOTE), expect.stringContaining(SAM_NOTE)])
  await expect.poll(() => threadTexts(r)).toEqual([expect.stringContaining(RITA_NOTE), expect.stringContaining(SAM_NOTE)])
  // Now in the clear, the words are in the other reviewer's files too: the search above would have found them.
  await expect.poll(() => holds(sam, RITA_NOTE), { message: 'Rita’s comment text in Sam’s files' }).toBe(true)
  await expect.poll(() => holds(rita, SAM_NOTE), { message: 'Sam’s comment text in Rita’s files' }).toBe(true)
})

/** A question card in the Comments panel, by the start of its accessible name. */
const questionCard = (page: Page, name: RegExp) => commentsPanel(page).getByRole('region', { name: 'Questions' }).getByRole('listitem', { name })

/** A reviewer answers a question through its card. */
async function answer(page: Page, card: ReturnType<typeof questionCard>, question: string, text: string): Promise<void> {
  await card.getByRole('textbox', { name: `Your answer to “${question}”` }).fill(text)
  await card.getByRole('button', { name: 'Answer' }).click()
}

/** The author's view of a question's answers: "name: answer", sorted. */
async function answersUnder(card: ReturnType<typeof questionCard>): Promise<string[]> {
  const items = card.getByRole('list', { name: 'Answers' }).getByRole('listitem')
  const out: string[] = []
  for (const item of await items.all()) {
    out.push(`${await item.locator('.message-author').textContent()}: ${await item.locator('.message-body').textContent()}`)
  }
  return out.sort()
}

const MUD = 'Did the mud surprise you?'
const ON = 'Would you read on?'

test('a question in a round table: a reviewer reads the others’ answers only once they have answered; the author sees them by question', async () => {
  const [a, r, s] = [author.page, rita.page, sam.page]
  const TEXT = 'The water went out further than anyone remembered. The boats lay on the mud.'
  const RITA_MUD = 'Rita expected the mud from page one'
  const RITA_ON = 'Rita would read on at once'
  const SAM_MUD = 'Sam was caught off guard by the mud'
  await createBook(a, 'Shoreline')
  await newChapter(a, 'Low Tide')
  await manuscript(a).pressSequentially(TEXT)
  await joinInvite(r, await shareOpenChapter(a, 'Rita Reviewer'))
  await joinInvite(s, await shareOpenChapter(a, 'Sam Reviewer'))
  for (const page of [r, s]) await expect.poll(() => chapterText(page)).toBe(TEXT)

  // One question pinned to a passage, one to the end of the chapter.
  await selectText(a, 'The boats lay on the mud')
  await roundBar(a).getByRole('button', { name: 'Ask reviewers' }).click()
  let dialog = a.getByRole('dialog', { name: 'Ask reviewers' })
  expect(await dialog.getByRole('radio', { name: 'The selected passage: “The boats lay on the mud”' }).isChecked()).toBe(true)
  await dialog.getByRole('textbox', { name: 'Question' }).fill(MUD)
  await dialog.getByRole('button', { name: 'Ask' }).click()
  await dialog.waitFor({ state: 'detached' })
  await roundBar(a).getByRole('button', { name: 'Ask reviewers' }).click()
  dialog = a.getByRole('dialog', { name: 'Ask reviewers' })
  await dialog.getByRole('textbox', { name: 'Question' }).fill(ON)
  await dialog.getByRole('radio', { name: 'The end of the chapter' }).check()
  await dialog.getByRole('button', { name: 'Ask' }).click()
  await dialog.waitFor({ state: 'detached' })

  const mud = (page: Page) => questionCard(page, /^Question on “The boats lay on the mud”: Did the mud/)
  const on = (page: Page) => questionCard(page, /^Question on the end of the chapter: Would you read on/)
  await mud(r).waitFor({ timeout: 30_000 })
  await answer(r, mud(r), MUD, RITA_MUD)
  await answer(r, on(r), ON, RITA_ON)
  await expect.poll(() => mud(r).textContent()).toContain(RITA_MUD)

  // Sam's Quire has Rita's answer, but Sam cannot read it before answering.
  await expect.poll(() => mud(s).textContent()).toContain('One other reviewer has answered. Answer to read theirs.')
  await expect.poll(() => on(s).textContent()).toContain('One other reviewer has answered. Answer to read theirs.')
  expect(await s.locator('body').textContent()).not.toContain(RITA_MUD)
  expect(await s.locator('body').textContent()).not.toContain(RITA_ON)

  // Sam answers the first question: its answers open to him; the second's stay shut.
  await answer(s, mud(s), MUD, SAM_MUD)
  await expect.poll(() => mud(s).getByRole('list', { name: 'Answers' }).textContent()).toContain(RITA_MUD)
  expect(await on(s).textContent()).not.toContain(RITA_ON)
  expect(await on(s).textContent()).toContain('Answer to read theirs.')
  // Rita, who answered first, reads Sam's answer too.
  await expect.poll(() => mud(r).getByRole('list', { name: 'Answers' }).textContent()).toContain(SAM_MUD)

  // The author sees each answer under its question.
  await expect.poll(() => answersUnder(mud(a))).toEqual([`Rita Reviewer: ${RITA_MUD}`, `Sam Reviewer: ${SAM_MUD}`])
  await expect.poll(() => answersUnder(on(a))).toEqual([`Rita Reviewer: ${RITA_ON}`])
})

test('a reviewer suggests a colleague; the author approves, the colleague joins, and the Network view credits the reviewer', async () => {
  const [a, r] = [author.page, rita.page]
  // Rita is still in “Low Tide” of Shoreline.
  await roundBar(r).getByRole('button', { name: 'Suggest a reviewer' }).click()
  const propose = r.getByRole('dialog', { name: 'Suggest a reviewer' })
  await propose.getByRole('textbox', { name: 'Colleague’s name' }).fill('Cora Colleague')
  await propose.getByRole('textbox', { name: 'Why them' }).fill('My colleague knows harbour law.')
  await propose.getByRole('button', { name: 'Suggest' }).click()
  await propose.waitFor({ state: 'detached' })

  await a.getByRole('button', { name: /^Network/ }).click()
  const network = a.getByRole('region', { name: 'Network' })
  const suggested = network.getByRole('region', { name: 'Suggested reviewers' }).getByRole('listitem', { name: 'Cora Colleague, suggested by Rita Reviewer' })
  await expect.poll(() => suggested.textContent()).toBe('Cora Colleague, suggested by Rita Reviewer for “Low Tide”: My colleague knows harbour law.ApproveDecline')
  await suggested.getByRole('button', { name: 'Approve Cora Colleague' }).click()
  const ready = a.getByRole('dialog', { name: 'Invite ready' })
  expect(await ready.textContent()).toContain('This invite is for Cora Colleague alone')
  const link = await ready.getByRole('textbox', { name: 'Invite link' }).inputValue()
  await ready.getByRole('button', { name: 'Done' }).click()
  await expect.poll(() => suggested.textContent()).toContain('Approved')

  const cora = await scene.person('Cora Colleague')
  await joinInvite(cora.page, link)
  await expect.poll(() => chapterText(cora.page)).toBe('The water went out further than anyone remembered. The boats lay on the mud.')

  // “Brought in by”: the fifth data cell of a member's row.
  const broughtInBy = (name: string) => network.getByRole('row', { name }).getByRole('cell').nth(4)
  await expect.poll(() => broughtInBy('Cora Colleague').textContent()).toBe('Rita Reviewer')
  expect(await broughtInBy('Rita Reviewer').textContent()).toBe('you')
  // Cora's key is recorded once she joined.
  await expect.poll(() => network.getByRole('row', { name: 'Cora Colleague' }).textContent()).not.toContain('not joined yet')
})
