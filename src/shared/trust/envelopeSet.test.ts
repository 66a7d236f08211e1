import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { keyPairFromSeed, signBytes, toBase64Url } from '../identity'
import { sealEnvelope, type Envelope } from './envelope'
import { EnvelopeSet } from './envelopeSet'

const rita = keyPairFromSeed(new Uint8Array(32).fill(2))
const olu = keyPairFromSeed(new Uint8Array(32).fill(3))
const update = Y.encodeStateAsUpdate(new Y.Doc())

function envelope(who: typeof rita, seq: number, checkpoint = false): Envelope {
  return sealEnvelope({ docKey: 'chapter-0001', writer: who.publicKey, seq, checkpoint, clients: [], update }, (bytes) => signBytes(who.secretKey, bytes))
}

const seqs = (list: Envelope[]) => list.map((e) => `${e.writer === rita.publicKey ? 'r' : 'o'}${e.seq}${e.checkpoint ? 'c' : ''}`)

describe('a chapter’s envelopes', () => {
  test('a second, different envelope at a counter already here is a fork; the same one again is not', () => {
    const set = new EnvelopeSet()
    set.add(envelope(rita, 1))
    set.add(envelope(rita, 2))
    const other = new Y.Doc()
    other.getMap('m').set('x', 1)
    const second = sealEnvelope({ docKey: 'chapter-0001', writer: rita.publicKey, seq: 2, checkpoint: false, clients: [], update: Y.encodeStateAsUpdate(other) }, (bytes) => signBytes(rita.secretKey, bytes))
    expect(set.conflicts(envelope(rita, 2))).toBe(false)
    expect(set.conflicts(second)).toBe(true)
    expect(set.conflicts(envelope(olu, 2))).toBe(false)
    // Folded into a checkpoint, counters can no longer be told apart.
    set.add(envelope(rita, 2, true))
    expect(set.conflicts(second)).toBe(false)
  })

  test('are applied in each writer’s order; early ones wait for the gap', () => {
    const set = new EnvelopeSet()
    expect(set.add(envelope(rita, 2))).toEqual({ kind: 'waiting' })
    expect(set.add(envelope(olu, 1))).toMatchObject({ kind: 'ready' })
    const ready = set.add(envelope(rita, 1))
    expect(ready.kind === 'ready' && seqs(ready.envelopes)).toEqual(['r1', 'r2'])
    expect(set.add(envelope(rita, 2))).toEqual({ kind: 'duplicate' })
    expect(set.reachOf(rita.publicKey)).toBe(2)
  })

  test('a checkpoint replaces what it covers, and peers get it first', () => {
    const set = new EnvelopeSet()
    for (let seq = 1; seq <= 5; seq++) set.add(envelope(rita, seq))
    const added = set.add(envelope(rita, 4, true))
    expect(added.kind === 'ready' && added.envelopes).toEqual([])
    expect(seqs(set.applied())).toEqual(['r4c', 'r5'])
    expect(seqs(set.missingFor(new Map([[toBase64Url(rita.publicKey), 2]])))).toEqual(['r4c', 'r5'])
    expect(seqs(set.missingFor(new Map([[toBase64Url(rita.publicKey), 4]])))).toEqual(['r5'])
    expect(set.missingFor(new Map([[toBase64Url(rita.publicKey), 5]]))).toEqual([])
    expect(set.add(envelope(rita, 3))).toEqual({ kind: 'duplicate' })
    // A checkpoint ahead of what is here applies at once and carries the reach.
    const fresh = new EnvelopeSet()
    fresh.add(envelope(rita, 7))
    const jump = fresh.add(envelope(rita, 6, true))
    expect(jump.kind === 'ready' && seqs(jump.envelopes)).toEqual(['r6c', 'r7'])
  })

  test('keeps a writer from piling up envelopes that can never apply', () => {
    const set = new EnvelopeSet()
    let refused = false
    for (let seq = 2; seq < 100_000 && !refused; seq++) {
      const big = sealEnvelope({ docKey: 'chapter-0001', writer: olu.publicKey, seq, checkpoint: false, clients: [], update: new Uint8Array(1024 * 1024).fill(1) }, (b) => signBytes(olu.secretKey, b))
      refused = set.add(big).kind === 'refused'
    }
    expect(refused).toBe(true)
  })
})
