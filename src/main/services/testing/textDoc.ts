/** Y.Docs for storage tests: real edits, captured as the updates the renderer would send. */
import * as Y from 'yjs'

export const TEXT_ROOT = 'body'

export interface RecordingDoc {
  doc: Y.Doc
  text: Y.Text
  /** Every update the doc emitted, in order. */
  updates: Uint8Array[]
}

export function recordingDoc(): RecordingDoc {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  return { doc, text: doc.getText(TEXT_ROOT), updates }
}

/** A fresh doc holding `update` (nothing if it is empty). */
export function docFrom(update: Uint8Array): Y.Doc {
  const doc = new Y.Doc()
  if (update.length > 0) Y.applyUpdate(doc, update)
  return doc
}

/** The text a stored update decodes to. */
export function textOf(update: Uint8Array): string {
  return docFrom(update).getText(TEXT_ROOT).toString()
}
