import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react'
import { restoreFocus } from './focus'

interface DialogProps {
  title: string
  children: ReactNode
  submitLabel: string
  /** Dangerous actions get a red button. */
  danger?: boolean
  /** False for a dialog that must be answered (first run): no Cancel, Escape does nothing. */
  cancellable?: boolean
  /** Hides the submit button, for a dialog that only informs or waits. */
  submitHidden?: boolean
  submitDisabled?: boolean
  /** The Cancel button's text; null leaves the button out (Escape still cancels). */
  cancelLabel?: string | null
  /** Wider, for previews. */
  wide?: boolean
  onSubmit: () => void
  onCancel: () => void
}

/**
 * A modal dialog on the native <dialog> element: focus trap, Escape to cancel,
 * Enter to submit. When it closes, focus goes back to what had it when the
 * dialog opened (usually the button that opened it), or, if that is gone, to
 * the view's heading.
 */
export function Dialog({ title, children, submitLabel, danger, cancellable = true, submitHidden, submitDisabled, cancelLabel = 'Cancel', wide, onSubmit, onCancel }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  // Read once, on the first render: by the time effects run, focus may already be inside the dialog.
  const [opener] = useState(() => document.activeElement)
  useEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal()
    return () => {
      dialog?.close()
      restoreFocus(opener)
    }
  }, [opener])
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!submitHidden && !submitDisabled) onSubmit()
  }
  return (
    <dialog
      ref={ref}
      className={wide ? 'dialog wide' : 'dialog'}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault()
        if (cancellable) onCancel()
      }}
    >
      <form method="dialog" onSubmit={submit}>
        <h2 id={titleId}>{title}</h2>
        <div className="dialog-body">{children}</div>
        <div className="dialog-actions">
          {cancellable && cancelLabel !== null && (
            <button type="button" onClick={onCancel}>
              {cancelLabel}
            </button>
          )}
          {!submitHidden && (
            <button type="submit" className={danger ? 'danger' : 'primary'} disabled={submitDisabled}>
              {submitLabel}
            </button>
          )}
        </div>
      </form>
    </dialog>
  )
}
