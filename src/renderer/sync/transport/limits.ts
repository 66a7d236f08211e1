/**
 * Sizes and time limits of Quire's peer transport, in one place.
 * Defaults that callers may override are marked DEFAULT_.
 */

const KiB = 1024
const MiB = 1024 * KiB

/**
 * Largest frame put on a data channel. Chromium's SCTP transport refuses
 * messages over 256 KiB (and y-webrtc swallows the error), so bigger
 * messages travel as several frames of at most this size.
 */
export const FRAME_BYTES = 64 * KiB

/** Largest message, after reassembly, that a peer may send or receive. */
export const DEFAULT_MAX_MESSAGE_BYTES = 64 * MiB

/** Messages being reassembled at once on one channel (an honest peer has at most one). */
export const MAX_PARTIAL_MESSAGES = 4

/** Awareness (presence) updates carry a few small JSON states; anything bigger is abuse. */
export const MAX_AWARENESS_BYTES = 1 * MiB

/** Time one sync update may take to decode and apply in the validation worker. */
export const DEFAULT_VALIDATE_TIMEOUT_MS = 2_000

/** Time the validation worker may take to load, before any update is timed. */
export const WORKER_START_TIMEOUT_MS = 15_000

/** An idle validation worker is stopped after this long and restarted on demand. */
export const WORKER_IDLE_MS = 60_000

/** Complete messages waiting for validation on one channel before new ones are dropped. */
export const MAX_PENDING_MESSAGES = 1_024

/**
 * Outgoing frames are handed to the channel only while its buffer holds less
 * than this; the rest wait in our queue. Chromium closes a channel whose
 * buffer exceeds 16 MiB.
 */
export const SEND_HIGH_WATER_BYTES = 1 * MiB

/** The channel tells us to refill once its buffer drains to this. */
export const SEND_LOW_WATER_BYTES = 256 * KiB

/**
 * A peer connection not connected after this long is given up (y-webrtc then
 * retries). Locally it connects in well under a second; over the internet in
 * a few seconds.
 */
export const DEFAULT_CONNECT_TIMEOUT_MS = 15_000

/**
 * What one peer may send on Quire's channel: a chapter's first sync (a few MB
 * at most) fits the burst; a steady flood beyond the rate is dropped, so one
 * peer cannot crowd out the others.
 */
export const PEER_BUDGET = { bytesPerSecond: 4 * MiB, burstBytes: 64 * MiB }
