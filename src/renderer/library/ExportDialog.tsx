import { useState } from 'react'
import type { ManuscriptFont } from '../../shared/manuscript/model'
import type { ManuscriptSettings } from '../../shared/sharing'
import { Dialog } from '../ui/Dialog'
import { TextField } from '../ui/TextField'
import type { ExportChoice } from './manuscriptExport'

export type ExportFormat = 'docx' | 'pdf'

interface ExportDialogProps {
  format: ExportFormat
  /** What is exported, for the title: a chapter's or the book's title. */
  subject: { kind: 'book' | 'chapter'; title: string }
  /** Remembered from the last export; the author's profile name the first time. */
  initial: ManuscriptSettings
  /** Some chapter in the export is shared, so it may have comments. */
  mayHaveComments: boolean
  /** Runs the export; resolves with an error message, or null when done. */
  onExport: (choice: ExportChoice, onProgress: (label: string) => void) => Promise<string | null>
  onClose: () => void
}

const FONTS: Array<{ value: ManuscriptFont; label: string }> = [
  { value: 'times', label: 'Times New Roman' },
  { value: 'courier', label: 'Courier' },
]

/** Page 1 details, font and comments for a Word or PDF export in standard manuscript format. */
export function ExportDialog({ format, subject, initial, mayHaveComments, onExport, onClose }: ExportDialogProps) {
  const [details, setDetails] = useState(initial)
  const [includeComments, setIncludeComments] = useState(mayHaveComments)
  const [includeSummary, setIncludeSummary] = useState(false)
  const [working, setWorking] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const set = (patch: Partial<ManuscriptSettings>) => setDetails((current) => ({ ...current, ...patch }))
  const what = format === 'docx' ? 'Word document' : 'PDF'

  const submit = async () => {
    if (working) return
    setError(null)
    setWorking('Preparing…')
    const { font, ...contact } = details
    const failure = await onExport({ contact, font, includeComments: format === 'docx' && includeComments, includeSummary: format === 'docx' && includeSummary }, setWorking)
    setWorking(null)
    if (failure) setError(failure)
    else onClose()
  }

  return (
    <Dialog
      title={`Export ${subject.kind === 'book' ? 'book' : 'chapter'} as ${what}`}
      submitLabel={`Export ${what}`}
      submitDisabled={working !== null}
      onSubmit={() => void submit()}
      onCancel={() => working === null && onClose()}
    >
      <p>
        “{subject.title}” in standard manuscript format: 12 pt, double-spaced, 1-inch margins, your name, contact details and the word count
        on page 1.
      </p>
      <TextField label="Name" value={details.name} maxLength={100} autoFocus onChange={(name) => set({ name })} />
      <label className="field">
        <span>Address</span>
        <textarea value={details.address} rows={2} maxLength={1000} onChange={(event) => set({ address: event.target.value })} />
      </label>
      <div className="field-row">
        <TextField label="Email" type="email" value={details.email} maxLength={200} onChange={(email) => set({ email })} />
        <TextField label="Phone" type="tel" value={details.phone} maxLength={100} onChange={(phone) => set({ phone })} />
      </div>
      <fieldset className="choice-row">
        <legend>Font</legend>
        {FONTS.map((font) => (
          <label key={font.value} className="check-field">
            <input type="radio" name="manuscript-font" value={font.value} checked={details.font === font.value} onChange={() => set({ font: font.value })} />
            {font.label}
          </label>
        ))}
      </fieldset>
      {format === 'docx' && (
        <>
          <label className="check-field">
            <input type="checkbox" checked={includeComments} disabled={!mayHaveComments} onChange={(event) => setIncludeComments(event.target.checked)} />
            Include comments
          </label>
          <p className="hint">
            {mayHaveComments
              ? 'Every open thread becomes a Word comment on its passage, with its replies, authors and dates. Resolved threads are left out.'
              : 'Only shared chapters have comments; nothing here is shared yet.'}
          </p>
          <label className="check-field">
            <input type="checkbox" checked={includeSummary} disabled={!mayHaveComments} onChange={(event) => setIncludeSummary(event.target.checked)} />
            Include feedback summary
          </label>
          <p className="hint">
            After the chapters, for each shared chapter and draft: who reviewed it, threads open, resolved and addressed, suggested edits
            accepted, and how far each reviewer read.
          </p>
        </>
      )}
      {working && (
        <div className="import-progress">
          <p role="status">{working}</p>
          <progress aria-label="Export progress" />
        </div>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  )
}
