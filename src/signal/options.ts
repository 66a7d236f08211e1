/**
 * Command-line options of the bundled signaling server, parsed in one place.
 * `npm run signal -- --port N [--host ADDRESS] [--log]`
 */
import { parseArgs } from 'node:util'

export interface SignalOptions {
  port: number
  host: string
  /** Print a line for each connection (its address). */
  log: boolean
}

export const DEFAULT_SIGNAL_PORT = 4444
export const DEFAULT_SIGNAL_HOST = '127.0.0.1'

export function parseSignalOptions(argv: string[]): SignalOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      log: { type: 'boolean' },
    },
    strict: true,
  })
  const port = values.port === undefined ? DEFAULT_SIGNAL_PORT : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a whole number from 0 to 65535, not "${values.port}".`)
  }
  return { port, host: values.host ?? DEFAULT_SIGNAL_HOST, log: values.log === true }
}
