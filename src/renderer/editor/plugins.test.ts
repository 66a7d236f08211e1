import { EditorState, TextSelection } from 'prosemirror-state'
import { expect, test } from 'vitest'
import { initProseMirrorDoc, prosemirrorToYXmlFragment, ySyncPluginKey } from 'y-prosemirror'
import * as Y from 'yjs'
import { schema } from '../../shared/schema'
import { readingPlugins } from './plugins'

function readingState(text: string): EditorState {
  const doc = new Y.Doc()
  const fragment = doc.getXmlFragment('prosemirror')
  prosemirrorToYXmlFragment(schema.node('doc', null, [schema.node('paragraph', null, [schema.text(text)])]), fragment)
  const initial = initProseMirrorDoc(fragment, schema)
  return EditorState.create({ schema, doc: initial.doc, plugins: readingPlugins(fragment, initial.mapping) })
}

test('a reading view refuses every local change to the text but lets the selection move', () => {
  const state = readingState('Read me.')
  for (const tr of [
    state.tr.insertText('typed', 1),
    state.tr.delete(1, 3),
    state.tr.replaceSelectionWith(schema.node('scene_break')),
    state.tr.setMeta(ySyncPluginKey, { isChangeOrigin: false }).insertText('claims to be local', 1),
  ]) {
    expect(state.applyTransaction(tr).state.doc.textContent).toBe('Read me.')
  }
  const moved = state.applyTransaction(state.tr.setSelection(TextSelection.create(state.doc, 1, 5))).state
  expect(moved.selection.from).toBe(1)
  expect(moved.selection.to).toBe(5)
})

test('changes that y-prosemirror brings from the Y.Doc (the author’s edits) still arrive', () => {
  const state = readingState('Read me.')
  const remote = state.tr.insertText('Now ', 1).setMeta(ySyncPluginKey, { isChangeOrigin: true })
  expect(state.applyTransaction(remote).state.doc.textContent).toBe('Now Read me.')
})
