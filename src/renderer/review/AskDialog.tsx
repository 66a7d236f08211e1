import { useId, useState } from 'react'
import { Dialog } from '../ui/Dialog'

interface AskDialogProps {
  /** The selected passage, when there is one to pin the question to. */
  passage: string | null
  onAsk: (question: string, pinned: boolean) => string | null
  onClose: () => void
}

/** Ask reviewers: a question pinned to the selected passage or to the end of the chapter. */
export function AskDialog({ passage, onAsk, onClose }: AskDialogProps) {
  const [question, setQuestion] = useState('')
  const [pinned, setPinned] = useState(passage !== null)
  const [error, setError] = useState<string | null>(null)
  const group = useId()
  return (
    <Dialog
      title="Ask reviewers"
      submitLabel="Ask"
      onCancel={onClose}
      onSubmit={() => {
        if (!question.trim()) return setError('Type the question you want answered.')
        const failure = onAsk(question, pinned && passage !== null)
        if (failure) setError(failure)
        else onClose()
      }}
    >
      <label className="field">
        <span>Question</span>
        <textarea
          autoFocus
          rows={3}
          maxLength={10_000}
          value={question}
          onChange={(event) => (setQuestion(event.target.value), setError(null))}
          placeholder="Did the storm surprise you?"
        />
      </label>
      <fieldset className="choice-group">
        <legend>Pin it to</legend>
        <label className="choice">
          <input type="radio" name={`${group}-pin`} checked={pinned && passage !== null} disabled={passage === null} onChange={() => setPinned(true)} />
          {passage !== null ? `The selected passage: “${passage.length > 60 ? `${passage.slice(0, 60)}…` : passage}”` : 'The selected passage (select one first)'}
        </label>
        <label className="choice">
          <input type="radio" name={`${group}-pin`} checked={!pinned || passage === null} onChange={() => setPinned(false)} />
          The end of the chapter
        </label>
      </fieldset>
      <p className="hint">Each reviewer answers on their own. In a round-table review they see the others’ answers once they have answered; in a blind one, only you do.</p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  )
}
