import { useId, useState } from 'react'
import { parseInvite } from '../../shared/invite'
import type { Book, Chapter } from '../../shared/library'
import type { Member } from '../../shared/sharing'
import { Dialog } from '../ui/Dialog'

interface ShareDialogProps {
  book: Book
  chapter: Chapter
  /** Current members only (not former ones). */
  members: Member[]
  /** The author has TURN servers to offer in the invite. */
  hasTurnServers: boolean
  /** Resolves to the invite link, or throws with a message for the user. */
  onCreate: (request: { chapterIds: string[]; reviewer: { memberId: string } | { name: string }; includeTurn: boolean }) => Promise<string>
  onClose: () => void
}

/**
 * Share a chapter (and any others of the book) with one reviewer: someone in
 * the network, or a new name. The invite link carries the key; send it
 * through a channel you trust.
 */
export function ShareDialog({ book, chapter, members, hasTurnServers, onCreate, onClose }: ShareDialogProps) {
  const [includeTurn, setIncludeTurn] = useState(false)
  const [memberId, setMemberId] = useState<string | null>(members[0]?.id ?? null)
  const [name, setName] = useState('')
  const [chapterIds, setChapterIds] = useState<string[]>([chapter.id])
  const [link, setLink] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [copied, setCopied] = useState(false)
  const groupId = useId()

  if (link) {
    return (
      // The same Dialog as the form below (same place in the tree), so focus still returns to what opened the form.
      <Dialog title="Invite ready" submitLabel="Done" cancelLabel={null} onSubmit={onClose} onCancel={onClose}>
        <InviteTerms link={link} />
        <label className="field">
          <span>Invite link</span>
          <input readOnly value={link} onFocus={(event) => event.target.select()} spellCheck={false} />
        </label>
        <div className="inline-actions">
          <button
            type="button"
            onClick={() => {
              void navigator.clipboard.writeText(link).then(
                () => setCopied(true),
                () => setError('Quire could not reach the clipboard. Select the link and copy it.'),
              )
            }}
          >
            Copy invite
          </button>
          <span role="status">{copied ? 'Copied to the clipboard.' : ''}</span>
        </div>
        {error && <p className="field-error" role="alert">{error}</p>}
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
        onCreate({ chapterIds: ordered, reviewer, includeTurn }).then(setLink, (e: unknown) =>
          setError(e instanceof Error ? e.message : String(e)),
        )
      }}
    >
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

/** Who the invite is for and until when, read back from the link itself. */
function InviteTerms({ link }: { link: string }) {
  const parsed = parseInvite(link)
  const invite = parsed.ok ? parsed.invite : null
  const expires = invite?.member ? new Date(invite.member.expiresAt).toLocaleDateString(undefined, { dateStyle: 'long' }) : null
  return (
    <p>
      This invite is for <strong>{invite?.reviewer.name ?? 'your reviewer'}</strong> alone: the first Quire that opens it
      becomes them{expires ? <>, and it stops working on <strong>{expires}</strong> if nobody has used it</> : null}. Send it
      by a channel you trust; until they join, anyone holding it can read the chapters it names.
    </p>
  )
}
