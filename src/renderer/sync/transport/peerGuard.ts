/**
 * Makes y-webrtc safe for Quire's data without forking it. y-webrtc creates
 * each connection as `new Peer({ initiator, ...provider.peerOpts })`
 * (simple-peer), and simple-peer takes its WebRTC classes from `opts.wrtc`;
 * the guard supplies an RTCPeerConnection whose data channels
 *
 * - split messages of any size into frames Chromium accepts (it refuses data
 *   channel messages over 256 KiB, which y-webrtc silently drops — a long
 *   chapter's first sync would never arrive), and reassemble them;
 * - pass on only well-formed y-webrtc messages, and Yjs updates only once a
 *   worker has decoded and applied them to a scratch document within a time
 *   box (Yjs can hang on crafted bytes, and must never freeze the editor);
 * - survive two peers connecting to each other at the same moment ("glare"),
 *   which y-webrtc handles badly: a pre-agreed data channel, and a connection
 *   attempt that never connects is closed so that y-webrtc starts a new one
 *   (see `NEGOTIATED_CHANNEL` and `peerConnection.ts`).
 *
 * Both peers must use the guard: the framing is Quire's own.
 *
 *   const guard = createPeerGuard({ onRejected: (reason) => log(reason) })
 *   new WebrtcProvider(room, doc, { signaling, password, filterBcConns: true, peerOpts: guard.peerOpts })
 *   // … provider.destroy(); guard.dispose()
 */
import { GuardedDataChannel, type ChannelPolicy } from './guardedChannel'
import { guardPeerConnectionClass } from './peerConnection'
import { UpdateValidator, type WorkerLike } from './updateValidator'
import {
  PEER_BUDGET,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_VALIDATE_TIMEOUT_MS,
  MAX_AWARENESS_BYTES,
  WORKER_IDLE_MS,
  WORKER_START_TIMEOUT_MS,
} from './limits'

/** The WebRTC classes simple-peer's `wrtc` option takes. */
export interface WrtcImplementation {
  RTCPeerConnection: typeof RTCPeerConnection
  RTCSessionDescription: typeof RTCSessionDescription
  RTCIceCandidate: typeof RTCIceCandidate
}

export interface PeerGuardOptions {
  /** Called with the reason whenever a peer's message (or a stalled connection attempt) is dropped. Defaults to console.warn. */
  onRejected?: (reason: string) => void
  /** Largest message sent or received. Defaults to 64 MiB. */
  maxMessageBytes?: number
  /** Time a Yjs update may take to validate. Defaults to 2 s. */
  validateTimeoutMs?: number
  /** A connection attempt not connected after this long is closed, so y-webrtc retries. Defaults to 15 s; 0 waits forever. */
  connectTimeoutMs?: number
  /** The WebRTC implementation to guard. Defaults to the browser's. */
  wrtc?: WrtcImplementation
  /** Starts an update-validation worker. Defaults to the bundled `updateWorker`. */
  createWorker?: () => WorkerLike
  /**
   * y-webrtc only connects peers and syncs an empty carrier document; the
   * chapter travels on Quire's own channel. Any content y-webrtc's channel
   * carries is then refused unread.
   */
  carrierOnly?: boolean
}

/**
 * simple-peer options the guard sets; pass them as (or spread them into)
 * y-webrtc's `peerOpts`. (A type alias, so it fits `Record<string, unknown>`.)
 */
export type GuardedPeerOptions = {
  wrtc: WrtcImplementation
  channelConfig: RTCDataChannelInit
}

export interface PeerGuard {
  readonly peerOpts: GuardedPeerOptions
  /** `peerOpts` for a room whose connections also carry Quire's protocol; each connection's channel for it goes to `onChannel`. */
  forRoom(onChannel: (channel: GuardedDataChannel, connection: RTCPeerConnection) => void): GuardedPeerOptions
  /** Checks a signed envelope off the main thread, in the peer's own lane (see UpdateValidator). */
  verifyEnvelope(envelope: Uint8Array, authorKey: Uint8Array, lane: string): Promise<string | null>
  /** Stops the validation worker; channels still open refuse further updates. */
  dispose(): void
}

export function createPeerGuard(options: PeerGuardOptions = {}): PeerGuard {
  const base = options.wrtc ?? browserWrtc()
  const reject = options.onRejected ?? ((reason: string) => console.warn(`Quire transport: ${reason}`))
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS
  const validator = new UpdateValidator({
    createWorker: options.createWorker ?? createUpdateWorker,
    timeoutMs: options.validateTimeoutMs ?? DEFAULT_VALIDATE_TIMEOUT_MS,
    startTimeoutMs: WORKER_START_TIMEOUT_MS,
    idleMs: WORKER_IDLE_MS,
  })
  const policy: ChannelPolicy = {
    maxMessageBytes,
    // An empty carrier document's whole state is two bytes.
    maxUpdateBytes: options.carrierOnly ? CARRIER_UPDATE_BYTES : maxMessageBytes,
    maxAwarenessBytes: Math.min(options.carrierOnly ? CARRIER_AWARENESS_BYTES : MAX_AWARENESS_BYTES, maxMessageBytes),
    validateUpdate: (update) => validator.validate(update),
    reject,
  }
  const quirePolicy: ChannelPolicy = { ...policy, inspect: false, budget: PEER_BUDGET }
  const wrtcFor = (onChannel?: (channel: GuardedDataChannel, connection: RTCPeerConnection) => void): WrtcImplementation => ({
    RTCPeerConnection: guardPeerConnectionClass(base.RTCPeerConnection, {
      guard: (channel) => new GuardedDataChannel(channel, policy),
      connectTimeoutMs,
      onStalled: () => reject(`a peer connection did not open within ${connectTimeoutMs} ms; closed it so y-webrtc tries again`),
      ...(onChannel ? { extraChannel: { init: QUIRE_CHANNEL, guard: (channel) => new GuardedDataChannel(channel, quirePolicy), onChannel } } : {}),
    }),
    RTCSessionDescription: base.RTCSessionDescription,
    RTCIceCandidate: base.RTCIceCandidate,
  })
  return {
    peerOpts: { wrtc: wrtcFor(), channelConfig: NEGOTIATED_CHANNEL },
    forRoom: (onChannel) => ({ wrtc: wrtcFor(onChannel), channelConfig: NEGOTIATED_CHANNEL }),
    verifyEnvelope: (envelope, authorKey, lane) => validator.verifyEnvelope(envelope, authorKey, lane),
    dispose: () => validator.dispose(),
  }
}

/** Quire's own channel on every connection: pre-agreed on both sides, like y-webrtc's. */
const QUIRE_CHANNEL: RTCDataChannelInit = { negotiated: true, id: 1, ordered: true }
const CARRIER_UPDATE_BYTES = 2
const CARRIER_AWARENESS_BYTES = 4 * 1024

/**
 * The guard's `peerOpts` alone, for a guard that lives as long as the page.
 * Its worker stops by itself when idle.
 */
export function guardedPeerOptions(options: PeerGuardOptions = {}): GuardedPeerOptions {
  return createPeerGuard(options).peerOpts
}

/**
 * Both peers open the data channel themselves, as the same pre-agreed stream,
 * instead of the initiator announcing it. When both peers start a connection
 * at once, y-webrtc lets one of them accept the other's offer into its own
 * initiating peer; with announced channels each side then talks on its own
 * channel and hears nothing, on a connection that looks healthy.
 */
const NEGOTIATED_CHANNEL: RTCDataChannelInit = { negotiated: true, id: 0 }

function browserWrtc(): WrtcImplementation {
  if (typeof RTCPeerConnection === 'undefined') throw new Error('This environment has no WebRTC; pass options.wrtc')
  return { RTCPeerConnection, RTCSessionDescription, RTCIceCandidate }
}

/** In this exact form so that Vite (and the test bundle) emit the worker as its own file. */
function createUpdateWorker(): WorkerLike {
  return new Worker(new URL('./updateWorker.ts', import.meta.url), { type: 'module', name: 'quire-update-validator' })
}
