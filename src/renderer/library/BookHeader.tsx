import { useRef } from 'react'
import { bookWords, type Book } from '../../shared/library'

interface BookHeaderProps {
  book: Book
  onRename: () => void
  onTrash: () => void
  onImport: (file: File) => void
  onExport: () => void
}

/** The open book's title and the actions that apply to the whole book. */
export function BookHeader({ book, onRename, onTrash, onImport, onExport }: BookHeaderProps) {
  const fileInput = useRef<HTMLInputElement>(null)
  const words = bookWords(book)
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
        <button type="button" onClick={() => fileInput.current?.click()}>
          Import Markdown
        </button>
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
        <button type="button" onClick={onExport} disabled={book.chapters.length === 0}>
          Export book
        </button>
        <button type="button" onClick={onRename}>
          Rename book
        </button>
        <button type="button" className="quiet-danger" onClick={onTrash}>
          Move book to Trash
        </button>
      </div>
    </header>
  )
}
