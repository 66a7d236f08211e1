/**
 * Limits the rendezvous bridge enforces on signaling messages, in both
 * directions. y-webrtc's signaling messages are small (an encrypted SDP offer
 * or one ICE candidate: a few KiB at most), so anything far larger is not
 * signaling; and a room needs at most a few dozen messages to connect.
 */

/** Largest `data` (y-webrtc's base64 ciphertext) accepted from the renderer or a rendezvous. */
export const MAX_SIGNAL_DATA_BYTES = 64 * 1024
/** Larger frames are refused before they are parsed. */
export const MAX_FRAME_BYTES = MAX_SIGNAL_DATA_BYTES + 4 * 1024
/** Room names Quire makes are base64url ids; anything else never reaches a rendezvous (MQTT wildcards included). */
export const TOPIC_PATTERN = /^[A-Za-z0-9_-]{6,128}$/

/** Messages per room a rendezvous may deliver in a burst, and per second after it. */
export const ROOM_BURST = 200
export const ROOM_PER_SECOND = 50
/** The same, across all rooms of one rendezvous. */
export const RENDEZVOUS_BURST = 1000
export const RENDEZVOUS_PER_SECOND = 200
/** What the renderer may publish per room. */
export const LOCAL_BURST = 200
export const LOCAL_PER_SECOND = 50

/** How long a message is remembered for recognising copies (other rendezvous) and replays (the same one). */
export const SEEN_TTL_MS = 10 * 60 * 1000
export const SEEN_MAX_ENTRIES = 50_000

/** Messages published while a rendezvous is still connecting wait this long for it. */
export const PENDING_TTL_MS = 15_000
export const PENDING_MAX = 500

/** Reconnection delays after a failure: doubling from the first to the last. */
export const RETRY_FIRST_MS = 1000
export const RETRY_MAX_MS = 60_000
/** A connection attempt without an answer for this long has failed. */
export const CONNECT_TIMEOUT_MS = 10_000
