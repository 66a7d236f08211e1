/**
 * Trace edits as ProseMirror transactions — what a keystroke, Enter or
 * Backspace makes — usable in the page and in Node alike.
 */
import { Fragment, Slice, type Node } from 'prosemirror-model'
import { TextSelection, type EditorState, type Transaction } from 'prosemirror-state'
import { schema } from '../../src/shared/schema'
import type { Edit } from './traces'

/** One trace edit as the transaction typing it would make, caret after the inserted text. */
export function editTransaction(state: EditorState, edit: Edit): Transaction {
  const [from, to, , , text] = edit
  const tr = state.tr
  if (to > from) tr.delete(from, to)
  let caret = from
  if (text.length > 0) {
    if (text.includes('\n')) {
      const blocks = text.split('\n').map((part) => schema.nodes.paragraph!.create(null, part ? schema.text(part) : null))
      const slice = new Slice(Fragment.from(blocks), 1, 1)
      tr.replace(from, from, slice)
      caret = from + slice.size
    } else {
      tr.insertText(text, from)
      caret = from + text.length
    }
  }
  return tr.setSelection(TextSelection.create(tr.doc, caret))
}

/** The document's text, one line per paragraph: what the trace's flat text reads. */
export function textOf(doc: Node): string {
  return doc.textBetween(0, doc.content.size, '\n', '\n')
}
