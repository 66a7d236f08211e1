import { useEffect, useRef, useState } from 'react'
import type { QuireApi } from '../../shared/contract'
import type { Chapter, SelectionSpot } from '../../shared/library'
import { Toolbar } from './Toolbar'
import { useChapterEditor, type ChapterEditor, type EditorCallbacks } from './useChapterEditor'

interface ChapterViewProps extends EditorCallbacks {
  api: QuireApi
  chapter: Chapter
  savedSelection: SelectionSpot | undefined
  onRename: (title: string) => void
  onTrash: () => void
  onExport: (editor: ChapterEditor) => void
  onReady: (editor: ChapterEditor) => void
}

/** One chapter: its title, the formatting toolbar and the manuscript. */
export function ChapterView({ api, chapter, savedSelection, onRename, onTrash, onExport, onReady, ...callbacks }: ChapterViewProps) {
  const mount = useRef<HTMLDivElement>(null)
  const editor = useChapterEditor(api, chapter.id, mount, savedSelection, callbacks)
  useEffect(() => onReady(editor), [editor, onReady])

  return (
    <article className="chapter">
      <div className="chapter-bar">
        <Toolbar view={editor.view} state={editor.state} />
        <div className="chapter-actions">
          <button type="button" onClick={() => onExport(editor)} disabled={editor.status !== 'ready'}>
            Export chapter
          </button>
          <button type="button" onClick={onTrash}>
            Move chapter to Trash
          </button>
        </div>
      </div>
      <div className="page">
        <ChapterTitle key={chapter.id} title={chapter.title} onRename={onRename} />
        {editor.status === 'loading' && <p className="loading">Opening chapter…</p>}
        {editor.status === 'failed' && <p className="loading">This chapter could not be opened.</p>}
        <div ref={mount} className="manuscript-mount" />
      </div>
    </article>
  )
}

/** The chapter's title, edited in place: saved on Enter or when focus leaves; Escape restores it. */
function ChapterTitle({ title, onRename }: { title: string; onRename: (title: string) => void }) {
  const [value, setValue] = useState(title)
  useEffect(() => setValue(title), [title])
  const commit = () => {
    const trimmed = value.trim()
    if (trimmed && trimmed !== title) onRename(trimmed.slice(0, 200))
    else setValue(title)
  }
  return (
    <input
      className="chapter-title-input"
      aria-label="Chapter title"
      value={value}
      maxLength={200}
      placeholder="Chapter title"
      onChange={(event) => setValue(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        // Leaving the field commits the title (see onBlur).
        if (event.key === 'Enter') {
          event.preventDefault()
          ;(event.target as HTMLInputElement).blur()
        } else if (event.key === 'Escape') {
          setValue(title)
        }
      }}
    />
  )
}
