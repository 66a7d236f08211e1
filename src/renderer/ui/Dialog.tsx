import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react'

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
  cancelLabel?: string
  /** Wider, for previews. */
  wide?: boolean
  onSubmit: () => void
  onCancel: () => void
}

/** A modal dialog on the native <dialog> element: focus trap, Escape to cancel, Enter to submit. */
export function Dialog({ title, children, submitLabel, danger, cancellable = true, submitHidden, submitDisabled, cancelLabel = 'Cancel', wide, onSubmit, onCancel }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  useEffect(() => {
    const dialog = ref.current
    // The browser restores focus only when an open dialog is closed, not when React removes it: do it here.
    const opener = document.activeElement
    if (dialog && !dialog.open) dialog.showModal()
    return () => {
      dialog?.close()
      if (opener instanceof HTMLElement && opener.isConnected && opener !== document.body) opener.focus()
    }
  }, [])
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
          {cancellable && (
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
