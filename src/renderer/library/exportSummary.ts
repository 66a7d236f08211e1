/**
 * A shared chapter's feedback summary for the Word export: the same numbers
 * as the Feedback summary dialog, as sentences. Waits for the user's key to
 * open sealed progress first, so the document does not say "…".
 */
import type * as Y from 'yjs'
import { readThreads, type CommentsContext } from '../../shared/comments'
import type { Chapter, LibrarySnapshot } from '../../shared/library'
import type { ManuscriptSummary } from '../../shared/manuscript/model'
import { draftsOf } from '../../shared/review/drafts'
import { readProgress } from '../../shared/review/progress'
import { summarizeChapter, summaryLines } from '../../shared/review/summary'
import { reviewersOf } from '../review/reviewers'
import type { Unsealer } from '../review/unsealer'

const OPEN_TIMEOUT_MS = 10_000

export async function exportSummary(doc: Y.Doc, chapter: Chapter, snapshot: LibrarySnapshot, context: CommentsContext, unsealer?: Unsealer): Promise<ManuscriptSummary> {
  const me = snapshot.profile?.memberId ?? ''
  const summarize = () =>
    summarizeChapter({
      threads: readThreads(doc, context),
      drafts: draftsOf(doc, context.bookAuthorId),
      reviewers: reviewersOf(snapshot, chapter.id),
      bookAuthorId: context.bookAuthorId,
      progressOf: (memberId, draft) => readProgress(doc, memberId, draft, context, me),
    })
  let summaries = summarize()
  if (unsealer && summaries.some((s) => s.reviewers.some((r) => r.progress.kind === 'opening'))) {
    await Promise.race([unsealer.idle(), new Promise((resolve) => setTimeout(resolve, OPEN_TIMEOUT_MS))])
    summaries = summarize()
  }
  return {
    chapterTitle: chapter.title,
    drafts: summaries.map((s) => ({
      heading: `Draft ${s.draft}${s.name ? `: ${s.name}` : ''}${s.sharedAt !== undefined ? `, shared ${new Date(s.sharedAt).toLocaleDateString()}` : ''}`,
      lines: summaryLines(s),
    })),
  }
}
