/**
 * Drives a chapter's Y.XmlFragment the way the editor does, without a DOM:
 * each edit is a real ProseMirror transaction on the document rendered from
 * Yjs, written back with y-prosemirror's `updateYFragment` — the very
 * function the sync plugin runs after every local transaction — so tests see
 * exactly what the binding does to Yjs items on typing, splits and joins.
 */
import * as Y from 'yjs'
import { EditorState, type Transaction } from 'prosemirror-state'
import type { Node } from 'prosemirror-model'
import { initProseMirrorDoc, prosemirrorJSONToYXmlFragment, updateYFragment } from 'y-prosemirror'
import type { ProsemirrorMapping } from '../anchors'
import { schema } from '../schema'
import { TEXT_ROOT } from '../ydoc'

/** What an editor bound to the fragment would show: the document and the binding's mapping. */
export interface Rendered {
  pmDoc: Node
  mapping: ProsemirrorMapping
}

/** Renders the fragment as the sync plugin would after a remote change. */
export function render(fragment: Y.XmlFragment): Rendered {
  const { doc, mapping } = initProseMirrorDoc(fragment, schema)
  return { pmDoc: doc, mapping: mapping as ProsemirrorMapping }
}

/** A chapter made of plain paragraphs, written into a fresh (or given) Y.Doc. */
export function chapterDoc(paragraphs: readonly string[], doc = new Y.Doc()): Y.Doc {
  const content = paragraphs.map((text) => ({ type: 'paragraph', content: text ? [{ type: 'text', text }] : [] }))
  prosemirrorJSONToYXmlFragment(schema, { type: 'doc', content }, doc.getXmlFragment(TEXT_ROOT))
  return doc
}

/** Applies one local ProseMirror transaction through the binding's write path. */
export function edit(fragment: Y.XmlFragment, change: (tr: Transaction) => void): Rendered {
  const doc = fragment.doc
  if (doc === null) throw new Error('edit: the fragment is not part of a Y.Doc')
  const { doc: pmDoc, meta } = initProseMirrorDoc(fragment, schema)
  const tr = EditorState.create({ schema, doc: pmDoc }).tr
  change(tr)
  updateYFragment(doc, fragment, tr.doc, meta)
  return render(fragment)
}

/** The chapter's text, one line per block. */
export function textOf(fragment: Y.XmlFragment): string {
  const { pmDoc } = render(fragment)
  return pmDoc.textBetween(0, pmDoc.content.size, '\n', '\n')
}

/** The range of the `occurrence`-th appearance of `text` inside one textblock. */
export function find(pmDoc: Node, text: string, occurrence = 0): { from: number; to: number } {
  let seen = 0
  let found: { from: number; to: number } | null = null
  pmDoc.descendants((node, pos) => {
    if (found || !node.isTextblock) return !found
    // Inline leaves (hard breaks) take one character, as they take one position.
    const content = node.textBetween(0, node.content.size, undefined, '\uFFFC')
    for (let i = content.indexOf(text); i >= 0; i = content.indexOf(text, i + 1)) {
      if (seen++ === occurrence) {
        found = { from: pos + 1 + i, to: pos + 1 + i + text.length }
        break
      }
    }
    return false
  })
  if (!found) throw new Error(`find: "${text}" #${occurrence} is not in the document`)
  return found
}
