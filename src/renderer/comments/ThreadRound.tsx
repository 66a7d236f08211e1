/**
 * What review rounds add to a thread card: a suggested edit as a diff with
 * the author's Accept and Reject (or who decided), the state a new draft
 * left its passage in, and its writer's Addressed / Not addressed.
 */
import type { MouseEvent } from 'react'
import type { Thread } from '../../shared/comments'
import { DiffText } from '../review/DiffText'
import { isLiveSuggestion } from './binding'
import type { CommentActions } from './CommentsPanel'

const CARRIED_LABEL = { anchored: 'Anchored', changed: 'Changed', removed: 'Removed' } as const

/** Badges for the card's head: the draft state, the writer's verdict, a suggestion's decision, a blind thread. */
export function RoundBadges({ thread, meId }: { thread: Thread; meId: string }) {
  const carried = thread.carried
  const decision = thread.suggestion?.decision
  return (
    <>
      {thread.suggestion && <span className="badge suggestion-badge">Suggestion</span>}
      {carried && (
        <span className={`badge carried-${carried.state}`}>
          Draft {thread.draft} · {CARRIED_LABEL[carried.state]}
        </span>
      )}
      {thread.addressed && <span className="badge">{thread.addressed.addressed ? 'Addressed' : 'Not addressed'}</span>}
      {decision && <span className="badge">{decision.accepted ? 'Accepted' : 'Rejected'}</span>}
      {thread.sealed && thread.authorId === meId && <span className="badge" title="A blind review: only the author reads this thread">Blind</span>}
    </>
  )
}

interface ThreadRoundProps {
  thread: Thread
  detached: boolean
  currentText: string | undefined
  meId: string
  isBookAuthor: boolean
  subject: string
  actions: CommentActions
}

/** The suggestion and the draft state, under the quote. */
export function ThreadRound({ thread, detached, currentText }: Pick<ThreadRoundProps, 'thread' | 'detached' | 'currentText'>) {
  const suggestion = thread.suggestion
  const carried = thread.carried
  const live = isLiveSuggestion({ thread, detached, currentText })
  return (
    <>
      {suggestion && (
        <div className="suggestion">
          <p className="suggestion-diff">
            <DiffText before={thread.quote} after={suggestion.text} />
          </p>
          {suggestion.decision ? (
            <p className="suggestion-decision">
              {suggestion.decision.accepted ? 'Accepted' : 'Rejected'} by {suggestion.decision.byName}
            </p>
          ) : (
            !live && (
              <p className="suggestion-stale" id={staleId(thread)}>
                {detached
                  ? 'The passage this suggestion was made on is gone, so it cannot be applied.'
                  : `The passage changed since this suggestion was made, so it cannot be applied as it is. It now reads: “${currentText ?? ''}”`}
              </p>
            )
          )}
        </div>
      )}
      {carried?.state === 'changed' && carried.now !== undefined && !suggestion?.decision?.accepted && (
        <p className="carried-diff">
          <span className="thread-now-label">In draft {carried.draft}:</span> <DiffText before={thread.quote} after={carried.now} />
        </p>
      )}
      {carried?.state === 'removed' && <p className="carried-note">Draft {carried.draft} removed this passage. The quote above is what it said.</p>}
    </>
  )
}

const staleId = (thread: Thread) => `stale-${thread.id.replace(/[^A-Za-z0-9_-]/g, '-')}`

/** The card keeps focus when the button pressed goes away with the decision. */
function keepFocusOnCard(event: MouseEvent<HTMLButtonElement>): void {
  event.currentTarget.closest<HTMLElement>('li.thread')?.focus()
}

/**
 * The card's decisions, on their own row above Reply and Resolve: Accept and
 * Reject of a waiting suggestion for the author, Addressed / Not addressed of
 * a carried thread for its writer.
 */
export function RoundActions({ thread, detached, currentText, meId, isBookAuthor, subject, actions }: ThreadRoundProps) {
  const suggestion = thread.suggestion
  const carried = thread.carried
  const live = isLiveSuggestion({ thread, detached, currentText })
  return (
    <>
      {isBookAuthor && suggestion && !suggestion.decision && (
        <span className="decision" role="group" aria-label={`Decide on ${subject}`}>
          <button
            type="button"
            className="primary"
            disabled={!live}
            aria-describedby={live ? undefined : staleId(thread)}
            aria-label={`Accept ${subject}`}
            onClick={(event) => {
              keepFocusOnCard(event)
              actions.decide(thread.id, true)
            }}
          >
            Accept
          </button>
          <button
            type="button"
            aria-label={`Reject ${subject}`}
            onClick={(event) => {
              keepFocusOnCard(event)
              actions.decide(thread.id, false)
            }}
          >
            Reject
          </button>
        </span>
      )}
      {carried && thread.authorId === meId && !thread.resolved && (
        <span className="decision addressed" role="group" aria-label={`Did draft ${carried.draft} address ${subject}?`}>
          <button type="button" aria-pressed={thread.addressed?.addressed === true} onClick={() => actions.setAddressed(thread.id, true)}>
            Addressed
          </button>
          <button type="button" aria-pressed={thread.addressed?.addressed === false} onClick={() => actions.setAddressed(thread.id, false)}>
            Not addressed
          </button>
        </span>
      )}
    </>
  )
}
