import { useState } from 'react'
import { Dialog } from './Dialog'
import { TextField } from './TextField'

interface PromptDialogProps {
  title: string
  label: string
  submitLabel: string
  initial?: string
  onSubmit: (value: string) => void
  onCancel: () => void
}

/** Asks for one line of text, e.g. a book title. Refuses an empty answer with a visible hint. */
export function PromptDialog({ title, label, submitLabel, initial = '', onSubmit, onCancel }: PromptDialogProps) {
  const [value, setValue] = useState(initial)
  const [error, setError] = useState<string | null>(null)
  return (
    <Dialog
      title={title}
      submitLabel={submitLabel}
      onCancel={onCancel}
      onSubmit={() => {
        const trimmed = value.trim()
        if (!trimmed) setError(`${label} can’t be empty.`)
        else if (trimmed.length > 200) setError(`${label} is too long (200 characters at most).`)
        else onSubmit(trimmed)
      }}
    >
      <TextField
        label={label}
        autoFocus
        value={value}
        maxLength={200}
        error={error}
        onChange={(next) => {
          setValue(next)
          setError(null)
        }}
      />
    </Dialog>
  )
}
