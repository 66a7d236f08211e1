/**
 * A feedback file (`.quire-feedback`): a reviewer's own signed envelopes for
 * one shared chapter, for the author to open when the two cannot meet online.
 *
 * It carries nothing a peer would not send: the envelopes of the reviewer's
 * own run, unchanged (each still signed on its own), and, while the author
 * has not yet bound the reviewer's key, the invite's proof that this key is
 * the member it was made for. The author merges them through the same checks
 * as envelopes from a peer, so a file can never do more than a connection.
 * The whole file is signed too, so a changed byte anywhere (a header that
 * names another chapter, a dropped envelope) is caught before anything else.
 *
 *   "QUIRE-FEEDBACK" [version] [varString shareId] [varString docKey]
 *   [varString book title] [varString chapter title] [32 bytes writer key]
 *   [varUint savedAt] [flags: 1 = binding] (binding: [varString memberId]
 *   [32 bytes invite key] [64 bytes signature]) [varUint n] n × [varUint8Array envelope]
 *   [64 bytes Ed25519 signature by the writer over "quire-feedback-v1" + everything before it]
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { isDisplayText, PUBLIC_KEY_BYTES, SIGNATURE_BYTES, verifyBytes } from '../identity'
import { isId } from '../ids'
import { concatBytes, equalBytes } from './bytes'
import { openEnvelope, type Envelope } from './envelope'

export const FEEDBACK_EXTENSION = '.quire-feedback'
export const FEEDBACK_VERSION = 1
/** Largest feedback file read: a long review is a few hundred kilobytes. */
export const MAX_FEEDBACK_BYTES = 64 * 1024 * 1024
/** Most envelopes one file carries (the same bound as one ENVELOPES message). */
export const MAX_FEEDBACK_ENVELOPES = 10_000
const MAGIC = new TextEncoder().encode('QUIRE-FEEDBACK')
const DOMAIN = new TextEncoder().encode('quire-feedback-v1')

/** An invite's proof that the writer's key is the member it was made for (see bindingMessage). */
export interface FeedbackBinding {
  memberId: string
  inviteKey: Uint8Array
  signature: Uint8Array
}

export interface FeedbackFields {
  shareId: string
  docKey: string
  /** Shown in messages only; what counts is the share and chapter ids. */
  bookTitle: string
  chapterTitle: string
  writer: Uint8Array
  savedAt: number
  binding: FeedbackBinding | null
  /** The writer's own envelopes for `docKey`, in their order. */
  envelopes: Uint8Array[]
}

export interface FeedbackFile extends Omit<FeedbackFields, 'envelopes'> {
  envelopes: Envelope[]
}

export type FeedbackProblem = 'not-feedback' | 'newer' | 'damaged' | 'tampered'

export type FeedbackResult = { ok: true; file: FeedbackFile } | { ok: false; problem: FeedbackProblem; message: string }

function encodeUnsigned(fields: FeedbackFields): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeUint8Array(e, MAGIC)
  encoding.writeUint8(e, FEEDBACK_VERSION)
  encoding.writeVarString(e, fields.shareId)
  encoding.writeVarString(e, fields.docKey)
  encoding.writeVarString(e, fields.bookTitle)
  encoding.writeVarString(e, fields.chapterTitle)
  encoding.writeUint8Array(e, fields.writer)
  encoding.writeVarUint(e, fields.savedAt)
  encoding.writeUint8(e, fields.binding ? 1 : 0)
  if (fields.binding) {
    encoding.writeVarString(e, fields.binding.memberId)
    encoding.writeUint8Array(e, fields.binding.inviteKey)
    encoding.writeUint8Array(e, fields.binding.signature)
  }
  encoding.writeVarUint(e, fields.envelopes.length)
  for (const envelope of fields.envelopes) encoding.writeVarUint8Array(e, envelope)
  return encoding.toUint8Array(e)
}

/** Encodes and signs a feedback file; `sign` signs with the writer's secret key (which stays in main). */
export function sealFeedback(fields: FeedbackFields, sign: (message: Uint8Array) => Uint8Array): Uint8Array {
  if (fields.envelopes.length === 0) throw new Error('A feedback file needs at least one change.')
  if (fields.envelopes.length > MAX_FEEDBACK_ENVELOPES) throw new Error(`A feedback file holds at most ${MAX_FEEDBACK_ENVELOPES} changes.`)
  const unsigned = encodeUnsigned(fields)
  return concatBytes(unsigned, sign(concatBytes(DOMAIN, unsigned)))
}

/**
 * Reads a feedback file from untrusted bytes: its shape, its signature, and
 * that every envelope in it is the writer's own for its chapter. Whether the
 * writer may write there, and each envelope's own signature and rules, are
 * checked where it is merged, as for a peer's.
 */
export function openFeedback(bytes: Uint8Array): FeedbackResult {
  if (bytes.length < MAGIC.length + 1 || !equalBytes(bytes.subarray(0, MAGIC.length), MAGIC)) {
    return refuse('not-feedback', 'This is not a Quire feedback file.')
  }
  if (bytes.length > MAX_FEEDBACK_BYTES) return refuse('damaged', 'This feedback file is too large to be one Quire saved (64 MB at most).')
  let fields: FeedbackFields
  try {
    const d = decoding.createDecoder(bytes.subarray(MAGIC.length, bytes.length - SIGNATURE_BYTES))
    const version = decoding.readUint8(d)
    if (version > FEEDBACK_VERSION) return refuse('newer', 'This feedback file was saved by a newer version of Quire. Update Quire to open it.')
    if (version !== FEEDBACK_VERSION) return refuse('damaged', 'This feedback file is damaged: Quire cannot read it.')
    const shareId = decoding.readVarString(d)
    const docKey = decoding.readVarString(d)
    const bookTitle = decoding.readVarString(d)
    const chapterTitle = decoding.readVarString(d)
    const writer = decoding.readUint8Array(d, PUBLIC_KEY_BYTES).slice()
    const savedAt = decoding.readVarUint(d)
    const flags = decoding.readUint8(d)
    const binding =
      flags === 1 ? { memberId: decoding.readVarString(d), inviteKey: decoding.readUint8Array(d, PUBLIC_KEY_BYTES).slice(), signature: decoding.readUint8Array(d, SIGNATURE_BYTES).slice() } : null
    const count = decoding.readVarUint(d)
    if (count < 1 || count > MAX_FEEDBACK_ENVELOPES || flags > 1) throw new Error('bad header')
    const envelopes: Uint8Array[] = []
    for (let i = 0; i < count; i++) envelopes.push(decoding.readVarUint8Array(d).slice())
    if (decoding.hasContent(d)) throw new Error('trailing bytes')
    if (!isId(shareId) || !isId(docKey) || !isDisplayText(bookTitle, 200) || !isDisplayText(chapterTitle, 200) || (binding && !isId(binding.memberId))) throw new Error('bad fields')
    fields = { shareId, docKey, bookTitle, chapterTitle, writer, savedAt, binding, envelopes }
  } catch {
    return refuse('damaged', 'This feedback file is damaged: Quire cannot read it.')
  }
  const unsigned = bytes.subarray(0, bytes.length - SIGNATURE_BYTES)
  if (!verifyBytes(fields.writer, concatBytes(DOMAIN, unsigned), bytes.subarray(bytes.length - SIGNATURE_BYTES))) {
    return refuse('tampered', 'This feedback file was changed after it was saved, so Quire cannot trust it. Nothing was merged; ask the reviewer to save it again.')
  }
  const envelopes: Envelope[] = []
  for (const raw of fields.envelopes) {
    const opened = openEnvelope(raw)
    if (!opened.ok || opened.envelope.docKey !== fields.docKey || !equalBytes(opened.envelope.writer, fields.writer)) {
      return refuse('damaged', 'This feedback file holds changes that are not its writer’s own for this chapter. Nothing was merged.')
    }
    envelopes.push(opened.envelope)
  }
  return { ok: true, file: { ...fields, envelopes } }
}

const refuse = (problem: FeedbackProblem, message: string): FeedbackResult => ({ ok: false, problem, message })
