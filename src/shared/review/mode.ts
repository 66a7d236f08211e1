/**
 * How a share is reviewed, and the keys its members seal to.
 *
 *   m:<book author>  review  { mode: 'blind' | 'round-table', at }
 *   m:<any member>   key     base64url Ed25519 public key
 *
 * The book's author chooses the mode when inviting (and may open a blind
 * review to a round table later); their Quire writes it into every shared
 * chapter, where each reviewer's Quire reads it from the author's root only,
 * so no reviewer can switch a review for the others. Without a mode a share
 * is a round table, as before review rounds existed.
 *
 * Members publish their public key in their own root so others can seal to
 * them (the book's author replying in a blind review, revealing a question's
 * answers). A key counts only when it hashes to the root's member id.
 */
import type * as Y from 'yjs'
import { fromBase64Url, memberIdFor, PUBLIC_KEY_BYTES } from '../identity'
import { memberRoot } from '../trust/updateRules'
import type { Person } from '../comments/model'

export type ReviewMode = 'round-table' | 'blind'

function rootValue(doc: Y.Doc, memberId: string, key: string): unknown {
  const name = memberRoot(memberId)
  return doc.share.has(name) ? doc.getMap<unknown>(name).get(key) : undefined
}

/** The review mode the book's author set for this chapter; a round table when none. */
export function reviewModeOf(doc: Y.Doc, bookAuthorId: string | null): ReviewMode {
  if (!bookAuthorId) return 'round-table'
  const value = rootValue(doc, bookAuthorId, 'review') as { mode?: unknown } | undefined
  return value && typeof value === 'object' && value.mode === 'blind' ? 'blind' : 'round-table'
}

/** Whether the book's author has said how this chapter is reviewed at all. */
export function reviewModeSet(doc: Y.Doc, bookAuthorId: string): boolean {
  const value = rootValue(doc, bookAuthorId, 'review') as { mode?: unknown } | undefined
  return Boolean(value && typeof value === 'object' && (value.mode === 'blind' || value.mode === 'round-table'))
}

/** The book's author sets the mode (in their own root). Returns whether anything changed. */
export function setReviewMode(doc: Y.Doc, me: Person, mode: ReviewMode, now: number): boolean {
  if (reviewModeSet(doc, me.id) && reviewModeOf(doc, me.id) === mode) return false
  doc.transact(() => doc.getMap<unknown>(memberRoot(me.id)).set('review', { mode, at: now }))
  return true
}

/** Puts `me`'s public key into their root, once. */
export function publishKey(doc: Y.Doc, me: Person, publicKey: string): boolean {
  if (rootValue(doc, me.id, 'key') === publicKey) return false
  doc.transact(() => doc.getMap<unknown>(memberRoot(me.id)).set('key', publicKey))
  return true
}

/** A member's published public key, if it is really theirs. */
export function publishedKey(doc: Y.Doc, memberId: string): Uint8Array | null {
  const value = rootValue(doc, memberId, 'key')
  const key = typeof value === 'string' ? fromBase64Url(value) : null
  if (!key || key.length !== PUBLIC_KEY_BYTES) return null
  try {
    return memberIdFor(key) === memberId ? key : null
  } catch {
    return null
  }
}
