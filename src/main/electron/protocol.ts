/**
 * The quire: protocol. The operating system hands invite links to Quire —
 * as argv on Windows and Linux (through the single-instance lock), as an
 * open-url event on macOS — and the renderer asks the user before joining.
 */
import { app } from 'electron'

export const PROTOCOL = 'quire'

export function registerProtocolClient(): void {
  // Reviewed for Electronegativity's PROTOCOL_HANDLER_JS_CHECK: a quire: link only
  // ever reaches the renderer as text; the invite codec verifies its signature and
  // the user confirms before anything is joined, so a crafted link cannot act alone.
  if (!app.isDefaultProtocolClient(PROTOCOL)) app.setAsDefaultProtocolClient(PROTOCOL) // eng-disable PROTOCOL_HANDLER_JS_CHECK
}

/** The first quire: link among command-line arguments, if any. */
export function inviteFromArgv(argv: readonly string[]): string | undefined {
  return argv.find((arg) => arg.startsWith(`${PROTOCOL}://`) || arg.startsWith(`${PROTOCOL}:`))
}
