/**
 * The Comments landmark: threads in the order of their passages, each with
 * its quote, messages, replies and resolution. Only a message's author may
 * edit or delete it; anyone in the share may reply or resolve.
 */
import { memo, useEffect, useRef, useState, type FormEvent } from 'react'
import type { Message, Thread } from '../../shared/comments'
import { relativeTime } from '../ui/time'
import type { PanelThread } from './binding'

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
  threads: readonly PanelThread[]
  /** The user's id: only their own messages offer Edit and Delete. */
  meId: string
  activeId: string | null
  /** The passage a new comment would be on, while the user is writing one. */
  draftQuote: string | null
  /** Why comments are not available here, if they are not (e.g. the chapter is not shared). */
  unavailable?: string
  actions: CommentActions
}

/** Memoized: the editor re-renders on every keystroke, the threads do not change with it. */
export const CommentsPanel = memo(function CommentsPanel({ threads, meId, activeId, draftQuote, unavailable, actions }: CommentsPanelProps) {
  const open = threads.filter((t) => !t.thread.resolved).length
  return (
    <aside className="comments" aria-label="Comments">
      <h2 className="comments-heading">
        Comments {threads.length > 0 && <span className="count">{open} open</span>}
      </h2>
      {draftQuote !== null && <NewComment quote={draftQuote} onPost={actions.post} onCancel={actions.cancelDraft} />}
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
          />
        ))}
      </ol>
    </aside>
  )
})

function NewComment({ quote, onPost, onCancel }: { quote: string; onPost: (body: string) => void; onCancel: () => void }) {
  const [body, setBody] = useState('')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (body.trim()) onPost(body)
  }
  return (
    <form className="thread new-thread" onSubmit={submit}>
      <blockquote className="thread-quote">{quote}</blockquote>
      <textarea
        aria-label="Comment"
        autoFocus
        value={body}
        maxLength={10_000}
        placeholder="Add a comment"
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

interface ThreadCardProps {
  thread: Thread
  detached: boolean
  /** The passage as it reads now, when the author changed it since the comment. */
  currentText: string | undefined
  active: boolean
  meId: string
  actions: CommentActions
}

const ThreadCard = memo(function ThreadCard({ thread, detached, currentText, active, meId, actions }: ThreadCardProps) {
  const [replying, setReplying] = useState(false)
  const [reply, setReply] = useState('')
  const ref = useRef<HTMLLIElement>(null)
  useEffect(() => {
    if (active) ref.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' })
  }, [active])
  const first = thread.messages[0]
  const label = `Comment by ${thread.authorName}${first && !first.deleted ? `: ${first.body.slice(0, 60)}` : ''}`
  const submitReply = (event: FormEvent) => {
    event.preventDefault()
    if (!reply.trim()) return
    actions.reply(thread.id, reply)
    setReply('')
    setReplying(false)
  }
  return (
    <li
      ref={ref}
      className={['thread', active ? 'active' : '', thread.resolved ? 'resolved' : '', detached ? 'detached' : ''].join(' ')}
      aria-label={label}
      aria-current={active ? 'true' : undefined}
      onClick={(event) => {
        if ((event.target as HTMLElement).closest('button, textarea, input')) return
        actions.activate(thread.id)
      }}
    >
      <div className="thread-meta">
        {detached && <span className="badge">Detached</span>}
        {thread.resolved && <span className="badge">Resolved</span>}
      </div>
      <blockquote className="thread-quote">{thread.quote}</blockquote>
      {currentText !== undefined && !detached && (
        <p className="thread-now">
          <span className="thread-now-label">Now reads:</span> {currentText}
        </p>
      )}
      <ul className="messages">
        {thread.messages.map((message) => (
          <MessageView
            key={message.id}
            threadId={thread.id}
            message={message}
            mine={message.authorId === meId}
            removesThread={thread.messages.every((m) => m.deleted || m.id === message.id)}
            actions={actions}
          />
        ))}
      </ul>
      <div className="inline-actions">
        {!replying && (
          <button type="button" onClick={() => setReplying(true)}>
            Reply
          </button>
        )}
        <button type="button" onClick={() => actions.setResolved(thread.id, !thread.resolved)}>
          {thread.resolved ? 'Reopen' : 'Resolve'}
        </button>
      </div>
      {replying && (
        <form className="reply-form" onSubmit={submitReply}>
          <textarea
            aria-label="Reply"
            autoFocus
            value={reply}
            maxLength={10_000}
            onChange={(e) => setReply(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) submitReply(e)
              if (e.key === 'Escape') setReplying(false)
            }}
          />
          <div className="inline-actions">
            <button type="submit" className="primary" disabled={!reply.trim()}>
              Post
            </button>
            <button type="button" onClick={() => setReplying(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </li>
  )
})

interface MessageViewProps {
  threadId: string
  message: Message
  mine: boolean
  /** Deleting this message leaves the thread empty, so it disappears: ask first. */
  removesThread: boolean
  actions: CommentActions
}

function MessageView({ threadId, message, mine, removesThread, actions }: MessageViewProps) {
  const [editing, setEditing] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const [body, setBody] = useState(message.body)
  if (message.deleted) return <li className="message deleted">Comment deleted</li>
  return (
    <li className="message">
      <div className="message-head">
        <span className="message-author">{message.authorName}</span>
        <time dateTime={new Date(message.createdAt).toISOString()} title={new Date(message.createdAt).toLocaleString()}>
          {relativeTime(message.createdAt, Date.now())}
          {message.editedAt ? ' · edited' : ''}
        </time>
      </div>
      {editing ? (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            if (body.trim()) actions.edit(threadId, message.id, body)
            setEditing(false)
          }}
        >
          <textarea aria-label="Edit comment" autoFocus value={body} maxLength={10_000} onChange={(e) => setBody(e.target.value)} />
          <div className="inline-actions">
            <button type="submit" className="primary">
              Save
            </button>
            <button type="button" onClick={() => (setEditing(false), setBody(message.body))}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <p className="message-body">{message.body}</p>
      )}
      {mine && !editing && !confirming && (
        <div className="message-actions">
          <button type="button" className="link" onClick={() => (setBody(message.body), setEditing(true))}>
            Edit
          </button>
          <button type="button" className="link" onClick={() => (removesThread ? setConfirming(true) : actions.remove(threadId, message.id))}>
            Delete
          </button>
        </div>
      )}
      {confirming && (
        <div className="confirm-inline" role="group" aria-label="Delete this thread?">
          <p>Delete this comment? The thread goes with it; you can undo this from the message that follows, or restore it from the Trash.</p>
          <div className="inline-actions">
            <button type="button" className="danger" autoFocus onClick={() => (setConfirming(false), actions.remove(threadId, message.id))}>
              Delete thread
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </li>
  )
}
