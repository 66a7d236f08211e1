import type { InputHTMLAttributes } from 'react'

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange'> {
  label: string
  value: string
  onChange: (value: string) => void
  /** Shown under the field and announced; cleared by the caller when the text changes. */
  error?: string | null
}

/** A labelled one-line text field with its error message, for dialogs. */
export function TextField({ label, value, onChange, error, ...input }: TextFieldProps) {
  return (
    <>
      <label className="field">
        <span>{label}</span>
        <input {...input} value={value} aria-invalid={error ? true : undefined} onChange={(event) => onChange(event.target.value)} />
      </label>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </>
  )
}
