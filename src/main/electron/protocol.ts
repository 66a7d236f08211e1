/**
 * The quire: protocol. The operating system hands invite links to Quire —
 * as argv on Windows and Linux (through the single-instance lock), as an
 * open-url event on macOS — and the renderer asks the user before joining.
 */
import { app } from 'electron'

export const PROTOCOL = 'quire'

export function registerProtocolClient(): void {
  if (!app.isDefaultProtocolClient(PROTOCOL)) app.setAsDefaultProtocolClient(PROTOCOL)
}

/** The first quire: link among command-line arguments, if any. */
export function inviteFromArgv(argv: readonly string[]): string | undefined {
  return argv.find((arg) => arg.startsWith(`${PROTOCOL}://`) || arg.startsWith(`${PROTOCOL}:`))
}
