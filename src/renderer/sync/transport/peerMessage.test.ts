import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import * as awarenessProtocol from 'y-protocols/awareness'
import { inspectPeerMessage, MESSAGE_AWARENESS, MESSAGE_BC_PEER_ID, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC, type Inspection } from './peerMessage'

const limits = { maxUpdateBytes: 10_000, maxAwarenessBytes: 1_000 }
const inspect = (message: Uint8Array): Inspection => inspectPeerMessage(message, limits)

function message(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder()
  write(encoder)
  return encoding.toUint8Array(encoder)
}

function docWithText(text: string): Y.Doc {
  const doc = new Y.Doc()
  doc.getText('t').insert(0, text)
  return doc
}

/** The messages y-webrtc itself sends, built with the same y-protocols calls. */
function honestMessages(): Record<string, Uint8Array> {
  const doc = docWithText('hello')
  const awareness = new awarenessProtocol.Awareness(doc)
  awareness.setLocalState({ user: { name: 'Ada', color: '#f00' } })
  return {
    step1: message((e) => {
      encoding.writeVarUint(e, MESSAGE_SYNC)
      syncProtocol.writeSyncStep1(e, doc)
    }),
    step2: message((e) => {
      encoding.writeVarUint(e, MESSAGE_SYNC)
      syncProtocol.writeSyncStep2(e, doc)
    }),
    update: message((e) => {
      encoding.writeVarUint(e, MESSAGE_SYNC)
      syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(doc))
    }),
    emptyUpdate: message((e) => {
      encoding.writeVarUint(e, MESSAGE_SYNC)
      syncProtocol.writeSyncStep2(e, new Y.Doc())
    }),
    awareness: message((e) => {
      encoding.writeVarUint(e, MESSAGE_AWARENESS)
      encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]))
    }),
    queryAwareness: Uint8Array.of(MESSAGE_QUERY_AWARENESS),
  }
}

describe('inspectPeerMessage', () => {
  test("passes what y-webrtc sends; Yjs updates go to validation", () => {
    const messages = honestMessages()
    expect(inspect(messages.step1!)).toEqual({ verdict: 'deliver' })
    expect(inspect(messages.awareness!)).toEqual({ verdict: 'deliver' })
    expect(inspect(messages.queryAwareness!)).toEqual({ verdict: 'deliver' })
    for (const name of ['step2', 'update', 'emptyUpdate']) {
      const result = inspect(messages[name]!)
      expect(result.verdict).toBe('validate-update')
    }
    const empty = inspect(messages.emptyUpdate!)
    expect(empty.verdict === 'validate-update' && [...empty.update]).toEqual([0, 0])
  })

  test('refuses every truncation of an honest message', () => {
    for (const [name, bytes] of Object.entries(honestMessages())) {
      for (let length = 0; length < bytes.length; length++) {
        const result = inspect(bytes.subarray(0, length))
        // A cut that still parses must at least leave the update to the validator.
        if (result.verdict !== 'reject') expect({ name, length, verdict: result.verdict }).toMatchObject({ verdict: 'validate-update' })
      }
    }
  })

  test('refuses trailing bytes', () => {
    for (const bytes of Object.values(honestMessages())) {
      expect(inspect(Uint8Array.of(...bytes, 0)).verdict).toBe('reject')
    }
  })

  test('refuses unknown types, BroadcastChannel peer ids and empty updates', () => {
    const cases: [Uint8Array, RegExp][] = [
      [Uint8Array.of(2), /unknown message type 2/],
      [Uint8Array.of(0x7f), /unknown message type 127/],
      [Uint8Array.of(MESSAGE_SYNC, 3, 0), /unknown sync message type 3/],
      [message((e) => (encoding.writeVarUint(e, MESSAGE_BC_PEER_ID), encoding.writeUint8(e, 1), encoding.writeVarString(e, 'peer'))), /BroadcastChannel/],
      [Uint8Array.of(MESSAGE_SYNC, 2, 0), /0 bytes is truncated/],
      [Uint8Array.of(MESSAGE_SYNC, 1, 1, 0), /1 bytes is truncated/],
      [new Uint8Array(), /malformed/],
      [Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), /malformed/],
    ]
    for (const [bytes, reason] of cases) expect(inspect(bytes)).toEqual({ verdict: 'reject', reason: expect.stringMatching(reason) })
  })

  test('refuses updates and awareness over their limits', () => {
    const big = message((e) => (encoding.writeVarUint(e, MESSAGE_SYNC), encoding.writeVarUint(e, 2), encoding.writeVarUint8Array(e, new Uint8Array(10_001))))
    expect(inspect(big)).toEqual({ verdict: 'reject', reason: expect.stringMatching(/10001 bytes exceeds/) })
    const state = JSON.stringify({ name: 'x'.repeat(2000) })
    const awareness = message((e) => {
      encoding.writeVarUint(e, MESSAGE_AWARENESS)
      encoding.writeVarUint8Array(e, message((inner) => (encoding.writeVarUint(inner, 1), encoding.writeVarUint(inner, 1), encoding.writeVarUint(inner, 1), encoding.writeVarString(inner, state))))
    })
    expect(inspect(awareness)).toEqual({ verdict: 'reject', reason: expect.stringMatching(/awareness update of \d+ bytes exceeds/) })
  })

  test('refuses malformed state vectors and awareness states', () => {
    const stateVector = (write: (e: encoding.Encoder) => void) =>
      message((e) => (encoding.writeVarUint(e, MESSAGE_SYNC), encoding.writeVarUint(e, 0), encoding.writeVarUint8Array(e, message(write))))
    expect(inspect(stateVector((e) => encoding.writeVarUint(e, 1_000_000))).verdict).toBe('reject')
    expect(inspect(stateVector((e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint(e, 5)))).verdict).toBe('reject')
    expect(inspect(stateVector((e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint(e, 5), encoding.writeVarUint(e, 9)))).verdict).toBe('deliver')

    const awareness = (json: string) =>
      message((e) => {
        encoding.writeVarUint(e, MESSAGE_AWARENESS)
        encoding.writeVarUint8Array(e, message((inner) => (encoding.writeVarUint(inner, 1), encoding.writeVarUint(inner, 7), encoding.writeVarUint(inner, 1), encoding.writeVarString(inner, json))))
      })
    expect(inspect(awareness('{"ok":true}')).verdict).toBe('deliver')
    expect(inspect(awareness('null')).verdict).toBe('deliver')
    expect(inspect(awareness('{not json')).verdict).toBe('reject')
  })

  test('never throws on random bytes', () => {
    let seed = 7
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff)
    for (let i = 0; i < 5000; i++) {
      const bytes = new Uint8Array(Math.floor(random() * 30))
      for (let j = 0; j < bytes.length; j++) bytes[j] = random() < 0.3 ? Math.floor(random() * 5) : Math.floor(random() * 256)
      expect(() => inspect(bytes)).not.toThrow()
    }
  })
})
