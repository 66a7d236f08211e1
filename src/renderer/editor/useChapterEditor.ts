/**
 * Opens a chapter's Y.Doc and mounts a ProseMirror view on it; disposes both
 * when the chapter changes. Reports the live word count and the caret so the
 * app can show totals and restore the caret on the next start.
 */
import { EditorState, TextSelection } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
import { useEffect, useRef, useState, type RefObject } from 'react'
import { initProseMirrorDoc } from 'y-prosemirror'
import type { QuireApi } from '../../shared/contract'
import type { SelectionSpot } from '../../shared/library'
import { schema } from '../../shared/schema'
import { wordsInDoc } from '../library/words'
import { ChapterDoc } from './chapterDoc'
import { chapterPlugins } from './plugins'

export interface EditorCallbacks {
  onWords: (chapterId: string, words: number) => void
  onSelection: (chapterId: string, selection: SelectionSpot) => void
  onError: (error: unknown) => void
}

export interface ChapterEditor {
  view: EditorView | null
  /** Changes whenever the editor state does, so toolbars re-render. */
  state: EditorState | null
  words: number
  status: 'loading' | 'ready' | 'failed'
  chapter: ChapterDoc | null
}

const WORDS_DELAY_MS = 250
const SELECTION_DELAY_MS = 400

function wordsIn(state: EditorState): number {
  return wordsInDoc(state.doc)
}

export function useChapterEditor(
  api: QuireApi,
  chapterId: string,
  mount: RefObject<HTMLDivElement | null>,
  savedSelection: SelectionSpot | undefined,
  callbacks: EditorCallbacks,
): ChapterEditor {
  const [editor, setEditor] = useState<ChapterEditor>({ view: null, state: null, words: 0, status: 'loading', chapter: null })
  const latest = useRef({ callbacks, savedSelection })
  latest.current = { callbacks, savedSelection }

  useEffect(() => {
    let disposed = false
    let view: EditorView | null = null
    let chapter: ChapterDoc | null = null
    let wordsTimer: ReturnType<typeof setTimeout> | undefined
    let selectionTimer: ReturnType<typeof setTimeout> | undefined
    setEditor({ view: null, state: null, words: 0, status: 'loading', chapter: null })

    ChapterDoc.open(chapterId, api, (error) => latest.current.callbacks.onError(error)).then(
      (opened) => {
        if (disposed || !mount.current) {
          void opened.close()
          return
        }
        chapter = opened
        const initial = initProseMirrorDoc(opened.fragment, schema)
        const { mapping } = initial
        // A new chapter's fragment is empty; the schema needs at least one block to type into.
        const doc = initial.doc.childCount > 0 ? initial.doc : schema.topNodeType.createAndFill()!
        let state = EditorState.create({ schema, doc, plugins: chapterPlugins(opened.fragment, mapping) })
        const saved = latest.current.savedSelection
        if (saved) {
          const clamp = (pos: number) => Math.min(Math.max(pos, 0), state.doc.content.size)
          const selection = TextSelection.between(state.doc.resolve(clamp(saved.anchor)), state.doc.resolve(clamp(saved.head)))
          state = state.apply(state.tr.setSelection(selection))
        }
        const words = wordsIn(state)
        view = new EditorView(mount.current, {
          state,
          attributes: { 'aria-label': 'Chapter text', role: 'textbox', 'aria-multiline': 'true', class: 'manuscript', spellcheck: 'true' },
          dispatchTransaction(tr) {
            if (!view) return
            const next = view.state.apply(tr)
            view.updateState(next)
            if (tr.docChanged) {
              clearTimeout(wordsTimer)
              wordsTimer = setTimeout(() => {
                const count = wordsIn(next)
                setEditor((current) => ({ ...current, words: count }))
                latest.current.callbacks.onWords(chapterId, count)
              }, WORDS_DELAY_MS)
            }
            if (tr.selectionSet || tr.docChanged) {
              clearTimeout(selectionTimer)
              selectionTimer = setTimeout(() => {
                const { anchor, head } = next.selection
                latest.current.callbacks.onSelection(chapterId, { anchor, head })
              }, SELECTION_DELAY_MS)
            }
            setEditor((current) => ({ ...current, state: next }))
          },
        })
        view.focus()
        view.dispatch(view.state.tr.scrollIntoView().setMeta('addToHistory', false))
        setEditor({ view, state: view.state, words, status: 'ready', chapter: opened })
        latest.current.callbacks.onWords(chapterId, words)
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
      if (view) {
        const { anchor, head } = view.state.selection
        latest.current.callbacks.onSelection(chapterId, { anchor, head })
        latest.current.callbacks.onWords(chapterId, wordsIn(view.state))
        view.destroy()
      }
      void chapter?.close()
    }
  }, [api, chapterId, mount])

  return editor
}
