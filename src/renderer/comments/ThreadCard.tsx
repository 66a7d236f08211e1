/** One thread in the Comments panel: a focusable card with its quote, messages and actions. */
import { memo, useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import type { Message, Thread } from '../../shared/comments'
import { relativeTime } from '../ui/time'
import type { CommentActions } from './CommentsPanel'
import { messageSubject, threadLabel, threadSubject } from './threadLabels'
import { RoundActions, RoundBadges, ThreadRound } from './ThreadRound'

interface ThreadCardProps {
  thread: Thread
  detached: boolean
  /** The passage as it reads now, when the author changed it since the comment. */
  currentText: string | undefined
  active: boolean
  meId: string
  newMessages: ReadonlySet<string>
  isBookAuthor: boolean
  actions: CommentActions
  onReturnToText: () => void
}

/** Moves focus from a card to the card `step` places away. */
function moveBetweenCards(card: HTMLElement, step: number): void {
  const cards = [...(card.parentElement?.querySelectorAll<HTMLElement>(':scope > li.thread') ?? [])]
  cards[cards.indexOf(card) + step]?.focus()
}

/** Focuses the element in `ref` after the next render, when `pending` was set. */
function useFocusAfter(ref: React.RefObject<HTMLElement | null>, pending: React.RefObject<boolean>, when: unknown): void {
  useEffect(() => {
    if (pending.current) {
      pending.current = false
      ref.current?.focus()
    }
  }, [ref, pending, when])
}

export const ThreadCard = memo(function ThreadCard({ thread, detached, currentText, active, meId, newMessages, isBookAuthor, actions, onReturnToText }: ThreadCardProps) {
  const [replying, setReplying] = useState(false)
  const [reply, setReply] = useState('')
  const ref = useRef<HTMLLIElement>(null)
  const replyButton = useRef<HTMLButtonElement>(null)
  const backToReply = useRef(false)
  useFocusAfter(replyButton, backToReply, replying)
  useEffect(() => {
    if (active) ref.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' })
  }, [active])
  const subject = threadSubject(thread, meId)
  const closeReply = () => {
    backToReply.current = true
    setReplying(false)
  }
  const submitReply = (event: FormEvent) => {
    event.preventDefault()
    if (!reply.trim()) return
    actions.reply(thread.id, reply)
    setReply('')
    closeReply()
  }
  const onCardKey = (event: KeyboardEvent<HTMLLIElement>) => {
    if (event.target !== event.currentTarget) return
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      moveBetweenCards(event.currentTarget, event.key === 'ArrowDown' ? 1 : -1)
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault()
      actions.activate(thread.id)
    } else if (event.key === 'Escape') {
      event.preventDefault()
      onReturnToText()
    }
  }
  return (
    <li
      ref={ref}
      tabIndex={0}
      className={['thread', active ? 'active' : '', thread.resolved ? 'resolved' : '', detached ? 'detached' : ''].join(' ')}
      aria-label={threadLabel(thread)}
      aria-current={active ? 'true' : undefined}
      onKeyDown={onCardKey}
      onClick={(event) => {
        if ((event.target as HTMLElement).closest('button, textarea, input')) return
        actions.activate(thread.id)
      }}
    >
      <div className="thread-meta">
        {detached && <span className="badge">Detached</span>}
        {thread.resolved && <span className="badge">Resolved</span>}
        <RoundBadges thread={thread} meId={meId} />
      </div>
      <blockquote className="thread-quote">{thread.quote}</blockquote>
      <ThreadRound thread={thread} detached={detached} currentText={currentText} />
      {currentText !== undefined && !detached && !thread.suggestion && thread.carried?.state !== 'changed' && (
        <p className="thread-now">
          <span className="thread-now-label">Now reads:</span> {currentText}
        </p>
      )}
      <ul className="messages">
        {thread.messages.map((message, index) => (
          <MessageView
            key={message.id}
            thread={thread}
            message={message}
            subject={messageSubject(thread, index, meId)}
            mine={message.authorId === meId}
            isNew={newMessages.has(message.id)}
            removesThread={thread.messages.every((m) => m.deleted || m.id === message.id)}
            actions={actions}
          />
        ))}
      </ul>
      <div className="inline-actions">
        <RoundActions thread={thread} detached={detached} currentText={currentText} meId={meId} isBookAuthor={isBookAuthor} subject={subject} actions={actions} />
        {!replying && (
          <button type="button" ref={replyButton} aria-label={`Reply to ${subject}`} onClick={() => setReplying(true)}>
            Reply
          </button>
        )}
        <button
          type="button"
          aria-label={`${thread.resolved ? 'Reopen' : 'Resolve'} ${subject}`}
          onClick={() => actions.setResolved(thread.id, !thread.resolved)}
        >
          {thread.resolved ? 'Reopen' : 'Resolve'}
        </button>
      </div>
      {replying && (
        <form className="reply-form" onSubmit={submitReply}>
          <textarea
            aria-label={`Reply to ${subject}`}
            autoFocus
            value={reply}
            maxLength={10_000}
            aria-keyshortcuts="Control+Enter Escape"
            onChange={(e) => setReply(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) submitReply(e)
              if (e.key === 'Escape') closeReply()
            }}
          />
          <div className="inline-actions">
            <button type="submit" className="primary" disabled={!reply.trim()}>
              Post
            </button>
            <button type="button" onClick={closeReply}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </li>
  )
})

interface MessageViewProps {
  thread: Thread
  message: Message
  /** “your reply on “…”” — what Edit and Delete act on. */
  subject: string
  mine: boolean
  /** Deleting this message leaves the thread empty, so it disappears: ask first. */
  /** New since the user last looked at this chapter. */
  isNew: boolean
  removesThread: boolean
  actions: CommentActions
}

function MessageView({ thread, message, subject, mine, isNew, removesThread, actions }: MessageViewProps) {
  const [editing, setEditing] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const [body, setBody] = useState(message.body)
  const editButton = useRef<HTMLButtonElement>(null)
  const backToEdit = useRef(false)
  useFocusAfter(editButton, backToEdit, editing)
  if (message.deleted) return <li className="message deleted">Comment deleted</li>
  const stopEditing = () => {
    backToEdit.current = true
    setEditing(false)
  }
  const save = (event: FormEvent) => {
    event.preventDefault()
    if (body.trim()) actions.edit(thread.id, message.id, body)
    stopEditing()
  }
  const cancel = () => {
    setBody(message.body)
    stopEditing()
  }
  return (
    <li className="message">
      <div className="message-head">
        <span className="message-author">{message.authorName}</span>
        {isNew && <span className="new-mark">New</span>}
        <time dateTime={new Date(message.createdAt).toISOString()} title={new Date(message.createdAt).toLocaleString()}>
          {relativeTime(message.createdAt, Date.now())}
          {message.editedAt ? ' · edited' : ''}
        </time>
      </div>
      {editing ? (
        <form onSubmit={save}>
          <textarea
            aria-label={`Edit ${subject}`}
            autoFocus
            value={body}
            maxLength={10_000}
            aria-keyshortcuts="Control+Enter Escape"
            onChange={(e) => setBody(e.target.value)}
            onKeyDown={(e) => {
              // The same keys as writing a new comment; Escape stays here, not on the card.
              if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) save(e)
              if (e.key === 'Escape') {
                e.stopPropagation()
                cancel()
              }
            }}
          />
          <div className="inline-actions">
            <button type="submit" className="primary">
              Save
            </button>
            <button type="button" onClick={cancel}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        message.body && <p className="message-body">{message.body}</p>
      )}
      {mine && !editing && !confirming && (
        <div className="message-actions">
          <button type="button" ref={editButton} className="link" aria-label={`Edit ${subject}`} onClick={() => (setBody(message.body), setEditing(true))}>
            Edit
          </button>
          <button
            type="button"
            className="link"
            aria-label={`Delete ${subject}`}
            onClick={(event) => {
              if (removesThread) {
                setConfirming(true)
                return
              }
              // The button goes with the message: keep focus on its card.
              event.currentTarget.closest<HTMLElement>('li.thread')?.focus()
              actions.remove(thread.id, message.id)
            }}
          >
            Delete
          </button>
        </div>
      )}
      {confirming && (
        <div className="confirm-inline" role="group" aria-label={`Delete ${subject} and its thread?`}>
          <p>Delete this comment? Its thread goes with it. You can undo this, or restore it from the Trash.</p>
          <div className="inline-actions">
            <button
              type="button"
              className="danger"
              autoFocus
              onClick={(event) => {
                // The thread goes: focus moves to the panel, not the page.
                event.currentTarget.closest<HTMLElement>('.comments')?.querySelector<HTMLElement>('h2')?.focus()
                setConfirming(false)
                actions.remove(thread.id, message.id)
              }}
            >
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
