import type { Node } from 'prosemirror-model'
import { countWords } from '../../shared/words'

/**
 * Words per top-level block, kept while the block node lives: ProseMirror
 * shares unchanged blocks between documents, so counting again after an
 * edit costs the changed blocks only, not the whole chapter.
 */
const blockWords = new WeakMap<Node, number>()

function wordsInBlock(block: Node): number {
  let words = blockWords.get(block)
  if (words === undefined) {
    words = countWords(block.isLeaf ? block.textContent : block.textBetween(0, block.content.size, '\n', ' '))
    blockWords.set(block, words)
  }
  return words
}

/** The words of a chapter; blocks never run into each other, so the count is the sum over its blocks. */
export function wordsInDoc(doc: Node): number {
  let words = 0
  doc.forEach((block) => (words += wordsInBlock(block)))
  return words
}
