import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { commentedPassages, docxParts, plainText, wordComments } from '../src/shared/manuscript/testing/docxXml'
import { legacyWordDocument, notAWordDocument, passwordProtectedDocx, truncated } from '../src/shared/manuscript/testing/badFiles'
import { binderTitles, chapterMenu, createBook, manuscriptHtml, openApp, openChapter } from './support/app'
import { launchBrowser } from './support/browser'
import { makeDataDir, removeDataDir, startHost, type HostProcess } from './support/host'
import { comment, commentsPanel, shareOpenChapter } from './support/review'
import { longManuscriptDocx, threeChapterDocx, writeFixture } from './support/wordFiles'

let browser: Browser
let host: HostProcess
let dir: string
let files: string

beforeAll(async () => {
  browser = await launchBrowser()
  dir = await makeDataDir()
  files = await mkdtemp(join(tmpdir(), 'quire-e2e-files-'))
  host = await startHost(dir)
})
afterAll(async () => {
  await browser?.close()
  await host?.stop()
  await removeDataDir(dir)
  await rm(files, { recursive: true, force: true })
})

const importDialog = (page: Page) => page.getByRole('dialog', { name: /Word document/ })

/** Picks a file with the book header's Import Word document (or the one in `scope`, e.g. the New book dialog). */
async function pickWordFile(page: Page, path: string, scope = page.getByRole('main')): Promise<void> {
  await scope.getByLabel('Word document to import').setInputFiles(path)
}

async function bookCounts(page: Page): Promise<{ books: number; chapters: string[] }> {
  const books = await page.getByRole('region', { name: 'Books' }).getByRole('listitem').count()
  return { books, chapters: await binderTitles(page) }
}

test('a three-chapter Word document imports as three chapters with their formatting', async () => {
  const page = await openApp(browser, host.url)
  await createBook(page, 'The Crossing')
  await pickWordFile(page, await writeFixture(files, 'crossing.docx', await threeChapterDocx()))

  const dialog = importDialog(page)
  await expect.poll(() => dialog.getByRole('status').first().textContent(), { timeout: 30_000 }).toMatch(/“crossing\.docx”: 3 chapters, \d+ words/)
  const preview = dialog.getByRole('list', { name: 'Chapters to import' }).getByRole('listitem')
  expect(await preview.allTextContents()).toEqual([
    expect.stringMatching(/^The Ferry.*The ferry left at six, whether or not anyone was on it\./),
    expect.stringMatching(/^Salt.*On the pier/),
    expect.stringMatching(/^The Lighthouse Keeper.*He kept the lamp/),
  ])
  await dialog.getByRole('button', { name: 'Import 3 chapters' }).click()
  await dialog.waitFor({ state: 'detached' })

  expect(await binderTitles(page)).toEqual(['The Ferry', 'Salt', 'The Lighthouse Keeper'])
  // The first imported chapter opens.
  await page.getByRole('article', { name: 'The Ferry' }).waitFor()
  await expect
    .poll(() => manuscriptHtml(page))
    .toBe(
      '<p>The ferry left at six, <em>whether or not</em> anyone was on it.</p><p>Marta was <strong>always</strong> early.</p>' +
        '<hr class="scene-break"><p>Across the bay, the island was already awake.</p>',
    )
  await openChapter(page, 'Salt')
  await expect
    .poll(() => manuscriptHtml(page))
    .toBe('<h1>On the pier</h1><blockquote><p>The sea keeps no appointments.</p></blockquote><ul><li><p>rope</p></li><li><p>lantern</p></li></ul>')
  await expect.poll(() => page.getByTestId('book-words').textContent()).toBe('46 words in book')
  await page.close()
})

test('a new book starts from a Word document', async () => {
  const page = await openApp(browser, host.url)
  await page.getByRole('button', { name: 'New book' }).first().click()
  const newBook = page.getByRole('dialog', { name: 'New book' })
  await newBook.getByRole('textbox', { name: 'Title' }).fill('Crossing, second draft')
  await pickWordFile(page, join(files, 'crossing.docx'), newBook)
  const dialog = page.getByRole('dialog', { name: 'New book from a Word document' })
  await expect.poll(() => dialog.getByRole('textbox', { name: 'Book title' }).inputValue(), { timeout: 30_000 }).toBe('Crossing, second draft')
  await dialog.getByRole('button', { name: 'Create book with 3 chapters' }).click()
  await dialog.waitFor({ state: 'detached' })
  await page.getByRole('heading', { name: 'Crossing, second draft', level: 1 }).waitFor()
  expect(await binderTitles(page)).toEqual(['The Ferry', 'Salt', 'The Lighthouse Keeper'])
  await page.close()
})

test('a file that is not a readable Word document gets a plain message and nothing is created', async () => {
  const page = await openApp(browser, host.url)
  await page.getByRole('button', { name: 'The Crossing' }).click()
  await page.getByRole('heading', { name: 'The Crossing', level: 1 }).waitFor()
  const before = await bookCounts(page)
  const good = await threeChapterDocx()
  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['notes.docx', notAWordDocument(), /“notes\.docx” is not a Word document\. .*Save As → Word Document \(\.docx\)/],
    ['broken.docx', truncated(good), /“broken\.docx” is damaged and could not be read\. Open it in Word/],
    ['locked.docx', passwordProtectedDocx(), /“locked\.docx” is protected with a password\. In Word, remove the password/],
    ['old.doc', legacyWordDocument(), /“old\.doc” is an older Word document \(\.doc\)\. Open it in Word and save it as a Word Document \(\.docx\)/],
  ]
  for (const [name, bytes, message] of cases) {
    await pickWordFile(page, await writeFixture(files, name, bytes))
    const dialog = importDialog(page)
    await expect.poll(() => dialog.getByRole('alert').textContent(), { timeout: 30_000 }).toMatch(message)
    expect(await dialog.getByRole('button', { name: /^Import/ }).count()).toBe(0)
    await dialog.getByRole('button', { name: 'Close' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(await bookCounts(page)).toEqual(before)
  }
  await page.close()
})

test('a 100,000-word manuscript imports, with progress shown while it is read and its chapters are made', async () => {
  const page = await openApp(browser, host.url)
  await createBook(page, 'The Long Book')
  // Every status the import dialog shows, as it shows it.
  await page.evaluate(() => {
    const seen: string[] = ((window as unknown as { importStatuses: string[] }).importStatuses = [])
    new MutationObserver(() => {
      const text = document.querySelector('dialog .import-progress [role=status]')?.textContent
      if (text && seen[seen.length - 1] !== text) seen.push(text)
    }).observe(document.body, { childList: true, subtree: true, characterData: true })
  })
  await pickWordFile(page, await writeFixture(files, 'long.docx', await longManuscriptDocx(100_000, 30)))
  const dialog = importDialog(page)
  await dialog.getByRole('button', { name: 'Import 30 chapters' }).waitFor({ timeout: 60_000 })
  expect(await dialog.getByRole('status').first().textContent()).toBe('“long.docx”: 30 chapters, 100,000 words. Chapters begin at each Heading 1.')
  await dialog.getByRole('button', { name: 'Import 30 chapters' }).click()
  await dialog.waitFor({ state: 'detached', timeout: 60_000 })
  await expect.poll(() => binderTitles(page)).toEqual(Array.from({ length: 30 }, (_, i) => `Chapter ${i + 1}`))
  await expect.poll(() => page.getByTestId('book-words').textContent()).toBe('100,000 words in book')
  const statuses = await page.evaluate(() => (window as unknown as { importStatuses: string[] }).importStatuses)
  expect(statuses[0]).toBe('Reading “long.docx”…')
  expect(statuses).toContain('Creating chapter 1 of 30…')
  expect(statuses.filter((s) => /^Creating chapter \d+ of 30…$/.test(s)).length).toBeGreaterThan(1)
  await page.close()
})

test('round trip: import, comment in Quire, export with comments; each comment sits on its passage', async () => {
  const page = await openApp(browser, host.url)
  await createBook(page, 'Round Trip')
  await pickWordFile(page, join(files, 'crossing.docx'))
  await importDialog(page).getByRole('button', { name: 'Import 3 chapters' }).click({ timeout: 30_000 })
  await importDialog(page).waitFor({ state: 'detached' })
  await page.getByRole('article', { name: 'The Ferry' }).waitFor()

  // Comments live in shared chapters: the author shares this one and comments on it.
  await shareOpenChapter(page, 'Rita Reviewer')
  await comment(page, 'whether or not', 'Is the ferry really that strict?')
  const first = commentsPanel(page).getByRole('listitem', { name: /Comment by Ada Author on .*: Is the ferry/ })
  await first.waitFor()
  await first.getByRole('button', { name: 'Reply' }).click()
  await first.getByRole('textbox', { name: 'Reply' }).fill('Yes: that is the point.')
  await first.getByRole('button', { name: 'Post' }).click()
  await first.getByText('Yes: that is the point.').waitFor()
  await comment(page, 'the island was already awake', 'Nice image.')
  await comment(page, 'always', 'Resolved before export.')
  const resolved = commentsPanel(page).getByRole('listitem', { name: /Resolved before export/ })
  await resolved.getByRole('button', { name: 'Resolve' }).click()
  await resolved.getByText('Resolved', { exact: true }).waitFor()

  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export Word document' }).click()
  const dialog = page.getByRole('dialog', { name: 'Export book as Word document' })
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Ada Author')
  await dialog.getByRole('textbox', { name: 'Email' }).fill('ada@example.org')
  expect(await dialog.getByRole('checkbox', { name: 'Include comments' }).isChecked()).toBe(true)
  await dialog.getByRole('button', { name: 'Export Word document' }).click()
  const file = await download
  expect(file.suggestedFilename()).toBe('Round Trip.docx')
  const path = join(files, 'round-trip.docx')
  await writeFile(path, await readFile((await file.path())!))

  const parts = await docxParts(new Uint8Array(await readFile(path)))
  const text = plainText(parts['word/document.xml']!)
  expect(text).toContain('Ada Author\t46 words\nada@example.org\nRound Trip\nby Ada Author\nThe Ferry\n')
  expect(text).toContain('He kept the lamp and the ledger, and he kept to himself.')
  const comments = wordComments(parts['word/comments.xml']!)
  const passages = commentedPassages(parts['word/document.xml']!)
  expect(comments.map((c) => [c.author, c.text, passages.get(c.id)])).toEqual([
    ['Ada Author', 'Is the ferry really that strict?', 'whether or not'],
    ['Ada Author', 'Yes: that is the point.', 'whether or not'],
    ['Ada Author', 'Nice image.', 'the island was already awake'],
  ])
  for (const c of comments) expect(Date.now() - Date.parse(c.date)).toBeLessThan(60 * 60 * 1000)
  expect(parts['word/commentsExtended.xml']).toMatch(/w15:paraIdParent=/)

  // LibreOffice stands in for Word: it opens the file and keeps each comment on its passage.
  execFileSync('soffice', ['--headless', '--norestore', '--convert-to', 'fodt', '--outdir', files, path], { stdio: 'ignore', timeout: 120_000, env: { ...process.env, HOME: files } })
  const odt = await readFile(join(files, 'round-trip.fodt'), 'utf8')
  expect(libreOfficeComments(odt)).toEqual(
    expect.arrayContaining([
      ['Ada Author', 'Is the ferry really that strict?', 'whether or not'],
      ['Ada Author', 'Yes: that is the point.', 'whether or not'],
      ['Ada Author', 'Nice image.', 'the island was already awake'],
    ]),
  )
  expect(odt).not.toContain('Resolved before export.')
  await page.close()
})

test('Export PDF prints the manuscript in the same format', async () => {
  const page = await openApp(browser, host.url)
  // Quire first reopens where the last window left off (Round Trip, whose first chapter is also “The Ferry”).
  await page.getByRole('heading', { name: 'Round Trip', level: 1 }).waitFor()
  await page.getByRole('article', { name: 'The Ferry' }).waitFor()
  await page.getByRole('button', { name: 'The Crossing' }).click()
  await page.getByRole('heading', { name: 'The Crossing', level: 1 }).waitFor()
  await page.getByRole('article', { name: 'The Ferry' }).waitFor()
  // The browser's print dialog is not ours: stand in for the user saving from it, with Chromium's print-to-PDF.
  await page.evaluate(() => {
    window.print = () => document.body.setAttribute('data-print-requested', '')
  })
  await page.getByRole('button', { name: 'Export PDF' }).click()
  const dialog = page.getByRole('dialog', { name: 'Export book as PDF' })
  // Remembered from the Word export above.
  expect(await dialog.getByRole('textbox', { name: 'Email' }).inputValue()).toBe('ada@example.org')
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Marta Vale')
  await dialog.getByRole('button', { name: 'Export PDF' }).click()
  await dialog.waitFor({ state: 'detached' })
  await page.locator('body[data-print-requested]').waitFor({ state: 'attached' })
  const pdf = join(files, 'crossing.pdf')
  await writeFile(pdf, await page.pdf({ preferCSSPageSize: true }))
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')))
  expect(await page.locator('.quire-print-root').count()).toBe(0)

  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })
  expect(info).toMatch(/Page size:\s+612 x 792 pts \(letter\)/)
  expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBe(4)
  const pages = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).split('\f')
  expect(pages[0]).toMatch(/Marta Vale\s+46 words/)
  expect(pages[0]).toContain('by Marta Vale')
  expect(pages[0]).not.toContain('Vale / The Crossing /')
  expect(pages[1]).toMatch(/Vale \/ The Crossing \/ 2/)
  expect(pages[1]).toContain('The Ferry')
  expect(pages[1]).toContain('The ferry left at six, whether or not anyone was on it.')
  expect(pages[2]).toMatch(/Vale \/ The Crossing \/ 3[\s\S]*Salt/)
  expect(pages[3]).toMatch(/Vale \/ The Crossing \/ 4[\s\S]*The Lighthouse Keeper/)
  // Escape closes the export dialog and focus goes back to what opened it.
  await page.getByRole('button', { name: 'Export Word document' }).focus()
  await page.keyboard.press('Enter')
  await page.getByRole('dialog', { name: 'Export book as Word document' }).waitFor()
  await page.keyboard.press('Escape')
  await page.getByRole('dialog', { name: 'Export book as Word document' }).waitFor({ state: 'detached' })
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Export Word document')
  await chapterMenu(page, 'Export PDF')
  const chapterDialog = page.getByRole('dialog', { name: 'Export chapter as PDF' })
  await page.keyboard.press('Escape')
  await chapterDialog.waitFor({ state: 'detached' })
  expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('More chapter actions')
  await page.close()
})

/** [author, comment, passage] for each comment in a flat ODF document LibreOffice wrote. */
function libreOfficeComments(odt: string): Array<[string, string, string]> {
  const annotation = /<office:annotation office:name="([^"]+)"[^>]*>([\s\S]*?)<\/office:annotation>/g
  return [...odt.matchAll(annotation)].map((m) => {
    const [, name, inner] = m as unknown as [string, string, string]
    const creator = /<dc:creator>([^<]*)<\/dc:creator>/.exec(inner)?.[1] ?? ''
    const body = /<text:p[^>]*>([^<]*)<\/text:p>/.exec(inner)?.[1] ?? ''
    const after = odt.slice(m.index! + m[0].length)
    const passage = after.slice(0, after.indexOf(`<office:annotation-end office:name="${name}"/>`))
    return [creator, body, passage.replace(annotation, '').replace(/<[^>]+>/g, '')]
  })
}
