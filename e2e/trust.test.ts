/**
 * Crafted clients against real Quires over WebRTC: Mallory runs Quire's own
 * signed room in a page of her own (e2e/transport/fixtures/signedClient.ts)
 * with a key made there, and signs whatever she likes. What keeps the others
 * safe is only what every Quire checks on receipt. (The same attacks, and
 * more, in one process: src/integration/signedSync.test.ts.)
 */
import { expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { manuscript, openChapter, paragraphs } from './support/app'
import { clickInto } from './support/keyboard'
import { comment, commentsPanel, joinInvite, shareOpenChapter, threadTexts } from './support/review'
import { castForSuite, keeperWithRitasComment, TEXT } from './support/keeper'
import { Peer } from './transport/support'

const cast = castForSuite()

let malloryLink: string

const REFUSED = /^Quire sync: A change from a peer was refused: /

const refusals = (page: Page, reason = REFUSED) => cast.said.of(page).filter((line) => REFUSED.test(line) && reason.test(line)).length

/** Rita's one comment, as the Comments panel shows it, and nothing else. */
async function onlyRitasComment(page: Page): Promise<void> {
  expect(await threadTexts(page)).toEqual([expect.stringContaining('How many ships?')])
  const card = commentsPanel(page).getByRole('listitem', { name: /Comment by Rita Reviewer/ })
  expect(await card.textContent()).not.toMatch(/Mallory/)
}

test('Mallory, invited like any reviewer, joins from her own crafted client and gets the chapter and Rita’s comment', async () => {
  const a = cast.author.page
  await keeperWithRitasComment(cast.author, cast.rita)

  // Mallory is invited like any reviewer, and joins with her invite from her own crafted client.
  malloryLink = await shareOpenChapter(a, 'Mallory')
  cast.mallory = await Peer.open(cast.malloryBrowser, cast.rig.pageUrl, 'mallory')
  await cast.mallory.call('join', { link: malloryLink, signaling: cast.scene.signaling.url, claim: { kind: 'own-invite' } })
  await expect
    .poll(() => cast.mallory.call('signedState').then(({ text, threads, peers }) => ({ text, threads, peers })), { timeout: 60_000 })
    .toEqual({ text: TEXT.join('\n'), threads: 1, peers: 2 })
})

test('a member cannot rewrite or delete another reviewer’s comment', async () => {
  const before = { author: refusals(cast.author.page), rita: refusals(cast.rita.page) }
  expect(await cast.mallory.call('forge', 'rewrite-comment')).toBe(1)
  expect(await cast.mallory.call('forge', 'delete-comment')).toBe(1)
  await expect.poll(() => refusals(cast.author.page) - before.author).toBe(2)
  // And the author is told, in the window (an error toast, which goes after ten seconds: looked for at once).
  await cast.author.page.getByRole('alert').filter({ hasText: /^A change from a peer was refused: / }).first().waitFor()
  await expect.poll(() => refusals(cast.rita.page) - before.rita).toBe(2)
  await onlyRitasComment(cast.author.page)
  await onlyRitasComment(cast.rita.page)
})

test('a member cannot write under another member’s client id, so that member’s next comment still arrives', async () => {
  const hijack = /not derived from its writer's key/
  const before = { author: refusals(cast.author.page, hijack), rita: refusals(cast.rita.page, hijack) }
  expect(await cast.mallory.call('forge', 'hijack-client-id')).toBe(1)
  await expect.poll(() => refusals(cast.author.page, hijack) - before.author).toBe(1)
  await expect.poll(() => refusals(cast.rita.page, hijack) - before.rita).toBe(1)
  // Had the author taken Mallory's change, Rita's next one (same client id, same clock) would look like a duplicate there.
  await comment(cast.rita.page, 'None came', 'Why none?')
  await expect
    .poll(() => threadTexts(cast.author.page), { timeout: 30_000 })
    .toEqual([expect.stringContaining('How many ships?'), expect.stringContaining('Why none?')])
})

test('a member cannot write a thread into another member’s part, and honest peers still converge', async () => {
  const before = { author: refusals(cast.author.page), rita: refusals(cast.rita.page) }
  expect(await cast.mallory.call('forge', 'thread-in-their-part')).toBe(1)
  await expect.poll(() => refusals(cast.author.page) - before.author).toBe(1)
  await expect.poll(() => refusals(cast.rita.page) - before.rita).toBe(1)
  for (const page of [cast.author.page, cast.rita.page]) {
    expect(await threadTexts(page)).toEqual([expect.stringContaining('How many ships?'), expect.stringContaining('Why none?')])
  }
  // The author's text still reaches Rita.
  const a = cast.author.page
  await clickInto(a, manuscript(a))
  await a.keyboard.press('Control+End')
  await manuscript(a).pressSequentially(' Spring did.')
  await expect.poll(() => paragraphs(cast.rita.page)).toEqual([TEXT[0], 'None came that winter. Spring did.'])
})

test('a removed member coming back with their old invite and key gets nothing new and changes nothing', async () => {
  const a = cast.author.page
  const had = { text: [TEXT[0], 'None came that winter. Spring did.'].join('\n'), threads: 2 }
  await expect.poll(() => cast.mallory.call('signedState').then(({ text, threads }) => ({ text, threads }))).toEqual(had)
  await a.getByRole('button', { name: /^Network/ }).click()
  await a.getByRole('region', { name: 'Network' }).getByRole('row', { name: 'Mallory' }).getByRole('button', { name: 'Remove' }).click()
  await a.getByRole('dialog', { name: 'Remove Mallory?' }).getByRole('button', { name: 'Remove' }).click()
  await a.getByRole('region', { name: 'Network' }).getByRole('list', { name: 'Former members' }).getByText('Mallory').waitFor()
  await a.getByRole('button', { name: 'Keeper' }).click()
  await openChapter(a, 'Winter')

  // Mallory comes back on her old invite, with her old key, and is told she is no longer a member.
  await cast.mallory.call('leave')
  await cast.mallory.call('join', { link: malloryLink, signaling: cast.scene.signaling.url, claim: { kind: 'own-invite' } })
  await expect.poll(() => cast.mallory.call('signedState').then((s) => s.removed)).toBe(true)
  // Any Quire she reaches tells her so, Rita's as well as the author's, and each connection opens in its own time:
  // what she sends goes only to those she has reached, so she waits until the author reads her.
  await expect.poll(() => cast.mallory.call('signedState').then((s) => s.sessions), { timeout: 60_000 }).toContain('Ada Author')

  // She writes a comment of her own, as a member could; the author reads everything she sent before the unreadable frame.
  const unreadable = () => cast.said.of(a).filter((line) => /could not read/.test(line)).length
  const before = unreadable()
  expect(await cast.mallory.call('forge', 'thread-of-my-own')).toBe(1)
  await cast.mallory.call('sendUnreadable')
  await expect.poll(unreadable).toBeGreaterThan(before)

  // The author writes on; Rita, who stayed, gets it, and answers; Mallory gets nothing new.
  await clickInto(a, manuscript(a))
  await a.keyboard.press('Control+End')
  await manuscript(a).pressSequentially(' Nor spring.')
  const now = [TEXT[0], 'None came that winter. Spring did. Nor spring.']
  await expect.poll(() => paragraphs(cast.rita.page)).toEqual(now)
  await comment(cast.rita.page, 'Nor spring', 'Which spring?')
  await expect.poll(() => threadTexts(a)).toHaveLength(3)
  expect(await threadTexts(a)).not.toContainEqual(expect.stringContaining('Mallory is back.'))
  expect(await threadTexts(cast.rita.page)).not.toContainEqual(expect.stringContaining('Mallory is back.'))
  const { text, threads } = await cast.mallory.call('signedState')
  expect({ text, threads }).toEqual(had)
})

test('an impostor who claims a member’s invite before that member connects gets nothing, and the member still gets in', async () => {
  const a = cast.author.page
  await a.getByRole('button', { name: 'Keeper' }).click()
  await openChapter(a, 'Winter')
  const link = await shareOpenChapter(a, 'Olu Other')
  // The impostor has the share's key and rooms, and claims Olu's seat with a proof it signed itself.
  const impostor = await Peer.open(cast.malloryBrowser, cast.rig.pageUrl, 'impostor')
  await impostor.call('join', { link, signaling: cast.scene.signaling.url, claim: { kind: 'forged' } })
  await expect.poll(() => impostor.call('signedState').then((s) => s.reports.filter((r) => /not a member/.test(r)).length), { timeout: 60_000 }).toBeGreaterThan(0)

  const olu = await cast.scene.person('Olu Other')
  await joinInvite(olu.page, link)
  // Olu gets the chapter as the author has it (the test before wrote its last words; should it stop early, this one
  // still checks what it is about).
  const text = await paragraphs(a)
  expect(text).toHaveLength(2)
  await expect.poll(() => paragraphs(olu.page), { timeout: 60_000 }).toEqual(text)
  await comment(olu.page, 'lighthouse keeper', 'Who kept it before?')
  await commentsPanel(a).getByRole('listitem', { name: /Comment by Olu Other/ }).waitFor({ timeout: 30_000 })
  expect(await commentsPanel(a).getByRole('listitem', { name: /Comment by Olu Other/ }).textContent()).toContain('Who kept it before?')
  const { text: impostorText, threads, peers } = await impostor.call('signedState')
  expect({ text: impostorText, threads, peers }).toEqual({ text: '', threads: 0, peers: 0 })
})
