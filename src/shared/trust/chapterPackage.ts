/**
 * A chapter package (`.quire`): an invite and the shared chapters it names,
 * in one file an author can send by email, so a reviewer can join and review
 * without ever being online with the author.
 *
 * It holds the signed invite link (opened exactly as a pasted one) and, for
 * each chapter, the author's own signed envelopes of the share's replica
 * (the text, and whatever else the author wrote there), unchanged: the
 * reviewer's Quire checks them as it checks a peer's. The whole package is
 * signed by the author too, so a changed byte is caught before anything is
 * joined. Like the invite link inside it, it carries the share key: send it
 * through a channel you trust.
 *
 *   "QUIRE-CHAPTER" [version] [varString invite link] [varUint n]
 *   n × ([varString docKey] [varUint m] m × [varUint8Array envelope])
 *   [64 bytes Ed25519 signature by the author over "quire-chapter-v1" + everything before it]
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { fromBase64Url, SIGNATURE_BYTES, verifyBytes } from '../identity'
import { parseInvite, type Invite } from '../invite'
import { concatBytes, equalBytes } from './bytes'
import { openEnvelope, type Envelope } from './envelope'
import { MAX_FEEDBACK_BYTES, MAX_FEEDBACK_ENVELOPES } from './feedbackFile'

export const PACKAGE_EXTENSION = '.quire'
export const PACKAGE_VERSION = 1
/** Largest package read (as for a feedback file), and most envelopes in it. */
export const MAX_PACKAGE_BYTES = MAX_FEEDBACK_BYTES
const MAX_PACKAGE_ENVELOPES = MAX_FEEDBACK_ENVELOPES
const MAGIC = new TextEncoder().encode('QUIRE-CHAPTER')
const DOMAIN = new TextEncoder().encode('quire-chapter-v1')

export interface PackageChapter {
  docKey: string
  envelopes: Uint8Array[]
}

export interface ChapterPackage {
  link: string
  invite: Invite
  chapters: Array<{ docKey: string; envelopes: Envelope[] }>
}

export type PackageResult = { ok: true; pkg: ChapterPackage } | { ok: false; message: string }

/** Encodes and signs a package; `sign` signs with the author's secret key (which stays in main). */
export function sealChapterPackage(link: string, chapters: readonly PackageChapter[], sign: (message: Uint8Array) => Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeUint8Array(e, MAGIC)
  encoding.writeUint8(e, PACKAGE_VERSION)
  encoding.writeVarString(e, link)
  encoding.writeVarUint(e, chapters.length)
  for (const chapter of chapters) {
    encoding.writeVarString(e, chapter.docKey)
    encoding.writeVarUint(e, chapter.envelopes.length)
    for (const envelope of chapter.envelopes) encoding.writeVarUint8Array(e, envelope)
  }
  const unsigned = encoding.toUint8Array(e)
  return concatBytes(unsigned, sign(concatBytes(DOMAIN, unsigned)))
}

/**
 * Reads a package from untrusted bytes: the invite inside must parse, the
 * package must be signed by the invite's author, and every envelope must be
 * the author's own for a chapter the invite names. Each envelope's own
 * signature and rules are checked where it is merged, as for a peer's.
 */
export function openChapterPackage(bytes: Uint8Array): PackageResult {
  const damaged: PackageResult = { ok: false, message: 'This chapter file is damaged: Quire cannot read it. Ask the author to save it again.' }
  if (bytes.length < MAGIC.length + 1 || !equalBytes(bytes.subarray(0, MAGIC.length), MAGIC)) return { ok: false, message: 'This is not a Quire chapter file.' }
  if (bytes.length > MAX_PACKAGE_BYTES) return { ok: false, message: 'This file is too large to be a chapter Quire saved (64 MB at most).' }
  let link: string
  const raw: PackageChapter[] = []
  try {
    const d = decoding.createDecoder(bytes.subarray(MAGIC.length, bytes.length - SIGNATURE_BYTES))
    const version = decoding.readUint8(d)
    if (version > PACKAGE_VERSION) return { ok: false, message: 'This chapter file was saved by a newer version of Quire. Update Quire to open it.' }
    if (version !== PACKAGE_VERSION) return damaged
    link = decoding.readVarString(d)
    let total = 0
    for (let n = decoding.readVarUint(d); n > 0; n--) {
      const docKey = decoding.readVarString(d)
      const count = decoding.readVarUint(d)
      total += count
      if (total > MAX_PACKAGE_ENVELOPES) return damaged
      const envelopes: Uint8Array[] = []
      for (let i = 0; i < count; i++) envelopes.push(decoding.readVarUint8Array(d).slice())
      raw.push({ docKey, envelopes })
    }
    if (decoding.hasContent(d)) return damaged
  } catch {
    return damaged
  }
  const parsed = parseInvite(link)
  if (!parsed.ok) return { ok: false, message: parsed.message }
  const invite = parsed.invite
  const authorKey = fromBase64Url(invite.author.publicKey)!
  const unsigned = bytes.subarray(0, bytes.length - SIGNATURE_BYTES)
  if (!verifyBytes(authorKey, concatBytes(DOMAIN, unsigned), bytes.subarray(bytes.length - SIGNATURE_BYTES))) {
    return { ok: false, message: `This chapter file was changed after ${invite.author.name} saved it, so Quire cannot trust it. Ask them to save it again.` }
  }
  const named = new Set(invite.chapters.map((c) => c.docKey ?? c.room))
  const chapters: ChapterPackage['chapters'] = []
  for (const chapter of raw) {
    const envelopes: Envelope[] = []
    for (const bytes of chapter.envelopes) {
      const opened = openEnvelope(bytes)
      if (!opened.ok || opened.envelope.docKey !== chapter.docKey || !equalBytes(opened.envelope.writer, authorKey)) return damaged
      envelopes.push(opened.envelope)
    }
    if (!named.has(chapter.docKey)) return damaged
    chapters.push({ docKey: chapter.docKey, envelopes })
  }
  return { ok: true, pkg: { link, invite, chapters } }
}
