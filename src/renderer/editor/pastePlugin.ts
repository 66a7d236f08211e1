/**
 * Paste from word processors: the clipboard's HTML is cleaned first (see
 * paste/cleanPaste.ts), and when a table or an image had to be left out, a
 * one-line notice says so.
 */
import { Plugin } from 'prosemirror-state'
import { cleanPastedHtml, droppedNotice } from './paste/cleanPaste'

export function pastePlugin(onNotice: (message: string) => void): Plugin {
  // ProseMirror calls transformPastedHTML and then handlePaste for the same paste.
  let notice: string | null = null
  return new Plugin({
    props: {
      transformPastedHTML(html) {
        const cleaned = cleanPastedHtml(html)
        notice = droppedNotice(cleaned.dropped)
        return cleaned.html
      },
      handlePaste() {
        if (notice) onNotice(notice)
        notice = null
        return false
      },
    },
  })
}
