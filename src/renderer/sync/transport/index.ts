export { createPeerGuard, guardedPeerOptions, type PeerGuard, type PeerGuardOptions, type GuardedPeerOptions, type WrtcImplementation } from './peerGuard'
export type { WorkerLike } from './updateValidator'
