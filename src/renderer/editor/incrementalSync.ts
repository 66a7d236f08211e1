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
 * This wrapper answers with a step over the changed top-level blocks only:
 *
 * - When no block was added or removed at the top level (typing, marks,
 *   anything inside a paragraph, list or quote), the blocks whose Yjs
 *   subtree changed are found from the Yjs transaction, built again by
 *   y-prosemirror's own node builder (through initProseMirrorDoc), and
 *   replaced where their old nodes sit. Nothing else is visited.
 * - Otherwise (splits, joins, new blocks) y-prosemirror does all of its own
 *   work and its transaction is narrowed before it reaches the view: the
 *   blocks at the start and end that are the very same node objects are left
 *   out. The document is the one y-prosemirror built, node for node
 *   (checked; otherwise its own transaction goes through unchanged).
 *
 * Either way the cache (`mapping`) that comment anchors read stays
 * y-prosemirror's, kept as it keeps it. Local typing is untouched: it still
 * goes through y-prosemirror's write path.
 */
import { Fragment, Slice, type Node } from 'prosemirror-model'
import { AllSelection, NodeSelection, Selection, TextSelection, type EditorState, type Plugin, type Transaction } from 'prosemirror-state'
import { ReplaceStep } from 'prosemirror-transform'
import type { EditorView } from 'prosemirror-view'
import { initProseMirrorDoc, relativePositionToAbsolutePosition, ySyncPluginKey } from 'y-prosemirror'
import * as Y from 'yjs'

type YEvents = Array<Y.YEvent<Y.AbstractType<unknown>>>
type Mapping = Parameters<typeof relativePositionToAbsolutePosition>[3]

/** The part of y-prosemirror's ProsemirrorBinding this wrapper relies on (1.3.7). */
interface BindingInternals {
  type: Y.XmlFragment
  doc: Y.Doc
  mapping: Mapping
  prosemirrorView: EditorView | null
  mux: (f: () => void) => void
  /** The selection as relative positions, taken before the Yjs transaction. */
  beforeTransactionSelection: { type: string; anchor: Y.RelativePosition | null; head: Y.RelativePosition | null } | null
  _isLocalCursorInView(): boolean
  _typeChanged(events: YEvents, transaction: Y.Transaction): void
  _observeFunction: (events: YEvents, transaction: Y.Transaction) => void
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

/** The top-level block holding `type`, or null for the fragment itself and anything not in it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Yjs types its changed maps with any
function topLevelOf(fragment: Y.XmlFragment, type: Y.AbstractType<any>): Y.AbstractType<unknown> | null {
  let current = type as Y.AbstractType<unknown>
  while (current._item !== null) {
    const parent = current._item.parent as Y.AbstractType<unknown>
    if (parent === (fragment as Y.AbstractType<unknown>)) return current
    current = parent
  }
  return null
}

/** Selection as y-prosemirror restores it after a remote change (its restoreRelativeSelection). */
function restoreSelection(tr: Transaction, binding: BindingInternals): void {
  const saved = binding.beforeTransactionSelection
  if (!saved?.anchor || !saved.head) return
  if (saved.type === 'all') {
    tr.setSelection(new AllSelection(tr.doc))
    return
  }
  const absolute = (pos: Y.RelativePosition) => relativePositionToAbsolutePosition(binding.doc, binding.type, pos, binding.mapping)
  const anchor = absolute(saved.anchor)
  if (anchor === null) return
  if (saved.type === 'node') {
    tr.setSelection(NodeSelection.create(tr.doc, anchor))
    return
  }
  const head = absolute(saved.head)
  if (head !== null) tr.setSelection(TextSelection.between(tr.doc.resolve(anchor), tr.doc.resolve(head)))
}

/**
 * The common case, made without visiting unchanged blocks: no top-level
 * block came or went, so each changed block is rebuilt where its old node
 * sits. Returns false, having changed nothing, when the case does not apply.
 */
function patchChangedBlocks(binding: BindingInternals, transaction: Y.Transaction): boolean {
  const view = binding.prosemirrorView!
  const sync = ySyncPluginKey.getState(view.state) as { snapshot?: unknown; prevSnapshot?: unknown }
  if (sync.snapshot != null || sync.prevSnapshot != null || transaction.changed.has(binding.type as never)) return false
  const blocks = new Set<Y.AbstractType<unknown>>()
  for (const type of [...transaction.changed.keys(), ...transaction.changedParentTypes.keys()]) {
    const block = topLevelOf(binding.type, type)
    if (block) blocks.add(block)
  }
  const doc = view.state.doc
  const children = (doc.content as unknown as { content: readonly Node[] }).content
  const changed: Array<{ index: number; block: Y.XmlElement }> = []
  for (const block of blocks) {
    const old = binding.mapping.get(block)
    const index = old && !Array.isArray(old) ? children.indexOf(old) : -1
    if (!(block instanceof Y.XmlElement) || index < 0) return false
    changed.push({ index, block })
  }
  // Forget the nodes of what changed, as y-prosemirror's _typeChanged does, so they are built again.
  Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
    if (struct instanceof Y.Item && struct.content instanceof Y.ContentType) binding.mapping.delete(struct.content.type)
  })
  for (const type of transaction.changed.keys()) binding.mapping.delete(type)
  for (const type of transaction.changedParentTypes.keys()) binding.mapping.delete(type)
  const tr = view.state.tr.setMeta('addToHistory', false)
  // From the last block back, so earlier positions stay valid.
  for (const { index, block } of changed.sort((a, b) => b.index - a.index)) {
    // y-prosemirror's own builder, given a one-block "fragment": the same nodes, marks and cache entries it makes.
    const built = initProseMirrorDoc({ toArray: () => [block] } as unknown as Y.XmlFragment, view.state.schema)
    if (built.doc.childCount !== 1) return false
    for (const [type, node] of built.mapping) binding.mapping.set(type, node)
    let from = 0
    for (let i = 0; i < index; i++) from += children[i]!.nodeSize
    tr.step(new ReplaceStep(from, from + children[index]!.nodeSize, new Slice(Fragment.from(built.doc.child(0)), 0, 0)))
  }
  restoreSelection(tr, binding)
  tr.setMeta(ySyncPluginKey, { isChangeOrigin: true, isUndoRedoOperation: transaction.origin instanceof Y.UndoManager })
  if (binding.beforeTransactionSelection !== null && binding._isLocalCursorInView()) tr.scrollIntoView()
  view.dispatch(tr)
  return true
}

/** y-prosemirror's own answer to a change, narrowed to the blocks that differ on its way to the view. */
function narrowedTypeChanged(binding: BindingInternals, events: YEvents, transaction: Y.Transaction): void {
  const view = binding.prosemirrorView
  if (!view) return
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
    if (!binding.prosemirrorView) return
    let patched = true
    // The mutex is held while this editor writes to Yjs: its own changes are not read back (as in y-prosemirror).
    binding.mux(() => (patched = patchChangedBlocks(binding, transaction)))
    if (!patched) narrowedTypeChanged(binding, events, transaction)
  }
  return plugin
}
