/**
 * Sealed boxes: text in a shared chapter that only some members can read.
 *
 * The text is encrypted once with a fresh content key (XChaCha20-Poly1305),
 * and the content key is sealed to each recipient's Ed25519 key with the
 * trust layer's `seal` (X25519 + HKDF). Anyone relays the box; only a
 * recipient opens it. Recipients are named by member id (or, for a
 * question's answers, by `question`), so a reader finds their own key slot
 * without trying every one.
 *
 * The content key is sealed as base64url text, so main's `sealed:open` can
 * hand it back over the IPC contract as a string: the user's secret key
 * never leaves main, and the renderer decrypts the body itself.
 *
 *   { v: 1, data: base64url(nonce ‖ ciphertext), keys: { <recipient>: seal(key) } }
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { fromBase64Url, toBase64Url } from '../identity'
import { openSealed, seal } from '../trust/sealed'
import { concatBytes } from '../trust/bytes'

export interface SealedBox {
  v: 1
  data: string
  keys: Record<string, string>
}

export interface Recipient {
  /** A member id, or `question` for a question's own key. */
  id: string
  publicKey: Uint8Array
}

const KEY_BYTES = 32
const NONCE_BYTES = 24
/**
 * Largest plaintext a box holds. A box travels as one Yjs value, and peers
 * refuse values over 64,000 characters (src/shared/trust/updateRules.ts):
 * base64 of this many bytes plus a few sealed keys stays below that.
 */
export const MAX_SEALED_BYTES = 44_000
const MAX_RECIPIENTS = 8
const MAX_SEALED_KEY_CHARS = 200
const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

/** Encrypts `plaintext` for `recipients`; null when it is too long to seal. */
export function sealBox(recipients: readonly Recipient[], plaintext: string, randomBytes: (length: number) => Uint8Array): SealedBox | null {
  return sealBoxWithKey(recipients, plaintext, randomBytes)?.box ?? null
}

/** The same, also returning the content key, so the writer can read their box back without opening it. */
export function sealBoxWithKey(recipients: readonly Recipient[], plaintext: string, randomBytes: (length: number) => Uint8Array): { box: SealedBox; contentKey: Uint8Array } | null {
  const bytes = encoder.encode(plaintext)
  if (bytes.length > MAX_SEALED_BYTES || recipients.length === 0 || recipients.length > MAX_RECIPIENTS) return null
  const contentKey = randomBytes(KEY_BYTES)
  const nonce = randomBytes(NONCE_BYTES)
  const data = toBase64Url(concatBytes(nonce, xchacha20poly1305(contentKey, nonce).encrypt(bytes)))
  const sealedKey = encoder.encode(toBase64Url(contentKey))
  const keys: Record<string, string> = {}
  for (const recipient of recipients) keys[recipient.id] = seal(recipient.publicKey, sealedKey, randomBytes)
  return { box: { v: 1, data, keys }, contentKey }
}

/** Validates a box read from a peer's root. */
export function isSealedBox(value: unknown): value is SealedBox {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const box = value as Record<string, unknown>
  if (box.v !== 1 || typeof box.data !== 'string' || box.data.length > 70_000) return false
  const keys = box.keys
  if (typeof keys !== 'object' || keys === null || Array.isArray(keys)) return false
  const entries = Object.entries(keys)
  return entries.length > 0 && entries.length <= MAX_RECIPIENTS && entries.every(([, v]) => typeof v === 'string' && v.length <= MAX_SEALED_KEY_CHARS)
}

/** The sealed content key for `recipient`, if the box has one. */
export function sealedKeyFor(box: SealedBox, recipient: string): string | null {
  return Object.hasOwn(box.keys, recipient) ? (box.keys[recipient] ?? null) : null
}

/** The content key from what a recipient's secret key opened (base64url text); null when it is not one. */
export function contentKeyFrom(opened: string | null): Uint8Array | null {
  const key = opened === null ? null : fromBase64Url(opened)
  return key && key.length === KEY_BYTES ? key : null
}

/** Decrypts the box's text with its content key; null when the key does not fit or the box was changed. */
export function openBoxWithKey(box: SealedBox, contentKey: Uint8Array): string | null {
  try {
    const bytes = fromBase64Url(box.data)
    if (!bytes || bytes.length < NONCE_BYTES + 16) return null
    const plain = xchacha20poly1305(contentKey, bytes.subarray(0, NONCE_BYTES)).decrypt(bytes.subarray(NONCE_BYTES))
    return decoder.decode(plain)
  } catch {
    return null
  }
}

/** Opens the box in place with a secret key held here (a question's key), for recipient slot `recipient`. */
export function openBoxWithSecret(box: SealedBox, recipient: string, secretKey: Uint8Array): string | null {
  const sealedKey = sealedKeyFor(box, recipient)
  if (!sealedKey) return null
  const opened = openSealed(sealedKey, secretKey)
  if (!opened) return null
  let text: string
  try {
    text = decoder.decode(opened)
  } catch {
    return null
  }
  const key = contentKeyFrom(text)
  return key ? openBoxWithKey(box, key) : null
}
