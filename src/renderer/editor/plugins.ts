/**
 * The chapter editor's plugins: the Yjs binding with its undo manager, the
 * shortcuts writers expect, and Markdown-style input rules.
 */
import { baseKeymap, chainCommands, exitCode } from 'prosemirror-commands'
import {
  ellipsis,
  emDash,
  inputRules,
  smartQuotes,
  textblockTypeInputRule,
  wrappingInputRule,
} from 'prosemirror-inputrules'
import { keymap } from 'prosemirror-keymap'
import { Plugin as PluginClass, type Plugin, type Transaction } from 'prosemirror-state'
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

const { nodes } = schema

function markdownInputRules(): Plugin {
  return inputRules({
    rules: [
      ...smartQuotes,
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
    ySyncPlugin(fragment, { mapping }),
    ...chapterHistory(),
    markdownInputRules(),
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
 * live, but no undo, input rules or editing keys. The view is not editable,
 * and the filter below refuses any transaction that would change the text
 * locally, whatever its source (paste, drop, IME, a stray command).
 */
export function readingPlugins(fragment: Y.XmlFragment, mapping?: ProsemirrorMapping): Plugin[] {
  return [ySyncPlugin(fragment, { mapping }), readOnlyGuard()]
}

function readOnlyGuard(): Plugin {
  return new PluginClass({
    filterTransaction: (tr) => !tr.docChanged || isRemoteChange(tr),
  })
}

/** Changes y-prosemirror applies from the Y.Doc (the author's edits arriving) carry its meta. */
function isRemoteChange(tr: Transaction): boolean {
  const meta = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined
  return meta?.isChangeOrigin === true
}
