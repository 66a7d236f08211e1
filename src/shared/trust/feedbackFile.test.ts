import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { keyPairFromSeed, signBytes } from '../identity'
import { newClientId } from './clientIds'
import { sealEnvelope } from './envelope'
import { openFeedback, sealFeedback, type FeedbackFields } from './feedbackFile'

const rita = keyPairFromSeed(new Uint8Array(32).fill(7))
const olu = keyPairFromSeed(new Uint8Array(32).fill(9))
let counter = 0
const random = (n: number) => new Uint8Array(n).map(() => (counter++ * 37 + 11) & 0xff)

function envelope(writer = rita, seq = 1, docKey = 'chapter-0001'): Uint8Array {
  const { id, nonce } = newClientId(writer.publicKey, random)
  const doc = new Y.Doc()
  doc.clientID = id
  doc.getMap('m:rita').set(`thread-${seq}`, 'hello')
  return sealEnvelope({ docKey, writer: writer.publicKey, seq, checkpoint: false, clients: [{ id, nonce }], update: Y.encodeStateAsUpdate(doc) }, (b) => signBytes(writer.secretKey, b)).bytes
}

function fields(overrides: Partial<FeedbackFields> = {}): FeedbackFields {
  return {
    shareId: 'share-0001',
    docKey: 'chapter-0001',
    bookTitle: 'High Pass',
    chapterTitle: 'Snow',
    writer: rita.publicKey,
    savedAt: 1_700_000_000_000,
    binding: { memberId: 'member-01', inviteKey: olu.publicKey, signature: new Uint8Array(64).fill(3) },
    envelopes: [envelope(rita, 1), envelope(rita, 2)],
    ...overrides,
  }
}

const seal = (f: FeedbackFields, key = rita) => sealFeedback(f, (bytes) => signBytes(key.secretKey, bytes))

describe('feedback files', () => {
  test('round-trip: the header, the binding and every envelope in order', () => {
    const opened = openFeedback(seal(fields()))
    expect(opened.ok).toBe(true)
    if (!opened.ok) return
    expect(opened.file).toMatchObject({ shareId: 'share-0001', docKey: 'chapter-0001', bookTitle: 'High Pass', chapterTitle: 'Snow', savedAt: 1_700_000_000_000 })
    expect(opened.file.binding?.memberId).toBe('member-01')
    expect(opened.file.envelopes.map((e) => e.seq)).toEqual([1, 2])
    expect(openFeedback(seal(fields({ binding: null })))).toMatchObject({ ok: true, file: { binding: null } })
  })

  test('any changed byte, or a signature by another key, is refused as tampered', () => {
    const bytes = seal(fields())
    for (const at of [20, 40, Math.floor(bytes.length / 2), bytes.length - 70, bytes.length - 1]) {
      const changed = bytes.slice()
      changed[at]! ^= 1
      const opened = openFeedback(changed)
      expect(opened.ok).toBe(false)
      if (!opened.ok) expect(['tampered', 'damaged']).toContain(opened.problem)
    }
    expect(openFeedback(seal(fields(), olu))).toMatchObject({ ok: false, problem: 'tampered' })
  })

  test('envelopes that are not the writer’s own for this chapter are refused even when signed', () => {
    expect(openFeedback(seal(fields({ envelopes: [envelope(olu, 1)] })))).toMatchObject({ ok: false, problem: 'damaged' })
    expect(openFeedback(seal(fields({ envelopes: [envelope(rita, 1, 'chapter-0002')] })))).toMatchObject({ ok: false, problem: 'damaged' })
  })

  test('other files, newer versions and truncated files get a reason, never a throw', () => {
    expect(openFeedback(new TextEncoder().encode('# A Markdown file'))).toMatchObject({ ok: false, problem: 'not-feedback' })
    expect(openFeedback(new Uint8Array(0))).toMatchObject({ ok: false, problem: 'not-feedback' })
    const bytes = seal(fields())
    const newer = bytes.slice()
    newer[14] = 2
    expect(openFeedback(newer)).toMatchObject({ ok: false, problem: 'newer' })
    for (const length of [15, 30, bytes.length - 65]) expect(openFeedback(bytes.subarray(0, length)).ok).toBe(false)
    expect(() => sealFeedback(fields({ envelopes: [] }), (b) => signBytes(rita.secretKey, b))).toThrow()
  })
})
