import { describe, expect, it } from 'vitest'
import { isId } from './ids'
import {
  fingerprint,
  fromBase64Url,
  isDisplayName,
  keyPairFromSeed,
  memberIdFor,
  publicKeyFor,
  signBytes,
  toBase64Url,
  verifyBytes,
} from './identity'

const seed = (fill: number) => new Uint8Array(32).fill(fill)
const alice = keyPairFromSeed(seed(1))
const bob = keyPairFromSeed(seed(2))
const message = new TextEncoder().encode('chapter one')

describe('fingerprint and member id', () => {
  it('renders six groups of four Crockford base32 characters', () => {
    expect(fingerprint(alice.publicKey)).toMatch(/^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){5}$/)
  })

  it('is stable for a key and differs between keys', () => {
    expect(fingerprint(publicKeyFor(alice.secretKey))).toBe(fingerprint(alice.publicKey))
    expect(fingerprint(bob.publicKey)).not.toBe(fingerprint(alice.publicKey))
  })

  it('is a valid id, and is the member id', () => {
    for (let i = 0; i < 50; i++) {
      const { publicKey } = keyPairFromSeed(seed(i))
      expect(isId(memberIdFor(publicKey))).toBe(true)
      expect(memberIdFor(publicKey)).toBe(fingerprint(publicKey))
    }
  })
})

describe('signatures', () => {
  it('verify with the signer key only', () => {
    const signature = signBytes(alice.secretKey, message)
    expect(signature).toHaveLength(64)
    expect(verifyBytes(alice.publicKey, message, signature)).toBe(true)
    expect(verifyBytes(bob.publicKey, message, signature)).toBe(false)
    expect(verifyBytes(alice.publicKey, new TextEncoder().encode('chapter two'), signature)).toBe(false)
  })

  it('fail for any flipped bit of the signature', () => {
    const signature = signBytes(alice.secretKey, message)
    for (let i = 0; i < signature.length; i++) {
      const bad = Uint8Array.from(signature)
      bad[i]! ^= 1
      expect(verifyBytes(alice.publicKey, message, bad)).toBe(false)
    }
  })

  it('never throws on garbage', () => {
    const signature = signBytes(alice.secretKey, message)
    const garbage: unknown[] = [null, undefined, 'x', 42, {}, [], new Uint8Array(0), new Uint8Array(31), new Uint8Array(65), new Uint8Array(32).fill(255)]
    for (const value of garbage) {
      expect(verifyBytes(value, message, signature)).toBe(false)
      expect(verifyBytes(alice.publicKey, value, signature)).toBe(false)
      expect(verifyBytes(alice.publicKey, message, value)).toBe(false)
    }
    // A small-order public key (the identity point) is refused in strict mode.
    const identityPoint = new Uint8Array(32)
    identityPoint[0] = 1
    expect(verifyBytes(identityPoint, message, new Uint8Array(64))).toBe(false)
  })

  it('rejects seeds of the wrong size', () => {
    expect(() => keyPairFromSeed(new Uint8Array(31))).toThrow()
  })
})

describe('base64url', () => {
  it('round-trips every length and byte', () => {
    for (let n = 0; n < 70; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n * 11) & 255)
      const text = toBase64Url(bytes)
      expect(text).toBe(Buffer.from(bytes).toString('base64url'))
      expect(fromBase64Url(text)).toEqual(bytes)
    }
  })

  it('refuses padding, foreign characters, impossible lengths and non-canonical forms', () => {
    for (const text of ['AA==', 'A+8', 'A/8', 'AB CD', 'A', 'AAAAA', 'AB', 'AAB', 'é', '😀😀', 42, null]) {
      expect(fromBase64Url(text)).toBeNull()
    }
    expect(fromBase64Url('AA')).toEqual(new Uint8Array([0]))
    expect(fromBase64Url('')).toEqual(new Uint8Array(0))
  })
})

describe('display names', () => {
  it('accepts ordinary names and refuses blank, long or disguised ones', () => {
    expect(isDisplayName('Ada Lovelace')).toBe(true)
    expect(isDisplayName('李白')).toBe(true)
    expect(isDisplayName('x'.repeat(100))).toBe(true)
    for (const bad of ['', '   ', 'x'.repeat(101), 'a\nb', 'a\u0000', 'evil\u202Egpj.exe', '\uD800', 7, null]) {
      expect(isDisplayName(bad)).toBe(false)
    }
  })
})
