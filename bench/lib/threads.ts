/**
 * Comment threads for the benchmarks, in the page and in Node alike (no
 * Node modules here: the bench page bundles it).
 */
import type * as Y from 'yjs'
import { createAnchor, type ProsemirrorMapping } from '../../src/shared/anchors'
import { addThread, type Person } from '../../src/shared/comments'
import { render } from '../../src/shared/testing/editor'
import { TEXT_ROOT } from '../../src/shared/ydoc'
import { seededRandom } from './prose'

/**
 * Adds `count` comment threads on random passages of two to eight words,
 * anchored the way the editor anchors a selection, written by `me`. Only
 * non-empty paragraphs are commented on.
 */
export function addThreads(doc: Y.Doc, me: Person, count: number, seed: number): void {
  const random = seededRandom(seed)
  const fragment = doc.getXmlFragment(TEXT_ROOT)
  const { pmDoc, mapping } = render(fragment)
  const blocks: Array<{ pos: number; text: string }> = []
  pmDoc.forEach((node, offset) => {
    if (node.isTextblock && node.textContent.length > 0) blocks.push({ pos: offset + 1, text: node.textContent })
  })
  const start = Date.UTC(2026, 0, 1)
  for (let i = 0; i < count; i++) {
    const block = blocks[Math.floor(random() * blocks.length)]!
    const starts = [0, ...[...block.text.matchAll(/ /g)].map((m) => m.index! + 1)]
    const first = Math.floor(random() * starts.length)
    const last = Math.min(starts.length - 1, first + 1 + Math.floor(random() * 7))
    const from = block.pos + starts[first]!
    const to = last > first ? block.pos + starts[last]! - 1 : block.pos + block.text.length
    const anchor = createAnchor(fragment, mapping as ProsemirrorMapping, from, to, pmDoc)
    const result = addThread(doc, me, { id: `thread-${String(i).padStart(5, '0')}`, anchor, body: `Comment ${i}: is this the word you want here?`, now: start + i * 60_000 })
    if (!result.ok) throw new Error(`could not add thread ${i}: ${result.error}`)
  }
}
