/**
 * Every option the browser host takes, parsed in one place.
 * `npm run host -- --data DIR --port N`
 */
import { parseArgs } from 'node:util'
import { resolve } from 'node:path'

export interface HostOptions {
  dataDir: string
  port: number
  /** Folder of the built renderer to serve. */
  rendererDir: string
}

export const DEFAULT_PORT = 5170

export function parseHostOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): HostOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      port: { type: 'string' },
      renderer: { type: 'string' },
    },
    strict: true,
  })
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a whole number from 0 to 65535, not "${values.port}".`)
  }
  const dataDir = values.data ?? env.QUIRE_DATA_DIR ?? '.quire-data'
  return {
    dataDir: resolve(dataDir),
    port,
    rendererDir: resolve(values.renderer ?? 'out/renderer'),
  }
}
