/**
 * What main tells the renderer about reaching peers: the loopback signaling
 * endpoint y-webrtc talks to, the STUN/TURN servers for WebRTC, and how each
 * rendezvous is doing (for the connection view and the status line).
 */
import type { IceServer, NetworkSource, PlannedIceServer } from './network'

/** Where the renderer's y-webrtc providers signal, and with which ICE servers. */
export interface NetworkLinkInfo {
  /** ws://127.0.0.1:PORT/… with a secret that changes every launch: main's rendezvous bridge. */
  signalingUrl: string
  /** STUN and TURN servers for rooms of the user's own shares. */
  iceServers: IceServer[]
  /** For each joined share (by id): the user's servers plus the TURN servers its invite carried. */
  joinedIceServers: Record<string, IceServer[]>
}

export type RendezvousState =
  /** Listed, but no shared chapter needs it right now. */
  | 'idle'
  | 'connecting'
  | 'connected'
  /** The last attempt failed; another follows at `retryAt`. */
  | 'failed'
  /** Deliberately not contacted (privacy mode, or the local network switched off). */
  | 'skipped'

export interface RendezvousStatus {
  kind: 'signal' | 'mqtt' | 'lan'
  /** The address; for the local network, a description of the multicast group. */
  url: string
  source: NetworkSource
  state: RendezvousState
  /** Why it was skipped. */
  skipped?: 'privacy' | 'off'
  /** What went wrong last, in plain words. */
  error?: string
  /** When the next attempt starts (ms since the epoch). */
  retryAt?: number
  connectedSince?: number
  /** Shared chapters (rooms) that meet through it now. */
  rooms: number
  /** Messages from it that were refused (garbage, oversized, replayed, too many). */
  dropped: number
}

export interface NetworkStatus {
  rendezvous: RendezvousStatus[]
  /**
   * The user's own STUN and TURN servers, as planned (credentials included:
   * WebRTC needs them in the renderer anyway); `resolved` is the address
   * WebRTC is given (see main's iceResolver).
   */
  iceServers: Array<PlannedIceServer & { resolved?: string }>
  privacyMode: boolean
  /** False while rooms need a meeting place and none (the local network included) is connected. */
  reachable: boolean
}
