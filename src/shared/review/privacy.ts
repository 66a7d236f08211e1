/**
 * Who may read what a member writes in a review round. One place decides,
 * so the panel, the store and the background duties cannot disagree:
 *
 * - a reviewer's threads and replies in a blind review: the book's author and the writer;
 * - the book author's words about a sealed thread (replies, re-placed anchors,
 *   carried states): the book's author and the thread's writer;
 * - reading progress, proposals of colleagues: the book's author (and the writer, to read it back);
 * - everything else: everyone in the share.
 */
import type { Privacy } from '../comments/store'
import type { Sealing, Thread } from '../comments/model'
import type { ReviewMode } from './mode'

/** For a new thread or reply by `meId` in a review of `mode`. */
export function privacyForOwn(mode: ReviewMode, meId: string, bookAuthorId: string | null, sealing: Sealing | null): Privacy | 'unavailable' {
  if (mode !== 'blind' || !bookAuthorId || meId === bookAuthorId) return null
  return sealing ? { sealing, recipients: [bookAuthorId, meId] } : 'unavailable'
}

/** For anything written about `thread` (a reply to it, its anchor, its carried state). */
export function privacyAbout(thread: Pick<Thread, 'sealed' | 'authorId'>, meId: string, mode: ReviewMode, bookAuthorId: string | null, sealing: Sealing | null): Privacy | 'unavailable' {
  if (!thread.sealed) return privacyForOwn(mode, meId, bookAuthorId, sealing)
  if (!bookAuthorId || !sealing) return 'unavailable'
  return { sealing, recipients: [...new Set([bookAuthorId, thread.authorId, meId])] }
}

/** For what only the book's author should read (and the writer, to read their own back). */
export function privacyForAuthor(meId: string, bookAuthorId: string | null, sealing: Sealing | null): Privacy | 'unavailable' {
  if (!bookAuthorId || !sealing) return 'unavailable'
  return { sealing, recipients: [...new Set([bookAuthorId, meId])] }
}
