/**
 * Reads who a room is connected with and by which path, for the connection
 * view. y-webrtc keys its connections by a random per-room signaling id;
 * the person on each is the one who proved their key on that connection's
 * Quire channel (never a claim in awareness). The path comes from the
 * selected ICE candidate pair in RTCPeerConnection.getStats().
 */
import type { WebrtcProvider } from 'y-webrtc'
import type { PeerUser } from '../sync/presence'

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

/** Every peer connection of a room, with the person behind it when known. */
export function roomLinks(provider: WebrtcProvider, personOn: (pc: RTCPeerConnection) => PeerUser | null): RoomLink[] {
  const room = provider.room
  if (!room) return []
  return [...room.webrtcConns.entries()].map(([signalId, conn]) => {
    const pc = (conn as unknown as { peer?: { _pc?: RTCPeerConnection } }).peer?._pc ?? null
    return { signalId, user: pc ? personOn(pc) : null, connected: conn.connected, pc }
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
