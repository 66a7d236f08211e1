/**
 * Messages between the transport and its update-validation worker. Both ends
 * ship in the same build, so the protocol needs no version.
 */

/**
 * Main thread → worker: check one Yjs update, or, with `authorKey`, one signed
 * envelope of a share whose author holds that key (src/shared/trust/verify.ts).
 */
export interface ValidateRequest {
  type: 'validate'
  id: number
  update: Uint8Array
  authorKey?: Uint8Array
}

/** Worker → main thread. */
export type ValidatorReply =
  /** The worker has loaded and takes requests; time boxes start from here. */
  | { type: 'ready' }
  /** `error` is null when the update is valid. */
  | { type: 'result'; id: number; error: string | null }

export function isValidatorReply(value: unknown): value is ValidatorReply {
  if (typeof value !== 'object' || value === null) return false
  const reply = value as Record<string, unknown>
  if (reply.type === 'ready') return true
  return reply.type === 'result' && typeof reply.id === 'number' && (reply.error === null || typeof reply.error === 'string')
}
