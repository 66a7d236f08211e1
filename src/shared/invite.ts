/**
 * The invite link an author sends a reviewer:
 *
 *     quire://invite#<base64url(JSON bytes)>.<base64url(Ed25519 signature over those bytes)>
 *
 * Everything rides in the fragment, after `#`. Browsers, mail gateways and
 * link scanners never send a fragment to any server, so the share key (the
 * y-webrtc password that encrypts every sync message) is seen only by the
 * people who hold the link (the same trick as Excalidraw's rooms).
 *
 * The signature covers the exact JSON bytes, so nothing has to be
 * re-serialised to check it; the `type` field tags what was signed. A link is
 * pasted by a person and may come from anyone, so `parseInvite` validates
 * every field and answers with a reason and a plain message, never a throw.
 */
import {
  fromBase64Url,
  isDisplayName,
  isDisplayText,
  PUBLIC_KEY_BYTES,
  SECRET_KEY_BYTES,
  SIGNATURE_BYTES,
  signBytes,
  toBase64Url,
  verifyBytes,
} from './identity'
import { isId } from './ids'
import { MAX_CREDENTIAL_LENGTH, MAX_RENDEZVOUS as MAX_SETTINGS_RENDEZVOUS, iceUrlProblem, rendezvousProblem, type IceServer, type Rendezvous } from './network'

export const INVITE_PREFIX = 'quire://invite#'
/**
 * 2: names the one member it is for, carries the proof of invitation, the
 * epoch and the signed manifest, a chapter id per chapter, rendezvous of
 * several kinds (`rendezvous`) and optional TURN servers (`turn`). Version 1
 * (before signing; a list of signaling URLs) still opens: its servers become
 * rendezvous of kind `signal`.
 */
export const INVITE_VERSION = 2
/**
 * Longest accepted link, checked before any decoding. Every invite that passes
 * the field limits below fits (see the "largest invite" test), and decoding
 * this much is still instant.
 */
export const MAX_INVITE_LINK_LENGTH = 256 * 1024
export const SHARE_KEY_BYTES = 32
export const MAX_TITLE_LENGTH = 200
export const MAX_CHAPTERS = 200
export const MAX_SIGNALING_URLS = 10
/** As many as Settings allow, so every author's list fits. */
export const MAX_RENDEZVOUS = MAX_SETTINGS_RENDEZVOUS
export const MAX_TURN_SERVERS = 4
const MIN_ROOM_BYTES = 16
const MAX_ROOM_BYTES = 64

/** What the author fills in; `createInvite` adds the version and tag. */
export interface InviteFields {
  shareId: string
  /** base64url of the 32-byte share key, used as the y-webrtc `password`. */
  key: string
  author: { name: string; /** base64url Ed25519 public key; must match the signer. */ publicKey: string }
  book: { title: string }
  /** One y-webrtc room per chapter; `room` is an opaque random base64url name, `docKey` (version 2) the chapter's id in the share. */
  chapters: { room: string; title: string; docKey?: string }[]
  /** Where the peers meet: the author's rendezvous (the reviewer adds their own). */
  rendezvous: Rendezvous[]
  /** The author's TURN servers with credentials, only when the author chose to include them. */
  turn: IceServer[]
  role: 'reviewer'
  reviewer: { name: string }
  /** When the author made the invite, in ms since the epoch. */
  issuedAt: number
  /**
   * Version 2: the member this invite is for (their id in the manifest), the
   * invite's secret key (base64url seed; its public key is in the manifest, and
   * signing with it proves the invitation once), and when it stops working.
   */
  member?: { id: string; secret: string; expiresAt: number }
  /** Version 2: the share's epoch, and the author's signed manifest. */
  epoch?: number
  manifest?: string
}

export interface Invite extends InviteFields {
  v: 1 | 2
  type: 'quire-invite'
}

export type InviteError =
  | 'not-an-invite'
  | 'too-long'
  | 'malformed'
  | 'unsupported-version'
  | 'bad-signature'
  | 'wrong-author'
  | 'invalid-field'

export type InviteResult =
  | { ok: true; invite: Invite }
  /** `field` names the offending field (e.g. `chapters[3].room`) for logs and support. */
  | { ok: false; reason: InviteError; message: string; field?: string }

export interface ParseInviteOptions {
  /** When set, only an invite signed by this author (base64url or raw public key) is accepted. */
  expectedAuthorKey?: string | Uint8Array
}

/** Signs with a secret key directly, or through a callback such as `IdentityStore.sign`. */
export type InviteSigner = Uint8Array | ((bytes: Uint8Array) => Uint8Array)

/** Thrown by `createInvite` for fields a reviewer could not open; `field` says which one. */
export class CreateInviteError extends Error {
  constructor(
    readonly reason: InviteError,
    readonly field?: string,
  ) {
    super(`Cannot create this invite: ${reason}${field ? ` (${field})` : ''}`)
    this.name = 'CreateInviteError'
  }
}

const ASK_AGAIN = 'Ask the author to send you the invite again.'
const MESSAGES: Record<InviteError, string> = {
  'not-an-invite': 'This is not a Quire invite. Invite links start with "quire://invite#".',
  'too-long': 'This text is far too long to be a Quire invite.',
  malformed: `This invite link is incomplete or damaged. Make sure you copied all of it, or ${ASK_AGAIN.toLowerCase()}`,
  'unsupported-version': 'This invite was made by a newer version of Quire. Update Quire to open it.',
  'bad-signature': `This invite was changed after it was created, so Quire can't trust it. ${ASK_AGAIN}`,
  'wrong-author': "This invite was not made by the author you expected, so Quire won't use it.",
  'invalid-field': `This invite contains information Quire can't use, so it can't be opened. ${ASK_AGAIN}`,
}

function fail(reason: InviteError, field?: string): InviteResult {
  return field === undefined ? { ok: false, reason, message: MESSAGES[reason] } : { ok: false, reason, message: MESSAGES[reason], field }
}

/**
 * Builds a signed invite link. Throws `CreateInviteError` if the fields would
 * not pass `parseInvite` (or the signer does not own `author.publicKey`): an
 * author must never send a link the reviewer cannot open.
 */
export function createInvite(fields: InviteFields, signer: InviteSigner): string {
  // Only version 2 is made: an invite names the member it is for.
  if (!fields.member) throw new CreateInviteError('invalid-field', 'member.id')
  const json = new TextEncoder().encode(JSON.stringify(toInvite(fields)))
  const signature = typeof signer === 'function' ? signer(json) : signBytes(signer, json)
  const link = `${INVITE_PREFIX}${toBase64Url(json)}.${toBase64Url(signature)}`
  const check = parseInvite(link)
  if (!check.ok) throw new CreateInviteError(check.reason, check.field)
  return link
}

/**
 * Reads a pasted or clicked invite link. Accepts surrounding whitespace,
 * `quire://invite/#` (some launchers add the slash), any letter case in the
 * prefix, and line breaks inside the payload (mail clients wrap long links;
 * base64url has no whitespace, so removing it is unambiguous).
 */
export function parseInvite(text: string, options: ParseInviteOptions = {}): InviteResult {
  try {
    return parseUnsafe(text, options)
  } catch {
    // Defence in depth: the checks below are written not to throw.
    return fail('malformed')
  }
}

function parseUnsafe(text: unknown, options: ParseInviteOptions): InviteResult {
  if (typeof text !== 'string') return fail('not-an-invite')
  if (text.length > 2 * MAX_INVITE_LINK_LENGTH) return fail('too-long')
  const match = /^quire:\/\/invite\/?(#[\s\S]*)?$/i.exec(text.trim())
  if (!match) return fail('not-an-invite')
  const payload = (match[1] ?? '').slice(1).replace(/\s+/g, '')
  if (payload.length > MAX_INVITE_LINK_LENGTH) return fail('too-long')
  const parts = payload.split('.')
  if (parts.length !== 2) return fail('malformed')
  const json = fromBase64Url(parts[0])
  const signature = fromBase64Url(parts[1])
  // A short signature almost always means a link cut off while copying, not tampering.
  if (!json || json.length === 0 || signature?.length !== SIGNATURE_BYTES) return fail('malformed')

  let raw: unknown
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json))
  } catch {
    return fail('malformed')
  }
  if (!isRecord(raw)) return fail('malformed')
  // One case per format version; older versions are read and migrated to `Invite` here.
  switch (raw.v) {
    case 1:
      return readSigned(raw, json, signature, options, fieldsOfV1)
    case 2:
      return readSigned(raw, json, signature, options, fieldsOfV2)
    default:
      return typeof raw.v === 'number' && Number.isSafeInteger(raw.v) && raw.v > INVITE_VERSION
        ? fail('unsupported-version')
        : fail('malformed')
  }
}

/** Checks one version's own fields and brings them to the current shape; a string names the first invalid field. */
type VersionReader = (raw: Record<string, unknown>) => Pick<InviteFields, 'rendezvous' | 'turn'> | string

function readSigned(
  raw: Record<string, unknown>,
  json: Uint8Array,
  signature: Uint8Array,
  options: ParseInviteOptions,
  readVersion: VersionReader,
): InviteResult {
  if (raw.type !== 'quire-invite') return fail('not-an-invite')
  // The author's key must be read before anything else can be trusted.
  const author = raw.author
  const authorKey = isRecord(author) ? fromBase64Url(author.publicKey) : null
  if (!isRecord(author) || !authorKey || authorKey.length !== PUBLIC_KEY_BYTES) return fail('invalid-field', 'author.publicKey')
  if (!verifyBytes(authorKey, json, signature)) return fail('bad-signature')
  if (options.expectedAuthorKey !== undefined) {
    const expected = options.expectedAuthorKey
    const expectedText = typeof expected === 'string' ? expected : toBase64Url(expected)
    if (expectedText !== author.publicKey) return fail('wrong-author')
  }
  // Signed by its author; from here a bad field is the author's bug, not tampering.
  const bad = firstInvalidField(raw, author)
  if (bad) return fail('invalid-field', bad)
  const network = readVersion(raw)
  if (typeof network === 'string') return fail('invalid-field', network)
  return { ok: true, invite: toInvite({ ...(raw as unknown as InviteFields), ...network }) }
}

/** Version 1 listed ws:// signaling servers only. */
function fieldsOfV1(raw: Record<string, unknown>): Pick<InviteFields, 'rendezvous' | 'turn'> | string {
  const signaling = raw.signaling
  if (!Array.isArray(signaling) || signaling.length > MAX_SIGNALING_URLS) return 'signaling'
  const badUrl = signaling.findIndex((url) => rendezvousProblem('signal', url) !== null)
  if (badUrl >= 0) return `signaling[${badUrl}]`
  return { rendezvous: signaling.map((url: string) => ({ kind: 'signal', url })), turn: [] }
}

function fieldsOfV2(raw: Record<string, unknown>): Pick<InviteFields, 'rendezvous' | 'turn'> | string {
  const { rendezvous, turn } = raw
  if (!Array.isArray(rendezvous) || rendezvous.length > MAX_RENDEZVOUS) return 'rendezvous'
  for (const [index, entry] of rendezvous.entries()) {
    if (!isRecord(entry) || (entry.kind !== 'signal' && entry.kind !== 'mqtt')) return `rendezvous[${index}].kind`
    if (rendezvousProblem(entry.kind, entry.url) !== null) return `rendezvous[${index}].url`
  }
  if (!Array.isArray(turn) || turn.length > MAX_TURN_SERVERS) return 'turn'
  for (const [index, entry] of turn.entries()) {
    if (!isRecord(entry) || iceUrlProblem('turn', entry.urls) !== null) return `turn[${index}].urls`
    if (!isCredential(entry.username)) return `turn[${index}].username`
    if (!isCredential(entry.credential)) return `turn[${index}].credential`
  }
  return { rendezvous: rendezvous as Rendezvous[], turn: turn as IceServer[] }
}

function isCredential(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_CREDENTIAL_LENGTH && !/[\p{Cc}]/u.test(value)
}

/**
 * Copies exactly the known fields, in a fixed order: what gets signed holds
 * nothing a caller happened to attach, and what gets returned holds nothing a
 * sender smuggled in (unknown fields are ignored, not passed on).
 */
function toInvite(fields: InviteFields): Invite {
  const invite: Invite = {
    v: fields.member ? 2 : 1,
    type: 'quire-invite',
    shareId: fields.shareId,
    key: fields.key,
    author: { name: fields.author.name, publicKey: fields.author.publicKey },
    book: { title: fields.book.title },
    chapters: fields.chapters.map(({ room, title, docKey }) => (docKey === undefined ? { room, title } : { room, title, docKey })),
    rendezvous: fields.rendezvous.map(({ kind, url }) => ({ kind, url })),
    turn: fields.turn.map(({ urls, username, credential }) => ({ urls, username: username ?? '', credential: credential ?? '' })),
    role: fields.role,
    reviewer: { name: fields.reviewer.name },
    issuedAt: fields.issuedAt,
  }
  if (fields.member) {
    invite.member = { id: fields.member.id, secret: fields.member.secret, expiresAt: fields.member.expiresAt }
    invite.epoch = fields.epoch ?? 0
    invite.manifest = fields.manifest ?? ''
  }
  return invite
}

/** The path of the first field that breaks a rule, or `null` when all are fine. */
function firstInvalidField(raw: Record<string, unknown>, author: Record<string, unknown>): string | null {
  if (!isId(raw.shareId)) return 'shareId'
  if (fromBase64Url(raw.key)?.length !== SHARE_KEY_BYTES) return 'key'
  if (!isDisplayName(author.name)) return 'author.name'
  if (!isRecord(raw.book) || !isDisplayText(raw.book.title, MAX_TITLE_LENGTH)) return 'book.title'
  const chapters = raw.chapters
  if (!Array.isArray(chapters) || chapters.length < 1 || chapters.length > MAX_CHAPTERS) return 'chapters'
  const rooms = new Set<string>()
  for (const [index, chapter] of chapters.entries()) {
    if (!isRecord(chapter)) return `chapters[${index}]`
    if (!isRoomName(chapter.room) || rooms.has(chapter.room)) return `chapters[${index}].room`
    rooms.add(chapter.room)
    if (!isDisplayText(chapter.title, MAX_TITLE_LENGTH)) return `chapters[${index}].title`
  }
  if (raw.role !== 'reviewer') return 'role'
  if (!isRecord(raw.reviewer) || !isDisplayName(raw.reviewer.name)) return 'reviewer.name'
  if (typeof raw.issuedAt !== 'number' || !Number.isSafeInteger(raw.issuedAt) || raw.issuedAt < 0) return 'issuedAt'
  if (raw.v === 2) return firstInvalidV2Field(raw, chapters)
  return null
}

/** Version 2's fields: the member, the proof of invitation, the epoch, the manifest, and a chapter id per chapter. */
function firstInvalidV2Field(raw: Record<string, unknown>, chapters: unknown[]): string | null {
  const member = raw.member
  if (!isRecord(member) || !isId(member.id)) return 'member.id'
  if (fromBase64Url(member.secret)?.length !== SECRET_KEY_BYTES) return 'member.secret'
  if (typeof member.expiresAt !== 'number' || !Number.isSafeInteger(member.expiresAt) || member.expiresAt < 0) return 'member.expiresAt'
  if (typeof raw.epoch !== 'number' || !Number.isSafeInteger(raw.epoch) || raw.epoch < 0) return 'epoch'
  if (typeof raw.manifest !== 'string' || raw.manifest.length === 0 || raw.manifest.length > MAX_INVITE_LINK_LENGTH) return 'manifest'
  const docKeys = new Set<string>()
  for (const [index, chapter] of chapters.entries()) {
    const docKey = (chapter as Record<string, unknown>).docKey
    if (!isId(docKey) || docKeys.has(docKey)) return `chapters[${index}].docKey`
    docKeys.add(docKey)
  }
  return null
}

/**
 * Room names are random and say nothing about the book (the signaling server
 * sees them); two chapters in one room would merge their documents.
 */
function isRoomName(value: unknown): value is string {
  const bytes = fromBase64Url(value)
  return bytes !== null && bytes.length >= MIN_ROOM_BYTES && bytes.length <= MAX_ROOM_BYTES
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
