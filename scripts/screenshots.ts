/**
 * Renders the README's screenshots: a sample book in light and dark themes,
 * and a review in progress (author and reviewer over WebRTC, so run it in a
 * network namespace), and the Word import preview and export dialog:
 * `scripts/netns-run npx tsx scripts/screenshots.ts` after `npx electron-vite build`
 * (`… screenshots.ts manuscripts` for the last two only), and a review round: a
 * suggested edit, and draft 2 beside draft 1 with its carried threads
 * (`… screenshots.ts rounds` for those only).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { launchBrowser } from '../e2e/support/browser'
import { makeDataDir, removeDataDir, startHost } from '../e2e/support/host'
import { createBook, manuscript, newChapter, openApp } from '../e2e/support/app'
import { Scene } from '../e2e/support/peers'
import { comment, commentsPanel, joinInvite, selectText, shareOpenChapter } from '../e2e/support/review'
import { threeChapterDocx, writeFixture } from '../e2e/support/wordFiles'
import { card, roundBar, suggestEdit } from '../e2e/support/rounds'

const OPENING = [
  'The ferry left at six, whether or not anyone was on it. Marta had learned this the hard way, the first winter, standing on the pier with her bag while the lights slid out across the water without her.',
  'Now she was early. She was always early. ',
]

async function main(): Promise<void> {
  const dir = await makeDataDir()
  const host = await startHost(dir)
  const browser = await launchBrowser()
  try {
    const page = await openApp(browser, host.url)
    await page.screenshot({ path: 'docs/empty-library.png' })
    await createBook(page, 'The Crossing')
    await newChapter(page, 'The Six O’Clock Ferry')
    const text = manuscript(page)
    await text.pressSequentially('# Part One', { delay: 0 })
    await page.keyboard.press('Enter')
    for (const paragraph of OPENING) {
      await text.pressSequentially(paragraph, { delay: 0 })
      await page.keyboard.press('Enter')
    }
    await text.pressSequentially('> The sea keeps no appointments.', { delay: 0 })
    await page.keyboard.press('Enter')
    await page.keyboard.press('Enter')
    await page.getByRole('button', { name: 'Scene break' }).click()
    await text.pressSequentially('Across the bay, the island was already awake.', { delay: 0 })
    await newChapter(page, 'Salt')
    await newChapter(page, 'The Lighthouse Keeper')
    await page.getByRole('navigation', { name: 'Binder' }).getByRole('button', { name: /Ferry/ }).click()
    await manuscript(page).waitFor()
    await page.waitForTimeout(500)
    await page.screenshot({ path: 'docs/writing-light.png' })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: 'docs/writing-dark.png' })
  } finally {
    await browser.close()
    await host.stop()
    await removeDataDir(dir)
  }
}

async function review(): Promise<void> {
  const scene = new Scene()
  await scene.start()
  try {
    const author = await scene.person('Ada Lindqvist')
    const reviewer = await scene.person('Rita Okafor')
    const a = author.page
    await createBook(a, 'The Crossing')
    await newChapter(a, 'The Six O’Clock Ferry')
    for (const paragraph of OPENING) {
      await manuscript(a).pressSequentially(paragraph, { delay: 0 })
      await a.keyboard.press('Enter')
    }
    await manuscript(a).pressSequentially('Across the bay, the island was already awake.', { delay: 0 })
    await joinInvite(reviewer.page, await shareOpenChapter(a, 'Rita Okafor'))
    const r = reviewer.page
    await r.getByText('Across the bay').waitFor({ timeout: 30_000 })
    await comment(r, 'the lights slid out across the water', 'This image is lovely. Could it come back in the last scene?')
    await comment(r, 'She was always early', 'Maybe cut: we already know this about her.')
    const thread = commentsPanel(a).getByRole('listitem', { name: /This image is lovely/ })
    await thread.waitFor({ timeout: 30_000 })
    await thread.getByRole('button', { name: 'Reply' }).click()
    await thread.getByRole('textbox', { name: 'Reply' }).fill('Yes — the ferry leaves without her again.')
    await thread.getByRole('button', { name: 'Post' }).click()
    await commentsPanel(r).getByText('Yes — the ferry leaves').waitFor({ timeout: 30_000 })
    await r.waitForTimeout(500)
    await r.screenshot({ path: 'docs/review-reviewer.png' })
    await a.screenshot({ path: 'docs/review-author.png' })
  } finally {
    await scene.stop()
  }
}

/** The Word import preview and the export dialog. */
async function manuscripts(): Promise<void> {
  const dir = await makeDataDir()
  const files = await mkdtemp(join(tmpdir(), 'quire-shots-'))
  const host = await startHost(dir)
  const browser = await launchBrowser()
  try {
    const page = await openApp(browser, host.url, 'Marta Vale')
    await createBook(page, 'The Crossing')
    await page.getByRole('main').getByLabel('Word document to import').setInputFiles(await writeFixture(files, 'The Crossing.docx', await threeChapterDocx()))
    const preview = page.getByRole('dialog', { name: /Import Word document/ })
    await preview.getByRole('button', { name: /^Import \d+ chapters/ }).waitFor({ timeout: 30_000 })
    await page.screenshot({ path: 'docs/import-word.png' })
    await preview.getByRole('button', { name: /^Import \d+ chapters/ }).click()
    await preview.waitFor({ state: 'detached' })
    await manuscript(page).waitFor()
    await page.getByRole('button', { name: 'Export Word document' }).click()
    const dialog = page.getByRole('dialog', { name: 'Export book as Word document' })
    await dialog.getByRole('textbox', { name: 'Address' }).fill('4 Harbour Row\nPortsoy AB45 2QA')
    await dialog.getByRole('textbox', { name: 'Email' }).fill('marta@example.org')
    await page.screenshot({ path: 'docs/export-word.png' })
  } finally {
    await browser.close()
    await host.stop()
    await removeDataDir(dir)
    await rm(files, { recursive: true, force: true })
  }
}

/** A review round: a suggested edit in the author's view, then draft 2 beside draft 1 in a reviewer's. */
async function rounds(): Promise<void> {
  const scene = new Scene()
  await scene.start()
  try {
    const author = await scene.person('Ada Lindqvist')
    const rita = await scene.person('Rita Okafor')
    const a = author.page
    const r = rita.page
    await createBook(a, 'The Crossing')
    await newChapter(a, 'The Six O’Clock Ferry')
    for (const paragraph of OPENING) {
      await manuscript(a).pressSequentially(paragraph, { delay: 0 })
      await a.keyboard.press('Enter')
    }
    await manuscript(a).pressSequentially('Across the bay, the island was already awake.', { delay: 0 })
    await joinInvite(r, await shareOpenChapter(a, 'Rita Okafor'))
    await r.getByText('Across the bay').waitFor({ timeout: 30_000 })
    await comment(r, 'the lights slid out across the water', 'This image is lovely. Could it come back in the last scene?')
    await comment(r, 'She was always early', 'Maybe cut: we already know this about her.')
    await comment(r, 'whether or not anyone was on it', 'A little flat for a first line?')
    await suggestEdit(r, 'the first winter', 'that first winter')
    await card(a, /Suggestion by Rita Okafor/).waitFor({ timeout: 30_000 })
    await card(a, /Suggestion by Rita Okafor/).click()
    await a.waitForTimeout(500)
    await a.screenshot({ path: 'docs/round-suggestion.png' })

    // The author takes the suggestion, cuts a sentence, rewrites another, and shares draft 2.
    await card(a, /Suggestion by Rita Okafor/).getByRole('button', { name: /^Accept/ }).click()
    await selectText(a, 'She was always early')
    await a.keyboard.press('Shift+End')
    await a.keyboard.press('Backspace')
    await selectText(a, 'whether or not anyone was on it')
    await a.keyboard.type('full or empty')
    await roundBar(a).getByRole('button', { name: 'Share new draft' }).click()
    await a.getByRole('dialog', { name: 'Share draft 2' }).getByRole('button', { name: 'Share draft 2' }).click()
    await roundBar(r).getByText('Draft 2').waitFor({ timeout: 30_000 })
    await roundBar(r).getByRole('button', { name: 'Show draft 1 beside' }).click()
    await card(r, /lights slid out/).getByRole('button', { name: 'Addressed', exact: true }).click()
    // The reviewer's last selection would show as a blue band in the picture.
    await r.evaluate(() => window.getSelection()?.removeAllRanges())
    await r.waitForTimeout(800)
    await r.screenshot({ path: 'docs/round-draft2.png' })
  } finally {
    await scene.stop()
  }
}

if (process.argv.includes('manuscripts')) void manuscripts()
else if (process.argv.includes('rounds')) void rounds()
else void main().then(review).then(manuscripts).then(rounds)
