/**
 * Reads who a room is connected with and by which path, for the connection
 * view. y-webrtc keys its connections by a random per-room signaling id,
 * while people are known by their awareness state; each peer therefore also
 * puts its signaling id in its awareness state (`link`), which ties the two
 * together. The path comes from the selected ICE candidate pair in
 * RTCPeerConnection.getStats().
 */
import type { WebrtcProvider } from 'y-webrtc'
import { readPeerUser, type PeerUser } from '../sync/presence'

const LINK_FIELD = 'link'

/**
 * Direct on the local network, direct through NAT (addresses learned from
 * STUN, or from the peer's packets), or relayed by a TURN server.
 */
export type PeerPath = 'lan' | 'nat' | 'relay'

export interface RoomLink {
  signalId: string
  /** The person, once their awareness state (with their signaling id) has arrived. */
  user: PeerUser | null
  connected: boolean
  pc: RTCPeerConnection | null
}

/** Puts this peer's signaling id for the room into its awareness state, once y-webrtc has made the room. */
export function advertiseSignalId(provider: WebrtcProvider): void {
  void provider.key.then(() => {
    if (provider.room) provider.awareness.setLocalStateField(LINK_FIELD, { signalId: provider.room.peerId })
  })
}

/** Every peer connection of a room, with the person behind it when known. */
export function roomLinks(provider: WebrtcProvider): RoomLink[] {
  const room = provider.room
  if (!room) return []
  const users = new Map<string, PeerUser>()
  provider.awareness.getStates().forEach((state, clientId) => {
    if (clientId === provider.awareness.clientID) return
    const signalId = (state as { link?: { signalId?: unknown } })[LINK_FIELD]?.signalId
    const user = readPeerUser(state)
    if (typeof signalId === 'string' && user) users.set(signalId, user)
  })
  return [...room.webrtcConns.entries()].map(([signalId, conn]) => {
    const peer = (conn as unknown as { peer?: { _pc?: RTCPeerConnection } }).peer
    return { signalId, user: users.get(signalId) ?? null, connected: conn.connected, pc: peer?._pc ?? null }
  })
}

export interface PathReport {
  path: PeerPath
  /** E.g. "udp 10.9.0.2 ⇄ 10.9.0.3". */
  detail: string
}

/** The path of a connected peer connection; null while no candidate pair is selected. */
export async function pathOf(pc: RTCPeerConnection): Promise<PathReport | null> {
  const stats = await pc.getStats()
  let pair: Record<string, unknown> | undefined
  stats.forEach((report: Record<string, unknown>) => {
    if (report.type === 'transport' && typeof report.selectedCandidatePairId === 'string') pair = stats.get(report.selectedCandidatePairId)
  })
  if (!pair) {
    stats.forEach((report: Record<string, unknown>) => {
      if (!pair && report.type === 'candidate-pair' && report.nominated && report.state === 'succeeded') pair = report
    })
  }
  if (!pair) return null
  const local = stats.get(pair.localCandidateId as string) as Record<string, unknown> | undefined
  const remote = stats.get(pair.remoteCandidateId as string) as Record<string, unknown> | undefined
  if (!local || !remote) return null
  const detail = `${String(local.protocol ?? '')} ${String(local.address ?? '?')} ⇄ ${String(remote.address ?? '?')}`.trim()
  return { path: classify(local, remote), detail }
}

function classify(local: Record<string, unknown>, remote: Record<string, unknown>): PeerPath {
  if (local.candidateType === 'relay' || remote.candidateType === 'relay') return 'relay'
  if (local.candidateType === 'srflx' || remote.candidateType === 'srflx') return 'nat'
  // Host or peer-reflexive on both ends: the same LAN if both addresses are private ones.
  return isPrivateAddress(local.address) && isPrivateAddress(remote.address) ? 'lan' : 'nat'
}

function isPrivateAddress(address: unknown): boolean {
  if (typeof address !== 'string') return false
  if (/^(10\.|192\.168\.|169\.254\.|172\.(1[6-9]|2\d|3[01])\.)/.test(address)) return true
  return /^f[cd][0-9a-f]{2}:|^fe80:/i.test(address)
}
