/**
 * The browser host: Quire's main-process services in plain Node, the built
 * renderer over http://127.0.0.1, and the IPC contract bridged over a
 * WebSocket at /<key>/ipc. For development, tests and machines without Electron.
 *
 * Every request must carry this launch's random key as its first path
 * segment (see launchToken.ts); the socket must also come from our own origin.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import sirv from 'sirv'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import { contentSecurityPolicy } from '../shared/csp'
import { createDispatcher } from '../shared/dispatch'
import { decodeWire, encodeWire, type WireMessage } from '../shared/wire'
import type { EventChannel, EventPayloads } from '../shared/contract'
import { openServices, type QuireServices } from '../main/services/services'
import { checkTokenPath, createLaunchToken, MISSING_TOKEN_MESSAGE } from './launchToken'
import type { HostOptions } from './options'

export const HOST_ADDRESS = '127.0.0.1'
export const IPC_PATH = '/ipc'
/** Frames larger than this are refused before parsing. */
const MAX_FRAME_BYTES = 64 * 1024 * 1024

export interface RunningHost {
  /** The page's address, launch key included: print it, never log it. */
  url: string
  services: QuireServices
  close(): Promise<void>
}

export async function startHost(options: HostOptions, log: (line: string) => void = console.log): Promise<RunningHost> {
  const clients = new Set<WebSocket>()
  const broadcast = <E extends EventChannel>(channel: E, payload: EventPayloads[E]): void => {
    const frame = encodeWire({ v: 1, type: 'event', channel, payload })
    for (const client of clients) client.send(frame)
  }
  const services = await openServices(options.dataDir, { emit: broadcast, network: options.network, log })
  const dispatch = createDispatcher(services.handlers, (channel, error) => log(`error in ${channel}: ${String(error)}`))

  const token = createLaunchToken()
  const assets = sirv(options.rendererDir, { dev: false, etag: true, single: true })
  // The page may open WebSockets to itself (the IPC bridge) and to this launch's rendezvous bridge, nowhere else.
  const csp = contentSecurityPolicy([new URL(services.network.bridge.url).origin])
  const server: Server = createServer((req, res) => {
    res.setHeader('Content-Security-Policy', csp)
    res.setHeader('X-Content-Type-Options', 'nosniff')
    // Also keeps the key in the address out of any Referer header.
    res.setHeader('Referrer-Policy', 'no-referrer')
    const checked = checkTokenPath(req.url, token)
    if (checked.kind === 'refused') {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' })
      res.end(MISSING_TOKEN_MESSAGE)
      return
    }
    if (checked.kind === 'redirect') {
      res.writeHead(308, { Location: checked.location })
      res.end()
      return
    }
    req.url = checked.path
    assets(req, res, () => {
      res.statusCode = 404
      res.end('Not found')
    })
  })

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES })
  server.on('upgrade', (req, socket, head) => {
    const origin = req.headers.origin
    const expected = `http://${HOST_ADDRESS}:${(server.address() as AddressInfo).port}`
    const checked = checkTokenPath(req.url, token)
    if (checked.kind !== 'ok' || checked.path !== IPC_PATH || origin !== expected) {
      // Another web page, or a local process without the printed address, must not drive the library.
      const body = Buffer.from(MISSING_TOKEN_MESSAGE)
      socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${MISSING_TOKEN_MESSAGE}`)
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws)
      ws.on('close', () => clients.delete(ws))
      ws.on('message', async (data, isBinary) => {
        const message = decodeWire(isBinary ? frameBytes(data) : data.toString())
        if (!message || message.type !== 'call') {
          log('ignored a malformed frame on the IPC bridge')
          return
        }
        const envelope = await dispatch(message.channel, message.arg)
        const reply: WireMessage = { v: 1, type: 'result', id: message.id, envelope }
        if (ws.readyState === ws.OPEN) ws.send(encodeWire(reply))
      })
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, HOST_ADDRESS, () => resolve())
  })
  const url = `http://${HOST_ADDRESS}:${(server.address() as AddressInfo).port}/${token}/`
  return {
    url,
    services,
    close: async () => {
      for (const client of clients) client.terminate()
      wss.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await services.close()
    },
  }
}

/** A binary frame's bytes, however ws delivered them. */
function frameBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data)
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data
}
