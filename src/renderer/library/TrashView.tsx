import type { TrashItem } from '../../shared/library'
import { relativeTime } from '../ui/time'

interface TrashViewProps {
  items: TrashItem[]
  onRestore: (itemId: string) => void
  onPurge: (item: TrashItem) => void
}

/** Everything deleted, newest first, each restorable. */
export function TrashView({ items, onRestore, onPurge }: TrashViewProps) {
  return (
    <section className="trash" aria-labelledby="trash-heading">
      <h1 id="trash-heading">Trash</h1>
      {items.length === 0 ? (
        <p className="empty-hint">The Trash is empty. Books and chapters you delete wait here until you restore them.</p>
      ) : (
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
    </section>
  )
}
