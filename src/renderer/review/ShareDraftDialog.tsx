import { useState } from 'react'
import { Dialog } from '../ui/Dialog'
import { TextField } from '../ui/TextField'

interface ShareDraftDialogProps {
  number: number
  /** Threads from earlier drafts that will be carried over. */
  threads: number
  onShare: (name: string) => Promise<string | null>
  onClose: () => void
}

/** Share new draft: names the draft (optionally) and says what happens to the comments so far. */
export function ShareDraftDialog({ number, threads, onShare, onClose }: ShareDraftDialogProps) {
  const [name, setName] = useState('')
  const [working, setWorking] = useState(false)
  const [error, setError] = useState<string | null>(null)
  return (
    <Dialog
      title={`Share draft ${number}`}
      submitLabel={`Share draft ${number}`}
      submitDisabled={working}
      onCancel={() => !working && onClose()}
      onSubmit={() => {
        setWorking(true)
        void onShare(name).then((failure) => {
          setWorking(false)
          if (failure) setError(failure)
          else onClose()
        })
      }}
    >
      <p>
        Your reviewers get the chapter as it reads now as draft {number}, beside draft {number - 1}.
        {threads > 0
          ? ` Each of the ${threads === 1 ? 'thread' : `${threads} threads`} so far is carried over as anchored (its passage unchanged), changed (edited: they see how) or removed (its quote kept, never moved to other text), and its reviewer can mark it addressed.`
          : ''}
      </p>
      <TextField label="Draft name (optional)" value={name} maxLength={200} autoFocus onChange={setName} />
      {working && <p role="status">Sharing…</p>}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  )
}
