import { describe, expect, test } from 'vitest'
import { CHUNK_HEADER_BYTES, FRAME_CHUNK, FRAME_WHOLE, Reassembler, encodeFrames, type Reassembled } from './framing'

const limits = { maxMessageBytes: 10_000, maxPartialMessages: 2 }

function bytes(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length)
  for (let i = 0; i < length; i++) out[i] = (i * 31 + seed) & 0xff
  return out
}

function chunk(id: number, index: number, count: number, total: number, data: Uint8Array): Uint8Array {
  const frame = new Uint8Array(CHUNK_HEADER_BYTES + data.length)
  const view = new DataView(frame.buffer)
  view.setUint8(0, FRAME_CHUNK)
  view.setUint32(1, id)
  view.setUint32(5, index)
  view.setUint32(9, count)
  view.setUint32(13, total)
  frame.set(data, CHUNK_HEADER_BYTES)
  return frame
}

function feed(reassembler: Reassembler, frames: Uint8Array[]): Reassembled[] {
  return frames.map((frame) => reassembler.push(frame))
}

const messages = (results: Reassembled[]) => results.flatMap((r) => (r.type === 'message' ? [r.message] : []))
const reasons = (results: Reassembled[]) => results.flatMap((r) => (r.type === 'rejected' && r.reason ? [r.reason] : []))

describe('encodeFrames', () => {
  test('a message that fits travels whole, behind one tag byte', () => {
    const frames = encodeFrames(Uint8Array.of(0, 1, 2), 7, 64)
    expect(frames).toEqual([Uint8Array.of(FRAME_WHOLE, 0, 1, 2)])
  })

  test('a larger message is split into chunks no bigger than the frame size', () => {
    const message = bytes(1000)
    const frames = encodeFrames(message, 0xfffffffe, 100)
    expect(frames).toHaveLength(Math.ceil(1000 / (100 - CHUNK_HEADER_BYTES)))
    for (const frame of frames) {
      expect(frame.length).toBeLessThanOrEqual(100)
      expect(frame[0]).toBe(FRAME_CHUNK)
    }
    const header = new DataView(frames[2]!.buffer)
    expect([header.getUint32(1), header.getUint32(5), header.getUint32(9), header.getUint32(13)]).toEqual([0xfffffffe, 2, frames.length, 1000])
  })

  test('sizes around the frame boundary round-trip', () => {
    for (const length of [0, 1, 62, 63, 64, 65, 46, 47, 48, 94, 95, 96, 500]) {
      const message = bytes(length, length)
      const out = messages(feed(new Reassembler(limits), encodeFrames(message, length, 64)))
      expect(out).toEqual([message])
      expect(out[0]!.byteOffset).toBe(0)
      expect(out[0]!.buffer.byteLength).toBe(length)
    }
  })
})

describe('Reassembler', () => {
  test('reassembles interleaved messages by id', () => {
    const a = encodeFrames(bytes(300, 1), 1, 64)
    const b = encodeFrames(bytes(200, 2), 2, 64)
    const interleaved = a.flatMap((frame, i) => (b[i] ? [frame, b[i]!] : [frame]))
    const out = messages(feed(new Reassembler(limits), interleaved))
    expect(out).toEqual([bytes(200, 2), bytes(300, 1)])
  })

  test('refuses unknown tags, empty frames and unframed y-protocols messages', () => {
    const r = new Reassembler(limits)
    expect(reasons(feed(r, [new Uint8Array(), Uint8Array.of(0, 0, 1, 0), Uint8Array.of(0x42)]))).toEqual([
      'empty frame',
      expect.stringMatching(/unknown frame tag 0x00/),
      expect.stringMatching(/unknown frame tag 0x42/),
    ])
  })

  test('refuses a whole message over the limit', () => {
    const r = new Reassembler({ ...limits, maxMessageBytes: 10 })
    expect(r.push(Uint8Array.of(FRAME_WHOLE, ...bytes(10))).type).toBe('message')
    expect(reasons([r.push(Uint8Array.of(FRAME_WHOLE, ...bytes(11)))])).toEqual([expect.stringMatching(/11 bytes exceeds the 10-byte limit/)])
  })

  test('refuses a chunked message declared over the limit once, skipping the rest of it quietly', () => {
    const r = new Reassembler({ ...limits, maxMessageBytes: 100 })
    const results = feed(r, encodeFrames(bytes(500), 9, 64))
    expect(reasons(results)).toEqual([expect.stringMatching(/500 bytes exceeds the 100-byte limit/)])
    expect(messages(results)).toEqual([])
    // The channel still works afterwards.
    expect(messages(feed(r, encodeFrames(bytes(90), 10, 64)))).toEqual([bytes(90)])
  })

  test('refuses truncated and inconsistent chunk headers', () => {
    const r = new Reassembler(limits)
    const results = feed(r, [
      Uint8Array.of(FRAME_CHUNK, 0, 0, 0),
      chunk(1, 0, 2, 10, new Uint8Array()),
      chunk(1, 0, 1, 10, bytes(5)), // a single chunk is never sent
      chunk(1, 0, 20, 10, bytes(5)), // more chunks than bytes
      chunk(1, 0, 2, 3, bytes(5)), // more data than declared
      chunk(1, 3, 4, 10, bytes(2)), // no start
    ])
    expect(reasons(results)).toHaveLength(6)
    expect(messages(results)).toEqual([])
  })

  test('refuses chunks out of order, with changed headers, or that do not add up', () => {
    const r = new Reassembler(limits)
    expect(reasons(feed(r, [chunk(1, 0, 3, 9, bytes(3)), chunk(1, 2, 3, 9, bytes(3))]))).toEqual([expect.stringMatching(/out of sequence/)])
    expect(reasons(feed(r, [chunk(2, 0, 3, 9, bytes(3)), chunk(2, 1, 3, 10, bytes(3))]))).toEqual([expect.stringMatching(/out of sequence/)])
    expect(reasons(feed(r, [chunk(3, 0, 2, 9, bytes(3)), chunk(3, 1, 2, 9, bytes(3))]))).toEqual([expect.stringMatching(/do not add up/)])
    expect(reasons(feed(r, [chunk(4, 0, 2, 4, bytes(3)), chunk(4, 1, 2, 4, bytes(3))]))).toEqual([expect.stringMatching(/do not add up/)])
    expect(reasons(feed(r, [chunk(5, 0, 2, 4, bytes(3)), chunk(5, 0, 2, 4, bytes(3))]))).toEqual([expect.stringMatching(/restarted/)])
    // Nothing is left half-built: a fresh message still goes through.
    expect(messages(feed(r, [chunk(6, 0, 2, 4, bytes(2)), chunk(6, 1, 2, 4, bytes(2))]))).toHaveLength(1)
  })

  test('caps the number of messages in reassembly at once', () => {
    const r = new Reassembler(limits)
    const results = feed(r, [chunk(1, 0, 2, 4, bytes(2)), chunk(2, 0, 2, 4, bytes(2)), chunk(3, 0, 2, 4, bytes(2))])
    expect(reasons(results)).toEqual([expect.stringMatching(/more than 2 messages/)])
    expect(messages(feed(r, [chunk(1, 1, 2, 4, bytes(2)), chunk(2, 1, 2, 4, bytes(2))]))).toHaveLength(2)
    expect(messages(feed(r, [chunk(3, 0, 2, 4, bytes(2)), chunk(3, 1, 2, 4, bytes(2))]))).toHaveLength(1)
  })

  test('random garbage never throws and never yields a message unless it is a whole frame', () => {
    const r = new Reassembler(limits)
    let seed = 12345
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff)
    for (let i = 0; i < 5000; i++) {
      const frame = new Uint8Array(Math.floor(random() * 40))
      for (let j = 0; j < frame.length; j++) frame[j] = Math.floor(random() * 256)
      if (random() < 0.5 && frame.length > 0) frame[0] = FRAME_CHUNK
      const result = r.push(frame)
      if (result.type === 'message') expect([FRAME_WHOLE, FRAME_CHUNK]).toContain(frame[0])
    }
  })
})
