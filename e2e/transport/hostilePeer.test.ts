/**
 * A crafted peer in the room, with the right password, sends garbage, empty,
 * truncated and oversized frames over the data channel — through y-webrtc's
 * own peer (so through Quire's framing) and straight onto the raw channel.
 * The honest author drops each with a reason, its document stays intact, its
 * page never freezes, and the same connection keeps syncing afterwards.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchBrowser } from '../support/browser'
import { newRoom, Peer, startRig, type TransportRig } from './support'
import { HANGING_UPDATE } from './fixtures/markers'

let rig: TransportRig
let browsers: Browser[] = []

beforeAll(async () => {
  rig = await startRig()
  browsers = await Promise.all([launchBrowser(), launchBrowser()])
})
afterAll(async () => {
  await Promise.all(browsers.map((browser) => browser.close()))
  await rig?.close()
})

const MiB = 1024 * 1024

/** lib0 varUint encoding. */
function varUint(n: number): number[] {
  const out: number[] = []
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80)
    n = Math.floor(n / 128)
  }
  out.push(n)
  return out
}
const varBytes = (bytes: number[]) => [...varUint(bytes.length), ...bytes]
const varString = (s: string) => varBytes([...Buffer.from(s, 'utf8')])
function chunkHeader(id: number, index: number, count: number, total: number): number[] {
  const header = Buffer.alloc(17)
  header.writeUInt8(0xa2, 0)
  header.writeUInt32BE(id, 1)
  header.writeUInt32BE(index, 5)
  header.writeUInt32BE(count, 9)
  header.writeUInt32BE(total, 13)
  return [...header]
}

test('a crafted peer cannot corrupt, freeze or cut off the honest peer', async () => {
  const [author, attacker] = await Promise.all(browsers.map((browser, i) => Peer.open(browser, rig.pageUrl, i === 0 ? 'author' : 'attacker')))
  await author!.call('writeChapter', 2_000)
  const { room, password } = newRoom()
  await author!.call('connect', { room, password, signaling: rig.signalingUrl, guarded: true, name: 'author', maxMessageBytes: 2 * MiB })
  await expect.poll(() => author!.call('announced')).toBe(true)
  await attacker!.call('connect', { room, password, signaling: rig.signalingUrl, guarded: true, name: 'attacker', recordChannels: true })
  const original = await author!.call('chapterText')
  await expect.poll(() => attacker!.call('chapterText'), { timeout: 30_000 }).toBe(original)
  await author!.call('startHeartbeat')
  const before = await author!.call('heartbeat')

  // Through y-webrtc's peer: framed properly, so the y-protocols inspection and the update validator face them.
  const realUpdate = await attacker!.call('stateUpdate')
  const half = realUpdate.slice(0, Math.floor(realUpdate.length / 2))
  const framed: [string, number[], RegExp | null][] = [
    ['random bytes', [0x9d, 0x41, 0x07, 0xee, 0x10, 0x00, 0xfa, 0x33], /unknown message type|malformed/],
    ['empty message', [], /malformed message/],
    ['zero-byte update', [0, 2, 0], /sync update of 0 bytes is truncated/],
    ['the empty update (legitimate)', [0, 2, ...varBytes([0, 0])], null],
    ['sync step 2 cut short', [0, 1, ...varUint(realUpdate.length), ...half], /malformed message/],
    ['truncated update, consistent length', [0, 2, ...varBytes(half)], /sync update refused: (undecodable|update fails to apply)/],
    ['garbage update', [0, 2, ...varBytes(new Array(50).fill(0xff))], /sync update refused/],
    ['update claiming 2^31 bytes', [0, 2, ...varUint(2 ** 31), 1, 2, 3], /malformed message/],
    ['BroadcastChannel peer id', [4, 1, ...varString('some-honest-peer')], /BroadcastChannel peer id/],
    ['unknown message type', [2, 0, 0], /unknown message type 2/],
    ['bad awareness JSON', [1, ...varBytes([1, 5, 1, ...varString('{"user":')])], /malformed message/],
    ['trailing bytes', [3, 0], /unexpected trailing bytes/],
  ]
  const expectedFramed = framed.flatMap(([, , reason]) => (reason ? [reason] : []))
  expect(await attacker!.call('sendThroughPeers', framed.map(([, bytes]) => bytes))).toBe(framed.length)
  await attacker!.call('sendHugeThroughPeers', 3 * MiB)
  await expect.poll(() => author!.call('rejected'), { timeout: 20_000 }).toHaveLength(expectedFramed.length + 1)
  const framedReasons = await author!.call('rejected')
  expect(framedReasons).toEqual([...expectedFramed.map((reason) => expect.stringMatching(reason)), expect.stringMatching(/3145728 bytes exceeds the 2097152-byte limit/)])

  // Straight onto the real data channel, below the attacker's own guard.
  const raw: [string, number[] | string, RegExp][] = [
    ['unframed y-protocols message', [0, 2, ...varBytes([0, 0])], /unknown frame tag 0x00/],
    ['text frame', 'hello', /text frame/],
    ['empty frame', [], /empty frame/],
    ['unknown tag', [0x42, 1, 2, 3], /unknown frame tag 0x42/],
    ['chunk without its start', [...chunkHeader(7, 3, 5, 100), 1, 2, 3], /without its start/],
    ['chunk header only', chunkHeader(8, 0, 2, 100), /chunk without data/],
    ['chunk declaring 100 MiB', [...chunkHeader(9, 0, 2000, 100 * MiB), 1, 2, 3], /104857600 bytes exceeds/],
    ['inconsistent chunk header', [...chunkHeader(10, 0, 1, 5), 1, 2, 3], /inconsistent/],
  ]
  expect(await attacker!.call('sendRaw', raw.map(([, frame]) => frame))).toBe(raw.length)
  await expect.poll(() => author!.call('rejected'), { timeout: 20_000 }).toHaveLength(framedReasons.length + raw.length)
  expect((await author!.call('rejected')).slice(framedReasons.length)).toEqual(raw.map(([, , reason]) => expect.stringMatching(reason)))

  // The author's page kept running, its chapter is untouched, and the same connection still syncs both ways.
  const after = await author!.call('heartbeat')
  expect(after.ticks).toBeGreaterThan(before.ticks)
  expect(after.frames).toBeGreaterThan(before.frames)
  expect(after.maxGapMs).toBeLessThan(3_000)
  expect(await author!.call('chapterText')).toBe(original)
  expect(await author!.call('connectedPeers')).toBe(1)
  await attacker!.call('appendParagraph', 'An honest edit after all that.')
  await expect.poll(() => author!.call('chapterText')).toBe(`${original}\nAn honest edit after all that.`)
  await author!.call('appendParagraph', 'The author writes on.')
  await expect.poll(() => attacker!.call('chapterText')).toBe(`${original}\nAn honest edit after all that.\nThe author writes on.`)
  console.log(`heartbeat: ${after.ticks - before.ticks} ticks, ${after.frames - before.frames} frames, longest gap ${Math.round(after.maxGapMs)} ms`)
  expect(author!.errors).toEqual([])
})

test('an update that hangs validation is cut off by the time box; the page stays live and sync goes on', async () => {
  const [author, attacker] = await Promise.all(browsers.map((browser, i) => Peer.open(browser, rig.pageUrl, i === 0 ? 'author' : 'attacker')))
  await author!.call('writeChapter', 500)
  const { room, password } = newRoom()
  await author!.call('connect', {
    room,
    password,
    signaling: rig.signalingUrl,
    guarded: true,
    name: 'author',
    validateTimeoutMs: 1_000,
    validatorWorkerUrl: '/hangingWorker.js',
  })
  await expect.poll(() => author!.call('announced')).toBe(true)
  await attacker!.call('connect', { room, password, signaling: rig.signalingUrl, guarded: true, name: 'attacker' })
  const original = await author!.call('chapterText')
  await expect.poll(() => attacker!.call('chapterText'), { timeout: 30_000 }).toBe(original)
  await author!.call('startHeartbeat')

  // Two hanging updates, then an honest edit queued right behind them on the same channel.
  await attacker!.call('sendThroughPeers', [
    [0, 2, ...varBytes(HANGING_UPDATE)],
    [0, 2, ...varBytes(HANGING_UPDATE)],
  ])
  await attacker!.call('appendParagraph', 'Behind the stalls.')
  await expect.poll(() => author!.call('rejected'), { timeout: 20_000 }).toEqual([
    expect.stringMatching(/timed out after 1000 ms/),
    expect.stringMatching(/timed out after 1000 ms/),
  ])
  await expect.poll(() => author!.call('chapterText')).toBe(`${original}\nBehind the stalls.`)
  const heartbeat = await author!.call('heartbeat')
  expect(heartbeat.maxGapMs).toBeLessThan(3_000)
  expect(heartbeat.ticks).toBeGreaterThan(20)
  console.log(`heartbeat during two stalled validations: ${heartbeat.ticks} ticks, longest gap ${Math.round(heartbeat.maxGapMs)} ms`)
})
