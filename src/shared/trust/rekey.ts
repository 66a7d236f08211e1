/**
 * A new epoch's key, for the members who stay: the author seals the new share
 * key and room names to each remaining member's key and signs the lot. Anyone
 * may carry it (it waits in the old rooms for members who were away); only
 * each named member can open their part.
 *
 *   <base64url(JSON)>.<base64url(Ed25519 signature over "quire-rekey-v1" + the JSON bytes)>
 */
import { z } from 'zod'
import { fromBase64Url, SIGNATURE_BYTES, toBase64Url, verifyBytes } from '../identity'
import { ID_PATTERN } from '../ids'
import { concatBytes } from './bytes'

const DOMAIN = new TextEncoder().encode('quire-rekey-v1')

const rekeySchema = z
  .object({
    type: z.literal('quire-rekey'),
    shareId: z.string().regex(ID_PATTERN),
    epoch: z.number().int().positive(),
    /** Member public key (base64url) → what was sealed to it (see sealed.ts). */
    sealed: z.record(z.string().max(64), z.string().max(4096)),
  })
  .strict()

export type Rekey = z.infer<typeof rekeySchema>

/** What each member's sealed part opens to. */
const secretSchema = z
  .object({
    key: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
    rooms: z.array(z.object({ docKey: z.string().regex(ID_PATTERN), room: z.string().regex(ID_PATTERN) }).strict()).max(1000),
  })
  .strict()

export type EpochSecret = z.infer<typeof secretSchema>

export function signRekey(rekey: Rekey, sign: (bytes: Uint8Array) => Uint8Array): string {
  const json = new TextEncoder().encode(JSON.stringify(rekeySchema.parse(rekey)))
  return `${toBase64Url(json)}.${toBase64Url(sign(concatBytes(DOMAIN, json)))}`
}

/** Reads a rekey from a peer; only the author's signature makes it one. */
export function parseRekey(text: unknown, authorKey: string): Rekey | null {
  if (typeof text !== 'string' || text.length > 2_000_000) return null
  const [payload, signature, extra] = text.split('.')
  const json = fromBase64Url(payload)
  const sig = fromBase64Url(signature)
  if (!json || sig?.length !== SIGNATURE_BYTES || extra !== undefined) return null
  if (!verifyBytes(fromBase64Url(authorKey), concatBytes(DOMAIN, json), sig)) return null
  try {
    return rekeySchema.parse(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json)))
  } catch {
    return null
  }
}

export const encodeEpochSecret = (secret: EpochSecret): Uint8Array => new TextEncoder().encode(JSON.stringify(secretSchema.parse(secret)))

export function decodeEpochSecret(bytes: Uint8Array): EpochSecret | null {
  try {
    return secretSchema.parse(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)))
  } catch {
    return null
  }
}
