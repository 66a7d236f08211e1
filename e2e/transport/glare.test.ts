/**
 * Two peers that start connecting to each other at the same moment
 * ("glare"), forced with a lockstep relay in front of the signaling server.
 * Plain y-webrtc has two ways to lose the room here, both silent and
 * permanent; the guard's pre-agreed data channel and connect timeout get the
 * chapter through.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchBrowser } from '../support/browser'
import { newRoom, Peer, startRig, type TransportRig } from './support'
import { startLockstepRelay, type LockstepRelay } from './lockstepRelay'
import type { ConnectOptions } from './fixtures/page'

let rig: TransportRig
let browsers: Browser[] = []
let peers: Peer[] = []
let relay: LockstepRelay | undefined

beforeAll(async () => {
  rig = await startRig()
  browsers = await Promise.all([launchBrowser(), launchBrowser()])
})
afterEach(async () => {
  await Promise.all(peers.map((peer) => peer.close()))
  peers = []
  await relay?.close()
  relay = undefined
})
afterAll(async () => {
  await Promise.all(browsers.map((browser) => browser.close()))
  await rig?.close()
})

type PeerSettings = Partial<Omit<ConnectOptions, 'room' | 'password' | 'signaling' | 'name'>>

/** Author (with a chapter) and reviewer join through a lockstep relay; resolves once both joined. */
async function joinTogether(rounds: number, author: PeerSettings, reviewer: PeerSettings): Promise<[Peer, Peer, string]> {
  relay = await startLockstepRelay(rig.signalingUrl, { peers: 2, rounds })
  const [a, b] = await Promise.all(browsers.map((browser, i) => Peer.open(browser, rig.pageUrl, i === 0 ? 'author' : 'reviewer')))
  peers = [a!, b!]
  await a!.call('writeChapter', 1_000)
  const chapter = await a!.call('chapterText')
  const { room, password } = newRoom()
  const common = { room, password, signaling: relay.url, guarded: true }
  await a!.call('connect', { ...common, ...author, name: 'author' })
  await b!.call('connect', { ...common, ...reviewer, name: 'reviewer' })
  return [a!, b!, chapter]
}

/** Asserts that `reviewer` has not received the chapter for `ms`. */
async function staysEmpty(reviewer: Peer, ms: number): Promise<void> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    expect(await reviewer.call('chapterText')).toBe('')
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

describe('offers that cross', () => {
  test('plain y-webrtc connects, but each side talks on its own data channel and hears nothing', async () => {
    const settings = { guarded: false }
    const [author, reviewer] = await joinTogether(2, settings, settings)
    // y-webrtc resolves the collision: one side accepts the other's offer into its own initiating peer.
    await expect.poll(() => reviewer.call('connectedPeers'), { timeout: 20_000 }).toBe(1)
    await expect.poll(() => author.call('connectedPeers'), { timeout: 20_000 }).toBe(1)
    await staysEmpty(reviewer, 5_000)
    expect(await reviewer.call('remoteNames')).toEqual([])
    expect(await author.call('connectedPeers')).toBe(1)
  })

  test("with the guard's pre-agreed channel (and no connect timeout), the same collision connects and syncs", async () => {
    const settings = { connectTimeoutMs: 0 }
    const [, reviewer, chapter] = await joinTogether(2, settings, settings)
    await expect.poll(() => reviewer.call('chapterText'), { timeout: 20_000 }).toBe(chapter)
  })
})

describe('an offer that arrives before the local one is ready', () => {
  // Both start a connection; the author is slow to apply its own offer, so the reviewer's offer
  // overtakes it: the author's connection fails and the reviewer's waits for an answer forever.
  const author = { holdFirstOffer: true }

  test('with plain y-webrtc, the reviewer waits forever', async () => {
    const [, reviewer] = await joinTogether(1, { ...author, guarded: false }, { guarded: false })
    await staysEmpty(reviewer, 8_000)
    expect(await reviewer.call('connectedPeers')).toBe(0)
  })

  test('with the guard, the stalled attempt is given up after the connect timeout and the retry syncs', async () => {
    const [authorPeer, reviewer, chapter] = await joinTogether(1, { ...author, connectTimeoutMs: 3_000 }, { connectTimeoutMs: 3_000 })
    await expect.poll(() => reviewer.call('chapterText'), { timeout: 30_000 }).toBe(chapter)
    // The stalled attempt was given up (once, or once on each side when their retries crossed again), and nothing else was refused.
    const stalls = [...(await authorPeer.call('rejected')), ...(await reviewer.call('rejected'))]
    expect(stalls.length).toBeGreaterThanOrEqual(1)
    for (const stall of stalls) expect(stall).toMatch(/did not open within 3000 ms/)
  })
})
