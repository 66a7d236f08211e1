import { useState } from 'react'
import { Dialog } from './Dialog'
import { TextField } from './TextField'

/** First run: the name reviewers and authors will see. Quire creates the user's key pair from here. */
export function WelcomeDialog({ onSubmit }: { onSubmit: (name: string) => Promise<boolean> }) {
  const [name, setName] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  return (
    <Dialog
      title="Welcome to Quire"
      submitLabel={busy ? 'Creating…' : 'Continue'}
      cancellable={false}
      onCancel={() => {}}
      onSubmit={() => {
        const trimmed = name.trim()
        if (!trimmed) return setError('Your name can’t be empty.')
        if (trimmed.length > 100) return setError('Your name is too long (100 characters at most).')
        setBusy(true)
        void onSubmit(trimmed).then((ok) => ok || setBusy(false))
      }}
    >
      <p>Your drafts stay on this computer. When you share a chapter, the people you invite see this name beside your comments.</p>
      <TextField
        label="Your name"
        autoFocus
        value={name}
        maxLength={100}
        error={error}
        onChange={(next) => (setName(next), setError(null))}
      />
    </Dialog>
  )
}
