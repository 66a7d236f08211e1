import type { Command, EditorState } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { redo, undo } from 'prosemirror-history'
import { schema } from '../../shared/schema'
import { Menu } from '../ui/Menu'
import {
  insertSceneBreak,
  isBlockActive,
  isInside,
  isMarkActive,
  makeHeading,
  makeParagraph,
  toggleBlockquote,
  toggleBold,
  toggleBulletList,
  toggleItalic,
  toggleOrderedList,
} from './commands'
import { SHORTCUTS, shortcutLabel } from './plugins'

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform)
const { nodes, marks } = schema

interface Tool {
  label: string
  text: string
  command: Command
  shortcut?: string
  active?: (state: EditorState) => boolean
  className?: string
  /** Folded into the “More formatting” menu in a narrow window. */
  folds?: boolean
}

const groups: Tool[][] = [
  [
    { label: 'Undo', text: '↶', command: undo, shortcut: SHORTCUTS.undo },
    { label: 'Redo', text: '↷', command: redo, shortcut: SHORTCUTS.redo },
  ],
  [
    { label: 'Paragraph', text: '¶', command: makeParagraph, shortcut: SHORTCUTS.paragraph, active: (s) => isBlockActive(s, nodes.paragraph!), folds: true },
    { label: 'Heading 1', text: 'H1', command: makeHeading(1), shortcut: SHORTCUTS.heading1, active: (s) => isBlockActive(s, nodes.heading!, { level: 1 }), folds: true },
    { label: 'Heading 2', text: 'H2', command: makeHeading(2), shortcut: SHORTCUTS.heading2, active: (s) => isBlockActive(s, nodes.heading!, { level: 2 }), folds: true },
  ],
  [
    { label: 'Bold', text: 'B', command: toggleBold, shortcut: SHORTCUTS.bold, active: (s) => isMarkActive(s, marks.strong!), className: 'tool-bold' },
    { label: 'Italic', text: 'I', command: toggleItalic, shortcut: SHORTCUTS.italic, active: (s) => isMarkActive(s, marks.em!), className: 'tool-italic' },
  ],
  [
    { label: 'Block quote', text: '❝', command: toggleBlockquote, shortcut: SHORTCUTS.quote, active: (s) => isInside(s, nodes.blockquote!), folds: true },
    { label: 'Bullet list', text: '•≡', command: toggleBulletList, shortcut: SHORTCUTS.bulletList, active: (s) => isInside(s, nodes.bullet_list!), folds: true },
    { label: 'Numbered list', text: '1≡', command: toggleOrderedList, shortcut: SHORTCUTS.orderedList, active: (s) => isInside(s, nodes.ordered_list!), folds: true },
    { label: 'Scene break', text: '⁂', command: insertSceneBreak, shortcut: SHORTCUTS.sceneBreak, folds: true },
  ],
]

/** What the toolbar draws from a state: whether each tool is pressed and whether it applies. */
export function toolbarParts(state: EditorState): boolean[] {
  return groups.flat().flatMap((tool) => [tool.active?.(state) ?? false, Boolean(tool.command(state))])
}

function run(tool: Tool, view: EditorView | null): void {
  if (!view) return
  tool.command(view.state, view.dispatch, view)
  view.focus()
}

interface ToolbarProps {
  view: EditorView | null
  state: EditorState | null
  /** Narrow window: block formatting folds into one “More formatting” menu. */
  compact?: boolean
}

/** Formatting buttons; each shows its shortcut and whether it applies at the caret. */
export function Toolbar({ view, state, compact = false }: ToolbarProps) {
  const shown = groups.map((group) => group.filter((tool) => !(compact && tool.folds))).filter((group) => group.length > 0)
  const folded = compact ? groups.flat().filter((tool) => tool.folds) : []
  return (
    <div className="toolbar" role="toolbar" aria-label="Formatting">
      {shown.map((group, i) => (
        <div className="tool-group" key={i}>
          {group.map((tool) => {
            const active = state && tool.active ? tool.active(state) : undefined
            const enabled = Boolean(state && tool.command(state))
            const shortcut = tool.shortcut ? shortcutLabel(tool.shortcut, isMac) : ''
            return (
              <button
                key={tool.label}
                type="button"
                className={`tool ${tool.className ?? ''}`}
                aria-pressed={active}
                aria-keyshortcuts={tool.shortcut?.replace('Mod', isMac ? 'Meta' : 'Control').replaceAll('-', '+')}
                title={shortcut ? `${tool.label} (${shortcut})` : tool.label}
                disabled={!enabled}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => run(tool, view)}
              >
                {/* The glyph is a picture of the name; the name itself is the hidden text. */}
                <span aria-hidden="true">{tool.text}</span>
                <span className="visually-hidden">{tool.label}</span>
              </button>
            )
          })}
        </div>
      ))}
      {folded.length > 0 && (
        <Menu
          label="More formatting"
          className="tool-overflow"
          items={folded.map((tool) => ({
            label: tool.label,
            checked: state && tool.active ? tool.active(state) : undefined,
            disabled: !(state && tool.command(state)),
            hint: tool.shortcut ? shortcutLabel(tool.shortcut, isMac) : undefined,
            onSelect: () => run(tool, view),
          }))}
        >
          ¶▾
        </Menu>
      )}
    </div>
  )
}
