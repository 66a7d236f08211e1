import { useMemo } from 'react'
import type { CommentsContext } from '../../shared/comments'
import type { LibrarySnapshot } from '../../shared/library'
import type { JoinedShare } from '../../shared/sharing'
import { memberIdOf, parseManifest } from '../../shared/trust/manifest'
import type { ReviewKit } from '../review/useReviewKit'

/**
 * Who is who in a shared chapter's comments: the book's author (who may
 * resolve any thread, and whose anchors place them) and display names by
 * member id (the author's network, or for a reviewer the share's manifest),
 * and how to open what was sealed to the user. `joined` is the share when
 * the user reviews it; otherwise the user is the book's author. A new
 * context whenever the unsealer can read more, so readers read again.
 */
export function useCommentsContext(snapshot: LibrarySnapshot | null, joined: JoinedShare | null, kit?: ReviewKit): CommentsContext {
  const profile = snapshot?.profile ?? null
  const members = snapshot?.members
  const unsealer = kit?.unsealer
  const version = kit?.version
  return useMemo(() => {
    void version
    return commentsContextFor(profile, members ?? [], joined, unsealer?.open)
  }, [profile, members, joined, unsealer, version])
}

/** The same, outside React. */
export function commentsContextFor(
  profile: LibrarySnapshot['profile'],
  members: LibrarySnapshot['members'],
  joined: JoinedShare | null,
  unseal?: CommentsContext['unseal'],
): CommentsContext {
  const names = new Map<string, string>()
  for (const member of members) if (member.peerId) names.set(member.peerId, member.name)
  if (joined) {
    // Fellow reviewers, as the author's signed manifest names them.
    const manifest = joined.manifest ? parseManifest(joined.manifest, joined.author.publicKey) : null
    for (const member of manifest?.ok ? manifest.manifest.members : []) {
      const memberId = memberIdOf(member)
      if (memberId) names.set(memberId, member.name)
    }
    names.set(joined.author.memberId, joined.author.name)
  }
  if (profile) names.set(profile.memberId, profile.name)
  const bookAuthorId = joined ? joined.author.memberId : (profile?.memberId ?? null)
  return { bookAuthorId, nameOf: (memberId: string) => names.get(memberId), ...(unseal ? { unseal } : {}) }
}
