/** A manuscript that lost its text on disk comes back from its shared copy, and author and reviewer end with the same chapter. */
import { readdir, readFile, writeFile } from 'node:fs/promises'
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
  await expect.poll(() => paragraphs(b)).toEqual(['Later.', FIRST, SECOND])
  await b.getByRole('status').filter({ hasText: 'Restored 13 words from the shared copy.' }).waitFor()
  await offer.waitFor({ state: 'detached' })
  await expect.poll(() => paragraphs(rita.page), { timeout: 30_000 }).toEqual(['Later.', FIRST, SECOND])

  // The restored text is the author's own manuscript now: it survives a restart, and no offer comes back.
  await author.quit()
  await author.restart()
  await openChapter(author.page, 'Arrival')
  await expect.poll(() => paragraphs(author.page)).toEqual(['Later.', FIRST, SECOND])
  expect(await author.page.getByRole('alert').filter({ hasText: 'lost text on disk' }).count()).toBe(0)
})
