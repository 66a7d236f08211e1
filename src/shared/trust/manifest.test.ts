import { describe, expect, test } from 'vitest'
import { keyPairFromSeed, signBytes, toBase64Url } from '../identity'
import { invitedBy, parseManifest, signManifest, standingOf, supersedes, writeRightsOf, type ShareManifest } from './manifest'
import { openSealed, seal } from './sealed'

const author = keyPairFromSeed(new Uint8Array(32).fill(1))
const rita = keyPairFromSeed(new Uint8Array(32).fill(2))
const olu = keyPairFromSeed(new Uint8Array(32).fill(3))
const invite = keyPairFromSeed(new Uint8Array(32).fill(4))
const random = (n: number) => crypto.getRandomValues(new Uint8Array(n))
const sign = (bytes: Uint8Array) => signBytes(author.secretKey, bytes)

function manifest(overrides: Partial<ShareManifest> = {}): ShareManifest {
  return {
    type: 'quire-share',
    v: 1,
    shareId: 'share-0001',
    epoch: 0,
    version: 3,
    issuedAt: 1_000,
    author: { name: 'Ada Author', publicKey: toBase64Url(author.publicKey) },
    book: { title: 'Harbour' },
    chapters: [{ docKey: 'chapter-0001', title: 'Dawn' }],
    members: [
      { id: 'member-rita', name: 'Rita Reviewer', status: 'active', key: toBase64Url(rita.publicKey), chapters: ['chapter-0001'] },
      { id: 'member-olu1', name: 'Olu Other', status: 'invited', invite: { key: toBase64Url(invite.publicKey), expiresAt: 5_000 }, chapters: ['chapter-0001'] },
    ],
    ...overrides,
  }
}

describe('the share manifest', () => {
  test('is signed by the author, and only the author', () => {
    const text = signManifest(manifest(), sign)
    expect(parseManifest(text, toBase64Url(author.publicKey))).toMatchObject({ ok: true, manifest: { version: 3 } })
    const forged = signManifest(manifest(), (bytes) => signBytes(rita.secretKey, bytes))
    expect(parseManifest(forged)).toEqual({ ok: false, reason: 'manifest signature does not match its author' })
    const selfMade = signManifest(manifest({ author: { name: 'Ada Author', publicKey: toBase64Url(rita.publicKey) } }), (bytes) => signBytes(rita.secretKey, bytes))
    expect(parseManifest(selfMade, toBase64Url(author.publicKey))).toEqual({ ok: false, reason: 'manifest claims another author' })
    const [payload, signature] = text.split('.')
    expect(parseManifest(`${payload}x.${signature}`).ok).toBe(false)
    for (const junk of [null, '', 'a.b', 'x'.repeat(600_000), `${payload}.${signature}.more`]) expect(parseManifest(junk).ok).toBe(false)
  })

  test('knows the author, members, removed members, strangers and invites', () => {
    const m = manifest()
    expect(standingOf(m, author.publicKey)).toEqual({ kind: 'author' })
    expect(standingOf(m, rita.publicKey)).toMatchObject({ kind: 'member', member: { name: 'Rita Reviewer' } })
    expect(standingOf(m, olu.publicKey)).toEqual({ kind: 'stranger' })
    expect(invitedBy(m, invite.publicKey, 4_000)).toMatchObject({ name: 'Olu Other' })
    expect(invitedBy(m, invite.publicKey, 6_000)).toBeNull()
    const removed = manifest({ members: [{ ...m.members[0]!, status: 'removed', finalSeq: { 'chapter-0001': 12 } }] })
    expect(writeRightsOf(removed, rita.publicKey, 'chapter-0001')).toEqual({ isAuthor: false, maxSeq: 12 })
    expect(writeRightsOf(m, rita.publicKey, 'chapter-0002')).toBeNull()
    expect(writeRightsOf(m, author.publicKey, 'chapter-0002')).toEqual({ isAuthor: true, maxSeq: Infinity })
  })

  test('is replaced only by a newer one from the same author and share', () => {
    expect(supersedes(manifest({ version: 4 }), manifest())).toBe(true)
    expect(supersedes(manifest({ version: 3 }), manifest())).toBe(false)
    expect(supersedes(manifest({ version: 9, shareId: 'share-0002' }), manifest())).toBe(false)
    expect(supersedes(manifest({ version: 9, epoch: 0 }), manifest({ epoch: 1 }))).toBe(false)
  })
})

describe('sealing a new share key to a member', () => {
  test('opens only with that member’s secret key, and refuses tampering', () => {
    const secret = new TextEncoder().encode('a fresh share key')
    const sealed = seal(rita.publicKey, secret, random)
    expect(openSealed(sealed, rita.secretKey)).toEqual(secret)
    expect(openSealed(sealed, olu.secretKey)).toBeNull()
    const bytes = sealed.split('')
    bytes[70] = bytes[70] === 'A' ? 'B' : 'A'
    expect(openSealed(bytes.join(''), rita.secretKey)).toBeNull()
    expect(openSealed('garbage', rita.secretKey)).toBeNull()
  })
})
