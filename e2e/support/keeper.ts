/**
 * The scene the crafted-client suites start from: the author and Rita, each
 * Quire's sync notices read from its console, and a browser and rig for
 * Mallory's crafted client; then the author shares "Winter" of her book
 * "Keeper" with Rita, who comments on it.
 */
import { afterAll, beforeAll, expect } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { Peer, startRig, type TransportRig } from '../transport/support'
import { createBook, manuscript, newChapter, paragraphs } from './app'
import { launchBrowser } from './browser'
import { Scene, type Person } from './peers'
import { comment, joinInvite, shareOpenChapter, threadTexts } from './review'

export const TEXT = ['The lighthouse keeper counted the ships.', 'None came that winter.']

/** What each Quire's sync said, from its console (SyncHub's notices). */
export class SyncLog {
  private readonly lines = new Map<Page, string[]>()

  listen(page: Page): void {
    const lines: string[] = []
    this.lines.set(page, lines)
    page.on('console', (message) => lines.push(message.text()))
  }

  of(page: Page): string[] {
    return this.lines.get(page)!
  }

  /** How many of the sync notices `page` showed match `what`. */
  notices(page: Page, what: RegExp): number {
    return this.of(page).filter((line) => line.startsWith('Quire sync: ') && what.test(line)).length
  }
}

/** Who a crafted-client suite works with; the fields are set before its first test. */
export interface Cast {
  scene: Scene
  said: SyncLog
  author: Person
  rita: Person
  rig: TransportRig
  malloryBrowser: Browser
  /** Mallory's crafted client, once a test has her join. */
  mallory: Peer
}

/** Sets the cast up before the suite's tests and takes it down after them. */
export function castForSuite(): Cast {
  const cast = { scene: new Scene(), said: new SyncLog() } as Cast
  beforeAll(async () => {
    await cast.scene.start()
    cast.rig = await startRig()
    cast.author = await cast.scene.person('Ada Author')
    cast.rita = await cast.scene.person('Rita Reviewer')
    cast.said.listen(cast.author.page)
    cast.said.listen(cast.rita.page)
    cast.malloryBrowser = await launchBrowser()
  })
  afterAll(async () => {
    await cast.malloryBrowser?.close()
    await cast.rig?.close()
    await cast.scene.stop()
  })
  return cast
}

/** The author writes TEXT, shares it with Rita, and Rita's comment "How many ships?" reaches her. */
export async function keeperWithRitasComment(author: Person, rita: Person): Promise<void> {
  const a = author.page
  await writeKeeper(a)
  await joinInvite(rita.page, await shareOpenChapter(a, 'Rita Reviewer'))
  await expect.poll(() => paragraphs(rita.page), { timeout: 30_000 }).toEqual(TEXT)
  await comment(rita.page, 'counted the ships', 'How many ships?')
  await expect.poll(() => threadTexts(a), { timeout: 30_000 }).toEqual([expect.stringContaining('How many ships?')])
}

/** The author writes TEXT as the chapter "Winter" of a new book "Keeper". */
export async function writeKeeper(a: Page): Promise<void> {
  await createBook(a, 'Keeper')
  await newChapter(a, 'Winter')
  await manuscript(a).pressSequentially(TEXT[0]!)
  await a.keyboard.press('Enter')
  await manuscript(a).pressSequentially(TEXT[1]!)
}

/** The author invites Mallory to the open chapter; she joins from her crafted client and holds its text and Rita's comment. */
export async function malloryJoins(cast: Cast): Promise<void> {
  const link = await shareOpenChapter(cast.author.page, 'Mallory')
  cast.mallory = await Peer.open(cast.malloryBrowser, cast.rig.pageUrl, 'mallory')
  await cast.mallory.call('join', { link, signaling: cast.scene.signaling.url, claim: { kind: 'own-invite' } })
  await expect
    .poll(() => cast.mallory.call('signedState').then(({ text, threads }) => ({ text, threads })), { timeout: 60_000 })
    .toEqual({ text: TEXT.join('\n'), threads: 1 })
}
