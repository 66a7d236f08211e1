/**
 * The Sealing a shared chapter's writer uses (src/shared/comments/model.ts):
 * recipients' keys from the share (the book's author), the user's profile,
 * and keys members published in the chapter; opening through the window's
 * Unsealer.
 */
import type * as Y from 'yjs'
import type { Sealing } from '../../shared/comments'
import { fromBase64Url } from '../../shared/identity'
import { sealBoxWithKey, type Recipient } from '../../shared/review/box'
import { publishedKey } from '../../shared/review/mode'
import type { Unsealer } from './unsealer'

const randomBytes = (length: number): Uint8Array => crypto.getRandomValues(new Uint8Array(length))

/** Known keys: member id → base64url public key (the book's author, the user). */
export type KnownKeys = ReadonlyMap<string, string>

export function keyOf(doc: Y.Doc, known: KnownKeys, memberId: string): Uint8Array | null {
  const listed = known.get(memberId)
  const key = listed ? fromBase64Url(listed) : null
  return key ?? publishedKey(doc, memberId)
}

export function sealingFor(doc: Y.Doc, known: KnownKeys, unsealer: Unsealer): Sealing {
  return {
    seal(plaintext, recipientIds) {
      const recipients: Recipient[] = []
      for (const id of recipientIds) {
        const publicKey = keyOf(doc, known, id)
        if (!publicKey) return null
        recipients.push({ id, publicKey })
      }
      const sealed = sealBoxWithKey(recipients, plaintext, randomBytes)
      if (!sealed) return null
      unsealer.rememberOwn(sealed.box, sealed.contentKey)
      return sealed.box
    },
    open: (box) => unsealer.open(box),
  }
}

export { randomBytes }
