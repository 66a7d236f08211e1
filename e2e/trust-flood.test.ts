/**
 * A member holding a valid key tries to poison the chapter from her own
 * crafted client (e2e/transport/fixtures/signedClient.ts), signing with her
 * own key and writing only into her own part, against real Quires over
 * WebRTC. Each refusal is Quire's own check on receipt, as a user sees it.
 * (In one process, with the floods: "flood or poison the chapter" in
 * src/integration/signedSync.test.ts.)
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { DEFAULT_UPDATE_LIMITS } from '../src/shared/trust/updateRules'
import { openChapter, paragraphs } from './support/app'
import { launchBrowser } from './support/browser'
import { Scene, type Person } from './support/peers'
import { comment, shareOpenChapter, threadTexts } from './support/review'
import { keeperWithRitasComment, SyncLog, TEXT } from './support/keeper'
import { Peer, startRig, type TransportRig } from './transport/support'

const scene = new Scene()
let author: Person
let rita: Person
let rig: TransportRig
let malloryBrowser: Browser
let mallory: Peer
const said = new SyncLog()


const notices = (page: Page, what: RegExp) => said.of(page).filter((line) => line.startsWith('Quire sync: ') && what.test(line)).length
/** The sync notice as the window shows it: an error toast, which goes after ten seconds (so looked for while it is sent). */
const toast = (page: Page, what: RegExp) => page.getByRole('alert').filter({ hasText: what }).first().waitFor({ timeout: 30_000 })

/** Mallory sends only to the Quires she has finished the handshake with: wait until both read her. */
async function malloryReachesBoth(): Promise<void> {
  await expect
    .poll(() => mallory.call('signedState').then((s) => [...s.sessions].sort()), { timeout: 60_000 })
    .toEqual(['Ada Author', 'Rita Reviewer'])
}

beforeAll(async () => {
  await scene.start()
  rig = await startRig()
  author = await scene.person('Ada Author')
  rita = await scene.person('Rita Reviewer')
  said.listen(author.page)
  said.listen(rita.page)
  malloryBrowser = await launchBrowser()
})
afterAll(async () => {
  await malloryBrowser?.close()
  await rig?.close()
  await scene.stop()
})

test('Mallory, invited like any reviewer, joins from her own crafted client', async () => {
  const a = author.page
  await keeperWithRitasComment(author, rita)

  const link = await shareOpenChapter(a, 'Mallory')
  mallory = await Peer.open(malloryBrowser, rig.pageUrl, 'mallory')
  await mallory.call('join', { link, signaling: scene.signaling.url, claim: { kind: 'own-invite' } })
  await expect
    .poll(() => mallory.call('signedState').then(({ text, threads }) => ({ text, threads })), { timeout: 60_000 })
    .toEqual({ text: TEXT.join('\n'), threads: 1 })
})

test('a member’s change nesting types 2,000 deep in her own part is refused with a notice; the chapter opens and comments still sync', async () => {
  await malloryReachesBoth()
  const deep = /A change from a peer was refused: .*it nests types \d+ deep/
  const before = { author: notices(author.page, deep), rita: notices(rita.page, deep) }
  const depth = 2_000
  expect(depth).toBeGreaterThan(DEFAULT_UPDATE_LIMITS.maxDepth)
  expect(await mallory.call('depthBomb', depth)).toBe(1)
  // Each Quire says so in its window, and refuses it once.
  await Promise.all([toast(author.page, deep), toast(rita.page, deep)])
  await expect.poll(() => notices(author.page, deep) - before.author).toBe(1)
  await expect.poll(() => notices(rita.page, deep) - before.rita).toBe(1)

  // The author opens the chapter again (from what her Quire stored): its text is there, and Rita's comment.
  const a = author.page
  await a.getByRole('button', { name: 'Keeper' }).click()
  await openChapter(a, 'Winter')
  expect(await paragraphs(a)).toEqual(TEXT)
  expect(await threadTexts(a)).toEqual([expect.stringContaining('How many ships?')])
  expect(await paragraphs(rita.page)).toEqual(TEXT)

  // Rita's next comment reaches the author.
  await comment(rita.page, 'None came', 'Why none?')
  await expect
    .poll(() => threadTexts(a), { timeout: 30_000 })
    .toEqual([expect.stringContaining('How many ships?'), expect.stringContaining('Why none?')])
})
