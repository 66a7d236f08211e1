import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { keyPairFromSeed, signBytes } from '../identity'
import { deriveClientId, newClientId } from './clientIds'
import { openEnvelope, sealEnvelope, verifyEnvelope, type EnvelopeFields } from './envelope'

const rita = keyPairFromSeed(new Uint8Array(32).fill(7))
const olu = keyPairFromSeed(new Uint8Array(32).fill(9))
let counter = 0
const random = (n: number) => new Uint8Array(n).map(() => (counter++ * 37 + 11) & 0xff)

function fields(overrides: Partial<EnvelopeFields> = {}): EnvelopeFields {
  const { id, nonce } = newClientId(rita.publicKey, random)
  const doc = new Y.Doc()
  doc.clientID = id
  doc.getMap('m:rita').set('thread-1', 'hello')
  return { docKey: 'chapter-0001', writer: rita.publicKey, seq: 1, checkpoint: false, clients: [{ id, nonce }], update: Y.encodeStateAsUpdate(doc), ...overrides }
}

describe('client ids', () => {
  test('derive from the key and nonce, differ per key and per nonce, and fit a safe integer', () => {
    const nonce = random(16)
    const id = deriveClientId(rita.publicKey, nonce)
    expect(deriveClientId(rita.publicKey, nonce)).toBe(id)
    expect(deriveClientId(olu.publicKey, nonce)).not.toBe(id)
    expect(deriveClientId(rita.publicKey, random(16))).not.toBe(id)
    expect(Number.isSafeInteger(id) && id < 2 ** 48).toBe(true)
  })
})

describe('envelopes', () => {
  test('round-trip, verified by the writer’s key only', () => {
    const sealed = sealEnvelope(fields({ seq: 41, checkpoint: true }), (bytes) => signBytes(rita.secretKey, bytes))
    const opened = openEnvelope(sealed.bytes)
    expect(opened.ok).toBe(true)
    if (!opened.ok) return
    expect(opened.envelope).toMatchObject({ docKey: 'chapter-0001', seq: 41, checkpoint: true })
    expect(opened.envelope.update).toEqual(sealed.update)
    expect(verifyEnvelope(opened.envelope)).toBe(true)
    // Claiming another writer, or any changed byte, breaks the signature.
    expect(verifyEnvelope({ ...opened.envelope, writer: olu.publicKey })).toBe(false)
    const signedByOlu = sealEnvelope(fields(), (bytes) => signBytes(olu.secretKey, bytes))
    expect(verifyEnvelope(signedByOlu)).toBe(false)
    for (let at = 0; at < sealed.bytes.length; at += 7) {
      const tampered = sealed.bytes.slice()
      tampered[at] = tampered[at]! ^ 1
      const result = openEnvelope(tampered)
      expect(!result.ok || !verifyEnvelope(result.envelope)).toBe(true)
    }
  })

  test('refuse malformed and out-of-bounds fields with a reason', () => {
    const sign = (bytes: Uint8Array) => signBytes(rita.secretKey, bytes)
    expect(() => sealEnvelope(fields({ seq: 0 }), sign)).toThrow(/counter/)
    expect(() => sealEnvelope(fields({ docKey: '../etc' }), sign)).toThrow(/chapter/)
    expect(() => sealEnvelope(fields({ update: new Uint8Array(0) }), sign)).toThrow(/no update/)
    expect(() => sealEnvelope(fields({ clients: [{ id: 5, nonce: new Uint8Array(3) }] }), sign)).toThrow(/nonce/)
    expect(openEnvelope(new Uint8Array(10))).toMatchObject({ ok: false })
    expect(openEnvelope(new TextEncoder().encode('x'.repeat(200)))).toEqual({ ok: false, reason: 'envelope not an envelope' })
    const sealed = sealEnvelope(fields(), sign)
    expect(openEnvelope(sealed.bytes.subarray(0, sealed.bytes.length - 70))).toMatchObject({ ok: false })
  })
})
