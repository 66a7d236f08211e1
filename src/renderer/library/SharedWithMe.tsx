import type { Session } from '../../shared/library'
import type { JoinedShare } from '../../shared/sharing'
import { UnreadBadge } from './UnreadBadge'

interface SharedWithMeProps {
  joined: JoinedShare[]
  session: Session
  /** New comments by others, per chapter document. */
  unread: ReadonlyMap<string, number>
  onOpen: (shareId: string, docId: string) => void
}

/** Chapters other authors shared with this user, grouped by book and author. */
export function SharedWithMe({ joined, session, unread, onOpen }: SharedWithMeProps) {
  if (joined.length === 0) return null
  return (
    <section className="shared-with-me" aria-labelledby="shared-with-me">
      <h2 className="sidebar-heading" id="shared-with-me">
        Shared with me
      </h2>
      {joined.map((share) => (
        <div key={share.id} className="shared-group" role="group" aria-label={`${share.bookTitle} by ${share.author.name}`}>
          <div className="shared-book">
            {share.bookTitle} <span className="shared-author">by {share.author.name}</span>
          </div>
          <ul className="chapter-list">
            {share.chapters.map((chapter) => (
              <li key={chapter.docId}>
                <button
                  type="button"
                  aria-current={session.chapterId === chapter.docId ? 'page' : undefined}
                  onClick={() => onOpen(share.id, chapter.docId)}
                >
                  <span className="chapter-title">{chapter.title}</span>
                  <UnreadBadge count={unread.get(chapter.docId) ?? 0} />
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  )
}
