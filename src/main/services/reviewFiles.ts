/**
 * Review by file, for an author and a reviewer who cannot meet online: the
 * author's chapter package (an invite and the chapters' signed text, see
 * src/shared/trust/chapterPackage.ts) and the reviewer's feedback file
 * (their own signed changes, src/shared/trust/feedbackFile.ts). Built in
 * main, where the envelopes and the secret key are.
 */
import { QuireError } from '../../shared/contract'
import { fromBase64Url } from '../../shared/identity'
import { parseInvite } from '../../shared/invite'
import { sealChapterPackage } from '../../shared/trust/chapterPackage'
import { sealFeedback } from '../../shared/trust/feedbackFile'
import type { IdentityStore } from './identity'
import type { Library } from './library'
import type { ReviewerSharing } from './reviewerSharing'
import type { Rooms } from './rooms'
import { requireProfile } from './sharing'

export interface FeedbackDeps {
  library: Library
  identity: IdentityStore
  rooms: Rooms
  reviewerSharing: ReviewerSharing
  now: () => number
}

/** The user's comments (and everything else they wrote) on the joined chapter `docId`, as a signed feedback file. */
export async function saveFeedback(docId: string, deps: FeedbackDeps): Promise<Uint8Array> {
  const joined = deps.library.data.joined.find((share) => share.chapters.some((c) => c.docId === docId))
  const chapter = joined?.chapters.find((c) => c.docId === docId)
  if (!joined || !chapter) throw new QuireError('not-found', 'That chapter is not one you review.')
  if (joined.removedAt !== undefined) throw new QuireError('forbidden', `You are no longer a member of this share, so ${joined.author.name} would not accept your feedback.`)
  const envelopes = await deps.rooms.ownEnvelopes(docId)
  if (envelopes.length === 0) throw new QuireError('invalid-argument', 'You have not commented on this chapter yet, so there is no feedback to save.')
  const proof = deps.reviewerSharing.bindingProof(joined.id)
  return sealFeedback(
    {
      shareId: joined.id,
      docKey: chapter.docKey,
      bookTitle: joined.bookTitle,
      chapterTitle: chapter.title,
      writer: fromBase64Url(requireProfile(deps.identity).publicKey)!,
      savedAt: deps.now(),
      binding: proof && { memberId: proof.memberId, inviteKey: proof.inviteKey, signature: proof.signature },
      envelopes,
    },
    (bytes) => deps.identity.sign(bytes),
  )
}

/** The author's package of the chapters an invite of theirs names: the invite and each chapter's signed text, for a reviewer to open offline. */
export async function saveChapterPackage(link: string, deps: Omit<FeedbackDeps, 'reviewerSharing' | 'now'>): Promise<Uint8Array> {
  const parsed = parseInvite(link, { expectedAuthorKey: requireProfile(deps.identity).publicKey })
  if (!parsed.ok) throw new QuireError('invalid-argument', parsed.reason === 'wrong-author' ? 'That invite is not one of yours.' : parsed.message)
  const share = deps.library.data.shares.find((s) => s.id === parsed.invite.shareId)
  if (!share) throw new QuireError('not-found', 'That share no longer exists.')
  const chapters = []
  for (const { docKey, room } of parsed.invite.chapters) {
    const shared = share.chapters.find((c) => c.docKey === (docKey ?? room))
    if (!shared) throw new QuireError('not-found', 'A chapter this invite names is no longer shared.')
    const envelopes = await deps.rooms.ownEnvelopes(shared.replicaId)
    if (envelopes.length === 0) throw new QuireError('unavailable', 'The shared chapter is still being prepared; try again in a moment.')
    chapters.push({ docKey: shared.docKey, envelopes })
  }
  return sealChapterPackage(link, chapters, (bytes) => deps.identity.sign(bytes))
}
