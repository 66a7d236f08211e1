/**
 * Failures as they cross the IPC boundary: errors as data, never stack traces.
 * Kept apart from the contract's schemas so the renderer does not bundle them.
 */

/** How a call's outcome crosses the boundary: errors as data, never as stack traces. */
export type Envelope<T = unknown> =
  | { ok: true; value: T }
  | { ok: false; error: { code: ErrorCode; message: string } }

/** `confirm`: the call would go ahead, but the user should decide first (the message says what about). */
export type ErrorCode = 'invalid-argument' | 'not-found' | 'unknown-channel' | 'forbidden' | 'unavailable' | 'confirm' | 'internal'

/** A failure whose message is written for the user. */
export class QuireError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'QuireError'
  }
}

/** The renderer's half: unwraps an envelope, rethrowing failures as QuireError. */
export function unwrap<T>(envelope: Envelope): T {
  if (envelope.ok) return envelope.value as T
  throw new QuireError(envelope.error.code, envelope.error.message)
}
