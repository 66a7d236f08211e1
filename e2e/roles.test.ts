import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Browser } from 'playwright-core'
import { parseInvite } from '../src/shared/invite'
import { manuscript, openChapter, paragraphs } from './support/app'
import { TEXT, writeKeeper } from './support/keeper'
import { clickInto } from './support/keyboard'
import { launchBrowser } from './support/browser'
import { Scene, type Person } from './support/peers'
import { comment, commentsPanel, joinInvite, shareOpenChapter, syncStatus, threadTexts } from './support/review'
import { Peer, startRig, type TransportRig } from './transport/support'

const scene = new Scene()
let author: Person
let reviewer: Person
let rig: TransportRig
let malloryBrowser: Browser

beforeAll(async () => {
  await scene.start()
  rig = await startRig()
  author = await scene.person('Ada Author')
  reviewer = await scene.person('Rita Reviewer')
  malloryBrowser = await launchBrowser()
})
afterAll(async () => {
  await malloryBrowser?.close()
  await rig?.close()
  await scene.stop()
})


test('someone holding the share key but no invite of their own gets nothing, changes nothing, and their garbage is ignored', async () => {
  const a = author.page
  await writeKeeper(a)
  const link = await shareOpenChapter(a, 'Rita Reviewer')
  await joinInvite(reviewer.page, link)
  await expect.poll(() => paragraphs(reviewer.page), { timeout: 30_000 }).toEqual(TEXT)

  // Mallory has Rita's invite (the key and the room) and runs her own client on y-webrtc.
  const invite = parseInvite(link)
  if (!invite.ok) throw new Error(invite.message)
  const mallory = await Peer.open(malloryBrowser, rig.pageUrl, 'mallory')
  await mallory.call('connect', {
    room: invite.invite.chapters[0]!.room,
    signaling: scene.signaling.url,
    password: invite.invite.key,
    guarded: true,
    recordChannels: true,
    name: 'Mallory',
  })
  // She gets through signaling and WebRTC to both Quires…
  await expect.poll(() => mallory.call('connectedPeers'), { timeout: 30_000 }).toBe(2)
  await mallory.call('appendParagraph', 'Mallory rewrote the ending.')
  await mallory.call('sendRaw', [[], [0], [0, 2, 200, 1, 7], [0, 1, 5, 1, 2, 3], 'not even binary', Array.from({ length: 2000 }, (_, i) => i % 256)])

  // The author's editor still works and still syncs.
  await clickInto(a, manuscript(a))
  await a.keyboard.press('Control+End')
  await manuscript(a).pressSequentially(' Spring did.')
  await expect.poll(() => paragraphs(reviewer.page), { timeout: 15_000 }).toContain('None came that winter. Spring did.')
  expect(await paragraphs(a)).toEqual([TEXT[0], 'None came that winter. Spring did.'])
  // …but the chapter travels only to proven members: she has none of it, and her edit went nowhere.
  expect(await mallory.call('chapterText')).toBe('Mallory rewrote the ending.')
  expect(await paragraphs(reviewer.page)).toEqual([TEXT[0], 'None came that winter. Spring did.'])
  expect(await syncStatus(a).textContent()).toBe('1 peer connected')

  // And after a restart, the manuscript on disk is still the author's alone.
  await mallory.close()
  await author.quit()
  await author.restart()
  await manuscript(author.page).waitFor()
  expect(await paragraphs(author.page)).toEqual([TEXT[0], 'None came that winter. Spring did.'])
})

test('reviewers cannot edit or delete each other’s comments', async () => {
  const r = reviewer.page
  await comment(r, 'counted the ships', 'How many ships?')
  const a = author.page
  await expect.poll(() => threadTexts(a), { timeout: 30_000 }).toEqual([expect.stringContaining('How many ships?')])
  const thread = commentsPanel(a).getByRole('listitem', { name: /Comment by Rita Reviewer/ })
  // The author may reply and resolve, but Rita's words are hers.
  expect(await thread.getByRole('button', { name: 'Edit' }).count()).toBe(0)
  expect(await thread.getByRole('button', { name: 'Delete' }).count()).toBe(0)
  const own = commentsPanel(r).getByRole('listitem', { name: /Comment by Rita Reviewer/ })
  expect(await own.getByRole('button', { name: 'Edit' }).count()).toBe(1)
})

test('a 60,000-word chapter shares and syncs completely', async () => {
  const a = author.page
  const paragraphCount = 600
  const lines = Array.from({ length: paragraphCount }, (_, p) =>
    Array.from({ length: 100 }, (_, w) => `word${p}x${w}`).join(' '),
  )
  const file = join(author.dataDir, 'long-chapter.md')
  await writeFile(file, `# The Long Chapter\n\n${lines.join('\n\n')}\n`)
  await a.getByRole('button', { name: 'Keeper' }).click()
  await a.getByLabel('Markdown file to import').setInputFiles(file)
  await expect.poll(() => a.getByTestId('chapter-words').textContent(), { timeout: 60_000 }).toBe('60,000 words in chapter')

  const link = await shareOpenChapter(a, 'Rita Reviewer')
  await reviewer.page.getByRole('button', { name: 'Open invite' }).click()
  const dialog = reviewer.page.getByRole('dialog', { name: 'Open invite' })
  await dialog.getByRole('textbox', { name: 'Invite link' }).fill(link)
  await dialog.getByRole('button', { name: 'Join' }).click()
  await openChapter(reviewer.page, 'The Long Chapter')
  await expect
    .poll(() => manuscript(reviewer.page).locator('p').count(), { timeout: 90_000, interval: 1000 })
    .toBe(paragraphCount)
  const received = await paragraphs(reviewer.page)
  expect(received[0]).toBe(lines[0])
  expect(received[paragraphCount - 1]).toBe(lines[paragraphCount - 1])
  expect(received.join(' ').split(' ').length).toBe(60_000)
})
