import type { QuireApi } from '../../shared/contract'
import type { Person } from '../../shared/comments'
import type { Book, Chapter, LibrarySnapshot } from '../../shared/library'
import { useAuthorRound } from '../review/authorSlots'
import type { ReviewKit } from '../review/useReviewKit'
import type { ChapterSessions } from '../editor/chapterSessions'
import { ChapterTitle } from '../editor/ChapterTitle'
import { ChapterView } from '../editor/ChapterView'
import type { ChapterEditor, EditorCallbacks } from '../editor/useChapterEditor'
import { useCommentsContext } from '../comments/commentsContext'
import type { DeletedComment } from '../comments/useComments'
import type { SyncHub } from '../sync/syncHub'
import { useSharedDoc } from '../sync/useSharedDoc'
import { BookHeader } from './BookHeader'
import { LostTextBanner } from './LostTextBanner'
import { OwnLossBanner } from '../sync/OwnLossBanner'
import type { ExportFormat } from './ExportDialog'
import { exportBookMarkdown } from './markdownFiles'

interface BookWorkspaceProps extends EditorCallbacks {
  api: QuireApi
  hub: SyncHub
  sessions: ChapterSessions
  snapshot: LibrarySnapshot
  book: Book
  chapter: Chapter | null
  me: Person
  kit: ReviewKit
  onAdopt: (snapshot: LibrarySnapshot) => void
  onRenameBook: () => void
  onTrashBook: () => void
  onImport: (file: File) => void
  onImportWord: (file: File) => void
  /** Export Word document / Export PDF of the whole book (chapter null) or one chapter. */
  onExportManuscript: (format: ExportFormat, chapter: Chapter | null) => void
  onNewChapter: () => void
  onRenameChapter: (chapter: Chapter, title: string) => void
  onTrashChapter: (chapter: Chapter) => void
  onShare: (chapter: Chapter) => void
  onExportChapter: (chapter: Chapter) => void
  onReady: (editor: ChapterEditor) => void
  onMessage: (message: string, tone?: 'info' | 'error') => void
  onCommentDeleted: (where: { docId: string; chapterTitle: string }, deleted: DeletedComment, undo: () => void) => void
  /** Comments of a shared chapter have been on screen: they are no longer new. */
  onCommentsSeen: (docId: string, messageIds: string[]) => void
}

/** The author's side: a book's header and the open chapter with its comments. */
export function BookWorkspace(props: BookWorkspaceProps) {
  const { api, hub, sessions, snapshot, book, chapter } = props
  const replicaId = chapter ? (snapshot.shares.flatMap((s) => s.chapters).find((c) => c.chapterId === chapter.id)?.replicaId ?? null) : null
  const threadsDoc = useSharedDoc(hub, replicaId)
  const commentsContext = useCommentsContext(snapshot, null, props.kit)
  const round = useAuthorRound({
    api,
    snapshot,
    chapter,
    threadsDoc,
    me: props.me,
    context: commentsContext,
    kit: props.kit,
    onAdopt: props.onAdopt,
    onMessage: (message, tone = 'error') => props.onMessage(message, tone),
  })
  const fail = (error: unknown) => props.onMessage(error instanceof Error ? error.message : String(error), 'error')
  return (
    <>
      <BookHeader
        book={book}
        onRename={props.onRenameBook}
        onTrash={props.onTrashBook}
        onImport={props.onImport}
        onExport={() => void exportBookMarkdown(api, book).catch(fail)}
        onImportWord={props.onImportWord}
        onExportManuscript={(format) => props.onExportManuscript(format, null)}
      />
      {chapter ? (
        <ChapterView
          key={chapter.id}
          chapterId={chapter.id}
          title={chapter.title}
          mode="author"
          open={async () => {
            const source = await sessions.open(chapter.id)
            const stopFeeding = hub.feed(chapter.id, source.doc)
            return { ...source, release: async (last) => (stopFeeding(), await source.release(last)) }
          }}
          threadsDoc={threadsDoc}
          me={props.me}
          commentsContext={commentsContext}
          round={round}
          onCommentDeleted={(deleted, undo) => replicaId && props.onCommentDeleted({ docId: replicaId, chapterTitle: chapter.title }, deleted, undo)}
          banner={
            <>
              <LostTextBanner hub={hub} chapterId={chapter.id} onMessage={props.onMessage} />
              <OwnLossBanner hub={hub} id={chapter.id} onMessage={props.onMessage} />
            </>
          }
          savedSelection={snapshot.session.selections[chapter.id]}
          seen={replicaId ? snapshot.seen[replicaId] : undefined}
          onSeen={replicaId ? (messageIds) => props.onCommentsSeen(replicaId, messageIds) : undefined}
          onWords={props.onWords}
          onSelection={props.onSelection}
          onError={props.onError}
          onReady={props.onReady}
          onMessage={(message, tone = 'error') => props.onMessage(message, tone)}
          commentsUnavailable="Share this chapter to collect comments from your reviewers."
          heading={(focusText) => (
            <ChapterTitle key={chapter.id} title={chapter.title} onRename={(title) => props.onRenameChapter(chapter, title)} onEnter={focusText} />
          )}
          primaryAction={{ label: 'Share chapter', onSelect: () => props.onShare(chapter) }}
          menuItems={[
            { label: 'Export Markdown', onSelect: () => props.onExportChapter(chapter) },
            { label: 'Export Word document', onSelect: () => props.onExportManuscript('docx', chapter) },
            { label: 'Export PDF', onSelect: () => props.onExportManuscript('pdf', chapter) },
            { label: 'Move chapter to Trash', onSelect: () => props.onTrashChapter(chapter), danger: true },
          ]}
        />
      ) : (
        <div className="empty-state">
          <h2>{book.chapters.length === 0 ? 'This book has no chapters yet' : 'Pick a chapter'}</h2>
          <p>Chapters are separate documents you can reorder, share and export.</p>
          <button type="button" className="primary" onClick={props.onNewChapter}>
            New chapter
          </button>
        </div>
      )}
    </>
  )

}
