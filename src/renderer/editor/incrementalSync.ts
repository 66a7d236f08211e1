/**
 * y-prosemirror's binding, answering a remote change with a step over the
 * blocks that changed instead of a new document.
 *
 * y-prosemirror 1.3.7 (ProsemirrorBinding._typeChanged) rebuilds the
 * document's children from its cache (only the changed Yjs types are turned
 * into nodes again, the rest are the same node objects) and dispatches a
 * transaction that replaces the whole document with them. Everything
 * downstream then pays for the whole chapter: ProseMirror maps every
 * decoration and the selection through a replacement of everything, and
 * plugins cannot tell which paragraph changed.
 *
 * This wrapper lets y-prosemirror do all of its own work (the cache, node
 * creation, the relative selection, its metas) and only narrows the
 * transaction before it reaches the view: the blocks at the start and end
 * that are the very same node objects are left out, and one step replaces
 * the top-level blocks in between. The resulting document is the one
 * y-prosemirror built, node for node (checked; otherwise its own
 * transaction goes through unchanged). Local typing is untouched: it still
 * goes through y-prosemirror's write path.
 */
import { Fragment, Slice, type Node } from 'prosemirror-model'
import { Selection, type EditorState, type Plugin, type Transaction } from 'prosemirror-state'
import { ReplaceStep } from 'prosemirror-transform'
import type { EditorView } from 'prosemirror-view'
import { ySyncPluginKey } from 'y-prosemirror'
import type * as Y from 'yjs'

/** The part of y-prosemirror's ProsemirrorBinding this wrapper relies on (1.3.7). */
interface BindingInternals {
  prosemirrorView: EditorView | null
  _typeChanged(events: Array<Y.YEvent<Y.AbstractType<unknown>>>, transaction: Y.Transaction): void
  _observeFunction: (events: Array<Y.YEvent<Y.AbstractType<unknown>>>, transaction: Y.Transaction) => void
}

/** The top-level blocks that differ between two documents: [from, toA) in `a` became [from, toB) in `b` (indexes). */
export function changedBlocks(a: Node, b: Node): { from: number; toA: number; toB: number } | null {
  const countA = a.childCount
  const countB = b.childCount
  let from = 0
  while (from < countA && from < countB && a.child(from) === b.child(from)) from++
  let toA = countA
  let toB = countB
  while (toA > from && toB > from && a.child(toA - 1) === b.child(toB - 1)) {
    toA--
    toB--
  }
  return from === toA && from === toB ? null : { from, toA, toB }
}

function offsetOf(doc: Node, index: number): number {
  let offset = 0
  for (let i = 0; i < index; i++) offset += doc.child(i).nodeSize
  return offset
}

/**
 * The same change as `whole` (a transaction from `state` that replaced the
 * document), as one step over the changed blocks; null when that cannot be
 * made to give exactly `whole.doc`.
 */
export function narrowTransaction(state: EditorState, whole: Transaction): Transaction | null {
  const before = state.doc
  const after = whole.doc
  const changed = changedBlocks(before, after)
  const tr = state.tr
  if (changed) {
    const from = offsetOf(before, changed.from)
    const toA = offsetOf(before, changed.toA)
    const blocks: Node[] = []
    for (let i = changed.from; i < changed.toB; i++) blocks.push(after.child(i))
    const result = tr.maybeStep(new ReplaceStep(from, toA, new Slice(Fragment.from(blocks), 0, 0)))
    if (result.failed) return null
  }
  // Same blocks, same order: the documents are equal (node identity makes this cheap).
  if (!tr.doc.eq(after)) return null
  if (whole.selectionSet) {
    try {
      tr.setSelection(Selection.fromJSON(tr.doc, whole.selection.toJSON()))
    } catch {
      return null
    }
  }
  for (const key of [ySyncPluginKey, 'addToHistory']) {
    const meta: unknown = whole.getMeta(key)
    if (meta !== undefined) tr.setMeta(key, meta)
  }
  if (whole.scrolledIntoView) tr.scrollIntoView()
  return tr
}

function bindingOf(plugin: Plugin): BindingInternals {
  // ySyncPlugin keeps its binding in a closure; its state's init hands it out (and has no side effects).
  const init = plugin.spec.state?.init as ((config: unknown, state: unknown) => { binding?: BindingInternals }) | undefined
  const binding = init?.({}, null)?.binding
  if (!binding || typeof binding._typeChanged !== 'function') throw new Error('incrementalSync: this y-prosemirror has no ProsemirrorBinding to wrap')
  return binding
}

/**
 * Wraps a ySyncPlugin (before its view exists) so remote changes reach the
 * view as a step over the changed blocks. Returns the same plugin.
 */
export function incrementalSync(plugin: Plugin): Plugin {
  const binding = bindingOf(plugin)
  binding._observeFunction = (events, transaction) => {
    const view = binding.prosemirrorView
    if (!view) return
    // y-prosemirror dispatches through the view; narrow that one transaction on its way.
    const own = Object.prototype.hasOwnProperty.call(view, 'dispatch')
    const dispatch = view.dispatch
    view.dispatch = (tr: Transaction) => dispatch.call(view, (tr.docChanged && narrowTransaction(view.state, tr)) || tr)
    try {
      binding._typeChanged(events, transaction)
    } finally {
      if (own) view.dispatch = dispatch
      else delete (view as { dispatch?: unknown }).dispatch
    }
  }
  return plugin
}
