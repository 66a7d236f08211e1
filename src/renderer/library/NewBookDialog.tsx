import { useRef, useState } from 'react'
import { Dialog } from '../ui/Dialog'
import { TextField } from '../ui/TextField'

interface NewBookDialogProps {
  onCreate: (title: string) => void
  /** Starts a book from a Word document; `title` is whatever was typed so far. */
  onImportWord: (file: File, title: string) => void
  onCancel: () => void
}

/** A new, empty book by title, or a new book made from a Word document's chapters. */
export function NewBookDialog({ onCreate, onImportWord, onCancel }: NewBookDialogProps) {
  const [title, setTitle] = useState('')
  const [error, setError] = useState<string | null>(null)
  const fileInput = useRef<HTMLInputElement>(null)
  return (
    <Dialog
      title="New book"
      submitLabel="Create"
      onCancel={onCancel}
      onSubmit={() => {
        const trimmed = title.trim()
        if (!trimmed) setError('Title can’t be empty.')
        else if (trimmed.length > 200) setError('Title is too long (200 characters at most).')
        else onCreate(trimmed)
      }}
    >
      <TextField
        label="Title"
        autoFocus
        value={title}
        maxLength={200}
        error={error}
        onChange={(next) => {
          setTitle(next)
          setError(null)
        }}
      />
      <p className="hint">
        Have a manuscript already?{' '}
        <button type="button" className="link-button" onClick={() => fileInput.current?.click()}>
          Import Word document
        </button>{' '}
        makes a chapter of each Heading 1.
      </p>
      <input
        ref={fileInput}
        type="file"
        accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        hidden
        aria-label="Word document to import"
        onChange={(event) => {
          const file = event.target.files?.[0]
          event.target.value = ''
          if (file) onImportWord(file, title.trim())
        }}
      />
    </Dialog>
  )
}
