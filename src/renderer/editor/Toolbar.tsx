import type { Command, EditorState } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { redo, undo } from 'prosemirror-history'
import { schema } from '../../shared/schema'
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
}

const groups: Tool[][] = [
  [
    { label: 'Undo', text: '↶', command: undo, shortcut: SHORTCUTS.undo },
    { label: 'Redo', text: '↷', command: redo, shortcut: SHORTCUTS.redo },
  ],
  [
    { label: 'Paragraph', text: '¶', command: makeParagraph, shortcut: SHORTCUTS.paragraph, active: (s) => isBlockActive(s, nodes.paragraph!) },
    { label: 'Heading 1', text: 'H1', command: makeHeading(1), shortcut: SHORTCUTS.heading1, active: (s) => isBlockActive(s, nodes.heading!, { level: 1 }) },
    { label: 'Heading 2', text: 'H2', command: makeHeading(2), shortcut: SHORTCUTS.heading2, active: (s) => isBlockActive(s, nodes.heading!, { level: 2 }) },
  ],
  [
    { label: 'Bold', text: 'B', command: toggleBold, shortcut: SHORTCUTS.bold, active: (s) => isMarkActive(s, marks.strong!), className: 'tool-bold' },
    { label: 'Italic', text: 'I', command: toggleItalic, shortcut: SHORTCUTS.italic, active: (s) => isMarkActive(s, marks.em!), className: 'tool-italic' },
  ],
  [
    { label: 'Block quote', text: '❝', command: toggleBlockquote, shortcut: SHORTCUTS.quote, active: (s) => isInside(s, nodes.blockquote!) },
    { label: 'Bullet list', text: '•≡', command: toggleBulletList, shortcut: SHORTCUTS.bulletList, active: (s) => isInside(s, nodes.bullet_list!) },
    { label: 'Numbered list', text: '1≡', command: toggleOrderedList, shortcut: SHORTCUTS.orderedList, active: (s) => isInside(s, nodes.ordered_list!) },
    { label: 'Scene break', text: '⁂', command: insertSceneBreak, shortcut: SHORTCUTS.sceneBreak },
  ],
]

/** Formatting buttons; each shows its shortcut and whether it applies at the caret. */
export function Toolbar({ view, state }: { view: EditorView | null; state: EditorState | null }) {
  return (
    <div className="toolbar" role="toolbar" aria-label="Formatting">
      {groups.map((group, i) => (
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
                aria-label={tool.label}
                aria-pressed={active}
                aria-keyshortcuts={tool.shortcut?.replace('Mod', isMac ? 'Meta' : 'Control').replaceAll('-', '+')}
                title={shortcut ? `${tool.label} (${shortcut})` : tool.label}
                disabled={!enabled}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => {
                  if (!view) return
                  tool.command(view.state, view.dispatch, view)
                  view.focus()
                }}
              >
                {tool.text}
              </button>
            )
          })}
        </div>
      ))}
    </div>
  )
}
