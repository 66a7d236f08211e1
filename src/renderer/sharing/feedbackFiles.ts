/**
 * Feedback by file, for a reviewer and an author who cannot meet online: the
 * reviewer saves their own signed changes to a chapter (main seals the file),
 * and the author opens it — picked or dropped on the window — and merges it
 * through the sync hub exactly as if it had come from a peer.
 */
import type * as Y from 'yjs'
import { partOf } from '../../shared/comments'
import type { QuireApi } from '../../shared/contract'
import { fingerprint, memberIdFor } from '../../shared/identity'
import type { LibrarySnapshot } from '../../shared/library'
import type { JoinedChapter, JoinedShare } from '../../shared/sharing'
import { FEEDBACK_EXTENSION, MAX_FEEDBACK_BYTES, openFeedback } from '../../shared/trust/feedbackFile'
import { fileSafe, saveBlob } from '../library/markdownFiles'
import type { SyncHub } from '../sync/syncHub'

/** What opening a feedback file came to: a message for the user and, once merged, the chapter to show. */
export interface FeedbackOutcome {
  tone: 'info' | 'error'
  message: string
  opened?: { bookId: string; chapterId: string }
}

/** True for a file the window should treat as feedback (by name: browsers know no type for it). */
export const isFeedbackFile = (file: File): boolean => file.name.toLowerCase().endsWith(FEEDBACK_EXTENSION)

/** Reviewer: saves everything they wrote on `chapter` (signed by main) as a `.quire-feedback` file. */
export async function saveFeedbackFile(api: QuireApi, hub: SyncHub, share: JoinedShare, chapter: JoinedChapter, myName: string): Promise<string> {
  // A comment posted a moment ago is signed and stored first, so it is in the file.
  await hub.flush(chapter.docId)
  const bytes = await api['feedback:save']({ docId: chapter.docId })
  const fileName = `${fileSafe(`${chapter.title} - feedback from ${myName}`)}${FEEDBACK_EXTENSION}`
  saveBlob(fileName, new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }))
  return fileName
}

/** Author: opens a feedback file and merges it into the shared chapter it names; nothing is merged unless all of it passes. */
export async function openFeedbackFile(hub: SyncHub, snapshot: LibrarySnapshot, file: File): Promise<FeedbackOutcome> {
  const refuse = (message: string): FeedbackOutcome => ({ tone: 'error', message })
  if (file.size > MAX_FEEDBACK_BYTES) return refuse(`“${file.name}” is too large to be a feedback file (64 MB at most).`)
  const opened = openFeedback(new Uint8Array(await file.arrayBuffer()))
  if (!opened.ok) return refuse(opened.message)
  const feedback = opened.file
  const share = snapshot.shares.find((s) => s.id === feedback.shareId)
  if (!share) {
    const joined = snapshot.joined.find((j) => j.id === feedback.shareId)
    return refuse(
      joined
        ? `This feedback file is on “${joined.bookTitle}”, which ${joined.author.name} shared with you: only ${joined.author.name} can open it. Nothing was merged.`
        : `This feedback file is on “${feedback.chapterTitle}” of “${feedback.bookTitle}”, which is not a book you shared. Nothing was merged.`,
    )
  }
  const book = snapshot.books.find((b) => b.id === share.bookId)
  const shared = share.chapters.find((c) => c.docKey === feedback.docKey)
  const chapter = shared && book?.chapters.find((c) => c.id === shared.chapterId)
  if (!book || !shared || !chapter) return refuse(`This feedback file is on “${feedback.chapterTitle}”, which you no longer share. Nothing was merged.`)

  const writerId = memberIdFor(feedback.writer)
  const doc = await hub.doc(shared.replicaId)
  const before = doc ? commentsBy(doc, writerId) : 0
  const merged = await hub.mergeFile(shared.replicaId, feedback)
  if (!merged.ok) {
    const refusal = merged.refusal
    switch (refusal.kind) {
      case 'stranger':
        return refuse(`This feedback file is signed by someone who is not a member of this share (key ${fingerprint(feedback.writer)}). Nothing was merged.`)
      case 'former':
        return refuse(`This feedback file holds changes made after their writer was removed from the share. Nothing was merged.`)
      case 'invalid':
        return refuse(`Quire refused this feedback file (${refusal.problem}). Nothing was merged.`)
      case 'closed':
        return refuse(`“${chapter.title}” is still opening; try again in a moment.`)
    }
  }
  const name = merged.writerName ?? 'The reviewer'
  const show = { bookId: book.id, chapterId: chapter.id }
  if (merged.added === 0) return { tone: 'info', message: `Nothing new: ${name}’s feedback on “${chapter.title}” is already here.`, opened: show }
  const added = commentsBy(merged.doc, writerId) - before
  const what = added > 0 ? `${added} new ${added === 1 ? 'comment' : 'comments'}` : 'changes to their comments'
  return { tone: 'info', message: `Merged ${name}’s feedback on “${chapter.title}”: ${what}.`, opened: show }
}

/** Threads and replies a member wrote in a chapter (deleted ones included: what the file can add to). */
function commentsBy(doc: Y.Doc, memberId: string): number {
  return (partOf(doc, memberId, 'threads')?.size ?? 0) + (partOf(doc, memberId, 'replies')?.size ?? 0)
}

/**
 * Drag-and-drop on the window: a dropped feedback file is opened; other
 * dropped files are refused with a word on what to use instead, rather than
 * the browser's default of opening them in place of Quire.
 */
export function feedbackDrop(onFeedback: (file: File) => void, onOther: (message: string) => void): { onDragOver(event: React.DragEvent): void; onDrop(event: React.DragEvent): void } {
  const carriesFiles = (event: React.DragEvent) => event.dataTransfer.types.includes('Files')
  return {
    onDragOver(event) {
      if (!carriesFiles(event)) return
      event.preventDefault()
      event.dataTransfer.dropEffect = 'copy'
    },
    onDrop(event) {
      if (!carriesFiles(event)) return
      event.preventDefault()
      const files = [...event.dataTransfer.files]
      const feedback = files.filter(isFeedbackFile)
      for (const file of feedback) onFeedback(file)
      if (feedback.length === 0 && files.length > 0) {
        onOther(`Quire opens feedback files (${FEEDBACK_EXTENSION}) dropped on its window. To import Word or Markdown, use the book’s actions.`)
      }
    },
  }
}
