/**
 * The check a Yjs update must pass before y-webrtc may apply it to a live
 * document. It runs inside the validation worker, where a hang costs only a
 * terminated worker (Yjs can loop on crafted bytes: yjs#498, yjs#687).
 */
import * as Y from 'yjs'

/** Returns null when `update` decodes and applies cleanly, or why not. */
export function checkUpdate(update: Uint8Array): string | null {
  try {
    Y.decodeUpdate(update)
  } catch (error) {
    return `undecodable update: ${describe(error)}`
  }
  // Applying to an empty scratch document exercises integration too; structs
  // whose dependencies are missing simply stay pending there.
  const scratch = new Y.Doc({ gc: false })
  try {
    Y.applyUpdate(scratch, update)
  } catch (error) {
    return `update fails to apply: ${describe(error)}`
  } finally {
    scratch.destroy()
  }
  return null
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
