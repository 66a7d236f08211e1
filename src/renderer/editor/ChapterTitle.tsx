import { useEffect, useState } from 'react'

/**
 * The chapter's title, edited in place: saved on Enter (which moves on into
 * the text, as in a word processor) or when focus leaves; Escape restores it.
 */
export function ChapterTitle({ title, onRename, onEnter }: { title: string; onRename: (title: string) => void; onEnter: () => void }) {
  const [value, setValue] = useState(title)
  useEffect(() => setValue(title), [title])
  const commit = () => {
    const trimmed = value.trim()
    if (trimmed && trimmed !== title) onRename(trimmed.slice(0, 200))
    else setValue(title)
  }
  return (
    <input
      className="chapter-title-input"
      aria-label="Chapter title"
      value={value}
      maxLength={200}
      placeholder="Chapter title"
      onChange={(event) => setValue(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        // Leaving the field commits the title (see onBlur).
        if (event.key === 'Enter') {
          event.preventDefault()
          onEnter()
        } else if (event.key === 'Escape') {
          setValue(title)
        }
      }}
    />
  )
}
