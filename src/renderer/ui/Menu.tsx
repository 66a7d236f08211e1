import { useEffect, useId, useRef, useState, type ReactNode } from 'react'

export interface MenuItem {
  label: string
  onSelect: () => void
  danger?: boolean
  /** For on/off items (a menuitemcheckbox): whether it is on now. */
  checked?: boolean
  disabled?: boolean
  /** Shown at the right, e.g. a keyboard shortcut. */
  hint?: string
}

const ITEMS = '[role=menuitem]:not(:disabled), [role=menuitemcheckbox]:not(:disabled)'

/** A button that opens a small menu: arrow keys move, Enter chooses, Escape or a click outside closes. */
export function Menu({ label, items, children, className }: { label: string; items: MenuItem[]; children?: ReactNode; className?: string }) {
  const [open, setOpen] = useState(false)
  const root = useRef<HTMLDivElement>(null)
  const menuId = useId()
  useEffect(() => {
    if (!open) return
    const close = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false)
    }
    document.addEventListener('mousedown', close)
    root.current?.querySelector<HTMLElement>(ITEMS)?.focus()
    return () => document.removeEventListener('mousedown', close)
  }, [open])
  const move = (step: number) => {
    const entries = [...(root.current?.querySelectorAll<HTMLElement>(ITEMS) ?? [])]
    const at = entries.indexOf(document.activeElement as HTMLElement)
    entries[(at + step + entries.length) % entries.length]?.focus()
  }
  return (
    <div className={`menu ${className ?? ''}`} ref={root}>
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label={label}
        title={label}
        onClick={() => setOpen((v) => !v)}
      >
        {children ?? label}
      </button>
      {open && (
        <div
          className="menu-popup"
          role="menu"
          id={menuId}
          aria-label={label}
          onKeyDown={(event) => {
            if (event.key === 'Escape' || event.key === 'Tab') {
              if (event.key === 'Escape') event.preventDefault()
              setOpen(false)
              root.current?.querySelector<HTMLElement>('button')?.focus()
            } else if (event.key === 'ArrowDown') {
              event.preventDefault()
              move(1)
            } else if (event.key === 'ArrowUp') {
              event.preventDefault()
              move(-1)
            }
          }}
        >
          {items.map((item) => (
            <button
              key={item.label}
              type="button"
              role={item.checked === undefined ? 'menuitem' : 'menuitemcheckbox'}
              aria-checked={item.checked}
              disabled={item.disabled}
              className={item.danger ? 'quiet-danger' : ''}
              onClick={() => {
                setOpen(false)
                // Back to the menu button first: a dialog the item opens returns focus there.
                root.current?.querySelector<HTMLElement>('button')?.focus()
                item.onSelect()
              }}
            >
              <span>{item.label}</span>
              {item.hint && <span className="menu-hint">{item.hint}</span>}
            </button>
          ))}
        </div>
      )}
    </div>
  )
}
