/** Feedback summary: the open chapter's review, draft by draft. */
import type { DraftSummary } from '../../shared/review/summary'
import { progressWords } from '../../shared/review/summary'
import { Dialog } from '../ui/Dialog'

export function SummaryDialog({ title, summaries, onClose }: { title: string; summaries: readonly DraftSummary[]; onClose: () => void }) {
  return (
    <Dialog title={`Feedback on “${title}”`} submitLabel="Done" cancelLabel={null} wide onSubmit={onClose} onCancel={onClose}>
      <p className="hint">Include it in a Word document with Export Word document → Include feedback summary.</p>
      {summaries.map((summary) => (
        <DraftSummaryView key={summary.draft} summary={summary} />
      ))}
    </Dialog>
  )
}

export function DraftSummaryView({ summary }: { summary: DraftSummary }) {
  const heading = `Draft ${summary.draft}${summary.name ? `: ${summary.name}` : ''}`
  return (
    <section className="draft-summary" aria-label={heading}>
      <h3>
        {heading}
        {summary.sharedAt !== undefined && <span className="muted"> · shared {new Date(summary.sharedAt).toLocaleDateString()}</span>}
      </h3>
      <p>
        {summary.open} open, {summary.resolved} resolved{summary.addressed > 0 ? `, ${summary.addressed} addressed in a later draft` : ''} · suggested
        edits: {summary.suggestions.accepted} accepted, {summary.suggestions.rejected} rejected, {summary.suggestions.undecided} undecided
      </p>
      {summary.reviewers.length === 0 ? (
        <p className="muted">No reviewer has connected yet.</p>
      ) : (
        <table className="member-table summary-table">
          <thead>
            <tr>
              <th scope="col">Reviewer</th>
              <th scope="col">Threads</th>
              <th scope="col">Replies</th>
              <th scope="col">Reading</th>
              <th scope="col">Earlier points addressed</th>
            </tr>
          </thead>
          <tbody>
            {summary.reviewers.map((r) => (
              <tr key={r.id} aria-label={r.name}>
                <th scope="row">{r.name}</th>
                <td className="number">{r.threads}</td>
                <td className="number">{r.replies}</td>
                <td>{progressWords(r.progress)}</td>
                <td>{r.earlierPoints > 0 ? `${r.addressed} of ${r.earlierPoints}` : <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
