import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { keyPairFromSeed, signBytes, toBase64Url } from '../identity'
import { createInvite, type InviteFields } from '../invite'
import { openChapterPackage, sealChapterPackage, type PackageChapter } from './chapterPackage'
import { newClientId } from './clientIds'
import { sealEnvelope } from './envelope'

const bytes = (n: number, fill: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + fill) & 255)
const ada = keyPairFromSeed(bytes(32, 1))
const mallory = keyPairFromSeed(bytes(32, 2))
let counter = 0
const random = (n: number) => new Uint8Array(n).map(() => (counter++ * 37 + 11) & 0xff)

function invite(overrides: Partial<InviteFields> = {}): string {
  const fields: InviteFields = {
    shareId: 'share_Ab12Cd34',
    key: toBase64Url(bytes(32, 7)),
    author: { name: 'Ada Author', publicKey: toBase64Url(ada.publicKey) },
    book: { title: 'High Pass' },
    chapters: [{ room: toBase64Url(bytes(16, 3)), title: 'Snow', docKey: 'chapter_Snow01' }],
    rendezvous: [],
    turn: [],
    role: 'reviewer',
    reviewer: { name: 'Sam Second' },
    issuedAt: 1,
    member: { id: 'member_Sam001', secret: toBase64Url(bytes(32, 9)), expiresAt: 2 },
    epoch: 0,
    manifest: 'a signed manifest (checked when joining)',
    ...overrides,
  }
  return createInvite(fields, ada.secretKey)
}

function envelope(writer = ada, seq = 1, docKey = 'chapter_Snow01'): Uint8Array {
  const { id, nonce } = newClientId(writer.publicKey, random)
  const doc = new Y.Doc()
  doc.clientID = id
  doc.getText('prosemirror').insert(0, 'Snow fell')
  return sealEnvelope({ docKey, writer: writer.publicKey, seq, checkpoint: false, clients: [{ id, nonce }], update: Y.encodeStateAsUpdate(doc) }, (b) => signBytes(writer.secretKey, b)).bytes
}

const seal = (chapters: PackageChapter[], key = ada, link = invite()) => sealChapterPackage(link, chapters, (b) => signBytes(key.secretKey, b))

describe('chapter packages', () => {
  test('round-trip: the invite and each chapter’s envelopes in order', () => {
    const opened = openChapterPackage(seal([{ docKey: 'chapter_Snow01', envelopes: [envelope(ada, 1), envelope(ada, 2)] }]))
    expect(opened.ok).toBe(true)
    if (!opened.ok) return
    expect(opened.pkg.invite.reviewer.name).toBe('Sam Second')
    expect(opened.pkg.chapters.map((c) => [c.docKey, c.envelopes.map((e) => e.seq)])).toEqual([['chapter_Snow01', [1, 2]]])
  })

  test('a changed byte, or a package signed by anyone but the invite’s author, is refused', () => {
    const good = seal([{ docKey: 'chapter_Snow01', envelopes: [envelope()] }])
    const changed = good.slice()
    changed[good.length - 100]! ^= 1
    expect(openChapterPackage(changed)).toMatchObject({ ok: false, message: expect.stringContaining('changed after Ada Author saved it') })
    expect(openChapterPackage(seal([{ docKey: 'chapter_Snow01', envelopes: [envelope()] }], mallory))).toMatchObject({ ok: false, message: expect.stringContaining('changed after') })
  })

  test('envelopes by someone else, or for a chapter the invite does not name, are refused even when signed', () => {
    expect(openChapterPackage(seal([{ docKey: 'chapter_Snow01', envelopes: [envelope(mallory)] }]))).toMatchObject({ ok: false, message: expect.stringContaining('damaged') })
    expect(openChapterPackage(seal([{ docKey: 'chapter_Rain01', envelopes: [envelope(ada, 1, 'chapter_Rain01')] }]))).toMatchObject({ ok: false, message: expect.stringContaining('damaged') })
  })

  test('other files and truncated packages get a reason, never a throw', () => {
    expect(openChapterPackage(new TextEncoder().encode('quire://invite#abc'))).toMatchObject({ ok: false, message: 'This is not a Quire chapter file.' })
    const good = seal([{ docKey: 'chapter_Snow01', envelopes: [envelope()] }])
    for (const length of [14, 40, good.length - 65]) expect(openChapterPackage(good.subarray(0, length)).ok).toBe(false)
  })
})
