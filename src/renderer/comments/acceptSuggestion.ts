/**
 * Applying a suggested edit in the author's editor: one transaction that
 * replaces the passage with the proposed words, closed off in the undo
 * history on both sides, so one Ctrl+Z takes exactly the suggestion back and
 * neither earlier nor later typing joins it. The editor edits the author's
 * manuscript; the shared replica follows it like any edit.
 *
 * The passage must still read exactly as it did when the reviewer made the
 * suggestion, within one paragraph: otherwise the suggestion is stale and is
 * never applied blindly.
 */
import { closeHistory } from 'prosemirror-history'
import type { EditorView } from 'prosemirror-view'
import type { Thread } from '../../shared/comments'
import { placeIn } from './binding'

export type AcceptOutcome = 'applied' | 'stale' | 'not-a-suggestion'

export function applySuggestion(view: EditorView, thread: Thread): AcceptOutcome {
  const suggestion = thread.suggestion
  if (!suggestion) return 'not-a-suggestion'
  const state = view.state
  const place = placeIn(state, thread)
  if (place.detached) return 'stale'
  const { from, to } = place
  if (state.doc.textBetween(from, to, '\n', '\n') !== thread.quote) return 'stale'
  if (!state.doc.resolve(from).sameParent(state.doc.resolve(to))) return 'stale'
  const tr = closeHistory(state.tr)
  if (suggestion.text) tr.insertText(suggestion.text, from, to)
  else tr.delete(from, to)
  view.dispatch(tr.setMeta('quire-suggestion', thread.id).scrollIntoView())
  // Typing right after starts an undo step of its own.
  view.dispatch(closeHistory(view.state.tr))
  return 'applied'
}
