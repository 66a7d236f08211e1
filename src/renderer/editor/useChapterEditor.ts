/**
 * Opens a chapter's Y.Doc and mounts a ProseMirror view on it; disposes both
 * when the chapter changes. Reports the live word count and the caret so the
 * app can show totals and restore the caret on the next start.
 *
 * React sees a new editor state only when something it draws changed
 * (`EditorOptions.shown`), not on every keystroke: each React commit while
 * the text has focus makes React walk the whole editable DOM to save the
 * selection (react-dom's getSelectionInformation), a cost that grows with
 * the chapter. Code that needs the current document reads `view.state`.
 */
import { Selection, TextSelection, type EditorState, type Plugin } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
import { useEffect, useRef, useState, type RefObject } from 'react'
import type { SelectionSpot } from '../../shared/library'
import { wordsInDoc } from '../library/words'
import type { DocSource } from './editorState'

export type { DocSource } from './editorState'

export interface EditorCallbacks {
  onWords: (chapterId: string, words: number) => void
  onSelection: (chapterId: string, selection: SelectionSpot) => void
  onError: (error: unknown) => void
}

export interface EditorOptions {
  /** Reviewers read: a caret and selection, but no typing, paste, drop, IME or undo can change the text. */
  readOnly: boolean
  /** More plugins, such as comment highlights. */
  plugins: Plugin[]
  /**
   * What the window draws from a state (toolbar state, the comments panel…):
   * a transaction reaches React only when one of these parts changed
   * (compared with ===). Without it, every transaction does.
   */
  shown?: (state: EditorState) => readonly unknown[]
}

export interface ChapterEditor {
  view: EditorView | null
  /** The last state React was given: it changes when what the window shows of the editor does (see `shown`). */
  state: EditorState | null
  status: 'loading' | 'ready' | 'failed'
  /** The newest state handed to React, committed or about to be; `state` equals it once React has caught up. */
  newestShown: () => EditorState | null
}

function sameParts(a: readonly unknown[] | null, b: readonly unknown[]): boolean {
  return a !== null && a.length === b.length && a.every((part, i) => part === b[i])
}

const WORDS_DELAY_MS = 250
const SELECTION_DELAY_MS = 400

export function useChapterEditor(
  chapterId: string,
  open: () => Promise<DocSource>,
  mount: RefObject<HTMLDivElement | null>,
  savedSelection: SelectionSpot | undefined,
  callbacks: EditorCallbacks,
  options: EditorOptions,
): ChapterEditor {
  const newest = useRef<EditorState | null>(null)
  const [newestShown] = useState(() => () => newest.current)
  const [editor, setEditor] = useState<ChapterEditor>({ view: null, state: null, status: 'loading', newestShown })
  const latest = useRef({ callbacks, savedSelection, open, options })
  latest.current = { callbacks, savedSelection, open, options }

  useEffect(() => {
    let disposed = false
    let view: EditorView | null = null
    let source: DocSource | null = null
    let wordsTimer: ReturnType<typeof setTimeout> | undefined
    let selectionTimer: ReturnType<typeof setTimeout> | undefined
    let shownParts: readonly unknown[] | null = null
    let edited = false
    newest.current = null
    setEditor({ view: null, state: null, status: 'loading', newestShown })
    const { readOnly, plugins: extra } = latest.current.options

    latest.current.open().then(
      (opened) => {
        if (disposed || !mount.current) {
          void opened.release(null)
          return
        }
        source = opened
        const created = opened.createState(extra, readOnly)
        let state = created.state
        const saved = latest.current.savedSelection
        if (saved && created.fresh) {
          const clamp = (pos: number) => Math.min(Math.max(pos, 0), state.doc.content.size)
          const selection = TextSelection.between(state.doc.resolve(clamp(saved.anchor)), state.doc.resolve(clamp(saved.head)))
          state = state.apply(state.tr.setSelection(selection))
        } else if (created.fresh) {
          // A fresh chapter (an import, say) opens with the caret in its first text, not its first block
          // selected (a scene break there would be).
          const caret = Selection.findFrom(state.doc.resolve(0), 1, true)
          if (caret) state = state.apply(state.tr.setSelection(caret))
        }
        view = new EditorView(mount.current, {
          state,
          // Reading views are editable too, for a caret and keyboard selection; readingPlugins keeps the text unchanged.
          editable: () => true,
          attributes: {
            'aria-label': 'Chapter text',
            role: 'textbox',
            'aria-multiline': 'true',
            'aria-readonly': String(readOnly),
            class: readOnly ? 'manuscript reading' : 'manuscript',
            spellcheck: String(!readOnly),
            tabindex: '0',
          },
          // `this`, not `view`: plugin views (the comments binding) may dispatch while the view is being built.
          dispatchTransaction(this: EditorView, tr) {
            const next = this.state.apply(tr)
            this.updateState(next)
            if (!view) return
            if (tr.docChanged) {
              edited = true
              clearTimeout(wordsTimer)
              wordsTimer = setTimeout(() => latest.current.callbacks.onWords(chapterId, wordsInDoc(next.doc)), WORDS_DELAY_MS)
            }
            if (tr.selectionSet || tr.docChanged) {
              clearTimeout(selectionTimer)
              selectionTimer = setTimeout(() => {
                const { anchor, head } = next.selection
                latest.current.callbacks.onSelection(chapterId, { anchor, head })
              }, SELECTION_DELAY_MS)
            }
            const parts = latest.current.options.shown?.(next)
            if (parts && sameParts(shownParts, parts)) return
            shownParts = parts ?? null
            newest.current = next
            setEditor((current) => ({ ...current, state: next }))
          },
        })
        view.focus()
        view.dispatch(view.state.tr.scrollIntoView().setMeta('addToHistory', false))
        shownParts = latest.current.options.shown?.(view.state) ?? null
        newest.current = view.state
        setEditor({ view, state: view.state, status: 'ready', newestShown })
        // Counted once the chapter is on screen: the library already shows its last count.
        const shown = view
        wordsTimer = setTimeout(() => latest.current.callbacks.onWords(chapterId, wordsInDoc(shown.state.doc)), WORDS_DELAY_MS)
      },
      (error: unknown) => {
        if (disposed) return
        setEditor((current) => ({ ...current, status: 'failed' }))
        latest.current.callbacks.onError(error)
      },
    )

    return () => {
      disposed = true
      clearTimeout(wordsTimer)
      clearTimeout(selectionTimer)
      const last = view?.state ?? null
      if (view) {
        const { anchor, head } = view.state.selection
        latest.current.callbacks.onSelection(chapterId, { anchor, head })
        // A chapter left unchanged keeps its count; counting it would only delay the next one.
        if (edited) latest.current.callbacks.onWords(chapterId, wordsInDoc(view.state.doc))
        view.destroy()
      }
      void source?.release(last)
    }
  }, [chapterId, mount, newestShown])

  return editor
}
