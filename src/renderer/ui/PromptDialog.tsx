import { useState } from 'react'
import { Dialog } from './Dialog'

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
      <label className="field">
        <span>{label}</span>
        <input
          autoFocus
          value={value}
          maxLength={200}
          aria-invalid={error ? true : undefined}
          onChange={(event) => {
            setValue(event.target.value)
            setError(null)
          }}
        />
      </label>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  )
}
