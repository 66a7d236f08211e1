import { useState } from 'react'
import { Dialog } from '../ui/Dialog'

/** The invite link, to copy and send, inside a dialog. */
export function InviteLink({ link, name }: { link: string; name?: string }) {
  const [copied, setCopied] = useState(false)
  const [error, setError] = useState<string | null>(null)
  return (
    <>
      <p>Send this link to {name ?? 'your reviewer'} by a channel you trust: anyone who has it can read the chapters it names.</p>
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
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </>
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
