/**
 * Yjs client ids a writer can prove are theirs.
 *
 * Yjs orders and deduplicates structs by (client id, clock) and trusts every
 * update it is given. A peer that writes one struct under someone else's
 * client id makes that person's later structs look like duplicates, and the
 * copies diverge for good. So a Quire writer's client id is derived from
 * their public key and a random nonce: anyone can check the derivation, and
 * no one can produce another key's id without a preimage of SHA-256.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { concatBytes } from './bytes'

export const CLIENT_NONCE_BYTES = 16
/** 48 bits: within JavaScript's safe integers (Yjs writes ids as variable-length integers). */
const CLIENT_ID_BYTES = 6
const DOMAIN = new TextEncoder().encode('quire-client-id-v1')

/** The client id that `publicKey` may write under with `nonce`. */
export function deriveClientId(publicKey: Uint8Array, nonce: Uint8Array): number {
  const digest = sha256(concatBytes(DOMAIN, publicKey, nonce))
  let id = 0
  for (let i = 0; i < CLIENT_ID_BYTES; i++) id = id * 256 + digest[i]!
  return id
}

/** A fresh client id for a new session of `publicKey`, with the nonce that proves it. */
export function newClientId(publicKey: Uint8Array, randomBytes: (length: number) => Uint8Array): { id: number; nonce: Uint8Array } {
  const nonce = randomBytes(CLIENT_NONCE_BYTES)
  return { id: deriveClientId(publicKey, nonce), nonce }
}
