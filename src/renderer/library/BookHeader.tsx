import { useRef } from 'react'
import { bookWords, type Book } from '../../shared/library'
import { Menu, type MenuItem } from '../ui/Menu'
import { NARROW_QUERY, useMediaQuery } from '../ui/useMediaQuery'
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

/**
 * The open book's title and the actions that apply to the whole book: Word and
 * PDF in front, the rest in a menu; everything in one menu when the window is narrow.
 */
export function BookHeader({ book, onRename, onTrash, onImport, onExport, onImportWord, onExportManuscript }: BookHeaderProps) {
  const markdownInput = useRef<HTMLInputElement>(null)
  const wordInput = useRef<HTMLInputElement>(null)
  const narrow = useMediaQuery(NARROW_QUERY)
  const words = bookWords(book)
  const empty = book.chapters.length === 0
  const primary: MenuItem[] = [
    { label: 'Import Word document', onSelect: () => wordInput.current?.click() },
    { label: 'Export Word document', onSelect: () => onExportManuscript('docx'), disabled: empty },
    { label: 'Export PDF', onSelect: () => onExportManuscript('pdf'), disabled: empty },
    { label: 'Move book to Trash', onSelect: onTrash, danger: true },
  ]
  const more: MenuItem[] = [
    { label: 'Rename book', onSelect: onRename },
    { label: 'Import Markdown', onSelect: () => markdownInput.current?.click() },
    ...(empty ? [] : [{ label: 'Export Markdown', onSelect: onExport }]),
  ]
  return (
    <header className="book-header">
      <div>
        <h1 className="book-title">{book.title}</h1>
        <p className="book-meta">
          {book.chapters.length} {book.chapters.length === 1 ? 'chapter' : 'chapters'} · {words.toLocaleString()} {words === 1 ? 'word' : 'words'}
        </p>
      </div>
      <div className="book-actions">
        {narrow ? (
          <Menu label="Book actions" items={[...primary, ...more]}>
            Book ▾
          </Menu>
        ) : (
          <>
            {primary.map((action) => (
              <button key={action.label} type="button" className={action.danger ? 'quiet-danger' : ''} disabled={action.disabled} onClick={action.onSelect}>
                {action.label}
              </button>
            ))}
            <Menu label="More book actions" items={more}>
              ⋯
            </Menu>
          </>
        )}
        <FileInput ref={wordInput} label="Word document to import" accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document" onFile={onImportWord} />
        <FileInput ref={markdownInput} label="Markdown file to import" accept=".md,.markdown,.txt,text/markdown,text/plain" onFile={onImport} />
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
