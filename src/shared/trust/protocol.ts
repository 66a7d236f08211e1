/**
 * Quire's peer protocol, spoken on its own data channel beside y-webrtc's
 * (which only finds peers and connects them). Versioned and tagged:
 *
 *   HELLO      protocol version, chapter, epoch, a fresh nonce
 *   AUTH       "I hold this key": a signature over both nonces; with an invite proof on a first join
 *   MANIFEST   the author's signed share manifest
 *   HAVE       how far each writer's envelopes reach here
 *   ENVELOPES  signed changes the peer lacks; an empty batch is a keepalive
 *   PRESENCE   a signed presence state (what chapter, where reading)
 *   REKEY      the author's sealed new share key for each remaining member
 *   BINDING    an invite's proof that a member holds a key, for peers to relay
 *   ERROR      why the other side stops talking (e.g. an incompatible version)
 *
 * Every field is bounded; decoding never throws (a malformed message is a
 * reason, reported and dropped).
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { PUBLIC_KEY_BYTES, SIGNATURE_BYTES } from '../identity'
import { concatBytes } from './bytes'

/** Bump when peers of different versions cannot understand each other. */
export const PROTOCOL_VERSION = 1
export const MESSAGE_TAG = 0x71
export const NONCE_BYTES = 32
const MAX_STRING = 512 * 1024
const MAX_HAVE = 10_000
const MAX_BATCH = 10_000

export type PeerMessage =
  | { type: 'hello'; protocol: number; docKey: string; epoch: number; nonce: Uint8Array }
  | { type: 'auth'; key: Uint8Array; signature: Uint8Array }
  | { type: 'manifest'; text: string }
  | { type: 'have'; entries: Array<{ writer: Uint8Array; seq: number }> }
  | { type: 'envelopes'; envelopes: Uint8Array[] }
  | { type: 'presence'; state: string; at: number; signature: Uint8Array }
  | { type: 'rekey'; text: string }
  | { type: 'binding'; memberId: string; key: Uint8Array; inviteKey: Uint8Array; signature: Uint8Array }
  | { type: 'error'; code: string; message: string; protocol: number }

const TYPES = ['hello', 'auth', 'manifest', 'have', 'envelopes', 'presence', 'rekey', 'binding', 'error'] as const

export function encodeMessage(message: PeerMessage): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeUint8(e, MESSAGE_TAG)
  encoding.writeUint8(e, TYPES.indexOf(message.type) + 1)
  switch (message.type) {
    case 'hello':
      encoding.writeVarUint(e, message.protocol)
      encoding.writeVarString(e, message.docKey)
      encoding.writeVarUint(e, message.epoch)
      encoding.writeUint8Array(e, message.nonce)
      break
    case 'auth':
      encoding.writeUint8Array(e, message.key)
      encoding.writeUint8Array(e, message.signature)
      break
    case 'manifest':
    case 'rekey':
      encoding.writeVarString(e, message.text)
      break
    case 'have':
      encoding.writeVarUint(e, message.entries.length)
      for (const { writer, seq } of message.entries) {
        encoding.writeUint8Array(e, writer)
        encoding.writeVarUint(e, seq)
      }
      break
    case 'envelopes':
      encoding.writeVarUint(e, message.envelopes.length)
      for (const envelope of message.envelopes) encoding.writeVarUint8Array(e, envelope)
      break
    case 'presence':
      encoding.writeVarString(e, message.state)
      encoding.writeVarUint(e, message.at)
      encoding.writeUint8Array(e, message.signature)
      break
    case 'binding':
      encoding.writeVarString(e, message.memberId)
      encoding.writeUint8Array(e, message.key)
      encoding.writeUint8Array(e, message.inviteKey)
      encoding.writeUint8Array(e, message.signature)
      break
    case 'error':
      encoding.writeVarString(e, message.code)
      encoding.writeVarString(e, message.message)
      encoding.writeVarUint(e, message.protocol)
      break
  }
  return encoding.toUint8Array(e)
}

export type Decoded = { ok: true; message: PeerMessage } | { ok: false; reason: string }

/** Reads a message from a peer; a reason instead of a throw for anything malformed. */
export function decodeMessage(bytes: Uint8Array): Decoded {
  try {
    const d = decoding.createDecoder(bytes)
    if (decoding.readUint8(d) !== MESSAGE_TAG) return { ok: false, reason: 'not a Quire peer message' }
    const type = TYPES[decoding.readUint8(d) - 1]
    if (!type) return { ok: false, reason: 'unknown message type' }
    const message = read(type, d)
    if (decoding.hasContent(d)) return { ok: false, reason: `${type} message has trailing bytes` }
    return { ok: true, message }
  } catch (error) {
    return { ok: false, reason: `malformed message (${error instanceof Error ? error.message : String(error)})` }
  }
}

function string(d: decoding.Decoder): string {
  const value = decoding.readVarString(d)
  if (value.length > MAX_STRING) throw new Error('string too long')
  return value
}

function count(d: decoding.Decoder, max: number): number {
  const n = decoding.readVarUint(d)
  if (n > max) throw new Error(`${n} entries`)
  return n
}

const bytes = (d: decoding.Decoder, length: number): Uint8Array => decoding.readUint8Array(d, length).slice()

function read(type: (typeof TYPES)[number], d: decoding.Decoder): PeerMessage {
  switch (type) {
    case 'hello':
      return { type, protocol: decoding.readVarUint(d), docKey: string(d), epoch: decoding.readVarUint(d), nonce: bytes(d, NONCE_BYTES) }
    case 'auth':
      return { type, key: bytes(d, PUBLIC_KEY_BYTES), signature: bytes(d, SIGNATURE_BYTES) }
    case 'manifest':
    case 'rekey':
      return { type, text: string(d) }
    case 'have': {
      const entries: Array<{ writer: Uint8Array; seq: number }> = []
      for (let n = count(d, MAX_HAVE); n > 0; n--) entries.push({ writer: bytes(d, PUBLIC_KEY_BYTES), seq: decoding.readVarUint(d) })
      return { type, entries }
    }
    case 'envelopes': {
      const envelopes: Uint8Array[] = []
      for (let n = count(d, MAX_BATCH); n > 0; n--) envelopes.push(decoding.readVarUint8Array(d).slice())
      return { type, envelopes }
    }
    case 'presence':
      return { type, state: string(d), at: decoding.readVarUint(d), signature: bytes(d, SIGNATURE_BYTES) }
    case 'binding':
      return { type, memberId: string(d), key: bytes(d, PUBLIC_KEY_BYTES), inviteKey: bytes(d, PUBLIC_KEY_BYTES), signature: bytes(d, SIGNATURE_BYTES) }
    case 'error':
      return { type, code: string(d), message: string(d), protocol: decoding.readVarUint(d) }
  }
}

const text = (value: string): Uint8Array => new TextEncoder().encode(value)
const varUint = (value: number): Uint8Array => {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, value)
  return encoding.toUint8Array(e)
}
const field = (value: string): Uint8Array => concatBytes(varUint(text(value).length), text(value))

/** What AUTH signs: this chapter, this epoch, and both sides' nonces, so a signature works for one session only. */
export function authMessage(docKey: string, epoch: number, theirNonce: Uint8Array, ourNonce: Uint8Array): Uint8Array {
  return concatBytes(text('quire-auth-v1'), field(docKey), varUint(epoch), theirNonce, ourNonce)
}

/** What an invite's key signs to bind the member it was made for to the key they joined with. */
export function bindingMessage(shareId: string, memberId: string, key: Uint8Array): Uint8Array {
  return concatBytes(text('quire-join-v1'), field(shareId), field(memberId), key)
}

/** What a presence state's signature covers. */
export function presenceMessage(docKey: string, state: string, at: number): Uint8Array {
  return concatBytes(text('quire-presence-v1'), field(docKey), varUint(at), field(state))
}
