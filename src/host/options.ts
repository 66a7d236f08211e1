/**
 * Every option the browser host takes, parsed in one place.
 *
 *     npm run host -- --data DIR --port N
 *        [--signaling ws://…] [--mqtt mqtts://…]   rendezvous (repeatable; replace the saved list)
 *        [--stun stun:… | --stun none]             STUN servers (repeatable; replace the saved list)
 *        [--turn 'turn:host:3478;username=U;credential=P' | 'turn:…;secret=S;name=N']
 *        [--local-network on|off] [--privacy on|off]
 *
 * Network options are saved to the settings, as if set in the Settings view.
 */
import { parseArgs } from 'node:util'
import { resolve } from 'node:path'
import { iceUrlProblem, rendezvousProblem, turnServerProblem, type NetworkSettings, type Rendezvous, type TurnServer } from '../shared/network'

export interface HostOptions {
  dataDir: string
  port: number
  /** Folder of the built renderer to serve. */
  rendererDir: string
  /** Network settings given on the command line. */
  network: Partial<NetworkSettings>
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
      mqtt: { type: 'string', multiple: true },
      stun: { type: 'string', multiple: true },
      turn: { type: 'string', multiple: true },
      'local-network': { type: 'string' },
      privacy: { type: 'string' },
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
    network: networkOptions(values),
  }
}

function networkOptions(values: {
  signaling?: string[]
  mqtt?: string[]
  stun?: string[]
  turn?: string[]
  'local-network'?: string
  privacy?: string
}): Partial<NetworkSettings> {
  const network: Partial<NetworkSettings> = {}
  if (values.signaling || values.mqtt) {
    const rendezvous: Rendezvous[] = [
      ...(values.signaling ?? []).map((url) => ({ kind: 'signal' as const, url })),
      ...(values.mqtt ?? []).map((url) => ({ kind: 'mqtt' as const, url })),
    ]
    for (const r of rendezvous) {
      const problem = rendezvousProblem(r.kind, r.url)
      if (problem) throw new Error(`--${r.kind === 'signal' ? 'signaling' : 'mqtt'}: ${problem}`)
    }
    network.rendezvous = rendezvous
  }
  if (values.stun) {
    const stun = values.stun.filter((url) => url !== 'none')
    for (const url of stun) {
      const problem = iceUrlProblem('stun', url)
      if (problem) throw new Error(`--stun: ${problem}`)
    }
    network.stunServers = stun
  }
  if (values.turn) network.turnServers = values.turn.map(parseTurn)
  if (values['local-network'] !== undefined) network.localNetwork = onOff('--local-network', values['local-network'])
  if (values.privacy !== undefined) network.privacyMode = onOff('--privacy', values.privacy)
  return network
}

/** `turn:host:port?transport=udp;username=U;credential=P` or `…;secret=S;name=N`. */
function parseTurn(text: string): TurnServer {
  const [url = '', ...pairs] = text.split(';')
  const fields = Object.fromEntries(pairs.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]))
  const server: TurnServer =
    fields.secret !== undefined
      ? { url, auth: { kind: 'secret', secret: fields.secret, name: fields.name ?? 'quire' } }
      : { url, auth: { kind: 'password', username: fields.username ?? '', credential: fields.credential ?? '' } }
  const problem = turnServerProblem(server)
  if (problem) throw new Error(`--turn: ${problem}`)
  return server
}

function onOff(flag: string, value: string): boolean {
  if (value === 'on') return true
  if (value === 'off') return false
  throw new Error(`${flag} must be on or off, not "${value}".`)
}
