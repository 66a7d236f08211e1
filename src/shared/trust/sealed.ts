/**
 * Sealing a secret to one member's key, for the new share key of an epoch.
 *
 * The member's Ed25519 public key is taken to X25519; an ephemeral X25519 key
 * agrees a secret with it, HKDF-SHA-256 derives a key bound to both public
 * keys, and XChaCha20-Poly1305 encrypts. Only the holder of the member's
 * secret key can open it; anyone may carry it.
 *
 *   base64url([32 bytes ephemeral public key][24 bytes nonce][ciphertext + tag])
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { ed25519, x25519 } from '@noble/curves/ed25519.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { fromBase64Url, toBase64Url } from '../identity'
import { concatBytes } from './bytes'

const INFO = new TextEncoder().encode('quire-sealed-v1')
const NONCE_BYTES = 24
const KEY_BYTES = 32

function sealKey(shared: Uint8Array, ephemeral: Uint8Array, recipient: Uint8Array): Uint8Array {
  return hkdf(sha256, shared, concatBytes(ephemeral, recipient), INFO, KEY_BYTES)
}

/** Seals `plaintext` so that only the holder of `recipient`'s Ed25519 secret key can open it. */
export function seal(recipient: Uint8Array, plaintext: Uint8Array, randomBytes: (length: number) => Uint8Array): string {
  const ephemeralSecret = randomBytes(KEY_BYTES)
  const ephemeral = x25519.getPublicKey(ephemeralSecret)
  const montgomery = ed25519.utils.toMontgomery(recipient)
  const key = sealKey(x25519.getSharedSecret(ephemeralSecret, montgomery), ephemeral, recipient)
  const nonce = randomBytes(NONCE_BYTES)
  return toBase64Url(concatBytes(ephemeral, nonce, xchacha20poly1305(key, nonce).encrypt(plaintext)))
}

/** Opens what was sealed to the key pair of `secretKey`; null when it was not, or was changed. */
export function openSealed(sealed: string, secretKey: Uint8Array): Uint8Array | null {
  try {
    const bytes = fromBase64Url(sealed)
    if (!bytes || bytes.length < KEY_BYTES + NONCE_BYTES + 16) return null
    const ephemeral = bytes.subarray(0, KEY_BYTES)
    const nonce = bytes.subarray(KEY_BYTES, KEY_BYTES + NONCE_BYTES)
    const recipient = ed25519.getPublicKey(secretKey)
    const shared = x25519.getSharedSecret(ed25519.utils.toMontgomerySecret(secretKey), ephemeral)
    return xchacha20poly1305(sealKey(shared, ephemeral, recipient), nonce).decrypt(bytes.subarray(KEY_BYTES + NONCE_BYTES))
  } catch {
    return null
  }
}
