import type { Node } from 'prosemirror-model'
import { countWords } from '../../shared/words'

export function wordsInDoc(doc: Node): number {
  return countWords(doc.textBetween(0, doc.content.size, '\n', ' '))
}
