import type { Book, LibrarySnapshot } from '../../shared/library'
import { Binder } from './Binder'

interface SidebarProps {
  snapshot: LibrarySnapshot
  openBook: Book | null
  showingTrash: boolean
  onOpenBook: (bookId: string) => void
  onNewBook: () => void
  onOpenChapter: (chapterId: string) => void
  onMoveChapter: (chapterId: string, toIndex: number) => void
  onNewChapter: () => void
  onShowTrash: () => void
}

/** Books, the open book's Binder, and the Trash. */
export function Sidebar(props: SidebarProps) {
  const { snapshot, openBook, showingTrash } = props
  return (
    <aside className="sidebar">
      <div className="brand" aria-hidden="true">
        Quire
      </div>
      <section className="books" aria-label="Books">
        <h2 className="sidebar-heading">Books</h2>
        <ul className="book-list">
          {snapshot.books.map((book) => (
            <li key={book.id}>
              <button
                type="button"
                aria-current={book.id === openBook?.id && !showingTrash ? 'page' : undefined}
                onClick={() => props.onOpenBook(book.id)}
              >
                {book.title}
              </button>
            </li>
          ))}
        </ul>
        <button type="button" className="add-button" onClick={props.onNewBook}>
          New book
        </button>
      </section>
      {openBook && !showingTrash && (
        <Binder
          book={openBook}
          openChapterId={snapshot.session.chapterId}
          onOpen={props.onOpenChapter}
          onMove={props.onMoveChapter}
          onNewChapter={props.onNewChapter}
        />
      )}
      <div className="sidebar-footer">
        <button
          type="button"
          className="trash-button"
          aria-current={showingTrash ? 'page' : undefined}
          onClick={props.onShowTrash}
        >
          Trash{snapshot.trash.length > 0 ? ` (${snapshot.trash.length})` : ''}
        </button>
      </div>
    </aside>
  )
}
