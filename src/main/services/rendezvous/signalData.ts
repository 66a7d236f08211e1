/**
 * What a signaling message must look like to be passed on. Quire's rooms all
 * have a password, so y-webrtc sends every signaling message as
 * base64(lib0 encoding of: the string "AES-GCM", a 12-byte IV, the
 * ciphertext). The bridge cannot decrypt it (it has no key, on purpose), but
 * it can refuse anything that is not shaped like that before the renderer
 * spends time on it.
 */
import { MAX_SIGNAL_DATA_BYTES, TOPIC_PATTERN } from './limits'

export type SignalProblem = 'garbage' | 'oversized'

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/
const ALGORITHM = 'AES-GCM'
const IV_BYTES = 12
/** AES-GCM's tag alone is 16 bytes; an encrypted y-webrtc message is never shorter. */
const MIN_CIPHER_BYTES = 16

export function isRoomTopic(topic: unknown): topic is string {
  return typeof topic === 'string' && TOPIC_PATTERN.test(topic)
}

/** Null when `data` can be passed on, otherwise what is wrong with it. */
export function signalDataProblem(data: unknown): SignalProblem | null {
  // A rendezvous kind that refused a frame for its size before parsing it says so this way.
  if (typeof data === 'object' && data !== null && 'oversized' in data) return 'oversized'
  if (typeof data !== 'string') return 'garbage'
  if (data.length > MAX_SIGNAL_DATA_BYTES) return 'oversized'
  if (data.length % 4 !== 0 || !BASE64.test(data)) return 'garbage'
  return isEncryptedMessage(Buffer.from(data, 'base64')) ? null : 'garbage'
}

function isEncryptedMessage(bytes: Uint8Array): boolean {
  const reader = { bytes, at: 0 }
  const nameLength = readVarUint(reader)
  if (nameLength !== ALGORITHM.length) return false
  if (Buffer.from(bytes.subarray(reader.at, reader.at + nameLength)).toString('latin1') !== ALGORITHM) return false
  reader.at += nameLength
  if (readVarUint(reader) !== IV_BYTES) return false
  reader.at += IV_BYTES
  const cipherLength = readVarUint(reader)
  if (cipherLength === null || cipherLength < MIN_CIPHER_BYTES) return false
  return reader.at + cipherLength === bytes.length
}

/** lib0's variable-length unsigned integer (7 bits a byte, high bit = more); null when cut off or absurd. */
function readVarUint(reader: { bytes: Uint8Array; at: number }): number | null {
  let value = 0
  for (let shift = 0; shift < 35; shift += 7) {
    const byte = reader.bytes[reader.at++]
    if (byte === undefined) return null
    value += (byte & 0x7f) * 2 ** shift
    if (byte < 0x80) return value
  }
  return null
}
