/**
 * A chapter editor built the way `useChapterEditor` builds it — same initial
 * document, plugins and transaction handling — minus React, for workloads
 * that replay hundreds of thousands of edits.
 */
import { EditorState } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
import { initProseMirrorDoc } from 'y-prosemirror'
import type * as Y from 'yjs'
import { commentsBinding } from '../../src/renderer/comments/binding'
import { chapterPlugins } from '../../src/renderer/editor/plugins'
import { wordsInDoc } from '../../src/renderer/library/words'
import { schema } from '../../src/shared/schema'

const WORDS_DELAY_MS = 250

export function mountEditor(fragment: Y.XmlFragment, host: HTMLElement, focus = false): EditorView {
  const initial = initProseMirrorDoc(fragment, schema)
  const doc = initial.doc.childCount > 0 ? initial.doc : schema.topNodeType.createAndFill()!
  const plugins = [...chapterPlugins(fragment, initial.mapping), commentsBinding({ source: { current: () => null, onReplace: () => () => {} }, onActivate: () => {} })]
  let wordsTimer: ReturnType<typeof setTimeout> | undefined
  const view = new EditorView(host, {
    state: EditorState.create({ schema, doc, plugins }),
    attributes: { class: 'manuscript', role: 'textbox', 'aria-multiline': 'true', spellcheck: 'true', tabindex: '0' },
    // `this`, not `view`: plugin views (the comments binding's) dispatch while the constructor still runs.
    dispatchTransaction(this: EditorView, tr) {
      const next = this.state.apply(tr)
      this.updateState(next)
      // The word count the app schedules after each change (cancelled by the next one while typing).
      if (tr.docChanged) {
        clearTimeout(wordsTimer)
        wordsTimer = setTimeout(() => wordsInDoc(next.doc), WORDS_DELAY_MS)
      }
    },
  })
  if (focus) view.focus()
  return view
}
