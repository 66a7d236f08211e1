/**
 * A WebSocket proxy in front of the real signaling server that makes peers
 * publish in lockstep: each connection's first `rounds` publish messages are
 * held until every one of `peers` connections has sent its own (or for at
 * most `HOLD_LIMIT_MS`), then all are forwarded at once, shortly after
 * everything sent before them (subscriptions) has reached the server.
 * Everything else passes straight through.
 *
 * With one round, two peers receive each other's announce at the same moment
 * and both start a connection; with two, their offers also cross. That is
 * "glare", which otherwise happens only now and then, when peers join
 * together.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocket, WebSocketServer, type RawData } from 'ws'

export interface LockstepRelay {
  url: string
  close(): Promise<void>
}

/** A round that does not fill up (a peer never sends that many) is released after this long. */
const HOLD_LIMIT_MS = 2_000
/** Time for frames already forwarded to reach the server before a round is released. */
const SETTLE_MS = 50

export async function startLockstepRelay(upstreamUrl: string, options: { peers: number; rounds: number }): Promise<LockstepRelay> {
  /** held[round] = frames waiting for that round to fill, with where each goes. */
  const held: { send: () => void }[][] = Array.from({ length: options.rounds }, () => [])
  const timers = new Set<ReturnType<typeof setTimeout>>()
  const later = (ms: number, action: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      action()
    }, ms)
    timers.add(timer)
  }
  const release = (round: { send: () => void }[]) => later(SETTLE_MS, () => round.splice(0).forEach((frame) => frame.send()))
  const sockets = new Set<WebSocket>()
  const wss = new WebSocketServer({ noServer: true })

  wss.on('connection', (client: WebSocket) => {
    sockets.add(client)
    const upstream = new WebSocket(upstreamUrl)
    sockets.add(upstream)
    const pending: RawData[] = []
    let published = 0
    // y-webrtc speaks JSON text frames.
    const forward = (data: RawData) => (upstream.readyState === upstream.OPEN ? upstream.send(data, { binary: false }) : pending.push(data))
    upstream.on('open', () => pending.splice(0).forEach((data) => upstream.send(data, { binary: false })))
    upstream.on('message', (data, isBinary) => client.readyState === client.OPEN && client.send(data, { binary: isBinary }))
    upstream.on('close', () => client.close())
    upstream.on('error', () => client.terminate())
    client.on('close', () => upstream.close())
    client.on('error', () => upstream.terminate())
    client.on('message', (data) => {
      if (!isPublish(data) || published >= options.rounds) {
        forward(data)
        return
      }
      const round = held[published++]!
      round.push({ send: () => forward(data) })
      if (round.length === 1) later(HOLD_LIMIT_MS, () => round.splice(0).forEach((frame) => frame.send()))
      if (round.length === options.peers) release(round)
    })
  })

  const server: Server = createServer((_req, res) => res.writeHead(404).end())
  server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)))
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      for (const timer of timers) clearTimeout(timer)
      for (const socket of sockets) socket.terminate()
      await new Promise<void>((done) => wss.close(() => done()))
      server.closeAllConnections()
      await new Promise<void>((done) => server.close(() => done()))
    },
  }
}

function isPublish(data: RawData): boolean {
  try {
    return (JSON.parse(data.toString()) as { type?: unknown }).type === 'publish'
  } catch {
    return false
  }
}
