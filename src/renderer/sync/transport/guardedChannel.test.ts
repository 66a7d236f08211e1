import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { GuardedDataChannel, type ChannelPolicy } from './guardedChannel'
import { checkUpdate } from './updateValidation'
import { FRAME_BYTES, SEND_HIGH_WATER_BYTES } from './limits'

/** Just enough of RTCDataChannel: records what is sent and lets the test drain its buffer. */
class FakeChannel extends EventTarget {
  readyState: RTCDataChannelState = 'connecting'
  binaryType = 'blob'
  bufferedAmount = 0
  bufferedAmountLowThreshold = 0
  readonly label = 'fake'
  readonly id = 1
  readonly ordered = true
  readonly protocol = ''
  sent: Uint8Array[] = []
  maxBufferedSeen = 0

  open(): void {
    this.readyState = 'open'
    this.dispatchEvent(new Event('open'))
  }
  send(frame: Uint8Array): void {
    if (this.readyState !== 'open') throw new Error('not open')
    if (frame.length > 256 * 1024) throw new Error('message too large for SCTP')
    this.sent.push(frame)
    this.bufferedAmount += frame.length
    this.maxBufferedSeen = Math.max(this.maxBufferedSeen, this.bufferedAmount)
  }
  /** The network took everything: returns the frames and fires bufferedamountlow. */
  drain(): Uint8Array[] {
    const frames = this.sent
    this.sent = []
    this.bufferedAmount = 0
    this.dispatchEvent(new Event('bufferedamountlow'))
    return frames
  }
  deliver(frame: Uint8Array | string): void {
    this.dispatchEvent(new MessageEvent('message', { data: typeof frame === 'string' ? frame : frame.slice().buffer }))
  }
  close(): void {
    this.readyState = 'closed'
    this.dispatchEvent(new Event('close'))
  }
}

function makePolicy(overrides: Partial<ChannelPolicy> = {}) {
  const rejected: string[] = []
  const policy: ChannelPolicy = {
    maxMessageBytes: 8 * 1024 * 1024,
    maxUpdateBytes: 8 * 1024 * 1024,
    maxAwarenessBytes: 1024 * 1024,
    validateUpdate: async (update) => checkUpdate(update),
    reject: (reason) => rejected.push(reason),
    ...overrides,
  }
  return { policy, rejected }
}

/** A guarded channel on a fake one, with what it delivers collected. */
function guarded(overrides: Partial<ChannelPolicy> = {}) {
  const raw = new FakeChannel()
  const { policy, rejected } = makePolicy(overrides)
  const channel = new GuardedDataChannel(raw as unknown as RTCDataChannel, policy)
  const delivered: Uint8Array[] = []
  const events: string[] = []
  channel.onmessage = (event) => {
    expect(event.data).toBeInstanceOf(ArrayBuffer)
    delivered.push(new Uint8Array(event.data as ArrayBuffer))
    events.push('message')
  }
  channel.onclose = () => events.push('close')
  channel.onopen = () => events.push('open')
  raw.open()
  return { raw, channel, delivered, rejected, events }
}

function syncUpdateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  syncProtocol.writeUpdate(encoder, update)
  return encoding.toUint8Array(encoder)
}

function largeUpdate(words: number): Uint8Array {
  const doc = new Y.Doc()
  const text = doc.getText('t')
  const parts: string[] = []
  for (let i = 0; i < words; i++) parts.push(`word${i}`)
  text.insert(0, parts.join(' '))
  return Y.encodeStateAsUpdate(doc)
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

/** Moves everything `from` sent into `to`, pumping the sender's queue as the buffer drains. */
async function pipe(from: FakeChannel, to: FakeChannel): Promise<void> {
  for (let frames = from.drain(); frames.length > 0; frames = from.drain()) for (const frame of frames) to.deliver(frame)
  await settle()
}

describe('GuardedDataChannel', () => {
  test('a message far over the SCTP limit arrives whole, in frames the channel accepts', async () => {
    const sender = guarded()
    const receiver = guarded()
    const message = syncUpdateMessage(largeUpdate(200_000))
    expect(message.length).toBeGreaterThan(1024 * 1024)
    sender.channel.send(message)
    expect(sender.raw.sent.every((frame) => frame.length <= FRAME_BYTES)).toBe(true)
    await pipe(sender.raw, receiver.raw)
    await expect.poll(() => receiver.delivered.length).toBe(1)
    expect(Buffer.from(receiver.delivered[0]!).equals(message)).toBe(true)
    expect(receiver.rejected).toEqual([])
  })

  test('paces frames by the channel buffer and reports queued bytes as buffered', async () => {
    const sender = guarded()
    const message = syncUpdateMessage(largeUpdate(600_000))
    sender.channel.send(message)
    expect(sender.raw.bufferedAmount).toBeLessThan(SEND_HIGH_WATER_BYTES + FRAME_BYTES)
    expect(sender.channel.bufferedAmount).toBeGreaterThan(message.length)
    const receiver = guarded()
    await pipe(sender.raw, receiver.raw)
    expect(sender.raw.maxBufferedSeen).toBeLessThan(SEND_HIGH_WATER_BYTES + FRAME_BYTES)
    expect(sender.channel.bufferedAmount).toBe(0)
    await expect.poll(() => receiver.delivered.length).toBe(1)
  })

  test('delivers in arrival order even when validation takes a while', async () => {
    const validations: (() => void)[] = []
    const receiver = guarded({
      validateUpdate: (update) => new Promise((resolve) => validations.push(() => resolve(checkUpdate(update)))),
    })
    const update = syncUpdateMessage(Y.encodeStateAsUpdate(new Y.Doc()))
    const query = Uint8Array.of(3)
    for (const message of [update, query, update, query]) receiver.raw.deliver(Uint8Array.of(0xa1, ...message))
    await settle()
    expect(receiver.delivered).toEqual([])
    while (validations.length > 0 || receiver.delivered.length < 4) {
      validations.shift()?.()
      await settle()
    }
    expect(receiver.delivered).toEqual([update, query, update, query])
  })

  test('drops garbage with a reason and keeps delivering', async () => {
    const receiver = guarded()
    const good = syncUpdateMessage(Y.encodeStateAsUpdate(new Y.Doc()))
    const frames: (Uint8Array | string)[] = [
      'a text frame',
      new Uint8Array(),
      good, // unframed
      Uint8Array.of(0xa1, 9, 9, 9),
      Uint8Array.of(0xa1, 0, 2, 4, 1, 2, 3, 4),
      Uint8Array.of(0xa1, ...good.subarray(0, good.length - 1)),
      Uint8Array.of(0xa1, ...good),
    ]
    for (const frame of frames) receiver.raw.deliver(frame)
    await expect.poll(() => receiver.delivered.length).toBe(1)
    expect(receiver.delivered[0]).toEqual(good)
    expect(receiver.rejected).toHaveLength(6)
    expect(receiver.rejected[1]).toBe('empty frame')
    expect(receiver.rejected[5]).toMatch(/malformed|truncated/)
  })

  test('close comes after the messages before it, and nothing after it', async () => {
    let release: () => void = () => {}
    const receiver = guarded({ validateUpdate: () => new Promise((resolve) => (release = () => resolve(null))) })
    receiver.raw.deliver(Uint8Array.of(0xa1, ...syncUpdateMessage(Uint8Array.of(0, 0))))
    receiver.raw.close()
    receiver.raw.deliver(Uint8Array.of(0xa1, 3))
    await settle()
    expect(receiver.events).toEqual(['open'])
    release()
    await expect.poll(() => receiver.events).toEqual(['open', 'message', 'close'])
  })

  test('send behaves like RTCDataChannel.send for bad states and types', () => {
    const { raw, channel, rejected } = guarded({ maxMessageBytes: 1000 })
    expect(() => channel.send('text')).toThrow(TypeError)
    expect(() => channel.send(new Uint8Array(1001))).toThrow(RangeError)
    expect(rejected).toEqual([expect.stringMatching(/outgoing message of 1001 bytes/)])
    raw.close()
    expect(() => channel.send(new Uint8Array(1))).toThrow(/not 'open'/)
  })

  test('forwards the properties simple-peer reads and sets', () => {
    const { raw, channel } = guarded()
    expect(raw.binaryType).toBe('arraybuffer')
    expect(channel.label).toBe('fake')
    expect(channel.readyState).toBe('open')
    channel.bufferedAmountLowThreshold = 64 * 1024
    let low = 0
    channel.onbufferedamountlow = () => low++
    channel.send(new Uint8Array(10))
    raw.drain()
    expect(low).toBe(1)
  })
})
