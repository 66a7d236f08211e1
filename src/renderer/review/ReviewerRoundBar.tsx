/**
 * A reviewer's review bar: which draft they read, the earlier draft beside
 * it on demand, Suggest a reviewer, and where they picked up reading.
 */
import type { EditorView } from 'prosemirror-view'
import { useState } from 'react'
import { readProposals, proposeReviewer } from '../../shared/review/proposals'
import { privacyForAuthor } from '../../shared/review/privacy'
import { randomId } from '../ui/ids'
import { ProposeDialog } from './ProposeDialog'
import { useReadingTracker } from './useReadingTracker'
import type { ChapterRound } from './useRound'

interface ReviewerRoundBarProps {
  round: ChapterRound
  view: EditorView | null
  authorName: string
  shareProgress: boolean
  /** The earlier draft shown beside the text, if any. */
  beside: number | null
  onBeside: (draft: number | null) => void
}

export function ReviewerRoundBar({ round, view, authorName, shareProgress, beside, onBeside }: ReviewerRoundBarProps) {
  const [proposing, setProposing] = useState(false)
  const notice = useReadingTracker(round, view, shareProgress)
  const earlier = round.drafts.filter((d) => d.number < round.draft)
  const mine = proposing ? readProposals(round.doc, round.context).proposals.filter((p) => p.proposerId === round.me.id) : []
  return (
    <div className="round-bar" role="toolbar" aria-label="Review round">
      <p className="round-status">
        <span>
          Draft {round.draft}
          {round.mode === 'blind' ? ` · blind review: only ${authorName} reads your comments` : ''}
        </span>
        {notice && <span role="status">{notice}</span>}
      </p>
      <div className="round-actions">
        {earlier.length > 0 &&
          (beside === null ? (
            <button type="button" onClick={() => onBeside(earlier[earlier.length - 1]!.number)}>
              Show draft {earlier[earlier.length - 1]!.number} beside
            </button>
          ) : (
            earlier.length > 1 && (
              <label className="inline-select">
                <span>Beside: </span>
                <select value={beside} onChange={(event) => onBeside(Number(event.target.value))}>
                  {earlier.map((d) => (
                    <option key={d.number} value={d.number}>
                      Draft {d.number}
                    </option>
                  ))}
                </select>
              </label>
            )
          ))}
        <button type="button" onClick={() => setProposing(true)}>
          Suggest a reviewer
        </button>
      </div>
      {proposing && (
        <ProposeDialog
          authorName={authorName}
          earlier={mine}
          onClose={() => setProposing(false)}
          onPropose={(name, reason) => {
            const privacy = privacyForAuthor(round.me.id, round.context.bookAuthorId, round.sealing)
            if (!privacy || privacy === 'unavailable') return 'Quire does not know the author yet.'
            const result = proposeReviewer(round.doc, round.me, { id: randomId(), name, reason, now: Date.now() }, privacy)
            if (result.ok) return null
            return result.error === 'cannot-seal'
              ? `Quire does not know ${authorName}’s key yet. Try again once you have been online together.`
              : 'Give a name (100 characters at most) and a reason (2,000 at most).'
          }}
        />
      )}
    </div>
  )
}
