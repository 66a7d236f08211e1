/**
 * Every option the browser host takes, parsed in one place.
 * `npm run host -- --data DIR --port N [--signaling ws://127.0.0.1:4444]`
 */
import { parseArgs } from 'node:util'
import { resolve } from 'node:path'

export interface HostOptions {
  dataDir: string
  port: number
  /** Folder of the built renderer to serve. */
  rendererDir: string
  /** Signaling servers for peer-to-peer sync (replace the saved ones); repeat the flag for several. */
  signalingUrls: string[]
}

export const DEFAULT_PORT = 5170

export function parseHostOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): HostOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      port: { type: 'string' },
      renderer: { type: 'string' },
      signaling: { type: 'string', multiple: true },
    },
    strict: true,
  })
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a whole number from 0 to 65535, not "${values.port}".`)
  }
  const signalingUrls = values.signaling ?? []
  for (const url of signalingUrls) {
    if (!/^wss?:\/\/\S+$/.test(url)) throw new Error(`--signaling must be a ws:// or wss:// address, not "${url}".`)
  }
  const dataDir = values.data ?? env.QUIRE_DATA_DIR ?? '.quire-data'
  return {
    dataDir: resolve(dataDir),
    port,
    rendererDir: resolve(values.renderer ?? 'out/renderer'),
    signalingUrls,
  }
}
