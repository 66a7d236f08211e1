/**
 * The Quire window: sidebar (books, Binder, network, Trash) and the open
 * chapter. State lives in main; this component routes user intent to the API
 * and shows what comes back.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { QuireApi } from '../shared/contract'
import type { Person } from '../shared/comments'
import { restoreMessage } from '../shared/comments'
import { bookWords, type Chapter, type DeletedCommentItem, type LibrarySnapshot } from '../shared/library'
import type { DeletedComment } from './comments/useComments'
import type { ChapterEditor } from './editor/useChapterEditor'
import type { ChapterSessions } from './editor/chapterSessions'
import { useChapterSessions } from './editor/useChapterSessions'
import { BookWorkspace } from './library/BookWorkspace'
import { exportChapterMarkdown, importMarkdownFile } from './library/markdownFiles'
import { Sidebar, type View } from './library/Sidebar'
import { TrashView } from './library/TrashView'
import { messageOf, useLibrary } from './library/useLibrary'
import { useManuscripts } from './library/useManuscripts'
import { AppDialogs, type DialogState } from './AppDialogs'
import { ConnectionView } from './network/ConnectionView'
import { NetworkStatusBar } from './network/NetworkStatusBar'
import { NetworkView } from './sharing/NetworkView'
import { ReviewWorkspace } from './sharing/ReviewWorkspace'
import { SettingsView } from './sharing/SettingsView'
import { feedbackDrop, openFeedbackFile, saveFeedbackFile } from './sharing/feedbackFiles'
import { useCommentCounts } from './sharing/useCommentCounts'
import { decideProposal } from '../shared/review/proposals'
import { commentsContextFor } from './comments/commentsContext'
import { useProposals, type PlacedProposal } from './review/useProposals'
import { useReviewKeepers } from './review/useReviewKeepers'
import { useReviewKit } from './review/useReviewKit'
import { useSyncHub } from './sync/useSyncHub'
import { keepFocus } from './ui/focus'
import { Notices, Toasts } from './ui/Messages'

const WORDS_SAVE_DELAY_MS = 1000

/** The author's chapter a snapshot shows, if it shows one (a shared chapter loads through the sync hub instead). */
function ownOpenChapter(snapshot: LibrarySnapshot): string | null {
  const { bookId, chapterId } = snapshot.session
  const book = snapshot.books.find((b) => b.id === bookId)
  return book && chapterId && book.chapters.some((c) => c.id === chapterId) ? chapterId : null
}

export function App({ api }: { api: QuireApi }) {
  // The chapter the library opens on starts loading with the first snapshot, while the window renders.
  const sessionsRef = useRef<ChapterSessions | null>(null)
  const onFirstSnapshot = useCallback((first: LibrarySnapshot) => {
    const chapterId = ownOpenChapter(first)
    if (chapterId) sessionsRef.current?.prefetch(chapterId)
  }, [])
  const library = useLibrary(api, onFirstSnapshot)
  const { snapshot, run, toast } = library
  const [dialog, setDialog] = useState<DialogState>(null)
  const [view, setView] = useState<View>('library')
  const [liveWords, setLiveWords] = useState<{ chapterId: string; words: number } | null>(null)
  const editorRef = useRef<ChapterEditor | null>(null)
  const wordTimers = useRef(new Map<string, ReturnType<typeof setTimeout>>())
  const onEditorError = useCallback((error: unknown) => toast(messageOf(error), 'error'), [toast])
  const { hub, status } = useSyncHub(api, snapshot, onEditorError)
  // What sync needs the user to know (a refused change, copies that differ) is said once per new message.
  const saidNotice = useRef<string | null>(null)
  useEffect(() => {
    if (status.notice && status.notice !== saidNotice.current) toast(status.notice, 'error')
    saidNotice.current = status.notice
  }, [status.notice, toast])
  const sessions = useChapterSessions(api, snapshot, onEditorError)
  useEffect(() => {
    sessionsRef.current = sessions
  }, [sessions])
  const kit = useReviewKit(api, snapshot)
  useReviewKeepers(api, hub, snapshot, kit, onEditorError)
  const commentCounts = useCommentCounts(hub, snapshot, kit)
  const proposals = useProposals(hub, snapshot, kit)
  const adopt = useCallback((next: LibrarySnapshot) => void run(Promise.resolve(next)), [run])
  const manuscripts = useManuscripts(api, hub, snapshot, editorRef, adopt, toast, kit.unsealer)

  // Focus never falls to the page body when the control that had it goes away.
  useEffect(() => keepFocus(document.body), [])
  useEffect(() => api.on('invite:opened', ({ link }) => setDialog({ kind: 'openInvite', link })), [api])

  // A chapter picked in the library shows at once; main records the choice (session:open) meanwhile, and
  // the pick stands until it answers. A failed answer puts back what main has.
  const [picked, setPicked] = useState<{ bookId: string; chapterId: string | null } | null>(null)
  const picks = useRef(0)
  const shown = useMemo(() => (snapshot && picked ? { ...snapshot, session: { ...snapshot.session, ...picked } } : snapshot), [snapshot, picked])

  // The open book as stored, with the open chapter's live word count folded in.
  const book = useMemo(() => {
    const stored = shown?.books.find((b) => b.id === shown.session.bookId)
    if (!stored) return null
    return {
      ...stored,
      chapters: stored.chapters.map((c) => (c.id === liveWords?.chapterId ? { ...c, words: liveWords.words } : c)),
    }
  }, [shown, liveWords])
  const chapter = book?.chapters.find((c) => c.id === shown?.session.chapterId) ?? null
  const joined = shown?.joined.find((j) => j.id === shown.session.bookId) ?? null
  const joinedChapter = joined?.chapters.find((c) => c.docId === shown?.session.chapterId) ?? null

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
  const onReady = useCallback((editor: ChapterEditor) => {
    editorRef.current = editor
  }, [])
  const me: Person = useMemo(
    () => ({ id: snapshot?.profile?.memberId ?? 'anonymous', name: snapshot?.profile?.name ?? 'You' }),
    [snapshot?.profile],
  )

  if (library.loadError) {
    return (
      <main className="fatal" role="alert">
        <h1>Quire could not open your library</h1>
        <p>{library.loadError}</p>
      </main>
    )
  }
  if (!snapshot || !shown) return <main className="loading-app" aria-busy="true" />

  /** Shows one of the user's own chapters (or a book) at once, loading its text while main records the choice. */
  const openOwn = (bookId: string, chapterId: string | null) => {
    const pick = ++picks.current
    if (chapterId) sessions.prefetch(chapterId)
    setPicked({ bookId, chapterId })
    void run(api['session:open']({ bookId, chapterId })).finally(() => {
      if (picks.current === pick) setPicked(null)
    })
  }

  const openBook = (bookId: string) => {
    setView('library')
    const target = snapshot.books.find((b) => b.id === bookId)
    openOwn(bookId, target?.chapters[0]?.id ?? null)
  }
  const newChapter = () => {
    if (book) void run(api['chapter:create']({ bookId: book.id }))
  }
  const trashChapter = async (target: Chapter) => {
    const next = await run(api['chapter:trash']({ chapterId: target.id }))
    if (next) toast(`“${target.title}” moved to Trash.`, 'info', { label: 'Undo', run: () => void run(api['trash:restore']({ itemId: target.id })) })
  }
  const importMarkdown = async (file: File) => {
    if (!book) return
    if (await run(importMarkdownFile(api, book.id, file))) toast(`Imported “${file.name}”.`)
  }
  /** Comments the user has now seen: their "new" marks go (a lost write costs a mark, never a comment). */
  const onCommentsSeen = (docId: string, messageIds: string[]) =>
    void api['session:markSeen']({ docId, messageIds }).then((next) => next && adopt(next), () => {})
  const callbacks = { onWords, onSelection, onError: onEditorError, onReady }
  /** A reviewer's feedback file merges as if it came from a peer; then its chapter is shown. */
  const openFeedback = async (file: File) => {
    try {
      const outcome = await openFeedbackFile(hub, snapshot, file)
      toast(outcome.message, outcome.tone)
      if (outcome.opened) {
        setView('library')
        void run(api['session:open'](outcome.opened))
      }
    } catch (error) {
      toast(messageOf(error), 'error')
    }
  }
  const drop = feedbackDrop((file) => void openFeedback(file), (message) => toast(message, 'error'))

  /** A deleted comment waits in the Trash; Undo puts it back at once. */
  const onCommentDeleted = (where: { docId: string; chapterTitle: string }, deleted: DeletedComment, undo: () => void) => {
    const kept = api['trash:keepComment']({ ...where, threadId: deleted.threadId, messageId: deleted.messageId, body: deleted.body, quote: deleted.quote })
    toast('Comment deleted.', 'info', {
      label: 'Undo',
      run: () => {
        undo()
        void kept.then(({ itemId }) => run(api['trash:forgetComment']({ itemId }))).catch(() => {})
      },
    })
    void kept.catch((error: unknown) => toast(messageOf(error), 'error'))
  }
  /** Approving a proposed colleague makes an invite for them through the ordinary share flow. */
  const decideOnProposal = async ({ proposal, doc, bookId, chapterId }: PlacedProposal, approved: boolean) => {
    const context = commentsContextFor(snapshot.profile, snapshot.members, null)
    if (!approved) {
      decideProposal(doc, me, proposal.id, false, Date.now(), context)
      return
    }
    try {
      const { link, snapshot: next } = await api['share:createInvite']({ bookId, chapterIds: [chapterId], reviewer: { name: proposal.name } })
      decideProposal(doc, me, proposal.id, true, Date.now(), context)
      void run(Promise.resolve(next))
      setDialog({ kind: 'inviteReady', link, name: proposal.name })
    } catch (error) {
      toast(messageOf(error), 'error')
    }
  }
  const restoreComment = async (item: DeletedCommentItem) => {
    const doc = await hub.doc(item.docId)
    const result = doc ? restoreMessage(doc, me, item.messageId, item.body, Date.now()) : { ok: false as const, error: 'not-found' as const }
    if (!result.ok && result.error !== 'not-deleted') {
      toast('That comment could not be restored: its thread is gone from the shared chapter.', 'error')
      return
    }
    await run(api['trash:forgetComment']({ itemId: item.id }))
    toast(`Comment on “${item.quote.slice(0, 40)}” restored.`)
  }

  return (
    <div className="app" onDragOver={drop.onDragOver} onDrop={drop.onDrop}>
      <Sidebar
        snapshot={shown}
        openBook={book}
        view={view}
        unread={commentCounts.unread}
        onOpenBook={openBook}
        onNewBook={() => setDialog({ kind: 'newBook' })}
        onOpenChapter={(chapterId) => book && openOwn(book.id, chapterId)}
        onOpenShared={(bookId, chapterId) => void run(api['session:open']({ bookId, chapterId }))}
        onMoveChapter={(chapterId, toIndex) => void run(api['chapter:move']({ chapterId, toIndex }))}
        onNewChapter={newChapter}
        onShowView={setView}
        onOpenInvite={() => setDialog({ kind: 'openInvite', link: '' })}
        onOpenFeedback={(file) => void openFeedback(file)}
      />
      <main className="workspace">
        <Notices notices={snapshot.notices} onDismiss={(noticeId) => void run(api['notice:dismiss']({ noticeId }))} />
        {view === 'trash' ? (
          <TrashView
            items={snapshot.trash}
            comments={snapshot.deletedComments}
            onRestoreComment={(item) => void restoreComment(item)}
            onForgetComment={(item) => void run(api['trash:forgetComment']({ itemId: item.id }))}
            onRestore={(itemId) => {
              setView('library')
              void run(api['trash:restore']({ itemId }))
            }}
            onPurge={(item) => setDialog({ kind: 'purge', item })}
          />
        ) : view === 'network' ? (
          <NetworkView
            hub={hub}
            snapshot={snapshot}
            commentCounts={commentCounts.byAuthor}
            proposals={proposals}
            onAdd={(name) => void run(api['member:add']({ name }))}
            onRemove={(member) => setDialog({ kind: 'removeMember', member })}
            onDecide={(proposal, approved) => void decideOnProposal(proposal, approved)}
          />
        ) : view === 'connection' ? (
          <ConnectionView api={api} hub={hub} snapshot={snapshot} onClose={() => setView('library')} />
        ) : view === 'settings' ? (
          <SettingsView
            settings={snapshot.settings}
            onSave={async (patch) => {
              try {
                await run(Promise.resolve(await api['settings:set'](patch)))
                return null
              } catch (error) {
                return messageOf(error)
              }
            }}
          />
        ) : joined && joinedChapter ? (
          <ReviewWorkspace
            hub={hub}
            snapshot={snapshot}
            share={joined}
            chapter={joinedChapter}
            me={me}
            kit={kit}
            {...callbacks}
            onLeave={() => setDialog({ kind: 'leaveShare', share: joined })}
            onSaveFeedback={() =>
              void saveFeedbackFile(api, hub, joined, joinedChapter, me.name).then(
                (fileName) => toast(`“${fileName}” is ready: send it to ${joined.author.name}, who opens it with Open feedback file.`),
                (error: unknown) => toast(messageOf(error), 'error'),
              )
            }
            onCommentDeleted={onCommentDeleted}
            onCommentsSeen={onCommentsSeen}
            onMessage={(message) => toast(message, 'error')}
          />
        ) : book ? (
          <BookWorkspace
            api={api}
            hub={hub}
            sessions={sessions}
            snapshot={snapshot}
            book={book}
            chapter={chapter}
            me={me}
            kit={kit}
            onAdopt={adopt}
            {...callbacks}
            onCommentDeleted={onCommentDeleted}
            onCommentsSeen={onCommentsSeen}
            onRenameBook={() => setDialog({ kind: 'renameBook', book })}
            onTrashBook={() => setDialog({ kind: 'trashBook', book })}
            onImport={(file) => void importMarkdown(file)}
            onImportWord={(file) => setDialog({ kind: 'importWord', file, into: { book } })}
            onExportManuscript={(format, target) => setDialog({ kind: 'export', format, book, chapter: target })}
            onNewChapter={newChapter}
            onRenameChapter={(target, title) => void run(api['chapter:rename']({ chapterId: target.id, title }))}
            onTrashChapter={(target) => void trashChapter(target)}
            onShare={(target) => setDialog({ kind: 'share', book, chapter: target })}
            onExportChapter={(target) => {
              const view = editorRef.current?.view
              const doc = view && !view.isDestroyed ? view.state.doc : null
              if (doc) exportChapterMarkdown(target.title, doc).catch(onEditorError)
            }}
            onMessage={(message, tone) => toast(message, tone)}
          />
        ) : (
          <EmptyLibrary hasBooks={snapshot.books.length > 0} onNewBook={() => setDialog({ kind: 'newBook' })} />
        )}
        <NetworkStatusBar
          api={api}
          status={status}
          connectionOpen={view === 'connection'}
          onShowConnection={() => setView((current) => (current === 'connection' ? 'library' : 'connection'))}
          workOffline={snapshot.settings.workOffline}
          onToggleOffline={() => void run(api['settings:set']({ workOffline: !snapshot.settings.workOffline }))}
        >
          {view === 'library' && book && (
            <>
              {chapter && (
                <span data-testid="chapter-words">
                  {chapter.words.toLocaleString()} {chapter.words === 1 ? 'word' : 'words'} in chapter
                </span>
              )}
              <span data-testid="book-words">
                {bookWords(book).toLocaleString()} {bookWords(book) === 1 ? 'word' : 'words'} in book
              </span>
            </>
          )}
        </NetworkStatusBar>
      </main>
      <Toasts toasts={library.toasts} onDismiss={library.dismissToast} />
      <AppDialogs
        api={api}
        hub={hub}
        snapshot={snapshot}
        dialog={dialog}
        setDialog={setDialog}
        run={run}
        onShowLibrary={() => setView('library')}
        manuscripts={manuscripts}
      />
    </div>
  )
}

function EmptyLibrary({ hasBooks, onNewBook }: { hasBooks: boolean; onNewBook: () => void }) {
  return (
    <div className="empty-state">
      <h1>{hasBooks ? 'Pick a book' : 'Your library is empty'}</h1>
      <p>
        Quire keeps your drafts on this computer. Start a book, write it in chapters, and share chapters for review when you
        are ready.
      </p>
      <button type="button" className="primary" onClick={onNewBook}>
        New book
      </button>
    </div>
  )
}
