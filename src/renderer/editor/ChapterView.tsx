import { useMemo, useRef, useState, useEffect } from 'react'
import type * as Y from 'yjs'
import type { CommentsContext, Person } from '../../shared/comments'
import type { SelectionSpot } from '../../shared/library'
import { activeThread, commentsBinding, panelThreads } from '../comments/binding'
import { CommentsPanel } from '../comments/CommentsPanel'
import { anchorWriter, SwappableSource, useComments, type DeletedComment } from '../comments/useComments'
import { Menu, type MenuItem } from '../ui/Menu'
import { Toolbar } from './Toolbar'
import { useChapterEditor, type ChapterEditor, type DocSource, type EditorCallbacks } from './useChapterEditor'

interface ChapterViewProps extends EditorCallbacks {
  chapterId: string
  title: string
  /** The author writes; a reviewer reads and comments. */
  mode: 'author' | 'reviewer'
  open: () => Promise<DocSource>
  /** Where this chapter's comments live, once known; null when it is not shared. */
  threadsDoc: Y.Doc | null
  me: Person
  /** Names and the book's author, for reading threads. */
  commentsContext: CommentsContext
  /** A comment was deleted; `undo` puts it back. */
  onCommentDeleted: (deleted: DeletedComment, undo: () => void) => void
  savedSelection: SelectionSpot | undefined
  /** The primary action beside Comment (the author's Share chapter). */
  primaryAction?: React.ReactNode
  /** Less frequent actions, in the chapter's menu. */
  menuItems: MenuItem[]
  /** The title above the text: editable for the author. */
  heading: React.ReactNode
  commentsUnavailable?: string
  onReady: (editor: ChapterEditor) => void
  onMessage: (message: string) => void
}

/** One chapter: its title, the toolbar, the text, and the comments beside it. */
export function ChapterView(props: ChapterViewProps) {
  const { chapterId, mode, open, threadsDoc, me, savedSelection, onReady, onMessage, ...callbacks } = props
  const mount = useRef<HTMLDivElement>(null)
  const focusRef = useRef<(threadId: string) => void>(() => {})
  const latest = useRef({ threadsDoc, me })
  latest.current = { threadsDoc, me }
  const [source] = useState(() => new SwappableSource())
  const plugins = useMemo(
    () => [
      commentsBinding({
        source,
        onActivate: (id) => focusRef.current(id),
        ...(mode === 'author' ? { reanchor: anchorWriter(() => latest.current.threadsDoc, () => latest.current.me) } : {}),
      }),
    ],
    [mode, source],
  )
  const editor = useChapterEditor(
    chapterId,
    open,
    mount,
    savedSelection,
    { onWords: callbacks.onWords, onSelection: callbacks.onSelection, onError: callbacks.onError },
    { readOnly: mode === 'reviewer', plugins },
  )
  const comments = useComments({
    source,
    threadsDoc,
    view: editor.view,
    state: editor.state,
    me,
    context: props.commentsContext,
    onError: onMessage,
    onDeleted: props.onCommentDeleted,
  })
  focusRef.current = (id) => comments.actions.activate(id)
  useEffect(() => onReady(editor), [editor, onReady])
  // Comments show by default where there can be some: in shared chapters.
  const [commentsChoice, setShowComments] = useState<boolean | null>(null)
  const showComments = commentsChoice ?? threadsDoc !== null

  return (
    <div className={`chapter-layout ${showComments ? 'with-comments' : ''}`}>
      <article className="chapter" aria-label={props.title}>
        <div className="chapter-bar">
          {mode === 'author' ? <Toolbar view={editor.view} state={editor.state} /> : <span className="reading-label">Reading view</span>}
          <div className="chapter-actions">
            <button
              type="button"
              className={comments.canComment ? 'primary' : ''}
              disabled={!comments.canComment}
              title={threadsDoc ? 'Select a passage, then comment (Ctrl+Alt+M)' : props.commentsUnavailable}
              aria-keyshortcuts="Control+Alt+M"
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => {
                setShowComments(true)
                comments.startComment()
              }}
            >
              Comment
            </button>
            {props.primaryAction}
            <Menu
              label="More chapter actions"
              items={[
                { label: showComments ? 'Hide comments' : 'Show comments', onSelect: () => setShowComments(!showComments) },
                ...props.menuItems,
              ]}
            >
              ⋯
            </Menu>
          </div>
        </div>
        <div
          className="page"
          onKeyDown={(event) => {
            if (event.key.toLowerCase() === 'm' && event.altKey && (event.ctrlKey || event.metaKey) && comments.canComment) {
              event.preventDefault()
              setShowComments(true)
              comments.startComment()
            }
          }}
        >
          {props.heading}
          {editor.status === 'loading' && <p className="loading">Opening chapter…</p>}
          {editor.status === 'failed' && <p className="loading">This chapter could not be opened.</p>}
          <div ref={mount} className="manuscript-mount" />
        </div>
      </article>
      {showComments && (
        <CommentsPanel
          threads={panelThreads(editor.state)}
          meId={me.id}
          activeId={activeThread(editor.state)}
          draftQuote={comments.draftQuote}
          unavailable={threadsDoc ? undefined : props.commentsUnavailable}
          actions={comments.actions}
        />
      )}
    </div>
  )
}

/** The chapter's title, edited in place: saved on Enter or when focus leaves; Escape restores it. */
export function ChapterTitle({ title, onRename }: { title: string; onRename: (title: string) => void }) {
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
