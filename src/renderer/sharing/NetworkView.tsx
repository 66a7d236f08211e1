import { useState, type FormEvent } from 'react'
import type { LibrarySnapshot } from '../../shared/library'
import type { Member } from '../../shared/sharing'
import type { PlacedProposal } from '../review/useProposals'
import type { SyncHub } from '../sync/syncHub'
import { SharedWithYou } from './SharedWithYou'
import { relativeTime } from '../ui/time'

interface NetworkViewProps {
  hub: SyncHub
  snapshot: LibrarySnapshot
  /** Comments (and replies) written by each peer, keyed by their key-derived id. */
  commentCounts: ReadonlyMap<string, number>
  /** Colleagues reviewers proposed, with the decisions made. */
  proposals: readonly PlacedProposal[]
  onAdd: (name: string) => void
  onRemove: (member: Member) => void
  onDecide: (proposal: PlacedProposal, approved: boolean) => void
}

/** The author's trusted circle: who reviews which chapters, when they were last seen, how much they said. */
export function NetworkView({ hub, snapshot, commentCounts, proposals, onAdd, onRemove, onDecide }: NetworkViewProps) {
  const [name, setName] = useState('')
  const chapterTitles = new Map(snapshot.books.flatMap((b) => b.chapters.map((c) => [c.id, c.title] as const)))
  const reviewing = (memberId: string) =>
    snapshot.shares.flatMap((s) => s.reviewers.filter((r) => r.memberId === memberId).flatMap((r) => r.chapterIds))
  const current = snapshot.members.filter((member) => !member.removedAt)
  const former = snapshot.members.filter((member) => member.removedAt)
  /** Who brought a member in: the reviewer whose proposal of them the author approved. */
  const broughtBy = (member: Member) => proposals.find((p) => p.proposal.decision?.approved && p.proposal.name === member.name)?.proposal.proposerName
  const waiting = proposals.filter((p) => !p.proposal.decision)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (name.trim()) onAdd(name.trim())
    setName('')
  }
  return (
    <section className="network" aria-label="Network">
      <h1>Network</h1>
      <p className="view-intro">
        The people you trust with your drafts. Add someone before you invite them; their key is recorded when they join with
        your invite, proven by a signature.
      </p>
      <form className="add-member" onSubmit={submit}>
        <input aria-label="Member name" placeholder="Name" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
        <button type="submit" disabled={!name.trim()}>
          Add member
        </button>
      </form>
      {current.length === 0 ? (
        <p className="empty-hint">Nobody yet. Share a chapter, or add the people you trade drafts with.</p>
      ) : (
        <table className="member-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key fingerprint</th>
              <th scope="col">Reviews</th>
              <th scope="col">Last seen</th>
              <th scope="col">Comments</th>
              <th scope="col">Brought in by</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {current.map((member) => {
              const chapters = reviewing(member.id).map((id) => chapterTitles.get(id) ?? 'a deleted chapter')
              return (
                <tr key={member.id} aria-label={member.name}>
                  <th scope="row">{member.name}</th>
                  <td className="fingerprint">{member.fingerprint ?? <span className="muted">not joined yet</span>}</td>
                  <td>{chapters.length > 0 ? chapters.join(', ') : <span className="muted">nothing yet</span>}</td>
                  <td>{member.lastSeenAt ? relativeTime(member.lastSeenAt, Date.now()) : <span className="muted">never</span>}</td>
                  <td className="number">{member.peerId ? (commentCounts.get(member.peerId) ?? 0) : 0}</td>
                  <td>{broughtBy(member) ?? <span className="muted">you</span>}</td>
                  <td>
                    <button type="button" className="quiet-danger" onClick={() => onRemove(member)}>
                      Remove
                    </button>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
      {former.length > 0 && (
        <>
          <h2 className="former-heading">Former members</h2>
          <ul className="former-members" aria-label="Former members">
            {former.map((member) => (
              <li key={member.id}>
                <strong>{member.name}</strong>
                {member.fingerprint && <span className="fingerprint">{member.fingerprint}</span>}
                <span className="muted">
                  removed {relativeTime(member.removedAt!, Date.now())}; nothing new reaches them, and their earlier comments stay,
                  marked as from a former member
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      <ProposalList proposals={proposals} waiting={waiting.length} chapterTitles={chapterTitles} onDecide={onDecide} />
      <SharedWithYou hub={hub} snapshot={snapshot} />
      {snapshot.profile && (
        <p className="own-identity">
          You are <strong>{snapshot.profile.name}</strong> · your key fingerprint is{' '}
          <span className="fingerprint">{snapshot.profile.fingerprint}</span>
        </p>
      )}
    </section>
  )
}

interface ProposalListProps {
  proposals: readonly PlacedProposal[]
  waiting: number
  chapterTitles: ReadonlyMap<string, string>
  onDecide: (proposal: PlacedProposal, approved: boolean) => void
}

/** Colleagues your reviewers suggested: approve to invite them to the chapter they were suggested for, or decline. */
function ProposalList({ proposals, waiting, chapterTitles, onDecide }: ProposalListProps) {
  if (proposals.length === 0) return null
  return (
    <section className="proposals" aria-label="Suggested reviewers">
      <h2>
        Suggested reviewers {waiting > 0 && <span className="count-badge">{waiting}</span>}
      </h2>
      <ul className="proposal-list">
        {proposals.map((placed) => {
          const { proposal } = placed
          const where = chapterTitles.get(placed.chapterId) ?? 'a chapter'
          return (
            <li key={proposal.id} aria-label={`${proposal.name}, suggested by ${proposal.proposerName}`}>
              <p>
                <strong>{proposal.name}</strong>, suggested by {proposal.proposerName} for “{where}”: {proposal.reason}
              </p>
              {proposal.decision ? (
                <p className="muted">{proposal.decision.approved ? 'Approved' : 'Declined'}</p>
              ) : (
                <div className="inline-actions">
                  <button type="button" className="primary" aria-label={`Approve ${proposal.name}`} onClick={() => onDecide(placed, true)}>
                    Approve
                  </button>
                  <button type="button" aria-label={`Decline ${proposal.name}`} onClick={() => onDecide(placed, false)}>
                    Decline
                  </button>
                </div>
              )}
            </li>
          )
        })}
      </ul>
    </section>
  )
}
