/**
 * The share manifest: the author's signed, versioned word on who is in a
 * share, which chapters it holds, and since when.
 *
 * Only the author signs it, every peer verifies it against the author's key
 * (which a reviewer pins when joining), and a higher version replaces a lower
 * one. Peers use it to decide whom to talk to in a chapter's room and whose
 * changes to accept: an active member's key, or a key presented with a valid
 * proof of an unexpired invite the manifest lists. Removing a member starts a
 * new epoch (new share key and rooms, sent to the others sealed to their keys)
 * and records the last of their changes each chapter keeps.
 *
 *   <base64url(JSON bytes)>.<base64url(Ed25519 signature over "quire-manifest-v1" + those bytes)>
 */
// zod's small build: the renderer checks manifests too, and evaluating full zod cost a tenth of a second of every start.
import * as z from 'zod/mini'
import { fromBase64Url, isDisplayName, isDisplayText, memberIdFor, PUBLIC_KEY_BYTES, SIGNATURE_BYTES, toBase64Url, verifyBytes } from '../identity'
import { ID_PATTERN } from '../ids'
import { concatBytes, equalBytes } from './bytes'

export const MANIFEST_VERSION = 1
/** Unused invites expire after this long, unless the author chose otherwise. */
export const INVITE_DAYS = 14
const MAX_MANIFEST_CHARS = 512 * 1024
const DOMAIN = new TextEncoder().encode('quire-manifest-v1')

const key = z.string().check(z.refine((value) => fromBase64Url(value)?.length === PUBLIC_KEY_BYTES, 'is not a public key'))
const id = z.string().check(z.regex(ID_PATTERN))
const time = z.int().check(z.nonnegative())
const title = z.string().check(z.refine((value) => isDisplayText(value, 200), 'is not a title'))

const memberSchema = z.strictObject({
  /** The author's local id for the member; invites name it. */
  id,
  name: z.string().check(z.refine(isDisplayName, 'is not a name')),
  status: z.enum(['invited', 'active', 'removed']),
  /** Their public key, bound when they first joined. */
  key: z.optional(key),
  /** The invite waiting to be used: its public key, and when it stops working. */
  invite: z.optional(z.strictObject({ key, expiresAt: time })),
  /** Chapters (doc keys) they review. */
  chapters: z.array(id).check(z.maxLength(1000)),
  removedAt: z.optional(time),
  /** When removed: the last of their envelopes each chapter keeps (doc key → counter). */
  finalSeq: z.optional(z.record(id, z.int().check(z.nonnegative()))),
})

const manifestSchema = z.strictObject({
  type: z.literal('quire-share'),
  v: z.literal(MANIFEST_VERSION),
  shareId: id,
  epoch: z.int().check(z.nonnegative()),
  version: z.int().check(z.positive()),
  issuedAt: time,
  author: z.strictObject({ name: z.string().check(z.refine(isDisplayName)), publicKey: key }),
  book: z.strictObject({ title }),
  chapters: z.array(z.strictObject({ docKey: id, title })).check(z.maxLength(1000)),
  members: z.array(memberSchema).check(z.maxLength(1000)),
})

export type ShareManifest = z.infer<typeof manifestSchema>
export type ManifestMember = z.infer<typeof memberSchema>

export type ManifestResult = { ok: true; manifest: ShareManifest; text: string } | { ok: false; reason: string }

/** Signs a manifest with the author's key (through a callback: the secret stays in main). */
export function signManifest(manifest: ShareManifest, sign: (bytes: Uint8Array) => Uint8Array): string {
  const checked = manifestSchema.parse(manifest)
  const json = new TextEncoder().encode(JSON.stringify(checked))
  return `${toBase64Url(json)}.${toBase64Url(sign(concatBytes(DOMAIN, json)))}`
}

/**
 * Reads a manifest from a peer or from disk. When `authorKey` is given, only a
 * manifest that key signed is accepted (a reviewer pins it at join).
 */
export function parseManifest(text: unknown, authorKey?: string): ManifestResult {
  if (typeof text !== 'string' || text.length > MAX_MANIFEST_CHARS) return { ok: false, reason: 'manifest is missing or too long' }
  const [payload, signature, extra] = text.split('.')
  const json = fromBase64Url(payload)
  const sig = fromBase64Url(signature)
  if (!json || !sig || sig.length !== SIGNATURE_BYTES || extra !== undefined) return { ok: false, reason: 'manifest is malformed' }
  let raw: unknown
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json))
  } catch {
    return { ok: false, reason: 'manifest is not JSON' }
  }
  const parsed = manifestSchema.safeParse(raw)
  if (!parsed.success) return { ok: false, reason: `manifest is invalid (${parsed.error.issues[0]?.path.join('.') ?? 'shape'})` }
  const manifest = parsed.data
  if (authorKey !== undefined && manifest.author.publicKey !== authorKey) return { ok: false, reason: 'manifest claims another author' }
  if (!verifyBytes(fromBase64Url(manifest.author.publicKey), concatBytes(DOMAIN, json), sig)) return { ok: false, reason: 'manifest signature does not match its author' }
  return { ok: true, manifest, text }
}

/** True when `next` may replace `current`: the same share and author, and newer. */
export function supersedes(next: ShareManifest, current: ShareManifest | null): boolean {
  if (!current) return true
  return next.shareId === current.shareId && next.author.publicKey === current.author.publicKey && next.version > current.version && next.epoch >= current.epoch
}

/** Who a key is in a share: the author, an active member, a removed one, or no one. */
export type Standing =
  | { kind: 'author' }
  | { kind: 'member'; member: ManifestMember }
  | { kind: 'removed'; member: ManifestMember }
  | { kind: 'stranger' }

export function standingOf(manifest: ShareManifest, publicKey: Uint8Array): Standing {
  if (equalBytes(fromBase64Url(manifest.author.publicKey)!, publicKey)) return { kind: 'author' }
  const encoded = toBase64Url(publicKey)
  const member = manifest.members.find((m) => m.key === encoded)
  if (!member) return { kind: 'stranger' }
  return member.status === 'removed' ? { kind: 'removed', member } : { kind: 'member', member }
}

/** The member an unexpired invite in the manifest was made for, if `inviteKey` is one. */
export function invitedBy(manifest: ShareManifest, inviteKey: Uint8Array, now: number): ManifestMember | null {
  const encoded = toBase64Url(inviteKey)
  const member = manifest.members.find((m) => m.invite?.key === encoded)
  if (!member || member.status === 'removed' || (member.invite?.expiresAt ?? 0) < now) return null
  return member
}

/** The member id (key fingerprint) comments use for a manifest member, once their key is bound. */
export function memberIdOf(member: ManifestMember): string | null {
  const publicKey = member.key ? fromBase64Url(member.key) : null
  return publicKey ? memberIdFor(publicKey) : null
}

/** Whether a key may write changes to the chapter `docKey`, and up to which counter (removed members). */
export function writeRightsOf(manifest: ShareManifest, publicKey: Uint8Array, docKey: string): { isAuthor: boolean; maxSeq: number } | null {
  const standing = standingOf(manifest, publicKey)
  if (standing.kind === 'author') return { isAuthor: true, maxSeq: Infinity }
  if (standing.kind === 'member') return standing.member.chapters.includes(docKey) ? { isAuthor: false, maxSeq: Infinity } : null
  if (standing.kind === 'removed') {
    const last = standing.member.finalSeq?.[docKey] ?? 0
    return last > 0 ? { isAuthor: false, maxSeq: last } : null
  }
  return null
}
