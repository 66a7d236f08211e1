/**
 * What review rounds add to a thread, read from the roots of the people
 * entitled to say it:
 *
 *   m:<book author>  decisions  thread id → { accepted, at }        Accept / Reject of a suggested edit
 *                    carried    thread id → { draft, state, now? }  (sealed like its thread in a blind review)
 *   m:<its writer>   addressed  thread id → { addressed, at }       Addressed / Not addressed on a later draft
 *
 * Entries anyone else writes under these names are never read.
 */
import type * as Y from 'yjs'
import { MAX_DRAFT, MAX_SUGGESTION_CHARS, type Carried, type CommentsContext, type Thread } from './model'
import { isTime, nameOf, openSealedFields, part } from './roots'

const CARRIED_STATES = new Set(['anchored', 'changed', 'removed'])

/** Adds a suggestion's decision, the writer's verdict and the carried state to `thread`. */
export function applyRoundFields(doc: Y.Doc, thread: Thread, context: CommentsContext): void {
  const bookAuthor = context.bookAuthorId
  if (thread.suggestion && bookAuthor) {
    const decision = part(doc, bookAuthor, 'decisions')?.get(thread.id) as { accepted?: unknown; at?: unknown } | undefined
    if (decision && typeof decision === 'object' && typeof decision.accepted === 'boolean' && isTime(decision.at)) {
      thread.suggestion = { ...thread.suggestion, decision: { accepted: decision.accepted, byId: bookAuthor, byName: nameOf(bookAuthor, context), at: decision.at } }
    }
  }
  if (!thread.legacy) {
    const verdict = part(doc, thread.authorId, 'addressed')?.get(thread.id) as { addressed?: unknown; at?: unknown } | undefined
    if (verdict && typeof verdict === 'object' && typeof verdict.addressed === 'boolean' && isTime(verdict.at)) {
      thread.addressed = { addressed: verdict.addressed, at: verdict.at }
    }
  }
  if (bookAuthor) {
    const carried = readCarried(part(doc, bookAuthor, 'carried')?.get(thread.id), context)
    if (carried && carried.draft > thread.draft) thread.carried = carried
  }
}

function readCarried(value: unknown, context: CommentsContext): Carried | null {
  if (value === undefined || value === null || typeof value !== 'object') return null
  const fields = 'sealed' in value ? openSealedFields((value as { sealed: unknown }).sealed, context) : (value as Record<string, unknown>)
  if (!fields) return null
  const { draft, state, now } = fields
  if (!Number.isSafeInteger(draft) || (draft as number) < 2 || (draft as number) > MAX_DRAFT) return null
  if (typeof state !== 'string' || !CARRIED_STATES.has(state)) return null
  const carried: Carried = { draft: draft as number, state: state as Carried['state'] }
  if (state === 'changed' && typeof now === 'string') carried.now = now.slice(0, MAX_SUGGESTION_CHARS)
  return carried
}
