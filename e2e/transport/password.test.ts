/**
 * Who gets into a room: a peer with the wrong password never receives the
 * chapter (y-webrtc encrypts signaling with a key derived from the password,
 * so the peers cannot even exchange connection offers); the same peer with
 * the right one does.
 */
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchBrowser } from '../support/browser'
import { newRoom, Peer, startRig, type TransportRig } from './support'

let rig: TransportRig
let browsers: Browser[] = []
let peers: Peer[] = []

beforeAll(async () => {
  rig = await startRig()
  browsers = await Promise.all([launchBrowser(), launchBrowser()])
})
afterEach(async () => {
  await Promise.all(peers.map((peer) => peer.close()))
  peers = []
})
afterAll(async () => {
  await Promise.all(browsers.map((browser) => browser.close()))
  await rig?.close()
})

async function openPeers(): Promise<[Peer, Peer]> {
  const [a, b] = await Promise.all(browsers.map((browser, i) => Peer.open(browser, rig.pageUrl, i === 0 ? 'author' : 'other')))
  peers = [a!, b!]
  return [a!, b!]
}

test('a peer with the wrong password never receives the chapter', async () => {
  const [author, intruder] = await openPeers()
  await author.call('writeChapter', 1_000)
  const chapter = await author.call('chapterText')
  const { room, password } = newRoom()
  await author.call('connect', { room, password, signaling: rig.signalingUrl, guarded: true, name: 'author' })
  await expect.poll(() => author.call('announced')).toBe(true)

  await intruder.call('connect', { room, password: `${password}x`, signaling: rig.signalingUrl, guarded: true, name: 'intruder' })
  await expect.poll(() => intruder.call('announced')).toBe(true)
  // Both are subscribed to the same room on the same server; a right password connects in well under a second.
  const deadline = Date.now() + 6_000
  while (Date.now() < deadline) {
    expect(await intruder.call('connectedPeers')).toBe(0)
    expect(await intruder.call('chapterText')).toBe('')
    expect(await intruder.call('remoteNames')).toEqual([])
    expect(await author.call('remoteNames')).toEqual([])
    await new Promise((resolve) => setTimeout(resolve, 500))
  }

  // The same page with the right password gets in: the password was the only difference.
  await intruder.call('disconnect')
  await intruder.call('connect', { room, password, signaling: rig.signalingUrl, guarded: true, name: 'reviewer' })
  await expect.poll(() => intruder.call('chapterText'), { timeout: 30_000 }).toBe(chapter)
})
