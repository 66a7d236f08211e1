import { useId, useState } from 'react'
import type { Book, Chapter } from '../../shared/library'
import type { Member, ReviewMode } from '../../shared/sharing'
import { Dialog } from '../ui/Dialog'
import { InviteLink } from './InviteReady'

interface ShareDialogProps {
  book: Book
  chapter: Chapter
  /** Current members only (not former ones). */
  members: Member[]
  /** The names of those who already review this chapter. */
  withAccess: string[]
  /** The author has TURN servers to offer in the invite. */
  hasTurnServers: boolean
  /**
   * How the book's share is reviewed: null when the book is not shared yet,
   * so this first invite chooses it; otherwise the mode chosen then.
   */
  reviewMode: ReviewMode | null
  /** Resolves to the invite link, or throws with a message for the user. */
  onCreate: (request: {
    chapterIds: string[]
    reviewer: { memberId: string } | { name: string }
    includeTurn: boolean
    mode: ReviewMode | null
  }) => Promise<string>
  /** Saves the invite with its chapters' text as a chapter file; resolves to a line to show. */
  onSavePackage: (link: string) => Promise<string>
  onClose: () => void
}

/**
 * Share a chapter (and any others of the book) with one reviewer: someone in
 * the network, or a new name. The invite link carries the key; send it
 * through a channel you trust.
 */
export function ShareDialog({ book, chapter, members, withAccess, hasTurnServers, reviewMode, onCreate, onSavePackage, onClose }: ShareDialogProps) {
  const [includeTurn, setIncludeTurn] = useState(false)
  const [mode, setMode] = useState<ReviewMode>('round-table')
  const [memberId, setMemberId] = useState<string | null>(members[0]?.id ?? null)
  const [name, setName] = useState('')
  const [chapterIds, setChapterIds] = useState<string[]>([chapter.id])
  const [link, setLink] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const groupId = useId()

  if (link) {
    return (
      // The same Dialog as the form below (same place in the tree), so focus still returns to what opened the form.
      <Dialog title="Invite ready" submitLabel="Done" cancelLabel={null} onSubmit={onClose} onCancel={onClose}>
        <InviteLink link={link} onSave={() => onSavePackage(link)} />
      </Dialog>
    )
  }

  const toggle = (id: string) =>
    setChapterIds((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]))

  return (
    <Dialog
      title={`Share “${chapter.title}”`}
      submitLabel="Create invite"
      onCancel={onClose}
      onSubmit={() => {
        const trimmed = name.trim()
        const reviewer = trimmed ? { name: trimmed } : memberId ? { memberId } : null
        if (!reviewer) return setError('Choose a reviewer or type a new reviewer’s name.')
        if (chapterIds.length === 0) return setError('Tick at least one chapter to share.')
        const ordered = book.chapters.map((c) => c.id).filter((id) => chapterIds.includes(id))
        onCreate({ chapterIds: ordered, reviewer, includeTurn, mode: reviewMode === null ? mode : null }).then(setLink, (e: unknown) =>
          setError(e instanceof Error ? e.message : String(e)),
        )
      }}
    >
      <p className="who-has-access">
        {withAccess.length === 0
          ? 'Nobody has access to this chapter yet.'
          : `Already shared with ${new Intl.ListFormat('en', { type: 'conjunction' }).format(withAccess)}.`}
      </p>
      {members.length > 0 && (
        <fieldset className="choice-group">
          <legend>Reviewer from your network</legend>
          {members.map((member) => (
            <label key={member.id} className="choice">
              <input
                type="radio"
                name={`${groupId}-member`}
                checked={!name.trim() && memberId === member.id}
                onChange={() => (setMemberId(member.id), setName(''))}
              />
              {member.name}
            </label>
          ))}
        </fieldset>
      )}
      <label className="field">
        <span>{members.length > 0 ? 'Or a new reviewer' : 'Reviewer'}</span>
        <input
          aria-label="Reviewer name"
          placeholder="Reviewer name"
          value={name}
          maxLength={100}
          autoFocus={members.length === 0}
          onChange={(event) => (setName(event.target.value), setError(null))}
        />
      </label>
      {reviewMode === null ? (
        <fieldset className="choice-group">
          <legend>Review</legend>
          <label className="choice">
            <input type="radio" name={`${groupId}-mode`} checked={mode === 'round-table'} onChange={() => setMode('round-table')} />
            Round table: reviewers read each other’s comments
          </label>
          <label className="choice">
            <input type="radio" name={`${groupId}-mode`} checked={mode === 'blind'} onChange={() => setMode('blind')} />
            Blind: only you read each reviewer’s comments
          </label>
        </fieldset>
      ) : (
        <p className="hint">
          {reviewMode === 'blind'
            ? 'This book’s review is blind: only you read each reviewer’s comments. You can open it to a round table from the chapter.'
            : 'This book’s review is a round table: reviewers read each other’s comments.'}
        </p>
      )}
      <fieldset className="choice-group">
        <legend>Chapters</legend>
        {book.chapters.map((c) => (
          <label key={c.id} className="choice">
            <input type="checkbox" checked={chapterIds.includes(c.id)} onChange={() => toggle(c.id)} />
            {c.title}
          </label>
        ))}
      </fieldset>
      {hasTurnServers && (
        <label className="choice">
          <input type="checkbox" checked={includeTurn} onChange={(e) => setIncludeTurn(e.target.checked)} />
          Include my TURN servers (with credentials that expire in 30 days)
        </label>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  )
}
