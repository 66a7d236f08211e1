/** What each peer tells the others about itself through y-webrtc awareness. Untrusted when read. */
export interface PeerUser {
  name: string
  /** Key-derived id (Profile.memberId). */
  peerId: string
  fingerprint: string
  role: 'author' | 'reviewer'
  /** For reviewers: the name the author invited them as, so the author can match them to a member. */
  invitedAs?: string
}

const ID = /^[A-Za-z0-9_-]{6,64}$/

/** Reads a remote awareness state; anything malformed is ignored. */
export function readPeerUser(state: unknown): PeerUser | null {
  const user = (state as { user?: unknown } | null)?.user as Record<string, unknown> | undefined
  if (!user || typeof user !== 'object') return null
  const { name, peerId, fingerprint, role, invitedAs } = user
  if (typeof name !== 'string' || !name.trim() || name.length > 100) return null
  if (typeof peerId !== 'string' || !ID.test(peerId)) return null
  if (typeof fingerprint !== 'string' || fingerprint.length > 200) return null
  if (role !== 'author' && role !== 'reviewer') return null
  const invited = typeof invitedAs === 'string' && invitedAs.trim() && invitedAs.length <= 100 ? invitedAs : undefined
  return { name, peerId, fingerprint, role, ...(invited ? { invitedAs: invited } : {}) }
}
