/**
 * One heavy room must not starve another: a member floods the one chapter
 * she was invited to, from her own crafted client
 * (e2e/transport/fixtures/signedClient.ts), while the author works in another
 * chapter she shares with Rita. Every peer and room has its own lane in each
 * Quire's validation queue (src/renderer/sync/transport/updateValidator.ts),
 * so the other chapter's changes are not held up behind the flood.
 */
import { expect, test } from 'vitest'
import { createBook, manuscript, newChapter, openChapter, paragraphs } from './support/app'
import { comment, joinInvite, shareOpenChapter, threadTexts } from './support/review'
import { castForSuite, malloryJoins, TEXT } from './support/keeper'

const cast = castForSuite()

const SPRING = ['The ice broke late that year.']
/** Envelopes in Mallory's burst: enough to keep a Quire's validation worker busy for a minute or more. */
const BURST = 5_000

test('the author shares two chapters with Rita, and only “Winter” with Mallory, who joins from her crafted client', async () => {
  const a = cast.author.page
  await createBook(a, 'Keeper')
  await newChapter(a, 'Winter')
  await manuscript(a).pressSequentially(TEXT[0]!)
  await a.keyboard.press('Enter')
  await manuscript(a).pressSequentially(TEXT[1]!)
  await newChapter(a, 'Spring')
  await manuscript(a).pressSequentially(SPRING[0]!)
  await openChapter(a, 'Winter')
  await joinInvite(cast.rita.page, await shareOpenChapter(a, 'Rita Reviewer', ['Spring']))
  await openChapter(cast.rita.page, 'Winter')
  await expect.poll(() => paragraphs(cast.rita.page), { timeout: 30_000 }).toEqual(TEXT)
  await comment(cast.rita.page, 'counted the ships', 'How many ships?')
  await expect.poll(() => threadTexts(a), { timeout: 30_000 }).toEqual([expect.stringContaining('How many ships?')])

  await malloryJoins(cast)
  // Mallory sends only to the Quires she has finished the handshake with: wait until both read her.
  await expect
    .poll(() => cast.mallory.call('signedState').then((s) => [...s.sessions].sort()), { timeout: 60_000 })
    .toEqual(['Ada Author', 'Rita Reviewer'])

  // Both work in “Spring” from here on.
  await openChapter(a, 'Spring')
  await openChapter(cast.rita.page, 'Spring')
  await expect.poll(() => paragraphs(cast.rita.page), { timeout: 30_000 }).toEqual(SPRING)
})

test('while Mallory’s burst of changes to “Winter” is being checked, Rita’s comment on “Spring” reaches the author, and the author’s typing Rita; the burst is taken in whole after', async () => {
  const [a, r] = [cast.author.page, cast.rita.page]
  const winter = () => a.getByRole('navigation', { name: 'Binder' }).getByRole('button', { name: /Winter/ }).textContent()
  expect(await winter()).not.toContain('new comment')
  // Small valid changes in her own part, one a message: each costs every Quire a check in its validation worker.
  expect(await cast.mallory.call('burst', BURST)).toBe(BURST)

  await comment(r, 'ice broke late', 'Which year?')
  const commented = performance.now()
  await expect.poll(() => threadTexts(a), { timeout: 60_000, interval: 100 }).toEqual([expect.stringContaining('Which year?')])
  // Mallory's comment is the last thing her burst applies: it is not there yet, so Rita's comment did not wait for the burst.
  const through = await winter()
  console.log(`starve: Rita's comment on Spring reached the author ${Math.round(performance.now() - commented)} ms after it was posted`)
  expect(through).not.toContain('new comment')

  const line = 'Then the geese came back.'
  await manuscript(a).click()
  await a.keyboard.press('Control+End')
  await a.keyboard.press('Enter')
  await manuscript(a).pressSequentially(line)
  await expect.poll(() => paragraphs(r), { timeout: 60_000 }).toEqual([...SPRING, line])

  // The burst was valid: both Quires take all of it, and show Mallory's comment on “Winter”.
  await expect.poll(() => winter(), { timeout: 180_000 }).toContain('1 new comment')
  await openChapter(r, 'Winter')
  await expect.poll(() => threadTexts(r), { timeout: 180_000 }).toEqual([expect.stringContaining('How many ships?'), expect.stringContaining('Mallory was here')])
  for (const page of [a, r]) expect(cast.said.notices(page, /refused|dropped/)).toBe(0)
}, 600_000)
