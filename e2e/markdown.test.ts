import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchBrowser } from './support/browser'
import { makeDataDir, removeDataDir, startHost, type HostProcess } from './support/host'
import { binderTitles, chapterMenu, createBook, manuscript, manuscriptHtml, newChapter, openApp } from './support/app'

let browser: Browser
let host: HostProcess
let dir: string

beforeAll(async () => {
  browser = await launchBrowser()
  dir = await makeDataDir()
  host = await startHost(dir)
})
afterAll(async () => {
  await browser?.close()
  await host?.stop()
  await removeDataDir(dir)
})

test('a Markdown file imports as a chapter and the chapter and book export back to Markdown', async () => {
  const page = await openApp(browser, host.url)
  await createBook(page, 'Imported')
  await newChapter(page, 'Opening')
  await manuscript(page).pressSequentially('A first line.')

  const source = join(dir, 'the-storm.md')
  await writeFile(source, '# The Storm\n\nRain came *sideways* and **hard**.\n\n* * *\n\n> Stay inside.\n\n1. shutters\n2. candles\n')
  await page.getByLabel('Markdown file to import').setInputFiles(source)
  await expect.poll(() => binderTitles(page)).toEqual(['Opening', 'The Storm'])
  await manuscript(page).waitFor()
  await expect
    .poll(() => manuscriptHtml(page))
    .toBe(
      '<p>Rain came <em>sideways</em> and <strong>hard</strong>.</p><hr class="scene-break"><blockquote><p>Stay inside.</p></blockquote>' +
        '<ol><li><p>shutters</p></li><li><p>candles</p></li></ol>',
    )
  await expect.poll(() => page.getByTestId('chapter-words').textContent()).toBe('9 words in chapter')

  const chapterDownload = page.waitForEvent('download')
  await chapterMenu(page, 'Export Markdown')
  const chapterFile = await chapterDownload
  expect(chapterFile.suggestedFilename()).toBe('The Storm.md')
  const chapterText = await readFile((await chapterFile.path())!, 'utf8')
  expect(chapterText).toContain('# The Storm')
  expect(chapterText).toContain('Rain came *sideways* and **hard**.')
  expect(chapterText).toContain('* * *')

  const bookDownload = page.waitForEvent('download')
  await page.getByRole('button', { name: 'More book actions' }).click()
  await page.getByRole('menuitem', { name: 'Export Markdown' }).click()
  const bookText = await readFile((await (await bookDownload).path())!, 'utf8')
  expect(bookText.indexOf('Opening')).toBeGreaterThan(-1)
  expect(bookText.indexOf('A first line.')).toBeGreaterThan(bookText.indexOf('Opening'))
  expect(bookText.indexOf('The Storm')).toBeGreaterThan(bookText.indexOf('A first line.'))
  expect(bookText).toContain('1. shutters')
  await page.close()
})

test('front matter names the chapter; links and inline code come in; the chapter opens with the caret in its text', async () => {
  const page = await openApp(browser, host.url)
  await page.getByRole('button', { name: 'Imported' }).click()
  const source = join(dir, 'storm-notes.md')
  await writeFile(
    source,
    '---\ntitle: "After the Storm"\ndate: 2024-03-01\ntags: [sea]\n---\n\n* * *\n\nSee [the log](https://example.org/log) and run `tide --today`.\n',
  )
  await page.getByLabel('Markdown file to import').setInputFiles(source)
  await expect.poll(() => binderTitles(page)).toContain('After the Storm')
  await page.getByRole('article', { name: 'After the Storm' }).waitFor()
  await expect
    .poll(() => manuscriptHtml(page))
    .toBe(
      '<hr class="scene-break"><p>See <a href="https://example.org/log" title="https://example.org/log" rel="noopener noreferrer nofollow">the log</a>' +
        ' and run <code>tide --today</code>.</p>',
    )
  // Nothing is selected as a block: the caret waits in the first text, and typing goes there.
  expect(await manuscript(page).locator('.ProseMirror-selectednode').count()).toBe(0)
  await page.keyboard.type('Later. ')
  await expect.poll(() => manuscript(page).locator('p').first().textContent()).toBe('Later. See the log and run tide --today.')
  await page.close()
})
