/**
 * The chapter editor's plugins: the Yjs binding with its undo manager, the
 * shortcuts writers expect, and Markdown-style input rules.
 */
import { baseKeymap, chainCommands, exitCode, selectAll } from 'prosemirror-commands'
import { ellipsis, emDash, inputRules, textblockTypeInputRule, wrappingInputRule } from 'prosemirror-inputrules'
import { keymap } from 'prosemirror-keymap'
import { Plugin as PluginClass, TextSelection, type Plugin, type Transaction } from 'prosemirror-state'
import { liftListItem, sinkListItem, splitListItem } from 'prosemirror-schema-list'
import { redo, undo } from 'prosemirror-history'
import { ySyncPlugin, ySyncPluginKey } from 'y-prosemirror'
import type * as Y from 'yjs'

type ProsemirrorMapping = NonNullable<Parameters<typeof ySyncPlugin>[1]>['mapping']
import { schema } from '../../shared/schema'
import { chapterHistory } from './history'
import {
  insertSceneBreak,
  makeHeading,
  makeParagraph,
  toggleBlockquote,
  toggleBold,
  toggleBulletList,
  toggleItalic,
  toggleOrderedList,
} from './commands'
import { linkPlugins } from './linkPlugin'
import { incrementalSync } from './incrementalSync'
import { quoteRules } from './quotes'

const { nodes } = schema

function markdownInputRules(): Plugin[] {
  const rules = inputRules({
    rules: [
      ...quoteRules,
      ellipsis,
      emDash,
      textblockTypeInputRule(/^(#{1,2})\s$/, nodes.heading!, (match) => ({ level: match[1]!.length })),
      wrappingInputRule(/^\s*>\s$/, nodes.blockquote!),
      wrappingInputRule(/^\s*([-+*])\s$/, nodes.bullet_list!),
      wrappingInputRule(
        /^(\d+)\.\s$/,
        nodes.ordered_list!,
        (match) => ({ order: Number(match[1]) }),
        (match, node) => node.childCount + (node.attrs.order as number) === Number(match[1]),
      ),
    ],
  })
  return [rulesBeforeTyping(rules), rules]
}

/**
 * Runs the input rules on a key press, before the browser types the letter;
 * and types the letter itself into a block the editor has just drawn.
 *
 * When a key comes before Chromium has settled after the editor redrew the
 * block around the caret (a new paragraph after Enter, the list or heading a
 * shortcut made, keys queued up in a busy window), the browser puts its
 * letter into the block with the caret left in front of it, and every later
 * letter goes in before it: "- one" became "ne" and "o", and a new paragraph
 * "The ferry" became "he ferry…T". So a rule takes its key here, and the
 * first letter in an empty block, or right after a rule, is typed by the
 * editor. All other typing goes on to the browser as before; the rules
 * plugin's own path still serves input that is not a key press (IME).
 */
function rulesBeforeTyping(rules: Plugin): Plugin {
  const handleTextInput = rules.props.handleTextInput!
  return new PluginClass({
    props: {
      handleKeyPress(view, event) {
        const { selection } = view.state
        if (view.composing || !(selection instanceof TextSelection) || !selection.$from.sameParent(selection.$to)) return false
        const text = String.fromCharCode(event.charCode)
        // Line breaks are the keymap's (Enter, Shift+Enter), never typed as text.
        if (/[\r\n]/.test(text)) return false
        const type = () => view.state.tr.insertText(text).scrollIntoView()
        if (handleTextInput.call(rules, view, selection.from, selection.to, text, type)) return true
        // The rules plugin's state is set by the rule that just ran, until the next change.
        const drawnByEditor = rules.getState(view.state) !== null || (selection.empty && selection.$from.parent.content.size === 0)
        if (!drawnByEditor) return false
        view.dispatch(type())
        return true
      },
    },
  })
}

/** Shortcut table, also shown in the toolbar's tooltips. */
export const SHORTCUTS = {
  bold: 'Mod-b',
  italic: 'Mod-i',
  undo: 'Mod-z',
  redo: 'Shift-Mod-z',
  paragraph: 'Mod-Alt-0',
  heading1: 'Mod-Alt-1',
  heading2: 'Mod-Alt-2',
  quote: 'Mod-Shift-.',
  bulletList: 'Mod-Shift-8',
  orderedList: 'Mod-Shift-7',
  sceneBreak: 'Mod-Shift-Enter',
} as const

/**
 * The author's editor. `mapping` comes from initProseMirrorDoc, so the binding
 * starts from the state the view shows. The plugins keep no view of their own
 * beyond the binding's, so one list can serve the chapter for a whole session.
 */
export function chapterPlugins(fragment: Y.XmlFragment, mapping?: ProsemirrorMapping): Plugin[] {
  const hardBreak = chainCommands(exitCode, (state, dispatch) => {
    dispatch?.(state.tr.replaceSelectionWith(nodes.hard_break!.create()).scrollIntoView())
    return true
  })
  return [
    incrementalSync(ySyncPlugin(fragment, { mapping })),
    ...chapterHistory(),
    ...markdownInputRules(),
    caretOnFocus(),
    ...linkPlugins(false),
    keymap({
      [SHORTCUTS.undo]: undo,
      [SHORTCUTS.redo]: redo,
      'Mod-y': redo,
      [SHORTCUTS.bold]: toggleBold,
      [SHORTCUTS.italic]: toggleItalic,
      [SHORTCUTS.paragraph]: makeParagraph,
      [SHORTCUTS.heading1]: makeHeading(1),
      [SHORTCUTS.heading2]: makeHeading(2),
      [SHORTCUTS.quote]: toggleBlockquote,
      [SHORTCUTS.bulletList]: toggleBulletList,
      [SHORTCUTS.orderedList]: toggleOrderedList,
      [SHORTCUTS.sceneBreak]: insertSceneBreak,
      'Shift-Enter': hardBreak,
      Enter: splitListItem(nodes.list_item!),
      Tab: sinkListItem(nodes.list_item!),
      'Shift-Tab': liftListItem(nodes.list_item!),
    }),
    keymap(baseKeymap),
  ]
}

/** Renders a shortcut for people: ⌘ on macOS, Ctrl elsewhere. */
export function shortcutLabel(shortcut: string, isMac: boolean): string {
  return shortcut
    .split('-')
    .map((part) => {
      if (part === 'Mod') return isMac ? '⌘' : 'Ctrl'
      if (part === 'Alt') return isMac ? '⌥' : 'Alt'
      if (part === 'Shift') return isMac ? '⇧' : 'Shift'
      return part.length === 1 ? part.toUpperCase() : part
    })
    .join(isMac ? '' : '+')
}

/**
 * A reviewer's reading view: the same binding, so the author's edits arrive
 * live, but no undo, input rules or editing keys.
 *
 * The view is editable in the browser's sense only, for caret browsing: a
 * visible caret, and selection with the keyboard (Shift+arrows, Ctrl+A within
 * the text), which a non-editable element does not offer. The text itself
 * stays read-only: the guard refuses any transaction that would change it
 * locally, whatever its source (typing, paste, drop, IME, a stray command),
 * and ProseMirror redraws what the browser changed before it asked.
 */
export function readingPlugins(fragment: Y.XmlFragment, mapping?: ProsemirrorMapping): Plugin[] {
  return [incrementalSync(ySyncPlugin(fragment, { mapping })), readOnlyGuard(), caretOnFocus(), ...linkPlugins(true), keymap({ 'Mod-a': selectAll })]
}

/**
 * When the text gains focus by Tab while the page's selection sits outside it
 * (in a comment card, say, after posting), Chromium leaves the selection
 * there and the first caret keys move nothing. Put the page's selection on
 * the editor's own. A selection already inside the text (a click) is left
 * alone.
 */
export function caretOnFocus(): Plugin {
  return new PluginClass({
    props: {
      handleDOMEvents: {
        focus: (view) => {
          setTimeout(() => {
            const selection = view.dom.ownerDocument.getSelection()
            if (view.isDestroyed || !view.hasFocus() || !selection || view.dom.contains(selection.anchorNode)) return
            const { anchor, head } = view.state.selection
            const from = view.domAtPos(anchor)
            const to = view.domAtPos(head)
            selection.setBaseAndExtent(from.node, from.offset, to.node, to.offset)
          })
          return false
        },
      },
    },
  })
}

/** Exported for its tests: the rule every reading view enforces. */
export function readOnlyGuard(): Plugin {
  const refuse = () => true
  return new PluginClass({
    filterTransaction: (tr) => !tr.docChanged || isRemoteChange(tr),
    props: {
      // Stop edits where they start, so the text does not even flicker; the filter catches the rest.
      handleTextInput: refuse,
      handlePaste: refuse,
      handleDrop: refuse,
      handleDOMEvents: {
        beforeinput: (_view, event) => {
          // Composition text cannot be cancelled here; ProseMirror reads and refuses it afterwards.
          if (event.cancelable) event.preventDefault()
          return event.cancelable
        },
      },
    },
  })
}

/** Changes y-prosemirror applies from the Y.Doc (the author's edits arriving) carry its meta. */
function isRemoteChange(tr: Transaction): boolean {
  const meta = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined
  return meta?.isChangeOrigin === true
}
