import { useState } from 'react'
import { parseInvite } from '../../shared/invite'
import { Dialog } from '../ui/Dialog'

/**
 * The invite link, to copy and send, inside a dialog; with `onSave`, also as
 * a chapter file (the invite and the chapters' text) for a reviewer who
 * cannot be online with the author. `onSave` resolves to a line to show.
 */
export function InviteLink({ link, name, onSave }: { link: string; name?: string; onSave?: () => Promise<string> }) {
  const [copied, setCopied] = useState(false)
  const [saved, setSaved] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  return (
    <>
      <InviteTerms link={link} {...(name ? { name } : {})} />
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
        {onSave && (
          <button type="button" onClick={() => void onSave().then(setSaved, (e: unknown) => setError(e instanceof Error ? e.message : String(e)))}>
            Save chapter for review
          </button>
        )}
        <span role="status">{saved ?? (copied ? 'Copied to the clipboard.' : '')}</span>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </>
  )
}

/** Who the invite is for and until when, read back from the link itself. */
function InviteTerms({ link, name }: { link: string; name?: string }) {
  const parsed = parseInvite(link)
  const invite = parsed.ok ? parsed.invite : null
  const expires = invite?.member ? new Date(invite.member.expiresAt).toLocaleDateString(undefined, { dateStyle: 'long' }) : null
  return (
    <p>
      This invite is for <strong>{invite?.reviewer.name ?? name ?? 'your reviewer'}</strong> alone: the first Quire that opens it
      becomes them{expires ? <>, and it stops working on <strong>{expires}</strong> if nobody has used it</> : null}. Send it
      by a channel you trust; until they join, anyone holding it can read the chapters it names.
    </p>
  )
}

/** An invite made outside the Share dialog (a colleague a reviewer proposed). */
export function InviteReady({ link, name, onClose }: { link: string; name?: string; onClose: () => void }) {
  return (
    <Dialog title="Invite ready" submitLabel="Done" cancelLabel={null} onSubmit={onClose} onCancel={onClose}>
      <InviteLink link={link} {...(name ? { name } : {})} />
    </Dialog>
  )
}
