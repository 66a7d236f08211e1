import { COMMENT_TRASH_DAYS, type DeletedCommentItem, type TrashItem } from '../../shared/library'
import { relativeTime } from '../ui/time'

interface TrashViewProps {
  items: TrashItem[]
  comments: DeletedCommentItem[]
  onRestore: (itemId: string) => void
  onPurge: (item: TrashItem) => void
  onRestoreComment: (item: DeletedCommentItem) => void
  onForgetComment: (item: DeletedCommentItem) => void
}

/** Everything deleted, newest first, each restorable. */
export function TrashView({ items, comments, onRestore, onPurge, onRestoreComment, onForgetComment }: TrashViewProps) {
  return (
    <section className="trash" aria-labelledby="trash-heading">
      <h1 id="trash-heading">Trash</h1>
      {items.length === 0 && comments.length === 0 && (
        <p className="empty-hint">The Trash is empty. Books, chapters and comments you delete wait here until you restore them.</p>
      )}
      {items.length > 0 && (
        <ul className="trash-list">
          {items.map((item) => {
            const name = item.kind === 'book' ? item.book.title : item.chapter.title
            const detail =
              item.kind === 'book'
                ? `Book · ${item.book.chapters.length} ${item.book.chapters.length === 1 ? 'chapter' : 'chapters'}`
                : `Chapter of ${item.bookTitle}`
            return (
              <li key={item.id} className="trash-item" aria-label={name}>
                <div>
                  <div className="trash-name">{name}</div>
                  <div className="trash-detail">
                    {detail} · deleted {relativeTime(item.trashedAt, Date.now())}
                  </div>
                </div>
                <div className="trash-actions">
                  <button type="button" onClick={() => onRestore(item.id)}>
                    Restore
                  </button>
                  <button type="button" className="quiet-danger" onClick={() => onPurge(item)}>
                    Delete forever
                  </button>
                </div>
              </li>
            )
          })}
        </ul>
      )}
      {comments.length > 0 && (
        <>
          <h2 className="trash-subheading">Deleted comments</h2>
          <p className="trash-detail">Kept for {COMMENT_TRASH_DAYS} days on this computer only; the shared chapter no longer shows them.</p>
          <ul className="trash-list">
            {comments.map((item) => (
              <li key={item.id} className="trash-item" aria-label={`Comment on “${item.quote.slice(0, 60)}”`}>
                <div>
                  <div className="trash-name">{item.body}</div>
                  <div className="trash-detail">
                    On “{item.quote.slice(0, 80)}” in {item.chapterTitle} · deleted {relativeTime(item.deletedAt, Date.now())}
                  </div>
                </div>
                <div className="trash-actions">
                  <button type="button" onClick={() => onRestoreComment(item)}>
                    Restore
                  </button>
                  <button type="button" className="quiet-danger" onClick={() => onForgetComment(item)}>
                    Delete forever
                  </button>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}
