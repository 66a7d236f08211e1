/**
 * Inspection of the y-protocols messages y-webrtc exchanges over a data
 * channel, before y-webrtc reads them. The structure is checked completely
 * (every length in bounds, no trailing bytes); what can be checked cheaply is
 * checked here, and Yjs updates — whose decoding can hang on crafted bytes —
 * are handed back for validation off the main thread.
 *
 *   [varUint message type] then
 *     0 sync:            [varUint sync type] then
 *                          0 step 1: [varUint8Array state vector]
 *                          1 step 2: [varUint8Array update]
 *                          2 update: [varUint8Array update]
 *     1 awareness:       [varUint8Array awareness update]
 *     3 query awareness: nothing
 *     4 bc peer id:      only ever sent over BroadcastChannel (refused here)
 */
import * as decoding from 'lib0/decoding'

// y-webrtc's message types (not exported by y-webrtc).
export const MESSAGE_SYNC = 0
export const MESSAGE_AWARENESS = 1
export const MESSAGE_QUERY_AWARENESS = 3
export const MESSAGE_BC_PEER_ID = 4

// y-protocols/sync's message types.
export const SYNC_STEP1 = 0
export const SYNC_STEP2 = 1
export const SYNC_UPDATE = 2

export interface InspectionLimits {
  /** Largest Yjs update accepted in a sync message. */
  maxUpdateBytes: number
  /** Largest awareness update accepted. */
  maxAwarenessBytes: number
}

export type Inspection =
  /** Well-formed and safe to hand to y-webrtc as is. */
  | { verdict: 'deliver' }
  /** Well-formed; deliver only once `update` is known to decode and apply. */
  | { verdict: 'validate-update'; update: Uint8Array }
  | { verdict: 'reject'; reason: string }

export function inspectPeerMessage(message: Uint8Array, limits: InspectionLimits): Inspection {
  try {
    return inspect(decoding.createDecoder(message), limits)
  } catch (error) {
    return reject(`malformed message: ${error instanceof Error ? error.message : String(error)}`)
  }
}

function inspect(decoder: decoding.Decoder, limits: InspectionLimits): Inspection {
  const type = decoding.readVarUint(decoder)
  switch (type) {
    case MESSAGE_SYNC:
      return inspectSync(decoder, limits)
    case MESSAGE_AWARENESS: {
      const update = decoding.readVarUint8Array(decoder)
      expectEnd(decoder)
      if (update.length > limits.maxAwarenessBytes) return reject(`awareness update of ${update.length} bytes exceeds the ${limits.maxAwarenessBytes}-byte limit`)
      checkAwarenessUpdate(update)
      return { verdict: 'deliver' }
    }
    case MESSAGE_QUERY_AWARENESS:
      expectEnd(decoder)
      return { verdict: 'deliver' }
    case MESSAGE_BC_PEER_ID:
      // y-webrtc would add the named peer to the room's BroadcastChannel peers
      // and from then on ignore its signaling: a remote peer could use it to
      // cut others out of the room.
      return reject('BroadcastChannel peer id sent over WebRTC')
    default:
      return reject(`unknown message type ${type}`)
  }
}

function inspectSync(decoder: decoding.Decoder, limits: InspectionLimits): Inspection {
  const syncType = decoding.readVarUint(decoder)
  switch (syncType) {
    case SYNC_STEP1: {
      const stateVector = decoding.readVarUint8Array(decoder)
      expectEnd(decoder)
      checkStateVector(stateVector)
      return { verdict: 'deliver' }
    }
    case SYNC_STEP2:
    case SYNC_UPDATE: {
      const update = decoding.readVarUint8Array(decoder)
      expectEnd(decoder)
      // The smallest update, an empty one, is two bytes ([0, 0]); zero bytes hang older Yjs (yjs#498).
      if (update.length < 2) return reject(`sync update of ${update.length} bytes is truncated`)
      if (update.length > limits.maxUpdateBytes) return reject(`sync update of ${update.length} bytes exceeds the ${limits.maxUpdateBytes}-byte limit`)
      return { verdict: 'validate-update', update }
    }
    default:
      return reject(`unknown sync message type ${syncType}`)
  }
}

/** A state vector: [varUint count] then count × [varUint client, varUint clock]. */
function checkStateVector(stateVector: Uint8Array): void {
  const decoder = decoding.createDecoder(stateVector)
  const count = decoding.readVarUint(decoder)
  if (count * 2 > stateVector.length) throw new Error('state vector is truncated')
  for (let i = 0; i < count; i++) {
    decoding.readVarUint(decoder)
    decoding.readVarUint(decoder)
  }
  expectEnd(decoder)
}

/** An awareness update: [varUint count] then count × [varUint client, varUint clock, varString JSON state]. */
function checkAwarenessUpdate(update: Uint8Array): void {
  const decoder = decoding.createDecoder(update)
  const count = decoding.readVarUint(decoder)
  if (count * 3 > update.length) throw new Error('awareness update is truncated')
  for (let i = 0; i < count; i++) {
    decoding.readVarUint(decoder)
    decoding.readVarUint(decoder)
    JSON.parse(decoding.readVarString(decoder))
  }
  expectEnd(decoder)
}

function expectEnd(decoder: decoding.Decoder): void {
  if (decoding.hasContent(decoder)) throw new Error(`${decoder.arr.length - decoder.pos} unexpected trailing bytes`)
}

function reject(reason: string): Inspection {
  return { verdict: 'reject', reason }
}
