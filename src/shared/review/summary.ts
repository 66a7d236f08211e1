/**
 * The feedback summary of a chapter, draft by draft: who reviewed it, its
 * threads open and resolved, how many were addressed, the suggested edits
 * accepted, and each reviewer's reading progress. Pure: threads, drafts and
 * progress in, numbers and sentences out, for the summary dialog and the
 * Word export alike.
 */
import type { Thread } from '../comments/model'
import type { DraftInfo } from './drafts'
import { percentRead, type ProgressView } from './progress'

export interface ReviewerRow {
  id: string
  name: string
  /** Threads they started on this draft. */
  threads: number
  /** Replies they wrote on this draft's threads. */
  replies: number
  progress: ProgressView
  /** Their points from earlier drafts, and how many they marked Addressed (drafts after the first). */
  earlierPoints: number
  addressed: number
}

export interface DraftSummary {
  draft: number
  sharedAt?: number
  name?: string
  reviewers: ReviewerRow[]
  open: number
  resolved: number
  /** Threads of this draft their writers marked Addressed on a later draft. */
  addressed: number
  suggestions: { accepted: number; rejected: number; undecided: number }
}

export interface SummaryInput {
  threads: readonly Thread[]
  drafts: readonly DraftInfo[]
  /** The share's reviewers of this chapter (by member id), in the order to list them; anyone else who wrote is added. */
  reviewers: ReadonlyArray<{ id: string; name: string }>
  bookAuthorId: string | null
  progressOf: (memberId: string, draft: number) => ProgressView
}

/** One summary per draft, newest first. */
export function summarizeChapter(input: SummaryInput): DraftSummary[] {
  const numbers = input.drafts.length > 0 ? input.drafts.map((d) => d.number) : [1]
  const people = new Map(input.reviewers.map((r) => [r.id, r.name]))
  for (const thread of input.threads) {
    if (thread.authorId !== input.bookAuthorId && !thread.legacy && !people.has(thread.authorId)) people.set(thread.authorId, thread.authorName)
  }
  return numbers
    .slice()
    .reverse()
    .map((draft) => {
      const info = input.drafts.find((d) => d.number === draft)
      const ofDraft = input.threads.filter((t) => t.draft === draft)
      const earlier = input.threads.filter((t) => t.draft < draft)
      const reviewers: ReviewerRow[] = [...people].map(([id, name]) => {
        const points = earlier.filter((t) => t.authorId === id)
        return {
          id,
          name,
          threads: ofDraft.filter((t) => t.authorId === id).length,
          replies: ofDraft.reduce((sum, t) => sum + t.messages.slice(1).filter((m) => m.authorId === id && !m.deleted).length, 0),
          progress: input.progressOf(id, draft),
          earlierPoints: points.length,
          addressed: points.filter((t) => t.addressed?.addressed === true && (t.carried?.draft ?? 0) >= draft).length,
        }
      })
      const suggestions = ofDraft.filter((t) => t.suggestion)
      return {
        draft,
        ...(info ? { sharedAt: info.sharedAt } : {}),
        ...(info?.name ? { name: info.name } : {}),
        reviewers,
        open: ofDraft.filter((t) => !t.resolved).length,
        resolved: ofDraft.filter((t) => t.resolved).length,
        addressed: ofDraft.filter((t) => t.addressed?.addressed === true).length,
        suggestions: {
          accepted: suggestions.filter((t) => t.suggestion?.decision?.accepted === true).length,
          rejected: suggestions.filter((t) => t.suggestion?.decision?.accepted === false).length,
          undecided: suggestions.filter((t) => !t.suggestion?.decision).length,
        },
      }
    })
}

/** A reviewer's reading, in words. */
export function progressWords(view: ProgressView): string {
  switch (view.kind) {
    case 'not-started':
      return 'not started'
    case 'not-shared':
      return 'keeps reading progress private'
    case 'opening':
      return '…'
    case 'read':
      return view.progress.finished ? 'finished' : `read ${percentRead(view.progress)}% (stopped at paragraph ${view.progress.stopped + 1} of ${view.progress.blocks})`
  }
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/** The summary as sentences, for the Word export. */
export function summaryLines(summary: DraftSummary): string[] {
  const lines = [
    `Threads: ${summary.open} open, ${summary.resolved} resolved${summary.addressed > 0 ? `, ${summary.addressed} addressed in a later draft` : ''}.`,
    `Suggested edits: ${summary.suggestions.accepted} accepted, ${summary.suggestions.rejected} rejected, ${summary.suggestions.undecided} undecided.`,
  ]
  if (summary.reviewers.length === 0) lines.push('No reviewers yet.')
  for (const r of summary.reviewers) {
    const points = r.earlierPoints > 0 ? `; ${r.addressed} of ${plural(r.earlierPoints, 'earlier point')} addressed` : ''
    lines.push(`${r.name}: ${plural(r.threads, 'thread')}, ${plural(r.replies, 'reply', 'replies')}; reading: ${progressWords(r.progress)}${points}.`)
  }
  return lines
}
