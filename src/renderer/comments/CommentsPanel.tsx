/**
 * The Comments landmark: threads in the order of their passages, each with
 * its quote, messages, replies and resolution. Only a message's author may
 * edit or delete it; anyone in the share may reply or resolve.
 *
 * Keyboard: Tab reaches each thread card and its buttons; on a card, ↑/↓ move
 * to the previous or next card, Enter selects its passage in the text, Escape
 * goes back to the text. Writing a comment, a reply or an edit: Ctrl+Enter
 * posts, Escape cancels, and focus returns to where it came from.
 */
import { memo, useEffect, useState, type FormEvent, type ReactNode } from 'react'
import { DiffText } from '../review/DiffText'
import type { PanelThread } from './binding'
import { threadLabel } from './threadLabels'
import { ThreadCard } from './ThreadCard'
import type { CommentDraft } from './useComments'

export interface CommentActions {
  /** Posts the draft: a comment, or (with `suggestion`) a suggested edit with an optional note. */
  post: (body: string, suggestion?: string) => void
  cancelDraft: () => void
  reply: (threadId: string, body: string) => void
  edit: (threadId: string, messageId: string, body: string) => void
  remove: (threadId: string, messageId: string) => void
  setResolved: (threadId: string, resolved: boolean) => void
  /** The book's author accepts (applies) or rejects a suggested edit. */
  decide: (threadId: string, accepted: boolean) => void
  /** A thread's writer says whether a new draft addressed it. */
  setAddressed: (threadId: string, addressed: boolean) => void
  activate: (threadId: string) => void
}

interface CommentsPanelProps {
  id?: string
  threads: readonly PanelThread[]
  /** The user's id: only their own messages offer Edit and Delete. */
  meId: string
  /** Comments by others that are new since the user last looked. */
  newMessages: ReadonlySet<string>
  /** The user is the book's author: they accept or reject suggested edits. */
  isBookAuthor: boolean
  activeId: string | null
  /** The comment or suggestion being written, and its passage. */
  draft: CommentDraft | null
  /** More sections above the threads (the author's questions, say). */
  children?: ReactNode
  /** Why comments are not available here, if they are not (e.g. the chapter is not shared). */
  unavailable?: string
  actions: CommentActions
  /** The new-comment form went away (posted or cancelled): focus goes back where it came from. */
  onDraftClosed: () => void
  /** Escape on a thread card: back to the text. */
  onReturnToText: () => void
}

/** Memoized: the editor re-renders on every keystroke, the threads do not change with it. */
export const CommentsPanel = memo(function CommentsPanel(props: CommentsPanelProps) {
  const { threads, meId, activeId, draft, unavailable, actions } = props
  const open = threads.filter((t) => !t.thread.resolved).length
  const active = threads.find((t) => t.thread.id === activeId)?.thread
  return (
    <aside className="comments" aria-label="Comments" id={props.id}>
      <h2 className="comments-heading">
        Comments {threads.length > 0 && <span className="count">{open} open</span>}
      </h2>
      {draft?.kind === 'comment' && <NewComment quote={draft.quote} onPost={actions.post} onCancel={actions.cancelDraft} onClosed={props.onDraftClosed} />}
      {draft?.kind === 'suggestion' && (
        <NewSuggestion quote={draft.quote} onPost={(text, note) => actions.post(note, text)} onCancel={actions.cancelDraft} onClosed={props.onDraftClosed} />
      )}
      {props.children}
      {unavailable ? (
        <p className="empty-hint">{unavailable}</p>
      ) : threads.length === 0 && draft === null ? (
        <p className="empty-hint">No comments yet. Select a passage and choose Comment.</p>
      ) : null}
      <ol className="thread-list">
        {threads.map(({ thread, detached, currentText }) => (
          <ThreadCard
            key={thread.id}
            thread={thread}
            detached={detached}
            currentText={currentText}
            active={thread.id === activeId}
            meId={meId}
            newMessages={props.newMessages}
            isBookAuthor={props.isBookAuthor}
            actions={actions}
            onReturnToText={props.onReturnToText}
          />
        ))}
      </ol>
      {/* Says which thread the caret (or a click) just brought up. */}
      <p className="visually-hidden" aria-live="polite">
        {active ? threadLabel(active) : ''}
      </p>
    </aside>
  )
})

interface NewCommentProps {
  quote: string
  onPost: (body: string) => void
  onCancel: () => void
  onClosed: () => void
}

function NewComment({ quote, onPost, onCancel, onClosed }: NewCommentProps) {
  const [body, setBody] = useState('')
  // However the form goes away (posted, cancelled, the chapter closed), focus goes back.
  useEffect(() => onClosed, [onClosed])
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (body.trim()) onPost(body)
  }
  return (
    <form className="thread new-thread" onSubmit={submit} aria-label="New comment">
      <blockquote className="thread-quote">{quote}</blockquote>
      <textarea
        aria-label="Comment"
        autoFocus
        value={body}
        maxLength={10_000}
        placeholder="Add a comment"
        aria-keyshortcuts="Control+Enter Escape"
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) submit(e)
          if (e.key === 'Escape') onCancel()
        }}
      />
      <div className="inline-actions">
        <button type="submit" className="primary" disabled={!body.trim()}>
          Post
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}

interface NewSuggestionProps {
  quote: string
  onPost: (text: string, note: string) => void
  onCancel: () => void
  onClosed: () => void
}

/** A suggested edit: the passage as it should read (one paragraph), with the change shown as it is typed. */
function NewSuggestion({ quote, onPost, onCancel, onClosed }: NewSuggestionProps) {
  const [text, setText] = useState(quote)
  const [note, setNote] = useState('')
  useEffect(() => onClosed, [onClosed])
  const changed = text !== quote
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (changed) onPost(text, note)
  }
  const keys = (e: React.KeyboardEvent) => {
    if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) submit(e)
    if (e.key === 'Escape') onCancel()
  }
  return (
    <form className="thread new-thread" onSubmit={submit} aria-label="New suggestion">
      <blockquote className="thread-quote">{quote}</blockquote>
      <label className="field-label" htmlFor="suggestion-text">
        Suggestion
      </label>
      <textarea
        id="suggestion-text"
        aria-label="Suggestion"
        autoFocus
        value={text}
        maxLength={20_000}
        aria-keyshortcuts="Control+Enter Escape"
        // A suggestion replaces text within one paragraph: line breaks become spaces.
        onChange={(e) => setText(e.target.value.replace(/\s*\n\s*/g, ' '))}
        onKeyDown={keys}
      />
      <p className="suggestion-preview" aria-live="polite">
        {changed ? <DiffText before={quote} after={text} /> : <span className="muted">Change the words above to suggest an edit.</span>}
      </p>
      <textarea aria-label="Note (optional)" placeholder="Why (optional)" value={note} maxLength={10_000} rows={2} onChange={(e) => setNote(e.target.value)} onKeyDown={keys} />
      <div className="inline-actions">
        <button type="submit" className="primary" disabled={!changed}>
          Post
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}
