/**
 * Feedback by file between two Quire windows with no network between them:
 * the reviewer works offline and saves a feedback file; the author opens it
 * (picked, then dropped on the window) and sees the threads on their
 * passages, once. Bad files each get a plain message and merge nothing.
 */
import { readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import * as Y from 'yjs'
import { keyPairFromSeed, memberIdFor, signBytes } from '../src/shared/identity'
import { newClientId } from '../src/shared/trust/clientIds'
import { sealEnvelope } from '../src/shared/trust/envelope'
import { openFeedback, sealFeedback, type FeedbackFile } from '../src/shared/trust/feedbackFile'
import { memberRoot } from '../src/shared/trust/updateRules'
import { createBook, manuscript, newChapter } from './support/app'
import { violationsInBothSchemes } from './support/axe'
import { Scene, type Person } from './support/peers'
import { comment, commentsPanel, joinInvite, shareOpenChapter, syncStatus, threadTexts } from './support/review'

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

const OPENING = 'Snow fell on the ridge all night. By morning the pass was closed.'

async function setOffline(page: Page): Promise<void> {
  const toggle = page.getByRole('button', { name: 'Work offline' })
  if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click()
  await expect.poll(() => syncStatus(page).textContent()).toBe('Offline')
}

const toast = (page: Page, text: string | RegExp) => page.locator('.toast').filter({ hasText: text })

/** Opens a feedback file through Open feedback file. */
async function openFeedbackFile(page: Page, file: { name: string; bytes: Uint8Array }): Promise<void> {
  await page.getByLabel('Feedback file to open').setInputFiles({ name: file.name, mimeType: 'application/octet-stream', buffer: Buffer.from(file.bytes) })
}

/** Drops a file on the Quire window, as from the file manager. */
async function dropFile(page: Page, file: { name: string; bytes: Uint8Array }): Promise<void> {
  await page.evaluate(
    ({ name, data }) => {
      const transfer = new DataTransfer()
      transfer.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], name))
      const target = document.querySelector('.book-header') ?? document.body
      for (const type of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }))
    },
    { name: file.name, data: Buffer.from(file.bytes).toString('base64') },
  )
}

let saved: { name: string; bytes: Uint8Array }

test('comments made offline reach the author by file, anchored, and only once', async () => {
  const a = author.page
  const r = rita.page
  await createBook(a, 'High Pass')
  await newChapter(a, 'Snow')
  await manuscript(a).pressSequentially(OPENING)
  await joinInvite(r, await shareOpenChapter(a, 'Rita Reviewer'))
  await expect.poll(() => manuscript(r).textContent(), { timeout: 30_000 }).toBe(OPENING)

  // From here on the two never connect.
  await setOffline(a)
  await setOffline(r)
  await comment(r, 'the pass was closed', 'Say how long it stayed closed?')
  await expect.poll(() => threadTexts(r)).toHaveLength(1)
  await comment(r, 'on the ridge', 'Which ridge?')
  await expect.poll(() => threadTexts(r)).toHaveLength(2)

  const download = r.waitForEvent('download')
  await r.getByRole('button', { name: 'Save feedback file' }).click()
  const file = await download
  expect(file.suggestedFilename()).toBe('Snow - feedback from Rita Reviewer.quire-feedback')
  saved = { name: file.suggestedFilename(), bytes: new Uint8Array(await readFile((await file.path())!)) }
  await toast(r, /is ready: send it to Ada Author/).waitFor()

  await openFeedbackFile(a, saved)
  await toast(a, 'Merged Rita Reviewer’s feedback on “Snow”: 2 new comments.').waitFor()
  await expect.poll(() => threadTexts(a)).toEqual(
    expect.arrayContaining([expect.stringContaining('Say how long it stayed closed?'), expect.stringContaining('Which ridge?')]),
  )
  await expect.poll(() => a.locator('.comment-highlight').allTextContents()).toEqual(['on the ridge', 'the pass was closed'])

  // Opening it again, this time dropped on the window, adds nothing.
  await dropFile(a, saved)
  await toast(a, 'Nothing new: Rita Reviewer’s feedback on “Snow” is already here.').waitFor()
  expect(await threadTexts(a)).toHaveLength(2)
  expect(await a.locator('.comment-highlight').count()).toBe(2)
})

test('a changed file, a file for another book and a file from a stranger each get a plain message and merge nothing', async () => {
  const a = author.page
  const good = openFeedback(saved.bytes)
  if (!good.ok) throw new Error(good.message)

  // One byte of Rita's comment changed on the way.
  const tampered = saved.bytes.slice()
  const at = Buffer.from(tampered).indexOf(Buffer.from('Which ridge?'))
  expect(at).toBeGreaterThan(0)
  tampered[at] = 'W'.charCodeAt(0) ^ 0x20
  await openFeedbackFile(a, { name: 'tampered.quire-feedback', bytes: tampered })
  await toast(a, 'This feedback file was changed after it was saved, so Quire cannot trust it. Nothing was merged').waitFor()

  // Someone else's review of a book Ada never shared.
  const stranger = keyPairFromSeed(new Uint8Array(32).fill(42))
  await openFeedbackFile(a, { name: 'other.quire-feedback', bytes: crafted(good.file, stranger, { shareId: 'another-share-0001', bookTitle: 'Low Road', chapterTitle: 'Rain' }) })
  await toast(a, 'This feedback file is on “Rain” of “Low Road”, which is not a book you shared. Nothing was merged.').waitFor()

  // A stranger's well-formed file for this very chapter, writing only in their own part.
  await openFeedbackFile(a, { name: 'stranger.quire-feedback', bytes: crafted(good.file, stranger) })
  await toast(a, /This feedback file is signed by someone who is not a member of this share \(key [a-z0-9-]+\)\. Nothing was merged\./).waitFor()

  // Not a feedback file at all.
  await dropFile(a, { name: 'notes.quire-feedback', bytes: new TextEncoder().encode('# Notes\n') })
  await toast(a, 'This is not a Quire feedback file.').waitFor()

  expect(await threadTexts(a)).toHaveLength(2)
  expect(await commentsPanel(a).getByText('Which ridge?').count()).toBe(1)
})

test('a reviewer who was never online with the author reviews from a chapter file, and the author gets the feedback by file', { timeout: 240_000 }, async () => {
  const a = author.page
  const s = sam.page
  await setOffline(s)

  // The author makes an invite for Sam and saves it with the chapter as one file.
  await a.getByRole('button', { name: 'Share chapter' }).click()
  const share = a.getByRole('dialog')
  await share.getByRole('textbox', { name: 'Reviewer name' }).fill('Sam Second')
  await share.getByRole('button', { name: 'Create invite' }).click()
  const download = a.waitForEvent('download')
  await share.getByRole('button', { name: 'Save chapter for review' }).click()
  const file = await download
  expect(file.suggestedFilename()).toBe('Snow - for review.quire')
  await share.getByRole('status').filter({ hasText: 'is ready: send it to your reviewer' }).waitFor()
  expect(await violationsInBothSchemes(a, 'Invite ready, chapter file saved')).toEqual([])
  await share.getByRole('button', { name: 'Done' }).click()
  const pkg = new Uint8Array(await readFile((await file.path())!))

  // A changed package is refused before anything is joined.
  const changed = pkg.slice()
  changed[changed.length - 100]! ^= 1
  await s.getByRole('button', { name: 'Open invite' }).click()
  const open = s.getByRole('dialog', { name: 'Open invite' })
  await open.getByLabel('Chapter file to open').setInputFiles({ name: 'Snow.quire', mimeType: 'application/octet-stream', buffer: Buffer.from(changed) })
  await open.getByText('This chapter file was changed after Ada Author saved it, so Quire cannot trust it.', { exact: false }).waitFor()

  // Sam opens it like an invite, offline, and has the chapter to read and comment on.
  await open.getByLabel('Chapter file to open').setInputFiles({ name: 'Snow.quire', mimeType: 'application/octet-stream', buffer: Buffer.from(pkg) })
  await open.getByRole('status').filter({ hasText: 'From Ada Author: “Snow” of “High Pass”.' }).waitFor()
  expect(await violationsInBothSchemes(s, 'Open invite with a chapter file')).toEqual([])
  await open.getByRole('button', { name: 'Join' }).click()
  await open.waitFor({ state: 'detached' })
  await expect.poll(() => manuscript(s).textContent()).toBe(OPENING)
  await expect.poll(() => syncStatus(s).textContent()).toBe('Offline')
  await comment(s, 'all night', 'How cold was it?')
  await expect.poll(() => threadTexts(s)).toHaveLength(1)

  const feedback = s.waitForEvent('download')
  await s.getByRole('button', { name: 'Save feedback file' }).click()
  const saved = await feedback
  await openFeedbackFile(a, { name: saved.suggestedFilename(), bytes: new Uint8Array(await readFile((await saved.path())!)) })
  await toast(a, 'Merged Sam Second’s feedback on “Snow”: 1 new comment.').waitFor()
  await expect.poll(() => threadTexts(a)).toContainEqual(expect.stringContaining('How cold was it?'))
  await expect.poll(() => a.locator('.comment-highlight').allTextContents()).toContain('all night')
})

/** A feedback file signed by `key`, like `like` but holding one change of the key's own, with `header` changed. */
function crafted(like: FeedbackFile, key: { publicKey: Uint8Array; secretKey: Uint8Array }, header: Partial<FeedbackFile> = {}): Uint8Array {
  const sign = (bytes: Uint8Array) => signBytes(key.secretKey, bytes)
  const { id, nonce } = newClientId(key.publicKey, (n) => crypto.getRandomValues(new Uint8Array(n)))
  const doc = new Y.Doc()
  doc.clientID = id
  doc.getMap(memberRoot(memberIdFor(key.publicKey))).set('threads', new Y.Map())
  const envelope = sealEnvelope({ docKey: like.docKey, writer: key.publicKey, seq: 1, checkpoint: false, clients: [{ id, nonce }], update: Y.encodeStateAsUpdate(doc) }, sign)
  return sealFeedback({ ...like, ...header, writer: key.publicKey, binding: null, envelopes: [envelope.bytes] }, sign)
}
