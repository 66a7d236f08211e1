/**
 * The Quire window: sidebar (books, Binder, Trash) and the open chapter.
 * State lives in main; this component routes user intent to the API and
 * shows what comes back.
 */
import { useCallback, useMemo, useRef, useState } from 'react'
import type { QuireApi } from '../shared/contract'
import { bookWords, type TrashItem } from '../shared/library'
import { ChapterView } from './editor/ChapterView'
import type { ChapterEditor } from './editor/useChapterEditor'
import { BookHeader } from './library/BookHeader'
import { exportBookMarkdown, exportChapterMarkdown, importMarkdownFile } from './library/markdownFiles'
import { Sidebar } from './library/Sidebar'
import { TrashView } from './library/TrashView'
import { messageOf, useLibrary } from './library/useLibrary'
import { Dialog } from './ui/Dialog'
import { Notices, Toasts } from './ui/Messages'
import { PromptDialog } from './ui/PromptDialog'

type DialogState =
  | { kind: 'newBook' }
  | { kind: 'renameBook' }
  | { kind: 'trashBook' }
  | { kind: 'purge'; item: TrashItem }
  | null

const WORDS_SAVE_DELAY_MS = 1000

export function App({ api }: { api: QuireApi }) {
  const library = useLibrary(api)
  const { snapshot, run, toast } = library
  const [dialog, setDialog] = useState<DialogState>(null)
  const [showingTrash, setShowingTrash] = useState(false)
  const [liveWords, setLiveWords] = useState<{ chapterId: string; words: number } | null>(null)
  const editorRef = useRef<ChapterEditor | null>(null)
  const wordTimers = useRef(new Map<string, ReturnType<typeof setTimeout>>())

  const book = useMemo(
    () => snapshot?.books.find((b) => b.id === snapshot.session.bookId) ?? null,
    [snapshot],
  )
  const chapter = book?.chapters.find((c) => c.id === snapshot?.session.chapterId) ?? null

  const onWords = useCallback(
    (chapterId: string, words: number) => {
      setLiveWords({ chapterId, words })
      clearTimeout(wordTimers.current.get(chapterId))
      wordTimers.current.set(
        chapterId,
        setTimeout(() => {
          wordTimers.current.delete(chapterId)
          void api['chapter:setWords']({ chapterId, words }).catch(() => {})
        }, WORDS_SAVE_DELAY_MS),
      )
    },
    [api],
  )
  const onSelection = useCallback(
    (chapterId: string, selection: { anchor: number; head: number }) => {
      void api['session:setSelection']({ chapterId, ...selection }).catch(() => {})
    },
    [api],
  )
  const onEditorError = useCallback((error: unknown) => toast(messageOf(error), 'error'), [toast])
  const onReady = useCallback((editor: ChapterEditor) => {
    editorRef.current = editor
  }, [])

  if (library.loadError) {
    return (
      <main className="fatal" role="alert">
        <h1>Quire could not open your library</h1>
        <p>{library.loadError}</p>
      </main>
    )
  }
  if (!snapshot) return <main className="loading-app" aria-busy="true" />

  const openBook = (bookId: string) => {
    setShowingTrash(false)
    const target = snapshot.books.find((b) => b.id === bookId)
    void run(api['session:open']({ bookId, chapterId: target?.chapters[0]?.id ?? null }))
  }
  const openChapter = (chapterId: string) => {
    if (book) void run(api['session:open']({ bookId: book.id, chapterId }))
  }
  const newChapter = () => {
    if (book) void run(api['chapter:create']({ bookId: book.id }))
  }
  const trashChapter = async () => {
    if (!chapter) return
    const title = chapter.title
    const next = await run(api['chapter:trash']({ chapterId: chapter.id }))
    if (next) toast(`“${title}” moved to Trash.`, 'info', { label: 'Undo', run: () => void run(api['trash:restore']({ itemId: chapter.id })) })
  }
  const importMarkdown = async (file: File) => {
    if (!book) return
    try {
      await run(importMarkdownFile(api, book.id, file))
      toast(`Imported “${file.name}”.`)
    } catch (error) {
      toast(messageOf(error), 'error')
    }
  }

  const total = book
    ? bookWords(book) - (chapter && liveWords?.chapterId === chapter.id ? chapter.words - liveWords.words : 0)
    : 0
  const chapterWords = chapter ? (liveWords?.chapterId === chapter.id ? liveWords.words : chapter.words) : 0

  return (
    <div className="app">
      <Sidebar
        snapshot={snapshot}
        openBook={book}
        showingTrash={showingTrash}
        onOpenBook={openBook}
        onNewBook={() => setDialog({ kind: 'newBook' })}
        onOpenChapter={openChapter}
        onMoveChapter={(chapterId, toIndex) => void run(api['chapter:move']({ chapterId, toIndex }))}
        onNewChapter={newChapter}
        onShowTrash={() => setShowingTrash(true)}
      />
      <main className="workspace">
        <Notices notices={snapshot.notices} onDismiss={(noticeId) => void run(api['notice:dismiss']({ noticeId }))} />
        {showingTrash ? (
          <TrashView
            items={snapshot.trash}
            onRestore={(itemId) => {
              setShowingTrash(false)
              void run(api['trash:restore']({ itemId }))
            }}
            onPurge={(item) => setDialog({ kind: 'purge', item })}
          />
        ) : !book ? (
          <EmptyLibrary hasBooks={snapshot.books.length > 0} onNewBook={() => setDialog({ kind: 'newBook' })} />
        ) : (
          <>
            <BookHeader
              book={book}
              onRename={() => setDialog({ kind: 'renameBook' })}
              onTrash={() => setDialog({ kind: 'trashBook' })}
              onImport={(file) => void importMarkdown(file)}
              onExport={() => void exportBookMarkdown(api, book).catch((error: unknown) => toast(messageOf(error), 'error'))}
            />
            {chapter ? (
              <ChapterView
                key={chapter.id}
                api={api}
                chapter={chapter}
                savedSelection={snapshot.session.selections[chapter.id]}
                onWords={onWords}
                onSelection={onSelection}
                onError={onEditorError}
                onReady={onReady}
                onRename={(title) => void run(api['chapter:rename']({ chapterId: chapter.id, title }))}
                onTrash={() => void trashChapter()}
                onExport={(editor) => editor.state && exportChapterMarkdown(chapter.title, editor.state.doc)}
              />
            ) : (
              <div className="empty-state">
                <h2>{book.chapters.length === 0 ? 'This book has no chapters yet' : 'Pick a chapter'}</h2>
                <p>Chapters are separate documents you can reorder, share and export.</p>
                <button type="button" className="primary" onClick={newChapter}>
                  New chapter
                </button>
              </div>
            )}
          </>
        )}
        {book && !showingTrash && (
          <footer className="status-bar" aria-label="Word count">
            {chapter && (
              <span data-testid="chapter-words">
                {chapterWords.toLocaleString()} {chapterWords === 1 ? 'word' : 'words'} in chapter
              </span>
            )}
            <span data-testid="book-words">
              {total.toLocaleString()} {total === 1 ? 'word' : 'words'} in book
            </span>
          </footer>
        )}
      </main>
      <Toasts toasts={library.toasts} onDismiss={library.dismissToast} />
      {dialog?.kind === 'newBook' && (
        <PromptDialog
          title="New book"
          label="Title"
          submitLabel="Create"
          onCancel={() => setDialog(null)}
          onSubmit={(title) => {
            setDialog(null)
            setShowingTrash(false)
            void run(api['book:create']({ title }))
          }}
        />
      )}
      {dialog?.kind === 'renameBook' && book && (
        <PromptDialog
          title="Rename book"
          label="Title"
          submitLabel="Rename"
          initial={book.title}
          onCancel={() => setDialog(null)}
          onSubmit={(title) => {
            setDialog(null)
            void run(api['book:rename']({ bookId: book.id, title }))
          }}
        />
      )}
      {dialog?.kind === 'trashBook' && book && (
        <Dialog
          title={`Move “${book.title}” to Trash?`}
          submitLabel="Move to Trash"
          danger
          onCancel={() => setDialog(null)}
          onSubmit={() => {
            setDialog(null)
            void run(api['book:trash']({ bookId: book.id }))
          }}
        >
          <p>The book and its {book.chapters.length} chapters go to the Trash. You can restore them from there.</p>
        </Dialog>
      )}
      {dialog?.kind === 'purge' && (
        <Dialog
          title="Delete forever?"
          submitLabel="Delete forever"
          danger
          onCancel={() => setDialog(null)}
          onSubmit={() => {
            const item = dialog.item
            setDialog(null)
            void run(api['trash:purge']({ itemId: item.id }))
          }}
        >
          <p>
            “{dialog.item.kind === 'book' ? dialog.item.book.title : dialog.item.chapter.title}” and its text will be
            erased from this computer. This cannot be undone.
          </p>
        </Dialog>
      )}
    </div>
  )
}

function EmptyLibrary({ hasBooks, onNewBook }: { hasBooks: boolean; onNewBook: () => void }) {
  return (
    <div className="empty-state">
      <h1>{hasBooks ? 'Pick a book' : 'Your library is empty'}</h1>
      <p>Quire keeps your drafts on this computer. Start a book, write it in chapters, and share chapters for review when you are ready.</p>
      <button type="button" className="primary" onClick={onNewBook}>
        New book
      </button>
    </div>
  )
}
