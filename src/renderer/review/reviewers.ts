/** Who reviews a chapter, as the author's library knows them, and what each of them has done there. */
import type { Thread } from '../../shared/comments'
import { readThreads } from '../../shared/comments'
import type { LibrarySnapshot } from '../../shared/library'
import { readProgress } from '../../shared/review/progress'
import { summarizeChapter, type DraftSummary } from '../../shared/review/summary'
import type { ChapterRound } from './useRound'

/** The chapter's reviewers by key-derived id (those who have connected), in the order they were invited. */
export function reviewersOf(snapshot: LibrarySnapshot, chapterId: string): Array<{ id: string; name: string }> {
  const out: Array<{ id: string; name: string }> = []
  for (const share of snapshot.shares) {
    for (const reviewer of share.reviewers) {
      if (!reviewer.chapterIds.includes(chapterId)) continue
      const member = snapshot.members.find((m) => m.id === reviewer.memberId)
      if (member?.peerId && !out.some((r) => r.id === member.peerId)) out.push({ id: member.peerId, name: member.name })
    }
  }
  return out
}

/** The chapter's summary, draft by draft (newest first), from its shared document. */
export function chapterSummary(round: ChapterRound, reviewers: ReadonlyArray<{ id: string; name: string }>, threads: readonly Thread[] = readThreads(round.doc, round.context)): DraftSummary[] {
  return summarizeChapter({
    threads,
    drafts: round.drafts,
    reviewers,
    bookAuthorId: round.context.bookAuthorId,
    progressOf: (memberId, draft) => readProgress(round.doc, memberId, draft, round.context, round.me.id),
  })
}
