import { useState } from 'react'
import type { Proposal } from '../../shared/review/proposals'
import { Dialog } from '../ui/Dialog'
import { TextField } from '../ui/TextField'

interface ProposeDialogProps {
  authorName: string
  /** What this reviewer proposed before, with the author's decisions. */
  earlier: readonly Proposal[]
  onPropose: (name: string, reason: string) => string | null
  onClose: () => void
}

/** Suggest a reviewer: a colleague who knows the subject, for the author to invite or not. */
export function ProposeDialog({ authorName, earlier, onPropose, onClose }: ProposeDialogProps) {
  const [name, setName] = useState('')
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | null>(null)
  return (
    <Dialog
      title="Suggest a reviewer"
      submitLabel="Suggest"
      onCancel={onClose}
      onSubmit={() => {
        if (!name.trim()) return setError('Type the name of the person you suggest.')
        if (!reason.trim()) return setError(`Say in a few words why ${authorName} should ask them.`)
        const failure = onPropose(name, reason)
        if (failure) setError(failure)
        else onClose()
      }}
    >
      <p>Only {authorName} sees this. If they approve, they send your colleague an invite.</p>
      <TextField label="Colleague’s name" value={name} maxLength={100} autoFocus onChange={(v) => (setName(v), setError(null))} />
      <label className="field">
        <span>Why them</span>
        <textarea value={reason} rows={2} maxLength={2000} placeholder="My colleague knows harbour law." onChange={(e) => (setReason(e.target.value), setError(null))} />
      </label>
      {earlier.length > 0 && (
        <ul className="earlier-proposals" aria-label="Your suggestions so far">
          {earlier.map((p) => (
            <li key={p.id}>
              {p.name}: {p.decision ? (p.decision.approved ? 'approved' : 'declined') : 'waiting for the author'}
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  )
}
