/**
 * Bringing in a colleague: a reviewer proposes someone who knows the subject
 * better ("my colleague knows harbour law"); the book's author approves (and
 * invites them through the ordinary share flow) or declines.
 *
 *   m:<reviewer>     proposals          local id → { box: sealed { name, reason }, createdAt }
 *   m:<book author>  proposalDecisions  proposal id → { approved, at }
 *
 * The proposal is sealed to the book's author and the proposer: a colleague's
 * name and why they were suggested are not for the other reviewers. The
 * decision carries no name, so it says nothing to them either.
 */
import type * as Y from 'yjs'
import { isId } from '../ids'
import { isDisplayName } from '../identity'
import { globalId, MAX_BODY_CHARS, OK, refuse, splitId, type CommentResult, type CommentsContext, type Person } from '../comments/model'
import { membersIn } from '../comments/read'
import { nameOf, openSealedFields, part } from '../comments/roots'
import { ownPart, type Privacy } from '../comments/store'
import { isSealedBox } from './box'

export interface Proposal {
  /** Chapter-wide: `<proposer id>/<local id>`. */
  id: string
  proposerId: string
  proposerName: string
  name: string
  reason: string
  createdAt: number
  decision?: { approved: boolean; at: number }
}

const MAX_REASON_CHARS = 2_000
const MAX_PROPOSALS_PER_MEMBER = 200

/** `me` proposes a colleague, sealed for the book's author. */
export function proposeReviewer(doc: Y.Doc, me: Person, input: { id: string; name: string; reason: string; now: number }, privacy: NonNullable<Privacy>): CommentResult {
  const name = input.name.trim()
  const reason = input.reason.trim()
  if (!isId(input.id)) return refuse('invalid-id')
  if (!isDisplayName(name)) return refuse('invalid-author')
  if (!reason || reason.length > MAX_REASON_CHARS) return refuse('invalid-body')
  const box = privacy.sealing.seal(JSON.stringify({ name, reason }), privacy.recipients)
  if (!box) return refuse('cannot-seal')
  doc.transact(() => ownPart(doc, me, 'proposals').set(input.id, { box, createdAt: input.now }))
  return OK
}

/** Every proposal the reader can open (the author: all; a reviewer: their own), with the author's decision. */
export function readProposals(doc: Y.Doc, context: CommentsContext): { proposals: Proposal[]; pending: number } {
  const proposals: Proposal[] = []
  let pending = 0
  for (const memberId of membersIn(doc)) {
    if (memberId === context.bookAuthorId) continue
    let count = 0
    part(doc, memberId, 'proposals')?.forEach((value, localId) => {
      if (++count > MAX_PROPOSALS_PER_MEMBER || !isId(localId) || typeof value !== 'object' || value === null) return
      const entry = value as { box?: unknown; createdAt?: unknown }
      const box = entry.box
      if (isSealedBox(box) && context.unseal?.(box) === undefined) return void pending++
      const fields = openSealedFields(box, context)
      if (!fields || typeof entry.createdAt !== 'number' || !Number.isFinite(entry.createdAt)) return
      const { name, reason } = fields
      if (!isDisplayName(name) || typeof reason !== 'string' || !reason.trim()) return
      const id = globalId(memberId, localId)
      const proposal: Proposal = { id, proposerId: memberId, proposerName: nameOf(memberId, context), name: name.trim(), reason: reason.trim().slice(0, MAX_BODY_CHARS), createdAt: entry.createdAt }
      const decision = context.bookAuthorId ? (part(doc, context.bookAuthorId, 'proposalDecisions')?.get(id) as { approved?: unknown; at?: unknown } | undefined) : undefined
      if (decision && typeof decision === 'object' && typeof decision.approved === 'boolean' && typeof decision.at === 'number') {
        proposal.decision = { approved: decision.approved, at: decision.at }
      }
      proposals.push(proposal)
    })
  }
  return { proposals: proposals.sort((a, b) => a.createdAt - b.createdAt), pending }
}

/** The book's author approves or declines a proposal. */
export function decideProposal(doc: Y.Doc, me: Person, proposalId: string, approved: boolean, now: number, context: CommentsContext): CommentResult {
  if (context.bookAuthorId !== me.id) return refuse('not-allowed')
  if (!splitId(proposalId)) return refuse('not-found')
  doc.transact(() => ownPart(doc, me, 'proposalDecisions').set(proposalId, { approved, at: now }))
  return OK
}
