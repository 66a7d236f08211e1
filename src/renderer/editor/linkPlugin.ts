/**
 * Links in the text open outside Quire, in the system's browser or mail app
 * (Electron's window-open handler hands a checked URL to the operating
 * system; the browser host opens a tab). A reader opens one with a click or
 * Enter; a writer, whose clicks place the caret, with Ctrl/⌘+click; both with
 * Alt+Enter at the caret. Only http, https and mailto addresses ever open.
 */
import { keymap } from 'prosemirror-keymap'
import type { Command, EditorState, Plugin } from 'prosemirror-state'
import { Plugin as PluginClass } from 'prosemirror-state'
import { schema } from '../../shared/schema'
import { isSafeExternalUrl } from '../../shared/urls'

/** The address of the link at the caret (or at the start of the selection), if any. */
export function linkAt(state: EditorState): string | null {
  const { $from } = state.selection
  const marks = [...$from.marks(), ...($from.nodeAfter?.marks ?? [])]
  const href = marks.find((m) => m.type === schema.marks.link)?.attrs.href
  return typeof href === 'string' && isSafeExternalUrl(href) ? href : null
}

function openOutside(href: string): void {
  window.open(href, '_blank', 'noopener,noreferrer')
}

const openLinkAtCaret: Command = (state) => {
  const href = linkAt(state)
  if (!href) return false
  openOutside(href)
  return true
}

export function linkPlugins(readOnly: boolean): Plugin[] {
  return [
    keymap(readOnly ? { 'Alt-Enter': openLinkAtCaret, Enter: openLinkAtCaret } : { 'Alt-Enter': openLinkAtCaret }),
    new PluginClass({
      props: {
        handleClick(view, _pos, event) {
          const anchor = (event.target as Element | null)?.closest?.('a[href]')
          if (!anchor || !view.dom.contains(anchor) || !(readOnly || event.ctrlKey || event.metaKey)) return false
          const href = anchor.getAttribute('href') ?? ''
          if (isSafeExternalUrl(href)) openOutside(href)
          event.preventDefault()
          return true
        },
      },
    }),
  ]
}
