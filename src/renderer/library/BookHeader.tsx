import { useRef } from 'react'
import { bookWords, type Book } from '../../shared/library'
import { Menu } from '../ui/Menu'
import type { ExportFormat } from './ExportDialog'

interface BookHeaderProps {
  book: Book
  onRename: () => void
  onTrash: () => void
  onImport: (file: File) => void
  onExport: () => void
  onImportWord: (file: File) => void
  onExportManuscript: (format: ExportFormat) => void
}

/** The open book's title and the actions that apply to the whole book. */
export function BookHeader({ book, onRename, onTrash, onImport, onExport, onImportWord, onExportManuscript }: BookHeaderProps) {
  const markdownInput = useRef<HTMLInputElement>(null)
  const wordInput = useRef<HTMLInputElement>(null)
  const words = bookWords(book)
  const empty = book.chapters.length === 0
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
        <button type="button" onClick={() => wordInput.current?.click()}>
          Import Word document
        </button>
        <FileInput ref={wordInput} label="Word document to import" accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document" onFile={onImportWord} />
        <button type="button" onClick={() => onExportManuscript('docx')} disabled={empty}>
          Export Word document
        </button>
        <button type="button" onClick={() => onExportManuscript('pdf')} disabled={empty}>
          Export PDF
        </button>
        <button type="button" className="quiet-danger" onClick={onTrash}>
          Move book to Trash
        </button>
        <FileInput ref={markdownInput} label="Markdown file to import" accept=".md,.markdown,.txt,text/markdown,text/plain" onFile={onImport} />
        <Menu
          label="More book actions"
          items={[
            { label: 'Rename book', onSelect: onRename },
            { label: 'Import Markdown', onSelect: () => markdownInput.current?.click() },
            ...(empty ? [] : [{ label: 'Export Markdown', onSelect: onExport }]),
          ]}
        >
          ⋯
        </Menu>
      </div>
    </header>
  )
}

function FileInput({ ref, label, accept, onFile }: { ref: React.Ref<HTMLInputElement>; label: string; accept: string; onFile: (file: File) => void }) {
  return (
    <input
      ref={ref}
      type="file"
      accept={accept}
      hidden
      aria-label={label}
      onChange={(event) => {
        const file = event.target.files?.[0]
        event.target.value = ''
        if (file) onFile(file)
      }}
    />
  )
}
