/**
 * Whether an author's manuscript and its share replica still show the same
 * chapter. The replica is fed one way from the manuscript, so it can only be
 * ahead: when the manuscript lost changes on disk (damage, a crash between
 * the two writes), the replica and every reviewer still hold them.
 */
import * as Y from 'yjs'
import { textAhead } from '../../shared/textHistory'
import { countWords } from '../../shared/words'
import { TEXT_ROOT } from '../../shared/ydoc'

export type ReplicaComparison =
  | { kind: 'same' }
  /** Only history differs (text typed and deleted again): joining it changes nothing the author sees. */
  | { kind: 'history'; update: Uint8Array }
  /** The replica shows text the manuscript lost; `words` is how many more words restoring brings. */
  | { kind: 'text'; update: Uint8Array; words: number }

export function compareWithReplica(replica: Y.Doc, manuscript: Y.Doc): ReplicaComparison {
  const update = textAhead(replica, manuscript)
  if (!update) return { kind: 'same' }
  const restored = new Y.Doc()
  Y.applyUpdate(restored, Y.encodeStateAsUpdate(manuscript))
  const before = restored.getXmlFragment(TEXT_ROOT).toString()
  const wordsBefore = wordsOf(restored)
  Y.applyUpdate(restored, update)
  if (restored.getXmlFragment(TEXT_ROOT).toString() === before) return { kind: 'history', update }
  return { kind: 'text', update, words: Math.max(0, wordsOf(restored) - wordsBefore) }
}

function wordsOf(doc: Y.Doc): number {
  let words = 0
  const fragment = doc.getXmlFragment(TEXT_ROOT)
  for (const node of fragment.createTreeWalker(() => true)) {
    if (!(node instanceof Y.XmlText)) continue
    const delta = node.toDelta() as Array<{ insert: unknown }>
    words += countWords(delta.map((op) => (typeof op.insert === 'string' ? op.insert : ' ')).join(''))
  }
  return words
}
