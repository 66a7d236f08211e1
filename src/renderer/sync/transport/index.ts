export { createPeerGuard, guardedPeerOptions, type PeerGuard, type PeerGuardOptions, type WrtcImplementation } from './peerGuard'
export type { WorkerLike } from './updateValidator'
