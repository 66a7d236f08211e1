/** Formatting commands for the toolbar and shortcuts, and the checks that light their buttons. */
import { lift, setBlockType, toggleMark, wrapIn } from 'prosemirror-commands'
import type { MarkType, NodeType } from 'prosemirror-model'
import { TextSelection, type Command, type EditorState } from 'prosemirror-state'
import { liftListItem, wrapInList } from 'prosemirror-schema-list'
import { schema } from '../../shared/schema'

const { nodes, marks } = schema

export function isMarkActive(state: EditorState, type: MarkType): boolean {
  const { from, $from, to, empty } = state.selection
  if (empty) return Boolean(type.isInSet(state.storedMarks ?? $from.marks()))
  return state.doc.rangeHasMark(from, to, type)
}

/** True when the selection sits in a textblock of this type (and level, for headings). */
export function isBlockActive(state: EditorState, type: NodeType, attrs: Record<string, unknown> = {}): boolean {
  const { $from, to } = state.selection
  const parent = $from.parent
  return to <= $from.end() && parent.type === type && Object.entries(attrs).every(([k, v]) => parent.attrs[k] === v)
}

/** True when the selection is inside a wrapper of this type (list or quote). */
export function isInside(state: EditorState, type: NodeType): boolean {
  const { $from } = state.selection
  for (let depth = $from.depth; depth > 0; depth--) if ($from.node(depth).type === type) return true
  return false
}

export const toggleBold: Command = toggleMark(marks.strong!)
export const toggleItalic: Command = toggleMark(marks.em!)
export const makeParagraph: Command = setBlockType(nodes.paragraph!)
export const makeHeading = (level: 1 | 2): Command => (state, dispatch) =>
  isBlockActive(state, nodes.heading!, { level })
    ? setBlockType(nodes.paragraph!)(state, dispatch)
    : setBlockType(nodes.heading!, { level })(state, dispatch)

export const toggleBlockquote: Command = (state, dispatch) =>
  isInside(state, nodes.blockquote!) ? lift(state, dispatch) : wrapIn(nodes.blockquote!)(state, dispatch)

export const toggleList = (type: NodeType): Command => (state, dispatch) => {
  if (isInside(state, type)) return liftListItem(nodes.list_item!)(state, dispatch)
  return wrapInList(type)(state, dispatch)
}
export const toggleBulletList: Command = toggleList(nodes.bullet_list!)
export const toggleOrderedList: Command = toggleList(nodes.ordered_list!)

/**
 * Inserts a scene break after the current top-level block (or in place of an
 * empty paragraph) and puts the caret in a fresh paragraph below it.
 */
export const insertSceneBreak: Command = (state, dispatch) => {
  const { $from } = state.selection
  if ($from.depth < 1) return false
  const start = $from.before(1)
  const end = $from.after(1)
  const block = $from.node(1)
  const replaceEmpty = block.type === nodes.paragraph && block.content.size === 0
  if (dispatch) {
    const from = replaceEmpty ? start : end
    const tr = state.tr.replaceWith(from, end, [nodes.scene_break!.create(), nodes.paragraph!.create()])
    // from + 1 skips the scene break; + 1 more enters the new paragraph.
    dispatch(tr.setSelection(TextSelection.create(tr.doc, from + 2)).scrollIntoView())
  }
  return true
}
