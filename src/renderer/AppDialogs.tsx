/** Every modal the window can show, in one place: which one is open is App's state. */
import type { QuireApi } from '../shared/contract'
import { QuireError } from '../shared/errors'
import type { Book, Chapter, LibrarySnapshot, TrashItem } from '../shared/library'
import type { JoinedShare, Member } from '../shared/sharing'
import { ExportDialog, type ExportFormat } from './library/ExportDialog'
import { ImportWordDialog } from './library/ImportWordDialog'
import { NewBookDialog } from './library/NewBookDialog'
import { messageOf } from './library/useLibrary'
import type { ManuscriptActions } from './library/useManuscripts'
import { OpenInviteDialog } from './sharing/OpenInviteDialog'
import { joinFromPackage, readChapterPackage, saveChapterPackage } from './sharing/chapterPackages'
import type { SyncHub } from './sync/syncHub'
import { InviteReady } from './sharing/InviteReady'
import { ShareDialog } from './sharing/ShareDialog'
import { Dialog } from './ui/Dialog'
import { PromptDialog } from './ui/PromptDialog'
import { WelcomeDialog } from './ui/WelcomeDialog'

export type DialogState =
  | { kind: 'newBook' }
  | { kind: 'renameBook'; book: Book }
  | { kind: 'trashBook'; book: Book }
  | { kind: 'purge'; item: TrashItem }
  | { kind: 'share'; book: Book; chapter: Chapter }
  | { kind: 'openInvite'; link: string }
  | { kind: 'removeMember'; member: Member }
  | { kind: 'leaveShare'; share: JoinedShare }
  /** A Word document picked for import: into a book, or as a new book (with the title typed so far). */
  | { kind: 'importWord'; file: File; into: { book: Book } | { newBookTitle: string } }
  | { kind: 'export'; format: ExportFormat; book: Book; chapter: Chapter | null }
  /** An invite made from the Network view (an approved colleague). */
  | { kind: 'inviteReady'; link: string; name: string }
  | null

interface AppDialogsProps {
  api: QuireApi
  /** Where a chapter file's text goes once its invite is joined. */
  hub: SyncHub
  snapshot: LibrarySnapshot
  dialog: DialogState
  setDialog: (dialog: DialogState) => void
  run: (call: Promise<LibrarySnapshot>) => Promise<LibrarySnapshot | null>
  onShowLibrary: () => void
  manuscripts: ManuscriptActions
}

/** How a book's share is reviewed; null when the book is not shared yet. */
function reviewModeOf(snapshot: LibrarySnapshot, bookId: string) {
  const share = snapshot.shares.find((s) => s.bookId === bookId)
  return share ? (share.review ?? 'round-table') : null
}

export function AppDialogs({ api, hub, snapshot, dialog, setDialog, run, onShowLibrary, manuscripts }: AppDialogsProps) {
  const close = () => setDialog(null)
  /** Joining from the Open invite dialog: a refusal belongs in the dialog, not in a toast (so not through run()). */
  const joining = async (join: Promise<void>) => {
    try {
      await join
      close()
      onShowLibrary()
      return null
    } catch (error) {
      return { message: messageOf(error), confirm: error instanceof QuireError && error.code === 'confirm' }
    }
  }
  // First run comes before anything else: comments and invites need a name and a key.
  if (!snapshot.profile) {
    return <WelcomeDialog onSubmit={async (name) => (await run(api['identity:create']({ name }))) !== null} />
  }
  switch (dialog?.kind) {
    case 'newBook':
      return (
        <NewBookDialog
          onCancel={close}
          onCreate={(title) => {
            close()
            onShowLibrary()
            void run(api['book:create']({ title }))
          }}
          onImportWord={(file, newBookTitle) => setDialog({ kind: 'importWord', file, into: { newBookTitle } })}
        />
      )
    case 'importWord': {
      const into = dialog.into
      return (
        <ImportWordDialog
          key={`${dialog.file.name}:${dialog.file.size}:${dialog.file.lastModified}`}
          file={dialog.file}
          newBook={'newBookTitle' in into ? { title: into.newBookTitle } : null}
          bookTitle={'book' in into ? into.book.title : undefined}
          onClose={close}
          onImport={(chapters, bookTitle, onProgress) => {
            if (bookTitle !== null) onShowLibrary()
            const target = 'book' in into ? { bookId: into.book.id } : { newBookTitle: bookTitle ?? dialog.file.name }
            return manuscripts.importWord(target, chapters, dialog.file.name, onProgress)
          }}
        />
      )
    }
    case 'export':
      return (
        <ExportDialog
          format={dialog.format}
          subject={dialog.chapter ? { kind: 'chapter', title: dialog.chapter.title } : { kind: 'book', title: dialog.book.title }}
          initial={manuscripts.exportDefaults()}
          mayHaveComments={manuscripts.mayHaveComments(dialog.book, dialog.chapter)}
          onClose={close}
          onExport={(choice, onProgress) => manuscripts.exportManuscript(dialog.format, dialog.book, dialog.chapter, choice, onProgress)}
        />
      )
    case 'renameBook':
      return (
        <PromptDialog
          title="Rename book"
          label="Title"
          submitLabel="Rename"
          initial={dialog.book.title}
          onCancel={close}
          onSubmit={(title) => {
            close()
            void run(api['book:rename']({ bookId: dialog.book.id, title }))
          }}
        />
      )
    case 'trashBook':
      return (
        <Dialog
          title={`Move “${dialog.book.title}” to Trash?`}
          submitLabel="Move to Trash"
          danger
          onCancel={close}
          onSubmit={() => {
            close()
            void run(api['book:trash']({ bookId: dialog.book.id }))
          }}
        >
          <p>The book and its {dialog.book.chapters.length} chapters go to the Trash. You can restore them from there.</p>
        </Dialog>
      )
    case 'purge': {
      const item = dialog.item
      return (
        <Dialog
          title="Delete forever?"
          submitLabel="Delete forever"
          danger
          onCancel={close}
          onSubmit={() => {
            close()
            void run(api['trash:purge']({ itemId: item.id }))
          }}
        >
          <p>
            “{item.kind === 'book' ? item.book.title : item.chapter.title}” and its text will be erased from this computer.
            This cannot be undone.
          </p>
        </Dialog>
      )
    }
    case 'share':
      return (
        <ShareDialog
          book={dialog.book}
          chapter={dialog.chapter}
          members={snapshot.members.filter((member) => !member.removedAt)}
          withAccess={reviewersOf(snapshot, dialog.chapter.id)}
          hasTurnServers={snapshot.settings.turnServers.length > 0}
          reviewMode={reviewModeOf(snapshot, dialog.book.id)}
          onClose={close}
          onCreate={async ({ mode, ...request }) => {
            const { link, snapshot: created } = await api['share:createInvite']({ bookId: dialog.book.id, ...request })
            const share = created.shares.find((s) => s.bookId === dialog.book.id)
            // The first invite chose how the share is reviewed; every chapter of it learns so from the author's Quire.
            const next = mode && share ? await api['share:setReview']({ shareId: share.id, mode }) : created
            void run(Promise.resolve(next))
            return link
          }}
          onSavePackage={async (link) => {
            const fileName = await saveChapterPackage(api, link, dialog.chapter.title)
            return `“${fileName}” is ready: send it to your reviewer, who opens it with Open invite.`
          }}
        />
      )
    case 'inviteReady':
      return <InviteReady link={dialog.link} name={dialog.name} onClose={close} />
    case 'openInvite':
      return (
        <OpenInviteDialog
          initialLink={dialog.link}
          onCancel={close}
          onJoin={(link, trustNewKey) => joining(api['invite:join']({ link, trustNewKey }).then((next) => void run(Promise.resolve(next))))}
          onReadPackage={readChapterPackage}
          onJoinPackage={(pkg, trustNewKey) => joining(joinFromPackage(api, hub, pkg, trustNewKey, (next) => void run(Promise.resolve(next))))}
        />
      )
    case 'removeMember':
      return (
        <Dialog
          title={`Remove ${dialog.member.name}?`}
          submitLabel="Remove"
          danger
          onCancel={close}
          onSubmit={() => {
            close()
            void run(api['member:remove']({ memberId: dialog.member.id }))
          }}
        >
          <p>
            They leave your network and your list of reviewers. What they already have stays on their computer, but nothing new
            reaches them: each share they were in moves to a new key. Their comments so far stay, marked as from a former member.
          </p>
        </Dialog>
      )
    case 'leaveShare':
      return (
        <Dialog
          title={`Leave “${dialog.share.bookTitle}”?`}
          submitLabel="Leave share"
          danger
          onCancel={close}
          onSubmit={() => {
            close()
            void run(api['joined:leave']({ shareId: dialog.share.id }))
          }}
        >
          <p>Your copy of these chapters and any comments not yet delivered to {dialog.share.author.name} are removed from this computer.</p>
        </Dialog>
      )
    default:
      return null
  }
}

/** The names of the current members who review `chapterId`. */
function reviewersOf(snapshot: LibrarySnapshot, chapterId: string): string[] {
  const ids = new Set(snapshot.shares.flatMap((share) => share.reviewers.filter((r) => r.chapterIds.includes(chapterId)).map((r) => r.memberId)))
  return snapshot.members.filter((member) => !member.removedAt && ids.has(member.id)).map((member) => member.name)
}
