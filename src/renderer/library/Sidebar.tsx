import { useRef } from 'react'
import type { Book, LibrarySnapshot } from '../../shared/library'
import { FEEDBACK_EXTENSION } from '../../shared/trust/feedbackFile'
import { Binder } from './Binder'
import { SharedWithMe } from './SharedWithMe'
import { UnreadBadge } from './UnreadBadge'

export type View = 'library' | 'trash' | 'network' | 'settings' | 'connection'

interface SidebarProps {
  snapshot: LibrarySnapshot
  openBook: Book | null
  view: View
  /** New comments by others, per shared chapter document. */
  unread: ReadonlyMap<string, number>
  onOpenBook: (bookId: string) => void
  onNewBook: () => void
  onOpenChapter: (chapterId: string) => void
  onOpenShared: (shareId: string, docId: string) => void
  onMoveChapter: (chapterId: string, toIndex: number) => void
  onNewChapter: () => void
  onShowView: (view: View) => void
  onOpenInvite: () => void
  /** A reviewer's feedback file, picked to merge into one of the user's shares. */
  onOpenFeedback: (file: File) => void
}

/** Books, the Binder (the open book's chapters and what others shared), the network and the Trash. */
export function Sidebar(props: SidebarProps) {
  const { snapshot, openBook, view } = props
  const inLibrary = view === 'library'
  const currentMembers = snapshot.members.filter((member) => !member.removedAt).length
  // A chapter's new comments, from every share it is in.
  const unreadOf = (chapterId: string) =>
    snapshot.shares.reduce((sum, share) => sum + share.chapters.filter((c) => c.chapterId === chapterId).reduce((n, c) => n + (props.unread.get(c.replicaId) ?? 0), 0), 0)
  const feedbackInput = useRef<HTMLInputElement>(null)
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
                aria-current={book.id === openBook?.id && inLibrary ? 'page' : undefined}
                onClick={() => props.onOpenBook(book.id)}
              >
                <span className="book-name">{book.title}</span>
                <UnreadBadge count={book.chapters.reduce((sum, chapter) => sum + unreadOf(chapter.id), 0)} />
              </button>
            </li>
          ))}
        </ul>
        <button type="button" className="add-button" onClick={props.onNewBook}>
          New book
        </button>
      </section>
      {(openBook || snapshot.joined.length > 0) && inLibrary && (
        <nav className="binder" aria-label="Binder">
          {openBook && (
            <Binder
              book={openBook}
              openChapterId={snapshot.session.chapterId}
              unreadOf={unreadOf}
              onOpen={props.onOpenChapter}
              onMove={props.onMoveChapter}
              onNewChapter={props.onNewChapter}
            />
          )}
          <SharedWithMe joined={snapshot.joined} session={snapshot.session} unread={props.unread} onOpen={props.onOpenShared} />
        </nav>
      )}
      <div className="sidebar-footer">
        <button type="button" className="nav-button" onClick={props.onOpenInvite}>
          Open invite
        </button>
        {snapshot.shares.length > 0 && (
          <>
            <button type="button" className="nav-button" onClick={() => feedbackInput.current?.click()}>
              Open feedback file
            </button>
            <input
              ref={feedbackInput}
              type="file"
              accept={FEEDBACK_EXTENSION}
              hidden
              aria-label="Feedback file to open"
              onChange={(event) => {
                const file = event.target.files?.[0]
                event.target.value = ''
                if (file) props.onOpenFeedback(file)
              }}
            />
          </>
        )}
        <button
          type="button"
          className="nav-button"
          aria-current={view === 'network' ? 'page' : undefined}
          onClick={() => props.onShowView('network')}
        >
          Network{currentMembers > 0 ? ` (${currentMembers})` : ''}
        </button>
        <button
          type="button"
          className="nav-button"
          aria-current={view === 'settings' ? 'page' : undefined}
          onClick={() => props.onShowView('settings')}
        >
          Settings
        </button>
        <button
          type="button"
          className="nav-button"
          aria-current={view === 'trash' ? 'page' : undefined}
          onClick={() => props.onShowView('trash')}
        >
          Trash{snapshot.trash.length > 0 ? ` (${snapshot.trash.length})` : ''}
        </button>
      </div>
    </aside>
  )
}
