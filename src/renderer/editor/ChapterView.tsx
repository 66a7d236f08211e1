import { Selection, type EditorState, type Plugin } from 'prosemirror-state'
import { useCallback, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react'
import type * as Y from 'yjs'
import { anchorableRange } from '../../shared/anchors'
import type { CommentsContext, Person } from '../../shared/comments'
import type { SelectionSpot } from '../../shared/library'
import { activeThread, commentsBinding, panelThreads } from '../comments/binding'
import { caretThreadPlugin } from '../comments/caretThreadPlugin'
import { useNewMarks } from '../comments/useNewMarks'
import { CommentsPanel } from '../comments/CommentsPanel'
import { anchorWriter, SwappableSource, useComments, type DeletedComment, type RoundForComments } from '../comments/useComments'
import { restoreFocus } from '../ui/focus'
import { Menu, type MenuItem } from '../ui/Menu'
import { NARROW_QUERY, useElementWidth, useMediaQuery } from '../ui/useMediaQuery'
import { pastePlugin } from './pastePlugin'
import { Toolbar, toolbarParts } from './Toolbar'
import { useChapterEditor, type ChapterEditor, type DocSource, type EditorCallbacks } from './useChapterEditor'

/** Below this width of the chapter bar, block formatting folds into a menu so the bar keeps to one row. */
const COMPACT_BAR_PX = 720

/** What a review round adds to the chapter view (see src/renderer/review). */
export interface RoundSlots {
  /** How comments are written here: the review's mode, the current draft, how to seal. */
  comments: RoundForComments | null
  /** The user is the book's author. */
  isBookAuthor: boolean
  /** A bar under the chapter bar (drafts, versions, questions …). */
  bar?: (editor: ChapterEditor) => ReactNode
  /** Sections of the comments panel above the threads (questions). */
  panel?: (editor: ChapterEditor) => ReactNode
  /** Shown beside the text (an earlier draft). */
  beside?: ReactNode
  /** More editor plugins; the same array for the view's lifetime. */
  plugins?: Plugin[]
}

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
  /** The action beside Comment (the author's Share chapter); in narrow windows it moves into the menu. */
  primaryAction?: MenuItem
  /** Less frequent actions, in the chapter's menu. */
  menuItems: MenuItem[]
  /** The title above the text (editable for the author); `focusText` puts the caret at the start of the text. */
  heading: (focusText: () => void) => React.ReactNode
  commentsUnavailable?: string
  onReady: (editor: ChapterEditor) => void
  /** Errors (the default) and notices, such as what a paste left out. */
  onMessage: (message: string, tone?: 'info' | 'error') => void
  round?: RoundSlots
  /** The comment ids the user had seen in this chapter; the others are marked new. */
  seen?: readonly string[]
  /** Comments have been on screen long enough to count as seen. */
  onSeen?: (messageIds: string[]) => void
  /** Something about this chapter the user must see above the text (text lost on disk that can come back). */
  banner?: ReactNode
}

/** What the reading view draws from the editor's state: the comments panel, the active thread, whether Comment applies. */
function readerShows(state: EditorState): readonly unknown[] {
  const { selection } = state
  const commentable = !selection.empty && anchorableRange(state.doc, selection.from, selection.to) !== null
  return [panelThreads(state), activeThread(state), commentable]
}

/** The author's view draws the toolbar too. */
function authorShows(state: EditorState): readonly unknown[] {
  return [...readerShows(state), ...toolbarParts(state)]
}

/** One chapter: its title, the toolbar, the text, and the comments beside it. */
export function ChapterView(props: ChapterViewProps) {
  const { chapterId, mode, open, threadsDoc, me, savedSelection, onReady, onMessage, ...callbacks } = props
  const mount = useRef<HTMLDivElement>(null)
  const focusRef = useRef<(threadId: string) => void>(() => {})
  const noticeRef = useRef(onMessage)
  noticeRef.current = onMessage
  const privacyRef = useRef<ReturnType<typeof useComments>['privacyOf']>(() => false)
  const latest = useRef({ threadsDoc, me })
  latest.current = { threadsDoc, me }
  const [source] = useState(() => new SwappableSource())
  const roundPlugins = props.round?.plugins
  const plugins = useMemo(
    () => [
      commentsBinding({
        source,
        onActivate: (id) => focusRef.current(id),
        ...(mode === 'author' ? { reanchor: anchorWriter(() => latest.current.threadsDoc, () => latest.current.me, () => privacyRef.current) } : {}),
      }),
      caretThreadPlugin((id) => focusRef.current(id)),
      ...(mode === 'author' ? [pastePlugin((message) => noticeRef.current(message, 'info'))] : []),
      ...(roundPlugins ?? []),
    ],
    [mode, source, roundPlugins],
  )
  const editor = useChapterEditor(
    chapterId,
    open,
    mount,
    savedSelection,
    { onWords: callbacks.onWords, onSelection: callbacks.onSelection, onError: callbacks.onError },
    { readOnly: mode === 'reviewer', plugins, shown: mode === 'author' ? authorShows : readerShows },
  )
  const comments = useComments({
    source,
    threadsDoc,
    view: editor.view,
    state: editor.state,
    me,
    context: props.commentsContext,
    round: props.round?.comments ?? null,
    onError: onMessage,
    onNotice: (message) => onMessage(message, 'info'),
    onDeleted: props.onCommentDeleted,
  })
  focusRef.current = comments.focusThread
  privacyRef.current = comments.privacyOf
  const threads = panelThreads(editor.state)
  useEffect(() => onReady(editor), [editor, onReady])
  const viewRef = useRef(editor.view)
  viewRef.current = editor.view

  const narrow = useMediaQuery(NARROW_QUERY)
  const bar = useRef<HTMLDivElement>(null)
  const barWidth = useElementWidth(bar)
  const panelId = useId()
  // Wide windows show comments by default where there can be some (shared chapters); narrow ones fold them away.
  const [commentsChoice, setShowComments] = useState<boolean | null>(null)
  const [narrowOpen, setNarrowOpen] = useState(false)
  const showComments = narrow ? narrowOpen : (commentsChoice ?? threadsDoc !== null)
  const newMessages = useNewMarks(
    useMemo(() => threads.map((t) => t.thread), [threads]),
    me.id,
    props.seen,
    props.onSeen,
    showComments,
  )
  const setCommentsShown = (shown: boolean) => (narrow ? setNarrowOpen(shown) : setShowComments(shown))

  const focusText = () => {
    const view = editor.view
    if (!view || view.isDestroyed) return
    view.focus()
    view.dispatch(view.state.tr.setSelection(Selection.atStart(view.state.doc)).scrollIntoView())
  }

  // A new comment returns focus to where it was started from (the text, or the Comment button).
  const draftOpener = useRef<Element | null>(null)
  const startComment = (kind: 'comment' | 'suggestion' = 'comment') => {
    draftOpener.current = document.activeElement
    setCommentsShown(true)
    if (kind === 'suggestion') comments.startSuggestion()
    else comments.startComment()
  }
  const onDraftClosed = useCallback(() => {
    const opener = draftOpener.current
    draftOpener.current = null
    const active = document.activeElement
    // Leave focus alone if it already moved on (e.g. to the Binder, closing the chapter).
    if (active && active !== document.body && !active.closest('.comments')) return
    const view = viewRef.current
    if (view && !view.isDestroyed && (!opener || view.dom.contains(opener))) view.focus()
    else restoreFocus(opener)
  }, [])
  const onReturnToText = useCallback(() => {
    const view = viewRef.current
    if (view && !view.isDestroyed) view.focus()
    setNarrowOpen(false)
  }, [])

  const menuItems: MenuItem[] = [
    ...(narrow && props.primaryAction ? [props.primaryAction] : []),
    ...(narrow ? [] : [{ label: showComments ? 'Hide comments' : 'Show comments', onSelect: () => setShowComments(!showComments) }]),
    ...props.menuItems,
  ]
  const openThreads = threads.filter((t) => !t.thread.resolved).length
  // Beside the text in a wide window; over it, below the chapter bar, in a narrow one.
  const panel = showComments && (
    <CommentsPanel
      id={panelId}
      threads={threads}
      meId={me.id}
      newMessages={newMessages}
      isBookAuthor={props.round?.isBookAuthor ?? false}
      activeId={activeThread(editor.state)}
      draft={comments.draft}
      unavailable={threadsDoc ? undefined : props.commentsUnavailable}
      actions={comments.actions}
      onDraftClosed={onDraftClosed}
      onReturnToText={onReturnToText}
    >
      {props.round?.panel?.(editor)}
    </CommentsPanel>
  )

  return (
    <div className={`chapter-layout ${showComments ? 'with-comments' : ''} ${narrow ? 'narrow' : ''}`}>
      <article className="chapter" aria-label={props.title}>
        <div className="chapter-bar" ref={bar}>
          {mode === 'author' ? (
            <Toolbar view={editor.view} state={editor.state} compact={barWidth > 0 && barWidth < COMPACT_BAR_PX} />
          ) : (
            <span className="reading-label">Reading view</span>
          )}
          <div className="chapter-actions">
            <button
              type="button"
              className={comments.canComment ? 'primary' : ''}
              disabled={!comments.canComment}
              title={threadsDoc ? 'Select a passage, then comment (Ctrl+Alt+M)' : props.commentsUnavailable}
              aria-keyshortcuts="Control+Alt+M"
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => startComment()}
            >
              Comment
            </button>
            {mode === 'reviewer' && threadsDoc && (
              <button
                type="button"
                disabled={!comments.canSuggest}
                title="Select words within one paragraph, then suggest how they should read"
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => startComment('suggestion')}
              >
                Suggest edit
              </button>
            )}
            {narrow && (
              <button
                type="button"
                className="comments-toggle"
                aria-expanded={showComments}
                aria-controls={panelId}
                onClick={() => setNarrowOpen(!narrowOpen)}
              >
                Comments{openThreads > 0 && <span className="count-badge">{openThreads}</span>}
              </button>
            )}
            {!narrow && props.primaryAction && (
              <button type="button" onClick={props.primaryAction.onSelect}>
                {props.primaryAction.label}
              </button>
            )}
            <Menu label="More chapter actions" items={menuItems}>
              ⋯
            </Menu>
          </div>
        </div>
        {props.banner}
        {props.round?.bar?.(editor)}
        <div className={props.round?.beside ? 'chapter-body with-beside' : 'chapter-body'}>
          {props.round?.beside}
          <div
            className="page"
            onKeyDown={(event) => {
              if (event.key.toLowerCase() === 'm' && event.altKey && (event.ctrlKey || event.metaKey) && comments.canComment) {
                event.preventDefault()
                startComment()
              }
            }}
          >
            {props.heading(focusText)}
            {editor.status === 'loading' && <p className="loading">Opening chapter…</p>}
            {editor.status === 'failed' && <p className="loading">This chapter could not be opened.</p>}
            <div ref={mount} className="manuscript-mount" />
          </div>
          {narrow && panel}
        </div>
      </article>
      {!narrow && panel}
    </div>
  )
}
