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
import { memo, useEffect, useState, type FormEvent } from 'react'
import type { PanelThread } from './binding'
import { threadLabel } from './threadLabels'
import { ThreadCard } from './ThreadCard'

export interface CommentActions {
  post: (body: string) => void
  cancelDraft: () => void
  reply: (threadId: string, body: string) => void
  edit: (threadId: string, messageId: string, body: string) => void
  remove: (threadId: string, messageId: string) => void
  setResolved: (threadId: string, resolved: boolean) => void
  activate: (threadId: string) => void
}

interface CommentsPanelProps {
  id?: string
  threads: readonly PanelThread[]
  /** The user's id: only their own messages offer Edit and Delete. */
  meId: string
  activeId: string | null
  /** The passage a new comment would be on, while the user is writing one. */
  draftQuote: string | null
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
  const { threads, meId, activeId, draftQuote, unavailable, actions } = props
  const open = threads.filter((t) => !t.thread.resolved).length
  const active = threads.find((t) => t.thread.id === activeId)?.thread
  return (
    <aside className="comments" aria-label="Comments" id={props.id}>
      <h2 className="comments-heading">
        Comments {threads.length > 0 && <span className="count">{open} open</span>}
      </h2>
      {draftQuote !== null && (
        <NewComment quote={draftQuote} onPost={actions.post} onCancel={actions.cancelDraft} onClosed={props.onDraftClosed} />
      )}
      {unavailable ? (
        <p className="empty-hint">{unavailable}</p>
      ) : threads.length === 0 && draftQuote === null ? (
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
