/**
 * The signed envelope every change to a shared chapter travels in.
 *
 * A writer's Yjs update, bound to the chapter (`docKey`), to the writer's
 * key, to a counter per writer and chapter (`seq`), and to the client ids it
 * writes under (each with the nonce that derives it from the writer's key),
 * and signed by the writer. Peers verify it before Yjs sees the update, and
 * relay it unchanged, so a comment keeps its author's signature through any
 * peer. A checkpoint is an envelope whose update holds all of the writer's
 * updates 1…seq, so older envelopes can be dropped.
 *
 *   [0x51 'Q'] [version] [varString docKey] [32 bytes writer key] [varUint seq]
 *   [flags: 1 = checkpoint] [varUint n] n × ([varUint client id] [varUint8Array nonce])
 *   [varUint8Array update] [64 bytes Ed25519 signature over "quire-envelope-v1" + everything before it]
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { PUBLIC_KEY_BYTES, SIGNATURE_BYTES, verifyBytes } from '../identity'
import { isId } from '../ids'
import { concatBytes } from './bytes'
import { CLIENT_NONCE_BYTES } from './clientIds'

export const ENVELOPE_TAG = 0x51
export const ENVELOPE_VERSION = 1
/** Largest update one envelope carries: a checkpoint of a very long chapter fits. */
export const MAX_ENVELOPE_UPDATE_BYTES = 32 * 1024 * 1024
/** Client ids one envelope may name (an author's manuscript collects one per editing session). */
export const MAX_ENVELOPE_CLIENTS = 4096
const MAX_SEQ = 2 ** 40
const DOMAIN = new TextEncoder().encode('quire-envelope-v1')

/** A client id and the nonce that derives it from the writer's key; null marks a pre-signing (legacy) id, allowed to the author only. */
export interface ClientProof {
  id: number
  nonce: Uint8Array | null
}

export interface EnvelopeFields {
  docKey: string
  writer: Uint8Array
  seq: number
  checkpoint: boolean
  clients: ClientProof[]
  update: Uint8Array
}

export interface Envelope extends EnvelopeFields {
  signature: Uint8Array
  /** The whole envelope as it travels and is stored. */
  bytes: Uint8Array
}

export type EnvelopeResult = { ok: true; envelope: Envelope } | { ok: false; reason: string }

function encodeUnsigned(fields: EnvelopeFields): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeUint8(encoder, ENVELOPE_TAG)
  encoding.writeUint8(encoder, ENVELOPE_VERSION)
  encoding.writeVarString(encoder, fields.docKey)
  encoding.writeUint8Array(encoder, fields.writer)
  encoding.writeVarUint(encoder, fields.seq)
  encoding.writeUint8(encoder, fields.checkpoint ? 1 : 0)
  encoding.writeVarUint(encoder, fields.clients.length)
  for (const client of fields.clients) {
    encoding.writeVarUint(encoder, client.id)
    encoding.writeVarUint8Array(encoder, client.nonce ?? new Uint8Array(0))
  }
  encoding.writeVarUint8Array(encoder, fields.update)
  return encoding.toUint8Array(encoder)
}

/** Encodes and signs an envelope; `sign` signs with the writer's secret key. */
export function sealEnvelope(fields: EnvelopeFields, sign: (message: Uint8Array) => Uint8Array): Envelope {
  const problem = checkFields(fields)
  if (problem) throw new Error(`Cannot seal this envelope: ${problem}`)
  const unsigned = encodeUnsigned(fields)
  const signature = sign(concatBytes(DOMAIN, unsigned))
  return { ...fields, signature, bytes: concatBytes(unsigned, signature) }
}

/** Reads an envelope from untrusted bytes. Checks its shape, not its signature (see verifyEnvelope). */
export function openEnvelope(bytes: Uint8Array): EnvelopeResult {
  try {
    if (bytes.length < SIGNATURE_BYTES + 2) return refuse('too short')
    const decoder = decoding.createDecoder(bytes.subarray(0, bytes.length - SIGNATURE_BYTES))
    if (decoding.readUint8(decoder) !== ENVELOPE_TAG) return refuse('not an envelope')
    const version = decoding.readUint8(decoder)
    if (version !== ENVELOPE_VERSION) return refuse(`envelope version ${version} is not supported`)
    const docKey = decoding.readVarString(decoder)
    const writer = decoding.readUint8Array(decoder, PUBLIC_KEY_BYTES).slice()
    const seq = decoding.readVarUint(decoder)
    const flags = decoding.readUint8(decoder)
    const count = decoding.readVarUint(decoder)
    if (count > MAX_ENVELOPE_CLIENTS) return refuse(`names ${count} client ids`)
    const clients: ClientProof[] = []
    for (let i = 0; i < count; i++) {
      const id = decoding.readVarUint(decoder)
      const nonce = decoding.readVarUint8Array(decoder)
      clients.push({ id, nonce: nonce.length === 0 ? null : nonce.slice() })
    }
    const update = decoding.readVarUint8Array(decoder).slice()
    if (decoding.hasContent(decoder)) return refuse('has trailing bytes')
    if (flags > 1) return refuse('has unknown flags')
    const fields: EnvelopeFields = { docKey, writer, seq, checkpoint: flags === 1, clients, update }
    const problem = checkFields(fields)
    if (problem) return refuse(problem)
    return { ok: true, envelope: { ...fields, signature: bytes.slice(bytes.length - SIGNATURE_BYTES), bytes } }
  } catch (error) {
    return refuse(`is malformed (${error instanceof Error ? error.message : String(error)})`)
  }
}

/** True when the writer's key signed exactly this envelope. */
export function verifyEnvelope(envelope: Envelope): boolean {
  const unsigned = envelope.bytes.subarray(0, envelope.bytes.length - SIGNATURE_BYTES)
  return verifyBytes(envelope.writer, concatBytes(DOMAIN, unsigned), envelope.signature)
}

function checkFields(fields: EnvelopeFields): string | null {
  if (!isId(fields.docKey)) return 'names no valid chapter'
  if (!(fields.writer instanceof Uint8Array) || fields.writer.length !== PUBLIC_KEY_BYTES) return 'has no valid writer key'
  if (!Number.isSafeInteger(fields.seq) || fields.seq < 1 || fields.seq > MAX_SEQ) return `has an invalid counter (${fields.seq})`
  if (fields.clients.length > MAX_ENVELOPE_CLIENTS) return `names ${fields.clients.length} client ids`
  for (const client of fields.clients) {
    if (!Number.isSafeInteger(client.id) || client.id < 0) return 'names an invalid client id'
    if (client.nonce !== null && client.nonce.length !== CLIENT_NONCE_BYTES) return 'has a client nonce of the wrong size'
  }
  // The smallest Yjs update is two bytes; an empty one would hang older Yjs (yjs#498).
  if (fields.update.length < 2) return 'carries no update'
  if (fields.update.length > MAX_ENVELOPE_UPDATE_BYTES) return `carries an update of ${fields.update.length} bytes`
  return null
}

const refuse = (reason: string): EnvelopeResult => ({ ok: false, reason: `envelope ${reason}` })
