/**
 * Comment threads of a shared chapter, as the app reads them.
 *
 * Each member writes only their own root of the chapter's Y.Doc
 * (`m:<member id>`, see store.ts), and every change there is signed by that
 * member (src/shared/trust). So a thread's author is the owner of the root it
 * sits in, a reply's author the owner of the root it sits in, and no member
 * can change or delete what another wrote. A thread is the sum of entries in
 * several roots: the thread itself in its author's, replies in each replier's,
 * and resolutions and refreshed anchors (the author re-places passages the
 * text moved under) in the thread author's and the book author's.
 */
import type { Anchor } from '../anchors'
import type { SealedBox } from '../review/box'

/** Longest comment or reply; longer bodies from peers are cut to this. */
export const MAX_BODY_CHARS = 10_000
export const MAX_NAME_CHARS = 200
/** Entries read from one member's root; beyond this a root is abuse. */
export const MAX_THREADS_PER_MEMBER = 5_000
export const MAX_REPLIES_PER_MEMBER = 20_000
/** Longest replacement a suggested edit may propose. */
export const MAX_SUGGESTION_CHARS = 20_000
/** Drafts of one chapter; far more than any book goes through. */
export const MAX_DRAFT = 10_000

/** Someone acting on comments: a member id (key fingerprint) and display name. */
export interface Person {
  id: string
  name: string
}

export interface Message {
  /** Unique across the chapter: `<author id>/<local id>`. */
  id: string
  authorId: string
  authorName: string
  /** Empty once deleted. */
  body: string
  createdAt: number
  editedAt?: number
  deleted: boolean
}

export interface Thread {
  /** Unique across the chapter: `<author id>/<local id>`. */
  id: string
  authorId: string
  authorName: string
  createdAt: number
  /** Where the thread sits now: the book author's refreshed anchor when there is one. */
  anchor: Anchor
  /** The passage as the thread's author quoted it; never rewritten. */
  quote: string
  resolved: boolean
  resolvedBy?: string
  resolvedByName?: string
  resolvedAt?: number
  /** The comment first, then the replies in time order; deleted ones stay as placeholders. */
  messages: Message[]
  /** Written before comments were signed: its author is a claim, not a proof. */
  legacy?: true
  /** A suggested edit: the passage (`quote`) replaced by `text`, and what the book's author decided. */
  suggestion?: Suggestion
  /** The draft the thread was written on (1 before any new draft was shared). */
  draft: number
  /** Sealed to the book's author and its writer (a blind review): no other reviewer can read it. */
  sealed?: true
  /** Its writer's verdict on a later draft: did the draft address the point? */
  addressed?: { addressed: boolean; at: number }
  /** What became of its passage when the book's author shared a later draft. */
  carried?: Carried
}

export interface Suggestion {
  /** The proposed replacement for the passage (empty: delete it). */
  text: string
  decision?: { accepted: boolean; byId: string; byName: string; at: number }
}

/** A thread of an earlier draft, as the book's author's Quire found its passage in a new draft. */
export interface Carried {
  /** The draft it was carried into. */
  draft: number
  /** anchored: the passage reads as quoted; changed: edited (`now` is how it reads); removed: deleted, never moved elsewhere. */
  state: 'anchored' | 'changed' | 'removed'
  now?: string
}

/** What reading threads needs to know about the share. */
export interface CommentsContext {
  /** The book author's member id: they may resolve any thread, and their anchors place threads. */
  bookAuthorId: string | null
  /** Display names by member id, from the share's signed member list. */
  nameOf: (memberId: string) => string | undefined
  /**
   * Opens a sealed box addressed to the reader: its text, null when the
   * reader cannot open it (it is not for them), undefined while it is being
   * opened (the caller hears when it is, and reads again). Without it,
   * sealed entries are not shown.
   */
  unseal?: (box: SealedBox) => string | null | undefined
}

/** How a writer seals entries (blind reviews), and opens their own sealed ones to change them. */
export interface Sealing {
  /** Seals `plaintext` to each recipient (member ids); null when a recipient's key is unknown or the text is too long. */
  seal(plaintext: string, recipients: readonly string[]): SealedBox | null
  open(box: SealedBox): string | null | undefined
}

/** Why a mutation was refused: errors as data, so the UI can say it plainly. */
export type CommentError =
  | 'not-found'
  | 'not-author'
  | 'deleted'
  | 'not-deleted'
  | 'invalid-body'
  | 'invalid-id'
  | 'invalid-author'
  | 'invalid-anchor'
  | 'duplicate-id'
  | 'not-allowed'
  | 'cannot-seal'
  | 'not-suggestion'
  | 'decided'

export type CommentResult = { ok: true } | { ok: false; error: CommentError }

export const OK: CommentResult = { ok: true }
export const refuse = (error: CommentError): CommentResult => ({ ok: false, error })

/** Trims a body; null when empty or too long. */
export function normalizeBody(body: string): string | null {
  if (typeof body !== 'string') return null
  const trimmed = body.trim()
  return trimmed.length >= 1 && trimmed.length <= MAX_BODY_CHARS ? trimmed : null
}

/** The chapter-wide id of a thread or message written by `authorId` under `localId`. */
export const globalId = (authorId: string, localId: string): string => `${authorId}/${localId}`

/** Splits a chapter-wide id; null when it is not one. */
export function splitId(id: string): { authorId: string; localId: string } | null {
  const at = typeof id === 'string' ? id.lastIndexOf('/') : -1
  if (at <= 0 || at === id.length - 1) return null
  return { authorId: id.slice(0, at), localId: id.slice(at + 1) }
}
