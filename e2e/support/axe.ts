/** axe-core accessibility checks, in both colour schemes. */
import AxeBuilder from '@axe-core/playwright'
import type { Page } from 'playwright-core'

/**
 * The serious and critical axe violations on the page as it is now, one line
 * per element. Legacy mode runs axe inside the page itself: pages opened with
 * browser.newPage() cannot open the extra page the default mode needs, and
 * Quire has no frames for it to reach.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).setLegacyMode(true).analyze()
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((node) => `${v.id} (${v.impact}) at ${node.target.join(' ')}: ${node.failureSummary?.split('\n')[1]?.trim() ?? v.help}`))
}

/** Runs axe in the light and the dark scheme; returns every serious or critical violation, labelled. */
export async function violationsInBothSchemes(page: Page, screen: string): Promise<string[]> {
  const found: string[] = []
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    // Wait until the scheme's colours are applied before measuring them.
    await page.waitForFunction((dark) => matchMedia('(prefers-color-scheme: dark)').matches === dark, colorScheme === 'dark')
    for (const violation of await seriousViolations(page)) found.push(`${screen}, ${colorScheme}: ${violation}`)
  }
  await page.emulateMedia({ colorScheme: 'light' })
  return found
}
