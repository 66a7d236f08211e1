/** Steps for tests that use the keyboard alone. */
import type { Locator, Page } from 'playwright-core'

/** True when `target` holds keyboard focus. */
export function isFocused(target: Locator): Promise<boolean> {
  return target.evaluate((el) => el === document.activeElement)
}

/** What holds focus, described for a failing assertion: its role or tag and its name. */
export function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement
    if (!el || el === document.body) return 'body'
    const name = el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 60) ?? ''
    return `${el.getAttribute('role') ?? el.tagName.toLowerCase()}: ${name}`
  })
}

/** Presses Tab (or Shift+Tab) until `target` has focus, as a keyboard user would; fails after `max` presses. */
export async function tabTo(page: Page, target: Locator, { back = false, max = 40 } = {}): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await isFocused(target)) return settle(page)
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab')
  }
  throw new Error(`could not reach the target with ${back ? 'Shift+Tab' : 'Tab'}; focus is on ${await focusedName(page)}`)
}

/** The text the page's selection holds. */
export function selectedText(page: Page): Promise<string> {
  return page.evaluate(() => String(window.getSelection()))
}

/**
 * Right after the text gains focus, ProseMirror second-guesses the page's
 * selection: it writes its own back 20 ms later, and for 200 ms it takes a
 * caret at the very start of the document for the browser's focus reset and
 * undoes it (so Ctrl+Home pressed at once would seem to do nothing). A person
 * never types that fast; a test waits those windows out. A timer started after
 * focus runs after both, whatever the machine's load: this waits on them, not
 * on the machine's speed.
 */
function settle(page: Page): Promise<void> {
  return page.evaluate(() => new Promise<void>((resolve) => setTimeout(resolve, 250)))
}

/** Clicks into the chapter text as a person would, then lets ProseMirror settle before keys like Ctrl+Home. */
export async function clickInto(page: Page, target: Locator): Promise<void> {
  await target.click()
  await settle(page)
}
