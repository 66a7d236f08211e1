import { afterAll, beforeAll, expect, test } from 'vitest'
import { keyPairFromSeed, toBase64Url } from '../src/shared/identity'
import { createInvite, parseInvite } from '../src/shared/invite'
import { createBook, manuscript, newChapter, paragraphs } from './support/app'
import { clickInto } from './support/keyboard'
import { Scene, type Person } from './support/peers'
import { comment, commentsPanel, joinInvite, shareOpenChapter, syncStatus, threadTexts } from './support/review'

const scene = new Scene()
let author: Person
let reviewer: Person

beforeAll(async () => {
  await scene.start()
  author = await scene.person('Ada Author')
  reviewer = await scene.person('Rita Reviewer')
})
afterAll(() => scene.stop())

test('share → join → comment → reply → resolve, with live author edits', async () => {
  const a = author.page
  await createBook(a, 'Tidewater')
  await newChapter(a, 'The Harbour')
  await manuscript(a).pressSequentially('The harbour was quiet before dawn. Gulls argued over the nets.')
  const link = await shareOpenChapter(a, 'Rita Reviewer')
  expect(link).toMatch(/^quire:\/\/invite#/)

  const r = reviewer.page
  await joinInvite(r, link)
  const shared = r.getByRole('navigation', { name: 'Binder' }).getByRole('group', { name: 'Tidewater by Ada Author' })
  expect(await shared.getByRole('button', { name: 'The Harbour' }).count()).toBe(1)
  await expect.poll(() => manuscript(r).textContent(), { timeout: 30_000 }).toBe(
    'The harbour was quiet before dawn. Gulls argued over the nets.',
  )
  expect(await manuscript(r).getAttribute('aria-readonly')).toBe('true')
  await expect.poll(() => syncStatus(r).textContent()).toBe('1 peer connected')

  // Typing into the reading view changes nothing.
  await manuscript(r).click()
  await r.keyboard.type('XYZ')
  expect(await manuscript(r).textContent()).toBe('The harbour was quiet before dawn. Gulls argued over the nets.')

  await comment(r, 'quiet before dawn', 'Lovely — but is it too quiet?')
  await expect.poll(() => threadTexts(a), { timeout: 15_000 }).toEqual([expect.stringContaining('Lovely — but is it too quiet?')])
  expect((await threadTexts(a))[0]).toContain('quiet before dawn')
  expect((await threadTexts(a))[0]).toContain('Rita Reviewer')
  expect(await a.locator('.comment-highlight').textContent()).toBe('quiet before dawn')

  const thread = commentsPanel(a).getByRole('listitem', { name: /Comment by Rita Reviewer/ })
  await thread.getByRole('button', { name: 'Reply' }).click()
  await thread.getByRole('textbox', { name: 'Reply' }).fill('On purpose: the storm comes next.')
  await thread.getByRole('button', { name: 'Post' }).click()
  await expect.poll(() => threadTexts(r), { timeout: 15_000 }).toEqual([expect.stringContaining('On purpose: the storm comes next.')])

  await thread.getByRole('button', { name: 'Resolve' }).click()

  await expect.poll(() => threadTexts(r), { timeout: 15_000 }).toEqual([expect.stringContaining('Resolved')])
  const reviewerThread = commentsPanel(r).getByRole('listitem', { name: /Comment by Rita Reviewer/ })
  await reviewerThread.getByRole('button', { name: 'Reopen' }).click()
  await expect.poll(() => threadTexts(a), { timeout: 15_000 }).toEqual([expect.not.stringContaining('Resolved')])

  // The author keeps writing; the reviewer sees it live, and the comment stays on its passage.
  await clickInto(a, manuscript(a))
  await a.keyboard.press('Control+Home')
  await manuscript(a).pressSequentially('At first light: ')
  await expect.poll(() => manuscript(r).textContent(), { timeout: 10_000 }).toBe(
    'At first light: The harbour was quiet before dawn. Gulls argued over the nets.',
  )
  await expect.poll(() => r.locator('.comment-highlight').textContent()).toBe('quiet before dawn')

  // A paragraph split just before the passage (y-prosemirror re-creates the moved text) keeps the comment on it.
  await a.keyboard.press('Enter')
  await expect.poll(() => paragraphs(r), { timeout: 10_000 }).toEqual([
    'At first light: ',
    'The harbour was quiet before dawn. Gulls argued over the nets.',
  ])
  await expect.poll(() => a.locator('.comment-highlight').textContent()).toBe('quiet before dawn')
  await expect.poll(() => r.locator('.comment-highlight').textContent(), { timeout: 10_000 }).toBe('quiet before dawn')
  await manuscript(a).pressSequentially('The ')
  await expect.poll(() => a.locator('.comment-highlight').textContent()).toBe('quiet before dawn')

  // The author's network now knows the reviewer by key.
  await a.getByRole('button', { name: /^Network/ }).click()
  const row = a.getByRole('region', { name: 'Network' }).getByRole('row', { name: 'Rita Reviewer' })
  await expect.poll(() => row.textContent(), { timeout: 15_000 }).toMatch(/[a-z0-9]{4}-[a-z0-9]{4}/)
  expect(await row.textContent()).toContain('The Harbour')
})

test('a malformed, tampered, forged or own invite is refused with a clear message and nothing is joined', async () => {
  const r = reviewer.page
  const before = await r.getByRole('navigation', { name: 'Binder' }).getByRole('group').count()
  for (const [link, message] of [
    ['https://example.org/not-an-invite', /not a Quire invite/],
    ['quire://invite#bm90LWpzb24.AAAA', /incomplete or damaged/],
  ] as const) {
    await r.getByRole('button', { name: 'Open invite' }).click()
    const dialog = r.getByRole('dialog', { name: 'Open invite' })
    await dialog.getByRole('textbox', { name: 'Invite link' }).fill(link)
    await dialog.getByRole('button', { name: 'Join' }).click()
    await expect.poll(() => dialog.getByRole('alert').textContent()).toMatch(message)
    await dialog.getByRole('button', { name: 'Cancel' }).click()
  }
  // Tampered: a real invite with one character of the signed payload changed.
  const a = author.page
  await a.getByRole('button', { name: 'Tidewater' }).click()
  const link = await shareOpenChapter(a, 'Someone Else')
  const hash = link.indexOf('#') + 5
  const tampered = link.slice(0, hash) + (link[hash] === 'A' ? 'B' : 'A') + link.slice(hash + 1)
  await r.getByRole('button', { name: 'Open invite' }).click()
  const dialog = r.getByRole('dialog', { name: 'Open invite' })
  await dialog.getByRole('textbox', { name: 'Invite link' }).fill(tampered)
  await dialog.getByRole('button', { name: 'Join' }).click()
  await expect.poll(() => dialog.getByRole('alert').textContent()).toMatch(/changed after it was created|damaged|can't/)
  await dialog.getByRole('button', { name: 'Cancel' }).click()

  // Forged: the same share and the author's name, signed by someone else's key.
  const parsed = parseInvite(link)
  if (!parsed.ok) throw new Error('the real invite must parse')
  const { secretKey, publicKey } = keyPairFromSeed(new Uint8Array(32).fill(7))
  const forged = createInvite({ ...parsed.invite, author: { ...parsed.invite.author, publicKey: toBase64Url(publicKey) } }, secretKey)
  await r.getByRole('button', { name: 'Open invite' }).click()
  await dialog.getByRole('textbox', { name: 'Invite link' }).fill(forged)
  await dialog.getByRole('button', { name: 'Join' }).click()
  await expect.poll(() => dialog.getByRole('alert').textContent()).toMatch(/signed by a different key than the one you trusted/)
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  expect(await r.getByRole('navigation', { name: 'Binder' }).getByRole('group').count()).toBe(before)
})
