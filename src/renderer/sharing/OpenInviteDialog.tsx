import { useState } from 'react'
import { Dialog } from '../ui/Dialog'
import { TextField } from '../ui/TextField'

interface OpenInviteDialogProps {
  initialLink?: string
  /**
   * Resolves to null when joined, or to why not; `confirm` when joining is
   * possible but the user must decide first (an author's key they have not seen).
   */
  onJoin: (link: string, trustNewKey: boolean) => Promise<{ message: string; confirm: boolean } | null>
  onCancel: () => void
}

/** Paste an invite link (or confirm one the operating system handed over) and join the share. */
export function OpenInviteDialog({ initialLink = '', onJoin, onCancel }: OpenInviteDialogProps) {
  const [link, setLink] = useState(initialLink)
  const [error, setError] = useState<string | null>(null)
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  return (
    <Dialog
      title="Open invite"
      submitLabel={busy ? 'Joining…' : confirming ? 'Join anyway' : 'Join'}
      danger={confirming}
      onCancel={onCancel}
      onSubmit={() => {
        if (busy) return
        if (!link.trim()) return setError('Paste the invite link you were sent.')
        setBusy(true)
        void onJoin(link.trim(), confirming).then((refusal) => {
          setBusy(false)
          setError(refusal?.message ?? null)
          setConfirming(refusal?.confirm ?? false)
        })
      }}
    >
      <p>Paste the link an author sent you. Quire checks that it really comes from them before joining.</p>
      <TextField
        label="Invite link"
        autoFocus
        value={link}
        placeholder="quire://invite#…"
        spellCheck={false}
        error={error}
        onChange={(next) => (setLink(next), setError(null), setConfirming(false))}
      />
    </Dialog>
  )
}
