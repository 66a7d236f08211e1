/**
 * The plain text of a chapter's Y.XmlFragment, read straight from Yjs: no
 * ProseMirror, no schema. One line per block, for word counts and for
 * comparing two copies of a chapter.
 */
import * as Y from 'yjs'
import { countWords } from './words'

/** The fragment's text, each textblock on its own line. */
export function fragmentText(fragment: Y.XmlFragment): string {
  const lines: string[] = []
  const visit = (node: Y.XmlElement | Y.XmlFragment): void => {
    let line: string | null = null
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText) {
        const inserts = (child.toDelta() as Array<{ insert: unknown }>).map((op) => (typeof op.insert === 'string' ? op.insert : ' '))
        line = (line ?? '') + inserts.join('')
      } else if (child instanceof Y.XmlElement) {
        if (line !== null) lines.push(line)
        line = null
        if (child.length === 0) lines.push('')
        else visit(child)
      }
    }
    if (line !== null) lines.push(line)
  }
  visit(fragment)
  return lines.join('\n')
}

/** Words in the fragment, counted as the editor counts them. */
export function fragmentWords(fragment: Y.XmlFragment): number {
  return countWords(fragmentText(fragment))
}
