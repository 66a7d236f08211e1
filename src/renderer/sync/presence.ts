/** Someone connected in a shared chapter, as their proven key and the author's manifest say. */
export interface PeerUser {
  name: string
  /** Key-derived id (Profile.memberId). */
  peerId: string
  fingerprint: string
  role: 'author' | 'reviewer'
}
