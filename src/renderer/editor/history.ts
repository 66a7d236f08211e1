/**
 * The author's undo history: ProseMirror's own history, with steps that end
 * where writers expect them to.
 *
 * The manuscript has one writer (the author's editor; peers only ever reach a
 * replica), so there is nothing to undo selectively: ProseMirror's linear
 * history returns exactly to each earlier state, and y-prosemirror writes
 * each undo to Yjs like any edit. y-prosemirror's Y.UndoManager, used before,
 * lost text: after undoing into an empty chapter the editor's filled-in
 * paragraph was written back as a new change and wiped the redo stack, and
 * its grouping made one Ctrl+Z take back a whole burst of typing.
 */
import type { Node } from 'prosemirror-model'
import { closeHistory, history } from 'prosemirror-history'
import { Plugin, type Transaction } from 'prosemirror-state'
import { ReplaceAroundStep, ReplaceStep, type Step } from 'prosemirror-transform'
import { ySyncPluginKey } from 'y-prosemirror'

/** A pause longer than this between two changes ends an undo step. */
export const PAUSE_MS = 500
/** Undo steps kept per chapter: far more than a session's worth, so undo reaches back to where it began. */
export const HISTORY_DEPTH = 10_000

const SENTENCE_END = /[.!?…]["'”’»)\]]*\s$/u

/**
 * True when a local transaction should close the current undo step: it ended
 * a sentence (punctuation, then a space) or broke, joined or inserted blocks.
 * Pauses and edits elsewhere in the text end steps in prosemirror-history itself.
 */
export function isStepBoundary(tr: Transaction): boolean {
  if (!tr.docChanged) return false
  if (tr.steps.some((step, i) => isStructural(step, tr.docs[i]!))) return true
  const { $head } = tr.selection
  const before = $head.parent.textBetween(Math.max(0, $head.parentOffset - 4), $head.parentOffset, undefined, '\uFFFC')
  return SENTENCE_END.test(before)
}

/** A step that splits, joins or inserts blocks rather than editing inside one. */
function isStructural(step: Step, doc: Node): boolean {
  if (step instanceof ReplaceAroundStep) return true
  if (!(step instanceof ReplaceStep)) return false
  if (!doc.resolve(step.from).sameParent(doc.resolve(step.to))) return true
  const first = step.slice.content.firstChild
  return step.slice.openStart > 0 || (first !== null && first.isBlock)
}

function isFromYjs(tr: Transaction): boolean {
  return (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin === true
}

/** Closes the step after sentences and paragraph breaks, and before and after a paste. */
function stepBoundaries(): Plugin {
  return new Plugin({
    appendTransaction(transactions, _old, state) {
      const ends = transactions.some((tr) => !isFromYjs(tr) && (tr.getMeta('paste') === true || isStepBoundary(tr)))
      return ends ? closeHistory(state.tr) : null
    },
    props: {
      handlePaste(view) {
        view.dispatch(closeHistory(view.state.tr))
        return false
      },
    },
  })
}

/** The history plugins for a chapter; they belong after ySyncPlugin. */
export function chapterHistory(): Plugin[] {
  return [history({ depth: HISTORY_DEPTH, newGroupDelay: PAUSE_MS }), stepBoundaries()]
}
