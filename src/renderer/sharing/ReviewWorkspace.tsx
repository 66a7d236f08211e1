import { useSyncExternalStore } from 'react'
import { TEXT_ROOT } from '../../shared/ydoc'
import type { Person } from '../../shared/comments'
import type { LibrarySnapshot } from '../../shared/library'
import type { JoinedChapter, JoinedShare } from '../../shared/sharing'
import { ChapterView } from '../editor/ChapterView'
import { plainSource } from '../editor/editorState'
import type { ChapterEditor, EditorCallbacks } from '../editor/useChapterEditor'
import type { SyncHub } from '../sync/syncHub'
import { useSharedDoc } from '../sync/useSharedDoc'
import { OwnLossBanner } from '../sync/OwnLossBanner'
import { useCommentsContext } from '../comments/commentsContext'
import type { DeletedComment } from '../comments/useComments'
import { useReviewerRound } from '../review/reviewerSlots'
import type { ReviewKit } from '../review/useReviewKit'

interface ReviewWorkspaceProps extends EditorCallbacks {
  hub: SyncHub
  snapshot: LibrarySnapshot
  share: JoinedShare
  chapter: JoinedChapter
  me: Person
  kit: ReviewKit
  onLeave: () => void
  /** Saves the user's comments on this chapter as a feedback file for the author. */
  onSaveFeedback: () => void
  onReady: (editor: ChapterEditor) => void
  onMessage: (message: string) => void
  onCommentDeleted: (where: { docId: string; chapterTitle: string }, deleted: DeletedComment, undo: () => void) => void
  /** Comments of a shared chapter have been on screen: they are no longer new. */
  onCommentsSeen: (docId: string, messageIds: string[]) => void
}

/** A reviewer's side: the shared chapter in the same typography, read-only, with comments. */
export function ReviewWorkspace({ hub, snapshot, share, chapter, me, kit, onLeave, onSaveFeedback, onReady, onMessage, onCommentDeleted, onCommentsSeen, ...callbacks }: ReviewWorkspaceProps) {
  const doc = useSharedDoc(hub, chapter.docId)
  const commentsContext = useCommentsContext(snapshot, share, kit)
  const round = useReviewerRound({ snapshot, share, doc, me, context: commentsContext, kit, onMessage })
  const empty = useSyncExternalStore(
    (listener) => {
      doc?.on('update', listener)
      return () => doc?.off('update', listener)
    },
    () => (doc ? doc.getXmlFragment(TEXT_ROOT).length === 0 : true),
  )
  return (
    <>
      <header className="book-header">
        <div>
          <h1 className="book-title">{share.bookTitle}</h1>
          <p className="book-meta">
            Shared by {share.author.name} · <span className="fingerprint">{share.author.fingerprint}</span>
          </p>
        </div>
        <div className="book-actions">
          <button type="button" onClick={onSaveFeedback} title={`Your comments on “${chapter.title}”, signed, in a file to send ${share.author.name}`}>
            Save feedback file
          </button>
          <button type="button" className="quiet-danger" onClick={onLeave}>
            Leave share
          </button>
        </div>
      </header>
      {doc ? (
        <ChapterView
          // A new epoch of the share brings a new document for the chapter: the view opens that one.
          key={`${chapter.docId}/${doc.guid}`}
          chapterId={chapter.docId}
          title={chapter.title}
          mode="reviewer"
          open={async () => plainSource(doc, doc.getXmlFragment(TEXT_ROOT))}
          threadsDoc={doc}
          me={me}
          commentsContext={commentsContext}
          round={round}
          onCommentDeleted={(deleted, undo) => onCommentDeleted({ docId: chapter.docId, chapterTitle: chapter.title }, deleted, undo)}
          banner={<OwnLossBanner hub={hub} id={chapter.docId} onMessage={onMessage} />}
          savedSelection={snapshot.session.selections[chapter.docId]}
          seen={snapshot.seen[chapter.docId]}
          onSeen={(messageIds) => onCommentsSeen(chapter.docId, messageIds)}
          onWords={callbacks.onWords}
          onSelection={callbacks.onSelection}
          onError={callbacks.onError}
          onReady={onReady}
          onMessage={onMessage}
          heading={() => (
            <>
              <h1 className="chapter-title-input reading-title">{chapter.title}</h1>
              {empty && (
                <p className="waiting" role="note">
                  The text arrives when you and {share.author.name} are online at the same time (or through another reviewer
                  who has it).
                </p>
              )}
            </>
          )}
          menuItems={[]}
        />
      ) : (
        <p className="loading">Opening chapter…</p>
      )}
    </>
  )
}
