/**
 * A manuscript, or its shared copy, that lost what it held on disk comes back
 * from the share and the reviewer, and author and reviewer end with the same
 * chapter.
 */
import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createBook, manuscript, newChapter, openChapter, paragraphs } from './support/app'
import { clickInto } from './support/keyboard'
import { Scene, type Person } from './support/peers'
import { joinInvite, shareOpenChapter } from './support/review'

const scene = new Scene()
let author: Person
let rita: Person

beforeAll(async () => {
  await scene.start()
  author = await scene.person('Ada Author')
  rita = await scene.person('Rita Reviewer')
})
afterAll(() => scene.stop())

const FIRST = 'The ferry came in at six.'
const SECOND = 'Nobody met it, not even the harbourmaster.'

test('every saved copy of a shared chapter destroyed: the author restores it from the share, and the reviewer sees the same chapter', async () => {
  const a = author.page
  await createBook(a, 'Harbour')
  await newChapter(a, 'Arrival')
  await manuscript(a).pressSequentially(FIRST)
  await a.keyboard.press('Enter')
  await manuscript(a).pressSequentially(SECOND)
  await joinInvite(rita.page, await shareOpenChapter(a, 'Rita Reviewer'))
  await expect.poll(() => paragraphs(rita.page), { timeout: 30_000 }).toEqual([FIRST, SECOND])

  // The manuscript's log and every saved generation of it are destroyed while Quire is closed.
  await author.quit()
  const library = JSON.parse(await readFile(join(author.dataDir, 'library.json'), 'utf8'))
  const chapterId: string = library.books[0].chapters[0].id
  const docs = join(author.dataDir, 'docs')
  const files = (await readdir(docs)).filter((name) => name.startsWith(`${chapterId}.`))
  expect(files.length).toBeGreaterThan(1)
  for (const name of files) await writeFile(join(docs, name), Buffer.alloc((await readFile(join(docs, name))).length, 0x5a))

  await author.restart()
  const b = author.page
  await openChapter(b, 'Arrival')
  const offer = b.getByRole('alert').filter({ hasText: 'lost text on disk that its shared copy still holds' })
  await offer.waitFor({ timeout: 30_000 })
  expect(await offer.textContent()).toContain('(13 words)')
  expect(await paragraphs(b)).toEqual([''])

  // Writing on before restoring: what was typed since stays, in one history with the restored text.
  await clickInto(b, manuscript(b))
  await manuscript(b).pressSequentially('Later.')
  await offer.getByRole('button', { name: 'Restore lost text' }).click()
  // Where the new line sits beside the restored ones is Yjs' order for concurrent inserts; what matters is that both sides agree.
  await expect.poll(async () => (await paragraphs(b)).sort()).toEqual(['Later.', FIRST, SECOND].sort())
  await b.getByRole('status').filter({ hasText: 'Restored 13 words from the shared copy.' }).waitFor()
  await offer.waitFor({ state: 'detached' })
  const restored = await paragraphs(b)
  await expect.poll(() => paragraphs(rita.page), { timeout: 30_000 }).toEqual(restored)

  // The restored text is the author's own manuscript now: it survives a restart, and no offer comes back.
  await author.quit()
  await author.restart()
  await openChapter(author.page, 'Arrival')
  await expect.poll(() => paragraphs(author.page)).toEqual(restored)
  expect(await author.page.getByRole('alert').filter({ hasText: 'lost text on disk' }).count()).toBe(0)
})

test('the chapter and its shared copy both destroyed: the text comes back from the reviewer, and the author restores it', async () => {
  const before = await paragraphs(rita.page)
  expect([...before].sort()).toEqual(['Later.', FIRST, SECOND].sort())
  await author.quit()
  const library = JSON.parse(await readFile(join(author.dataDir, 'library.json'), 'utf8'))
  const ids: string[] = [library.books[0].chapters[0].id, library.shares[0].chapters[0].replicaId]
  const docs = join(author.dataDir, 'docs')
  for (const name of await readdir(docs)) {
    if (ids.some((id) => name.startsWith(`${id}.`))) await writeFile(join(docs, name), Buffer.alloc((await readFile(join(docs, name))).length, 0x5a))
  }

  await author.restart()
  const b = author.page
  await openChapter(b, 'Arrival')
  expect(await paragraphs(b)).toEqual([''])
  // Rita's Quire hands the author's own signed changes back; the chapter offers them.
  const offer = b.getByRole('alert').filter({ hasText: 'lost text on disk that its shared copy still holds' })
  await offer.waitFor({ timeout: 60_000 })
  await offer.getByRole('button', { name: 'Restore lost text' }).click()
  await expect.poll(() => paragraphs(b)).toEqual(before)

  // Writing on reaches the reviewer: the author's signed run goes on after the changes she got back.
  const after = [...(await paragraphs(b)), 'Then the tide turned.']
  await clickInto(b, manuscript(b))
  await b.keyboard.press('Control+End')
  await b.keyboard.press('Enter')
  await manuscript(b).pressSequentially('Then the tide turned.')
  await expect.poll(() => paragraphs(rita.page), { timeout: 30_000 }).toEqual(after)
  expect(await paragraphs(b)).toEqual(after)
})

test('the shared copy’s signed log destroyed while offline: what the author writes waits for the reviewer to hand her changes back, then reaches her', async () => {
  const before = await paragraphs(rita.page)
  // Offline when Quire starts again, so nothing comes back before she writes.
  const toggle = author.page.getByRole('button', { name: 'Work offline' })
  await toggle.click()
  await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true')
  await author.quit()
  const library = JSON.parse(await readFile(join(author.dataDir, 'library.json'), 'utf8'))
  const replicaId: string = library.shares[0].chapters[0].replicaId
  const signed = join(author.dataDir, 'signed')
  const lost = (await readdir(signed)).filter((name) => name.startsWith(`${replicaId}.`))
  expect(lost.length).toBeGreaterThan(0)
  for (const name of lost) await rm(join(signed, name))

  await author.restart()
  const b = author.page
  await openChapter(b, 'Arrival')
  await clickInto(b, manuscript(b))
  await b.keyboard.press('Control+End')
  await b.keyboard.press('Enter')
  await manuscript(b).pressSequentially('Written while the copy was gone.')
  const waiting = b.getByRole('alert').filter({ hasText: 'What you write here is not shared yet' })
  await waiting.waitFor({ timeout: 30_000 })
  await b.screenshot({ path: join(tmpdir(), 'quire-own-loss.png') })

  await b.getByRole('button', { name: 'Work offline' }).click()
  const after = [...before, 'Written while the copy was gone.']
  await expect.poll(() => paragraphs(rita.page), { timeout: 60_000 }).toEqual(after)
  await waiting.waitFor({ state: 'detached' })
  expect(await paragraphs(b)).toEqual(after)
  // No second version of any change went out: neither side was told of a fork.
  for (const page of [b, rita.page]) expect(await page.locator('.toast').filter({ hasText: /versions|lost some of your earlier changes/ }).count()).toBe(0)
})
