import { describe, expect, test } from 'vitest'
import { CALL_CHANNELS, QuireError, type CallHandlers } from './contract'
import { createDispatcher } from './dispatch'
import { decodeWire, encodeWire } from './wire'

function handlers(overrides: Partial<CallHandlers> = {}): CallHandlers {
  const calls = {} as Record<string, unknown>
  for (const channel of CALL_CHANNELS) calls[channel] = (args: unknown) => ({ channel, args })
  return { ...(calls as CallHandlers), ...overrides }
}

describe('the IPC dispatcher', () => {
  test('passes validated arguments to the channel handler', async () => {
    const dispatch = createDispatcher(handlers())
    expect(await dispatch('book:create', { title: '  Night Train  ' })).toEqual({
      ok: true,
      value: { channel: 'book:create', args: { title: 'Night Train' } },
    })
  })

  test.each([
    ['an unknown channel', 'book:explode', {}, 'unknown-channel'],
    ['a prototype key as channel', '__proto__', {}, 'unknown-channel'],
    ['a number as channel', 42, {}, 'unknown-channel'],
    ['a missing title', 'book:create', {}, 'invalid-argument'],
    ['an empty title', 'book:create', { title: '   ' }, 'invalid-argument'],
    ['an oversized title', 'book:create', { title: 'x'.repeat(201) }, 'invalid-argument'],
    ['an extra property', 'book:create', { title: 'A', admin: true }, 'invalid-argument'],
    ['a path as id', 'doc:load', { docId: '../../etc/passwd' }, 'invalid-argument'],
    ['a string as update', 'doc:append', { docId: 'abcdef123', update: 'hello' }, 'invalid-argument'],
    ['an empty update', 'doc:append', { docId: 'abcdef123', update: new Uint8Array() }, 'invalid-argument'],
    ['a negative index', 'chapter:move', { chapterId: 'abcdef123', toIndex: -1 }, 'invalid-argument'],
    ['a fractional position', 'session:setSelection', { chapterId: 'abcdef123', anchor: 1.5, head: 2 }, 'invalid-argument'],
    ['an array instead of an object', 'library:get', [1, 2], 'invalid-argument'],
  ])('rejects %s with a clear message and never calls the handler', async (_name, channel, arg, code) => {
    let called = false
    const all = handlers()
    const spy = Object.fromEntries(
      CALL_CHANNELS.map((c) => [c, (...a: unknown[]) => ((called = true), (all[c] as (...x: unknown[]) => unknown)(...a))]),
    ) as unknown as CallHandlers
    const result = await createDispatcher(spy)(channel, arg)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe(code)
      expect(result.error.message.length).toBeGreaterThan(10)
    }
    expect(called).toBe(false)
  })

  test('a QuireError reaches the caller as written; anything else is hidden behind a safe message', async () => {
    const logged: unknown[] = []
    const dispatch = createDispatcher(
      handlers({
        'book:rename': () => {
          throw new QuireError('not-found', 'That book no longer exists.')
        },
        'book:trash': () => {
          throw new Error('EACCES /home/someone/secret')
        },
      }),
      (_channel, error) => logged.push(error),
    )
    expect(await dispatch('book:rename', { bookId: 'abcdef123', title: 'x' })).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'That book no longer exists.' },
    })
    const hidden = await dispatch('book:trash', { bookId: 'abcdef123' })
    expect(hidden.ok).toBe(false)
    if (!hidden.ok) expect(hidden.error.message).not.toContain('secret')
    expect(logged).toHaveLength(1)
  })
})

describe('the browser host wire format', () => {
  test('round-trips a call carrying bytes', () => {
    const update = new Uint8Array([0, 1, 2, 250, 255])
    const decoded = decodeWire(encodeWire({ v: 1, type: 'call', id: 7, channel: 'doc:append', arg: { docId: 'abcdef', update } }))
    expect(decoded).toEqual({ v: 1, type: 'call', id: 7, channel: 'doc:append', arg: { docId: 'abcdef', update } })
    expect((decoded as { arg: { update: unknown } }).arg.update).toBeInstanceOf(Uint8Array)
  })

  test('sends a message without bytes as JSON text, and one with bytes as a binary frame', () => {
    expect(typeof encodeWire({ v: 1, type: 'call', id: 1, channel: 'library:get', arg: {} })).toBe('string')
    const frame = encodeWire({ v: 1, type: 'result', id: 2, envelope: { ok: true, value: { a: new Uint8Array([1]), b: [new Uint8Array(0), new Uint8Array([2, 3])] } } })
    expect(frame).toBeInstanceOf(Uint8Array)
    expect(decodeWire(frame)).toEqual({ v: 1, type: 'result', id: 2, envelope: { ok: true, value: { a: new Uint8Array([1]), b: [new Uint8Array(0), new Uint8Array([2, 3])] } } })
  })

  test('gives each byte array its own copy, never a view into the frame', () => {
    const frame = encodeWire({ v: 1, type: 'call', id: 1, channel: 'doc:append', arg: { update: new Uint8Array([9, 9, 9]) } }) as Uint8Array
    const decoded = decodeWire(frame) as { arg: { update: Uint8Array } }
    expect(decoded.arg.update.byteOffset).toBe(0)
    expect(decoded.arg.update.buffer.byteLength).toBe(3)
  })

  test('reads a binary frame that sits inside a larger buffer (a Node Buffer from the pool)', () => {
    const frame = encodeWire({ v: 1, type: 'call', id: 4, channel: 'doc:append', arg: { update: new Uint8Array([7, 8]) } }) as Uint8Array
    const padded = new Uint8Array(frame.byteLength + 10)
    padded.set(frame, 5)
    expect(decodeWire(padded.subarray(5, 5 + frame.byteLength))).toEqual({ v: 1, type: 'call', id: 4, channel: 'doc:append', arg: { update: new Uint8Array([7, 8]) } })
  })

  test('does not turn a tag in a text frame into bytes', () => {
    const decoded = decodeWire(JSON.stringify({ v: 1, type: 'call', id: 1, channel: 'doc:append', arg: { update: { $bytes: 0 } } }))
    expect(decoded).toEqual({ v: 1, type: 'call', id: 1, channel: 'doc:append', arg: { update: { $bytes: 0 } } })
  })

  /** A binary frame written by hand: the part table, the JSON text, then the parts. */
  const binary = (json: string, parts: number[][], count = parts.length): Uint8Array => {
    const text = new TextEncoder().encode(json)
    const table = new DataView(new ArrayBuffer(4 * (1 + parts.length)))
    table.setUint32(0, count, true)
    parts.forEach((part, i) => table.setUint32(4 * (1 + i), part.length, true))
    return new Uint8Array([...new Uint8Array(table.buffer), ...text, ...parts.flat()])
  }
  const call = (arg: unknown) => JSON.stringify({ v: 1, type: 'call', id: 1, channel: 'doc:append', arg })

  test('reads a well-formed hand-written binary frame', () => {
    expect(decodeWire(binary(call({ update: { $bytes: 0 } }), [[1, 2]]))).toEqual({ v: 1, type: 'call', id: 1, channel: 'doc:append', arg: { update: new Uint8Array([1, 2]) } })
  })

  test.each([
    ['an empty frame', new Uint8Array(0)],
    ['a frame shorter than its part count', new Uint8Array([1, 0])],
    ['no parts at all', binary(call({}), [])],
    ['a part table longer than the frame', binary(call({ update: { $bytes: 0 } }), [[1]], 1000)],
    ['parts longer than the frame', (() => { const f = binary(call({ update: { $bytes: 0 } }), [[1, 2]]); f[4] = 200; return f })()],
    ['a tag past the last part', binary(call({ update: { $bytes: 1 } }), [[1]])],
    ['a negative tag', binary(call({ update: { $bytes: -1 } }), [[1]])],
    ['a fractional tag', binary(call({ update: { $bytes: 0.5 } }), [[1]])],
    ['a part used twice', binary(call({ a: { $bytes: 0 }, b: { $bytes: 0 } }), [[1]])],
    ['a part never used', binary(call({ a: { $bytes: 0 } }), [[1], [2]])],
    ['text that is not UTF-8', (() => { const f = binary(call({ update: { $bytes: 0 }, note: 'é' }), [[1]]); f[f.indexOf(0xc3)] = 0xff; return f })()],
    ['text that is not JSON', binary('{nope', [[1]])],
    ['an unknown version', binary(JSON.stringify({ v: 2, type: 'call', id: 1, channel: 'doc:append', arg: { u: { $bytes: 0 } } }), [[1]])],
  ])('refuses a binary frame with %s', (_name, frame) => {
    expect(decodeWire(frame)).toBeNull()
  })

  test('sends a Node Buffer as bytes, not as its JSON form', () => {
    const decoded = decodeWire(encodeWire({ v: 1, type: 'result', id: 1, envelope: { ok: true, value: Buffer.from([1, 2, 3]) } }))
    expect(decoded).toEqual({ v: 1, type: 'result', id: 1, envelope: { ok: true, value: new Uint8Array([1, 2, 3]) } })
  })

  test.each([
    ['not JSON', '{nope'],
    ['a bare number', '42'],
    ['an unknown version', JSON.stringify({ v: 2, type: 'call', id: 1, channel: 'library:get', arg: {} })],
    ['an unknown type', JSON.stringify({ v: 1, type: 'shell', id: 1 })],
    ['a call without id', JSON.stringify({ v: 1, type: 'call', channel: 'library:get' })],
    ['a result without envelope', JSON.stringify({ v: 1, type: 'result', id: 1 })],
  ])('refuses %s', (_name, frame) => {
    expect(decodeWire(frame)).toBeNull()
  })
})
