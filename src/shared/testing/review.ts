/** Fixtures for review-round tests: people with real key pairs, and the sealing their Quire would use. */
import { keyPairFromSeed, memberIdFor } from '../identity'
import { contentKeyFrom, openBoxWithKey, sealBox, sealedKeyFor, type SealedBox } from '../review/box'
import { openSealed } from '../trust/sealed'
import type { CommentsContext, Person, Sealing } from '../comments/model'

export interface KeyedPerson extends Person {
  publicKey: Uint8Array
  secretKey: Uint8Array
}

let counter = 0
/** Deterministic random bytes, for repeatable tests. */
export function testRandom(length: number): Uint8Array {
  const out = new Uint8Array(length)
  for (let i = 0; i < length; i++) out[i] = (counter++ * 151 + i * 31 + 7) & 0xff
  return out
}

export function keyedPerson(name: string, seed: number): KeyedPerson {
  const { publicKey, secretKey } = keyPairFromSeed(new Uint8Array(32).fill(seed))
  return { id: memberIdFor(publicKey), name, publicKey, secretKey }
}

/** Opens a box with `me`'s secret key, as main's `sealed:open` and the renderer's unsealer do together. */
export function openAs(me: KeyedPerson, box: SealedBox): string | null {
  const sealedKey = sealedKeyFor(box, me.id)
  const opened = sealedKey ? openSealed(sealedKey, me.secretKey) : null
  const key = contentKeyFrom(opened ? new TextDecoder().decode(opened) : null)
  return key ? openBoxWithKey(box, key) : null
}

/** The sealing `me`'s Quire would use: keys of everyone in `people`. */
export function sealingFor(me: KeyedPerson, people: readonly KeyedPerson[]): Sealing {
  const keys = new Map(people.map((p) => [p.id, p.publicKey]))
  return {
    seal: (plaintext, recipients) => {
      const found = recipients.map((id) => ({ id, publicKey: keys.get(id) }))
      if (found.some((r) => !r.publicKey)) return null
      return sealBox(found as Array<{ id: string; publicKey: Uint8Array }>, plaintext, testRandom)
    },
    open: (box) => openAs(me, box),
  }
}

/** What `reader` sees of the comments: names of everyone, their own key to open sealed entries. */
export function contextFor(reader: KeyedPerson, bookAuthor: KeyedPerson, people: readonly KeyedPerson[]): CommentsContext {
  const names = new Map(people.map((p) => [p.id, p.name]))
  return { bookAuthorId: bookAuthor.id, nameOf: (id) => names.get(id), unseal: (box) => openAs(reader, box) }
}
