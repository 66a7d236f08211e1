/**
 * A member holding a valid key tries to poison the chapter from her own
 * crafted client (e2e/transport/fixtures/signedClient.ts), signing with her
 * own key and writing only into her own part, against real Quires over
 * WebRTC. Each refusal is Quire's own check on receipt, as a user sees it.
 * (In one process, with the floods: "flood or poison the chapter" in
 * src/integration/signedSync.test.ts.)
 */
import { expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { MAX_WAITING_BYTES } from '../src/shared/trust/envelopeSet'
import { DEFAULT_UPDATE_LIMITS } from '../src/shared/trust/updateRules'
import { manuscript, openChapter, paragraphs } from './support/app'
import { comment, commentsPanel, threadTexts } from './support/review'
import { castForSuite, keeperWithRitasComment, malloryJoins, TEXT } from './support/keeper'

const cast = castForSuite()

/** The sync notice as the window shows it: an error toast, which goes after ten seconds (so looked for while it is sent). */
const toast = (page: Page, what: RegExp, timeout = 30_000) => page.getByRole('alert').filter({ hasText: what }).first().waitFor({ timeout })

/** Mallory sends only to the Quires she has finished the handshake with: wait until both read her. */
async function malloryReachesBoth(): Promise<void> {
  await expect
    .poll(() => cast.mallory.call('signedState').then((s) => [...s.sessions].sort()), { timeout: 60_000 })
    .toEqual(['Ada Author', 'Rita Reviewer'])
}

test('Mallory, invited like any reviewer, joins from her own crafted client', async () => {
  await keeperWithRitasComment(cast.author, cast.rita)
  await malloryJoins(cast)
})

test('a member’s change nesting types 2,000 deep in her own part is refused with a notice; the chapter opens and comments still sync', async () => {
  await malloryReachesBoth()
  const deep = /A change from a peer was refused: .*it nests types \d+ deep/
  const before = { author: cast.said.notices(cast.author.page, deep), rita: cast.said.notices(cast.rita.page, deep) }
  const depth = 2_000
  expect(depth).toBeGreaterThan(DEFAULT_UPDATE_LIMITS.maxDepth)
  expect(await cast.mallory.call('depthBomb', depth)).toBe(1)
  // Each Quire says so in its window, and refuses it once.
  await Promise.all([toast(cast.author.page, deep), toast(cast.rita.page, deep)])
  await expect.poll(() => cast.said.notices(cast.author.page, deep) - before.author).toBe(1)
  await expect.poll(() => cast.said.notices(cast.rita.page, deep) - before.rita).toBe(1)

  // The author opens the chapter again (from what her Quire stored): its text is there, and Rita's comment.
  const a = cast.author.page
  await a.getByRole('button', { name: 'Keeper' }).click()
  await openChapter(a, 'Winter')
  expect(await paragraphs(a)).toEqual(TEXT)
  expect(await threadTexts(a)).toEqual([expect.stringContaining('How many ships?')])
  expect(await paragraphs(cast.rita.page)).toEqual(TEXT)

  // Rita's next comment reaches the author.
  await comment(cast.rita.page, 'None came', 'Why none?')
  await expect
    .poll(() => threadTexts(a), { timeout: 30_000 })
    .toEqual([expect.stringContaining('How many ships?'), expect.stringContaining('Why none?')])
})

test('a member’s flood of large changes that wait for one she never sends is held within a budget, the rest dropped with a notice; the author’s typing still reaches Rita, and Rita’s comment the author', async () => {
  await malloryReachesBoth()
  const a = cast.author.page
  const dropped = /Changes from a peer were dropped: too many envelopes waiting for earlier ones/
  const before = { author: cast.said.notices(cast.author.page, dropped), rita: cast.said.notices(cast.rita.page, dropped) }
  // 40 comments of her own, each padded to half a million characters: 20 MB, past the 16 MB one writer's waiting changes may take.
  const [count, chars] = [40, 500_000]
  expect(count * chars).toBeGreaterThan(MAX_WAITING_BYTES)
  // A loaded machine takes a minute or more to receive and check 20 MB from one peer.
  const toasts = Promise.all([toast(cast.author.page, dropped, 180_000), toast(cast.rita.page, dropped, 180_000)])
  expect(await cast.mallory.call('flood', { count, chars })).toBe(count)
  // Each Quire says it dropped what passed the budget.
  await toasts
  await expect.poll(() => cast.said.notices(cast.author.page, dropped) - before.author, { timeout: 60_000 }).toBeGreaterThan(0)
  await expect.poll(() => cast.said.notices(cast.rita.page, dropped) - before.rita, { timeout: 60_000 }).toBeGreaterThan(0)

  // The author writes a new line; it reaches Rita (how long it took is printed: a flood used to hold it up for many seconds).
  const line = 'In spring the first ship came.'
  await manuscript(a).click()
  await a.keyboard.press('Control+End')
  await a.keyboard.press('Enter')
  await manuscript(a).pressSequentially(line)
  const typed = performance.now()
  await expect.poll(() => paragraphs(cast.rita.page), { timeout: 60_000, interval: 100 }).toEqual([...TEXT, line])
  console.log(`flood: the author's typed line reached Rita ${Math.round(performance.now() - typed)} ms after it was typed`)

  // Rita's next comment reaches the author.
  await comment(cast.rita.page, 'first ship', 'Whose ship?')
  await expect
    .poll(() => threadTexts(a), { timeout: 60_000 })
    .toEqual([expect.stringContaining('How many ships?'), expect.stringContaining('Why none?'), expect.stringContaining('Whose ship?')])
  // None of the flood shows, at either Quire: no comment of Mallory's, the text as the author wrote it.
  expect(await threadTexts(cast.rita.page)).toEqual([expect.stringContaining('How many ships?'), expect.stringContaining('Why none?'), expect.stringContaining('Whose ship?')])
  expect(await paragraphs(a)).toEqual([...TEXT, line])
  for (const page of [a, cast.rita.page]) expect(await commentsPanel(page).getByText(/Flood \d+/).count()).toBe(0)
}, 360_000)
