/**
 * Renders the README's screenshots: a sample book in light and dark themes.
 * `npx tsx scripts/screenshots.ts` (after `npx electron-vite build`).
 */
import { launchBrowser } from '../e2e/support/browser'
import { makeDataDir, removeDataDir, startHost } from '../e2e/support/host'
import { createBook, manuscript, newChapter, openApp } from '../e2e/support/app'

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

void main()
