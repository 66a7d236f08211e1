/**
 * Paste from Word and Google Docs through the real clipboard path in
 * Chromium (the same HTML files the unit tests read), and links that open
 * outside Quire.
 */
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { createBook, manuscript, manuscriptHtml, newChapter, openApp } from './support/app'
import { launchBrowser } from './support/browser'
import { makeDataDir, removeDataDir, startHost, type HostProcess } from './support/host'

let browser: Browser
let host: HostProcess
let dir: string
let page: Page

beforeAll(async () => {
  browser = await launchBrowser()
  dir = await makeDataDir()
  host = await startHost(dir)
  page = await openApp(browser, host.url)
  await createBook(page, 'Pasted')
})
afterAll(async () => {
  await browser?.close()
  await host?.stop()
  await removeDataDir(dir)
})

async function paste(html: string, plain = 'fallback'): Promise<void> {
  await manuscript(page).evaluate(
    (el, data) => {
      const transfer = new DataTransfer()
      transfer.setData('text/html', data.html)
      transfer.setData('text/plain', data.plain)
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }))
    },
    { html, plain },
  )
}

const LINK = '<a href="https://example.org/tides" title="https://example.org/tides" rel="noopener noreferrer nofollow">'
const CHAPTER =
  '<h1>The Harbour</h1>' +
  `<p>The harbour was quiet before dawn, as ${LINK}the tide tables</a> promised. Gulls <strong>argued</strong> over the <em>nets</em>. ` +
  '[Footnote: Tide tables for 1923, kept at the harbour office.]</p>' +
  '<ul><li><p>Nets</p><ul><li><p>Mended <em>twice</em></p></li></ul></li><li><p>Floats</p></li></ul>' +
  `<ol><li><p>Check the ${LINK}tide</a></p></li><li><p>Cast off</p></li></ol>` +
  '<p>They rowed out at six.</p>'

for (const [app, file] of [
  ['Word', 'word.html'],
  ['Google Docs', 'google-docs.html'],
] as const) {
  test(`a chapter pasted from ${app} keeps links, lists and footnotes, and says what it left out`, async () => {
    await newChapter(page, `From ${app}`)
    await paste(await readFile(`src/renderer/editor/paste/fixtures/${file}`, 'utf8'))
    await expect.poll(() => manuscriptHtml(page)).toBe(CHAPTER)
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Pasted without' }).last().locator('span').first().textContent())
      .toBe('Pasted without 1 table and 1 image: chapters hold text only.')
  })
}

test('links open outside Quire: Ctrl+click or Alt+Enter in the editor; unsafe ones never do', async () => {
  await newChapter(page, 'Links')
  // A local address that nothing answers: the test opens no page on the internet.
  await paste('<p>See <a href="http://127.0.0.1:9/tides">the tides</a> and <a href="javascript:alert(1)">this</a>.</p>')
  await expect.poll(() => manuscript(page).locator('a').count()).toBe(1)
  expect(await manuscript(page).textContent()).toBe('See the tides and this.')
  const context = page.context()
  await context.route('http://127.0.0.1:9/**', (route) => route.abort())

  // A plain click places the caret, as in any word processor.
  await manuscript(page).getByText('the tides').click()
  expect(context.pages()).toHaveLength(1)

  const opened = (): Promise<string> =>
    context.waitForEvent('request', (request) => request.url().startsWith('http://127.0.0.1:9/')).then((request) => request.url())
  const byClick = opened()
  await manuscript(page).getByText('the tides').click({ modifiers: ['Control'] })
  expect(await byClick).toBe('http://127.0.0.1:9/tides')
  const byKey = opened()
  await page.keyboard.press('Alt+Enter')
  expect(await byKey).toBe('http://127.0.0.1:9/tides')
  for (const opened of context.pages().slice(1)) await opened.close()
})
