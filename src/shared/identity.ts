/**
 * A Quire identity as other peers see it: an Ed25519 public key, the
 * fingerprint people compare by eye, and the member id derived from it.
 *
 * Pure functions only: key generation takes its seed from the caller, and the
 * secret key is handled by whoever owns it (main's `IdentityStore`), never
 * stored here.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { ID_PATTERN } from './ids'

export const PUBLIC_KEY_BYTES = 32
export const SECRET_KEY_BYTES = 32
export const SIGNATURE_BYTES = 64
/** Longest display name, in UTF-16 code units (what an input's `maxLength` counts). */
export const MAX_NAME_LENGTH = 100

/**
 * 120 bits of SHA-256: far beyond any feasible second-preimage search, and
 * exactly 24 base32 characters, so the fingerprint splits into six even groups.
 */
const FINGERPRINT_BYTES = 15
/** Crockford's base32, lowercase: no i, l, o or u, so nothing reads as another character aloud. */
const BASE32 = '0123456789abcdefghjkmnpqrstvwxyz'

/** C0/C1 controls, lone surrogates and bidi overrides/isolates, which could disguise a name or title. */
const UNSAFE_TEXT = /[\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069]/u

/**
 * True for text a person typed as a name or title: non-blank, at most `max`
 * UTF-16 units, and free of characters that could spoof how it is displayed.
 */
export function isDisplayText(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length <= max && value.trim().length > 0 && !UNSAFE_TEXT.test(value)
}

/** A member's display name (1–100 characters). */
export function isDisplayName(value: unknown): value is string {
  return isDisplayText(value, MAX_NAME_LENGTH)
}

/**
 * The public key's fingerprint, e.g. `k3p9-x2mv-7dqa-0hrt-5wne-b8cz`: shown in
 * the UI so two people can confirm out of band that they see the same key.
 */
export function fingerprint(publicKey: Uint8Array): string {
  const digest = sha256(publicKey).subarray(0, FINGERPRINT_BYTES)
  let bits = 0
  let buffer = 0
  let out = ''
  for (const byte of digest) {
    buffer = (buffer << 8) | byte
    bits += 8
    while (bits >= 5) {
      bits -= 5
      out += BASE32[(buffer >> bits) & 31]
    }
    buffer &= (1 << bits) - 1
  }
  return out.match(/.{4}/g)!.join('-')
}

/**
 * The member id used in shares and comments. It is the fingerprint itself,
 * so the id a reviewer sees in the UI is the one they can verify; it already
 * fits the id alphabet (lowercase letters, digits and `-`, 29 characters).
 */
export function memberIdFor(publicKey: Uint8Array): string {
  const id = fingerprint(publicKey)
  if (!ID_PATTERN.test(id)) throw new Error('fingerprint does not fit the id pattern')
  return id
}

/** The key pair for a 32-byte random seed (the Ed25519 secret key is the seed). */
export function keyPairFromSeed(seed: Uint8Array): { secretKey: Uint8Array; publicKey: Uint8Array } {
  if (seed.length !== SECRET_KEY_BYTES) throw new Error(`an Ed25519 seed must be ${SECRET_KEY_BYTES} bytes`)
  const secretKey = Uint8Array.from(seed)
  return { secretKey, publicKey: ed25519.getPublicKey(secretKey) }
}

/** The public key belonging to `secretKey`. */
export function publicKeyFor(secretKey: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(secretKey)
}

/** An Ed25519 signature (64 bytes) over exactly `bytes`. */
export function signBytes(secretKey: Uint8Array, bytes: Uint8Array): Uint8Array {
  return ed25519.sign(bytes, secretKey)
}

/**
 * Checks an Ed25519 signature. Everything here may come from a peer, so any
 * malformed input is simply `false`, never an exception. Verification is
 * strict (RFC 8032, not ZIP-215): non-canonical encodings and small-order
 * keys are refused, so one key and message admit no look-alike signatures.
 */
export function verifyBytes(publicKey: unknown, bytes: unknown, signature: unknown): boolean {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== PUBLIC_KEY_BYTES) return false
  if (!(signature instanceof Uint8Array) || signature.length !== SIGNATURE_BYTES) return false
  if (!(bytes instanceof Uint8Array)) return false
  try {
    return ed25519.verify(signature, bytes, publicKey, { zip215: false })
  } catch {
    return false
  }
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const BASE64URL_VALUE = new Map([...BASE64URL].map((char, index) => [char, index]))

/** Unpadded base64url (RFC 4648 §5): the form keys and invite payloads travel in. */
export function toBase64Url(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const chunk = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0)
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6))
    for (let c = 0; c < chars; c++) out += BASE64URL[(chunk >> (18 - 6 * c)) & 63]
  }
  return out
}

/**
 * Decodes unpadded base64url, or returns `null`. Strict on purpose: padding,
 * foreign characters and non-zero leftover bits are refused, so every byte
 * string has exactly one text form and equal keys compare equal as strings.
 * (lib0's decoder is lenient in Node and strict in browsers; this one is the
 * same everywhere.)
 */
export function fromBase64Url(text: unknown): Uint8Array | null {
  if (typeof text !== 'string' || text.length % 4 === 1) return null
  const out = new Uint8Array(Math.floor((text.length * 6) / 8))
  let buffer = 0
  let bits = 0
  let at = 0
  for (const char of text) {
    const value = BASE64URL_VALUE.get(char)
    if (value === undefined) return null
    buffer = ((buffer << 6) | value) & 0xffffff
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[at++] = (buffer >> bits) & 0xff
    }
  }
  if ((buffer & ((1 << bits) - 1)) !== 0) return null
  return out
}
