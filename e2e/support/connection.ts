/** Steps in the Connection view (the connection doctor), shared by the network lab tests. */
import type { Locator, Page } from 'playwright-core'

export const connectionView = (page: Page): Locator => page.getByRole('region', { name: 'Connection' })

export async function openConnection(page: Page): Promise<Locator> {
  const view = connectionView(page)
  if (!(await view.isVisible())) await page.getByRole('button', { name: 'Connection', exact: true }).click()
  await view.getByRole('heading', { name: 'Connection' }).waitFor()
  return view
}

export async function closeConnection(page: Page): Promise<void> {
  await connectionView(page).getByRole('button', { name: 'Close' }).click()
  await connectionView(page).waitFor({ state: 'detached' })
}

/** The line the Connection view shows for one shared chapter: who is connected and by which path. */
export async function chapterConnections(page: Page, title: string): Promise<string> {
  const view = await openConnection(page)
  return (await view.locator('.chapter-connections > li', { hasText: title }).first().textContent()) ?? ''
}

/** The state the Connection view shows for one meeting place (by its address, or 'Local network'). */
export async function rendezvousState(page: Page, address: string): Promise<string> {
  const view = await openConnection(page)
  return (await view.getByRole('row', { name: address, exact: true }).locator('td').last().textContent()) ?? ''
}
