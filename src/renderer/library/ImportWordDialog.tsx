import { useEffect, useRef, useState } from 'react'
import type { ImportedChapter } from '../../shared/manuscript/importChapters'
import { Dialog } from '../ui/Dialog'
import { TextField } from '../ui/TextField'
import { ImportCancelled } from './wordHtml'
import { readWordFile, type ImportProgress, type WordPreview } from './wordImport'

interface ImportWordDialogProps {
  file: File
  /** Into a new book (ask for its title) or the open book. */
  newBook: { title: string } | null
  bookTitle?: string
  /** Creates the chapters; resolves with an error message, or null when done. */
  onImport: (chapters: ImportedChapter[], bookTitle: string | null, onProgress: (progress: ImportProgress) => void) => Promise<string | null>
  onClose: () => void
}

type Step = { kind: 'working'; progress: ImportProgress } | { kind: 'preview'; preview: WordPreview } | { kind: 'failed'; message: string }

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`

/** Reads a Word document, shows what it will become, and imports it on confirmation. */
export function ImportWordDialog({ file, newBook, bookTitle, onImport, onClose }: ImportWordDialogProps) {
  const [step, setStep] = useState<Step>({ kind: 'working', progress: { step: 'reading' } })
  const [keepFrontMatter, setKeepFrontMatter] = useState(true)
  const [title, setTitle] = useState(newBook?.title ?? '')
  const [titleError, setTitleError] = useState<string | null>(null)
  const abort = useRef<AbortController | null>(null)

  useEffect(() => {
    const controller = new AbortController()
    abort.current = controller
    readWordFile(file, (progress) => controller.signal.aborted || setStep({ kind: 'working', progress }), controller.signal).then(
      (preview) => {
        if (controller.signal.aborted) return
        setStep({ kind: 'preview', preview })
        setTitle((typed) => typed || preview.name)
      },
      (error: unknown) => {
        if (controller.signal.aborted || error instanceof ImportCancelled) return
        setStep({ kind: 'failed', message: error instanceof Error ? error.message : String(error) })
      },
    )
    return () => controller.abort()
  }, [file])

  const chapters = step.kind === 'preview' ? step.preview.chapters.filter((c) => keepFrontMatter || !c.frontMatter) : []
  const creating = step.kind === 'working' && step.progress.step === 'creating'
  const submit = async () => {
    if (step.kind !== 'preview' || chapters.length === 0) return
    const trimmed = title.trim()
    if (newBook && !trimmed) return setTitleError('Title can’t be empty.')
    if (newBook && trimmed.length > 200) return setTitleError('Title is too long (200 characters at most).')
    const error = await onImport(chapters, newBook ? trimmed : null, (progress) => setStep({ kind: 'working', progress }))
    if (error) setStep({ kind: 'failed', message: error })
    else onClose()
  }
  const cancel = () => {
    abort.current?.abort()
    onClose()
  }
  const words = chapters.reduce((sum, c) => sum + c.words, 0)
  const frontMatter = step.kind === 'preview' ? step.preview.chapters.find((c) => c.frontMatter) : undefined

  return (
    <Dialog
      title={newBook ? 'New book from a Word document' : `Import Word document${bookTitle ? ` into “${bookTitle}”` : ''}`}
      wide
      submitLabel={newBook ? `Create book with ${count(chapters.length, 'chapter')}` : `Import ${count(chapters.length, 'chapter')}`}
      submitHidden={step.kind !== 'preview'}
      submitDisabled={chapters.length === 0}
      cancelLabel={step.kind === 'failed' ? 'Close' : 'Cancel'}
      // Reading can be cancelled; creating chapters is not interrupted half-way.
      cancellable={!creating}
      onSubmit={() => void submit()}
      onCancel={cancel}
    >
      {step.kind === 'working' && <Progress fileName={file.name} progress={step.progress} />}
      {step.kind === 'failed' && (
        <p className="field-error" role="alert">
          {step.message}
        </p>
      )}
      {step.kind === 'preview' && (
        <>
          <p role="status">
            “{step.preview.fileName}”: {count(chapters.length, 'chapter')}, {count(words, 'word')}. Chapters begin at each Heading 1.
          </p>
          {newBook && (
            <TextField
              label="Book title"
              value={title}
              maxLength={200}
              error={titleError}
              onChange={(next) => {
                setTitle(next)
                setTitleError(null)
              }}
            />
          )}
          {frontMatter && (
            <label className="check-field">
              <input type="checkbox" checked={keepFrontMatter} onChange={(event) => setKeepFrontMatter(event.target.checked)} />
              Keep the text before the first Heading 1 ({count(frontMatter.words, 'word')}) as a chapter “{frontMatter.title}”
            </label>
          )}
          <ol className="import-preview" aria-label="Chapters to import">
            {chapters.map((chapter, i) => (
              <li key={i}>
                <span className="import-chapter-title">{chapter.title}</span> <span className="import-chapter-words">{count(chapter.words, 'word')}</span>
                {chapter.opening.map((line, j) => (
                  <span key={j} className="import-chapter-line">
                    {line}
                  </span>
                ))}
              </li>
            ))}
          </ol>
          {chapters.length === 1 && !frontMatter && <p className="hint">This document has no Heading 1, so it becomes one chapter. In Word, give each chapter title the “Heading 1” style to import it as separate chapters.</p>}
        </>
      )}
    </Dialog>
  )
}

function Progress({ fileName, progress }: { fileName: string; progress: ImportProgress }) {
  const label =
    progress.step === 'reading'
      ? `Reading “${fileName}”…`
      : progress.step === 'splitting'
        ? `Finding the chapters in “${fileName}”…`
        : `Creating chapter ${Math.min(progress.done + 1, progress.total)} of ${progress.total}…`
  const value = progress.step === 'reading' ? undefined : progress.done
  const max = progress.step === 'reading' ? undefined : Math.max(1, progress.total)
  return (
    <div className="import-progress">
      <p role="status">{label}</p>
      <progress aria-label="Import progress" value={value} max={max} />
    </div>
  )
}
