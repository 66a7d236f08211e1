import { useRef } from 'react'
import { bookWords, type Book } from '../../shared/library'
import { Menu, type MenuItem } from '../ui/Menu'
import { NARROW_QUERY, useMediaQuery } from '../ui/useMediaQuery'

interface BookHeaderProps {
  book: Book
  onRename: () => void
  onTrash: () => void
  onImport: (file: File) => void
  onExport: () => void
}

/** The open book's title and the actions that apply to the whole book (in a menu when the window is narrow). */
export function BookHeader({ book, onRename, onTrash, onImport, onExport }: BookHeaderProps) {
  const fileInput = useRef<HTMLInputElement>(null)
  const narrow = useMediaQuery(NARROW_QUERY)
  const words = bookWords(book)
  const actions: MenuItem[] = [
    { label: 'Import Markdown', onSelect: () => fileInput.current?.click() },
    { label: 'Export book', onSelect: onExport, disabled: book.chapters.length === 0 },
    { label: 'Rename book', onSelect: onRename },
    { label: 'Move book to Trash', onSelect: onTrash, danger: true },
  ]
  return (
    <header className="book-header">
      <div>
        <h1 className="book-title">{book.title}</h1>
        <p className="book-meta">
          {book.chapters.length} {book.chapters.length === 1 ? 'chapter' : 'chapters'} · {words.toLocaleString()}{' '}
          {words === 1 ? 'word' : 'words'}
        </p>
      </div>
      <div className="book-actions">
        {narrow ? (
          <Menu label="Book actions" items={actions}>
            Book ▾
          </Menu>
        ) : (
          actions.map((action) => (
            <button key={action.label} type="button" className={action.danger ? 'quiet-danger' : ''} disabled={action.disabled} onClick={action.onSelect}>
              {action.label}
            </button>
          ))
        )}
        <input
          ref={fileInput}
          type="file"
          accept=".md,.markdown,.txt,text/markdown,text/plain"
          hidden
          aria-label="Markdown file to import"
          onChange={(event) => {
            const file = event.target.files?.[0]
            event.target.value = ''
            if (file) onImport(file)
          }}
        />
      </div>
    </header>
  )
}
