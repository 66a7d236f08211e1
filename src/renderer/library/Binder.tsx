/**
 * The Binder: the open book's chapters in order. Click to open; drag, or
 * Alt+↑/Alt+↓ on a focused chapter, to reorder.
 */
import { useRef, useState, type DragEvent, type KeyboardEvent } from 'react'
import type { Book } from '../../shared/library'
import { UnreadBadge } from './UnreadBadge'

interface BinderProps {
  book: Book
  openChapterId: string | null
  /** New comments by others on a chapter. */
  unreadOf: (chapterId: string) => number
  onOpen: (chapterId: string) => void
  onMove: (chapterId: string, toIndex: number) => void
  onNewChapter: () => void
}

export function Binder({ book, openChapterId, unreadOf, onOpen, onMove, onNewChapter }: BinderProps) {
  const [dragging, setDragging] = useState<string | null>(null)
  const [dropIndex, setDropIndex] = useState<number | null>(null)
  const [announcement, setAnnouncement] = useState('')
  const list = useRef<HTMLOListElement>(null)

  const move = (chapterId: string, toIndex: number) => {
    const title = book.chapters.find((c) => c.id === chapterId)?.title ?? 'Chapter'
    onMove(chapterId, toIndex)
    setAnnouncement(`${title} moved to position ${toIndex + 1} of ${book.chapters.length}.`)
  }

  const onKeyDown = (event: KeyboardEvent, index: number, chapterId: string) => {
    if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return
    event.preventDefault()
    const target = event.key === 'ArrowUp' ? index - 1 : index + 1
    if (target < 0 || target >= book.chapters.length) return
    move(chapterId, target)
    // Keep focus on the moved chapter once React re-renders the list.
    requestAnimationFrame(() => list.current?.querySelector<HTMLElement>(`[data-chapter-id="${chapterId}"]`)?.focus())
  }

  const onDragOver = (event: DragEvent, index: number) => {
    if (!dragging) return
    event.preventDefault()
    const rect = (event.currentTarget as HTMLElement).getBoundingClientRect()
    setDropIndex(event.clientY < rect.top + rect.height / 2 ? index : index + 1)
  }

  const onDrop = (event: DragEvent) => {
    event.preventDefault()
    if (dragging !== null && dropIndex !== null) {
      const from = book.chapters.findIndex((c) => c.id === dragging)
      const to = dropIndex > from ? dropIndex - 1 : dropIndex
      if (to !== from) move(dragging, to)
    }
    setDragging(null)
    setDropIndex(null)
  }

  return (
    <section className="binder-book" aria-labelledby="binder-chapters">
      <h2 className="sidebar-heading" id="binder-chapters">
        Chapters
      </h2>
      {book.chapters.length === 0 ? (
        <p className="binder-empty">No chapters yet.</p>
      ) : (
        <ol ref={list} className="chapter-list" onDrop={onDrop} onDragOver={(e) => dragging && e.preventDefault()}>
          {book.chapters.map((chapter, index) => (
            <li
              key={chapter.id}
              className={[
                'chapter-item',
                dragging === chapter.id ? 'dragging' : '',
                dropIndex === index ? 'drop-before' : '',
                dropIndex === index + 1 && index === book.chapters.length - 1 ? 'drop-after' : '',
              ].join(' ')}
              draggable
              onDragStart={(event) => {
                event.dataTransfer.effectAllowed = 'move'
                event.dataTransfer.setData('text/plain', chapter.title)
                setDragging(chapter.id)
              }}
              onDragEnd={() => {
                setDragging(null)
                setDropIndex(null)
              }}
              onDragOver={(event) => onDragOver(event, index)}
            >
              <button
                type="button"
                data-chapter-id={chapter.id}
                aria-current={chapter.id === openChapterId ? 'page' : undefined}
                aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown"
                title="Alt+↑ / Alt+↓ to reorder"
                onClick={() => onOpen(chapter.id)}
                onKeyDown={(event) => onKeyDown(event, index, chapter.id)}
              >
                <span className="chapter-number">{index + 1}</span>
                <span className="chapter-title">{chapter.title}</span>
                <UnreadBadge count={unreadOf(chapter.id)} />
                <span className="chapter-words">{chapter.words.toLocaleString()}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
      <button type="button" className="add-button" onClick={onNewChapter}>
        New chapter
      </button>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </section>
  )
}
