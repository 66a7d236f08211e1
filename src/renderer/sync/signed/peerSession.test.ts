/**
 * PeerSession's keepalive, on a pipe with fake timers: an empty ENVELOPES
 * batch every few seconds once the AUTH is out, and a connection closed when
 * a peer that keeps alive falls silent (as when one direction of a WebRTC
 * connection dies). A peer that never sends keepalives (Quire before them)
 * is never timed out. A presence state counts only under its sender's proven key.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { keyPairFromSeed, signBytes } from '../../../shared/identity'
import { authMessage, decodeMessage, encodeMessage, presenceMessage, type PeerMessage } from '../../../shared/trust/protocol'
import { KEEPALIVE_MS, PeerSession, SILENCE_MS, type SessionChannel, type SessionHost } from './peerSession'

/** One end of an in-memory pipe; messages arrive on a later microtask, in order. */
class PipeEnd extends EventTarget implements SessionChannel {
  readyState: RTCDataChannelState = 'connecting'
  other: PipeEnd | null = null
  /** Sees every message this end sends; returning false drops it. */
  pass: (message: PeerMessage) => boolean = () => true
  readonly sent: PeerMessage[] = []

  send(data: Uint8Array): void {
    const decoded = decodeMessage(data)
    if (decoded.ok) this.sent.push(decoded.message)
    const other = this.other
    if (!other || (decoded.ok && !this.pass(decoded.message))) return
    const copy = data.slice().buffer
    void Promise.resolve().then(() => other.readyState === 'open' && other.dispatchEvent(new MessageEvent('message', { data: copy })))
  }

  close(): void {
    for (const end of [this, this.other]) {
      if (!end || end.readyState === 'closed') continue
      end.readyState = 'closed'
      end.dispatchEvent(new Event('close'))
    }
  }
}

function pipe(): [PipeEnd, PipeEnd] {
  const a = new PipeEnd()
  const b = new PipeEnd()
  a.other = b
  b.other = a
  return [a, b]
}

function open(...ends: PipeEnd[]): void {
  for (const end of ends) {
    end.readyState = 'open'
    end.dispatchEvent(new Event('open'))
  }
}

const DOC = 'doc-key'

/** A room that admits everyone fully and records what reaches it. */
function host(seed: number) {
  const { secretKey, publicKey } = keyPairFromSeed(new Uint8Array(32).fill(seed))
  const received: PeerMessage[] = []
  const reports: string[] = []
  const room: SessionHost = {
    docKey: DOC,
    epoch: 1,
    retired: false,
    ourKey: () => publicKey,
    signAuth: async (theirNonce, ourNonce, epoch) => signBytes(secretKey, authMessage(DOC, epoch, theirNonce, ourNonce)),
    introductions: () => [],
    greetings: async () => [],
    admit: () => ({ kind: 'full', role: 'member' }),
    have: () => [],
    missingFor: () => [],
    receive: (_session, message) => void received.push(message),
    opened: () => {},
    closed: () => {},
    report: (problem) => void reports.push(problem),
  }
  return { room, received, reports }
}

/** Lets promise callbacks (signatures, deliveries) run; fake timers do not touch them. */
async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) await Promise.resolve()
}

const isKeepalive = (message: PeerMessage) => message.type === 'envelopes' && message.envelopes.length === 0
const keepalives = (end: PipeEnd) => end.sent.filter(isKeepalive).length

/** Two sessions on a pipe, handshake done. */
async function connected() {
  const [aEnd, bEnd] = pipe()
  const a = host(1)
  const b = host(2)
  const dropped = { a: 0, b: 0 }
  const aSession = new PeerSession(aEnd, a.room, { dropConnection: () => dropped.a++ })
  const bSession = new PeerSession(bEnd, b.room, { dropConnection: () => dropped.b++ })
  open(aEnd, bEnd)
  await settle()
  expect(aSession.ready && bSession.ready).toBe(true)
  return { aEnd, bEnd, a, b, aSession, bSession, dropped }
}

describe('PeerSession keepalive', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  test('each side sends an empty ENVELOPES batch right after its AUTH and every few seconds; the room never sees them', async () => {
    const { aEnd, bEnd, a, b } = await connected()
    // The first one follows the AUTH directly: the peer learns at once that this side keeps alive.
    const authAt = aEnd.sent.findIndex((m) => m.type === 'auth')
    expect(isKeepalive(aEnd.sent[authAt + 1]!)).toBe(true)
    expect([keepalives(aEnd), keepalives(bEnd)]).toEqual([1, 1])
    await vi.advanceTimersByTimeAsync(KEEPALIVE_MS * 3)
    expect([keepalives(aEnd), keepalives(bEnd)]).toEqual([4, 4])
    expect(encodeMessage({ type: 'envelopes', envelopes: [] }).byteLength).toBeLessThan(4)
    expect([...a.received, ...b.received].filter((m) => m.type === 'envelopes')).toEqual([])
    expect([...a.reports, ...b.reports]).toEqual([])
  })

  test('a peer that keeps alive and then falls silent has its connection closed, so it can be made afresh', async () => {
    const { bEnd, aSession, bSession, dropped } = await connected()
    // The direction from B to A dies; A to B still works.
    bEnd.pass = () => false
    await vi.advanceTimersByTimeAsync(SILENCE_MS - 1)
    expect(aSession.open).toBe(true)
    expect(dropped).toEqual({ a: 0, b: 0 })
    await vi.advanceTimersByTimeAsync(1)
    expect(aSession.open).toBe(false)
    expect(dropped.a).toBe(1)
    // A closed the channel; B's session ended with it, and nothing keeps ticking on either side.
    expect(bSession.open).toBe(false)
    expect(vi.getTimerCount()).toBe(0)
    await vi.advanceTimersByTimeAsync(SILENCE_MS * 3)
    expect(dropped).toEqual({ a: 1, b: 0 })
  })

  test('a peer heard from keeps the connection however long it lasts', async () => {
    const { aSession, bSession, dropped } = await connected()
    await vi.advanceTimersByTimeAsync(SILENCE_MS * 10)
    expect(aSession.open && bSession.open).toBe(true)
    expect(dropped).toEqual({ a: 0, b: 0 })
  })

  test('any message counts as hearing from the peer, not only keepalives', async () => {
    const { bEnd, aSession, bSession, dropped } = await connected()
    // B's keepalives are lost, but B keeps sending presence.
    bEnd.pass = (message) => !isKeepalive(message)
    for (let i = 0; i < 10; i++) {
      await vi.advanceTimersByTimeAsync(SILENCE_MS / 2)
      bSession.send({ type: 'presence', state: '{}', at: i, signature: new Uint8Array(64) })
    }
    expect(aSession.open).toBe(true)
    expect(dropped.a).toBe(0)
  })

  test('a peer that never sends keepalives (Quire before them) is never timed out', async () => {
    const [aEnd, bEnd] = pipe()
    const dropped: string[] = []
    bEnd.pass = (message) => !isKeepalive(message)
    const aSession = new PeerSession(aEnd, host(1).room, { dropConnection: () => dropped.push('a') })
    new PeerSession(bEnd, host(2).room, { dropConnection: () => dropped.push('b') })
    open(aEnd, bEnd)
    await settle()
    await vi.advanceTimersByTimeAsync(SILENCE_MS * 10)
    expect(aSession.open).toBe(true)
    expect(dropped).toEqual([])
  })

  test('closing a session stops its timers', async () => {
    const { aSession, bSession } = await connected()
    expect(vi.getTimerCount()).toBeGreaterThan(0)
    aSession.close()
    expect(aSession.open || bSession.open).toBe(false)
    expect(vi.getTimerCount()).toBe(0)
  })

  test('nothing is sent before the handshake, and a session that ends before its AUTH is signed starts no timer', async () => {
    const [aEnd, bEnd] = pipe()
    let sign!: () => void
    const slow = host(1)
    const signAuth = slow.room.signAuth
    slow.room.signAuth = async (...args) => {
      await new Promise<void>((resolve) => (sign = resolve))
      return signAuth(...args)
    }
    const aSession = new PeerSession(aEnd, slow.room)
    new PeerSession(bEnd, host(2).room)
    open(aEnd, bEnd)
    await settle()
    expect(keepalives(aEnd)).toBe(0)
    aSession.close()
    sign()
    await settle()
    expect(keepalives(aEnd)).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
  })
})

describe('PeerSession presence', () => {
  test('a presence state reaches the room only under its sender’s proven key: forged, replayed into another chapter, or changed, it is dropped', async () => {
    const { a, aSession, bSession } = await connected()
    const b = keyPairFromSeed(new Uint8Array(32).fill(2))
    const mallory = keyPairFromSeed(new Uint8Array(32).fill(9))
    const state = JSON.stringify({ user: { name: 'Ada Author', role: 'author' } })
    const presence = (signature: Uint8Array, body = state, at = 1) => ({ type: 'presence' as const, state: body, at, signature })
    bSession.send(presence(signBytes(mallory.secretKey, presenceMessage(DOC, state, 1))))
    bSession.send(presence(signBytes(b.secretKey, presenceMessage('another-chapter', state, 1))))
    bSession.send(presence(signBytes(b.secretKey, presenceMessage(DOC, state, 1)), state.replace('Ada', 'Eve')))
    bSession.send(presence(new Uint8Array(64)))
    await settle()
    expect(a.received.filter((m) => m.type === 'presence')).toEqual([])
    // Signed by the key B proved in the handshake, for this chapter: it goes through.
    bSession.send(presence(signBytes(b.secretKey, presenceMessage(DOC, state, 2)), state, 2))
    await settle()
    expect(a.received.filter((m) => m.type === 'presence')).toEqual([expect.objectContaining({ state, at: 2 })])
    aSession.close()
  })
})
