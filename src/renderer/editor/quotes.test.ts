import { inputRules } from 'prosemirror-inputrules'
import { EditorState, TextSelection } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { expect, test } from 'vitest'
import { schema } from '../../shared/schema'
import { quoteRules } from './quotes'

/** Types `text` one key at a time into an empty paragraph, through the input rules, as the editor does. */
function typed(text: string): string {
  const plugin = inputRules({ rules: [...quoteRules] })
  let state = EditorState.create({ schema, plugins: [plugin] })
  state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, 1)))
  const view = {
    get state() {
      return state
    },
    composing: false,
    dispatch: (tr: ReturnType<EditorState['tr']['setMeta']>) => (state = state.apply(tr)),
  } as unknown as EditorView
  for (const char of text) {
    const { from, to } = state.selection
    const handled = plugin.props.handleTextInput?.call(plugin, view, from, to, char, () => state.tr.insertText(char, from, to))
    if (!handled) state = state.apply(state.tr.insertText(char, from, to))
  }
  return state.doc.textContent
}

test('elisions get an apostrophe, not an opening quote', () => {
  expect(typed("rock 'n' roll")).toBe('rock ’n’ roll')
  expect(typed("'Tis the season")).toBe('’Tis the season')
  expect(typed("back in the '90s, and '05.")).toBe('back in the ’90s, and ’05.')
  expect(typed("'twas 'cause of 'em.")).toBe('’twas ’cause of ’em.')
})

test('real quotations still open and close', () => {
  expect(typed("she said 'never' and \"always\"")).toBe('she said ‘never’ and “always”')
  expect(typed("'nothing' is not an elision")).toBe('‘nothing’ is not an elision')
  expect(typed("it's Ada's")).toBe('it’s Ada’s')
})
