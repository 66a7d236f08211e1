/**
 * Quire's signaling server: introduces y-webrtc peers to each other by
 * relaying their messages within a topic (a room name, opaque here). It keeps
 * no state beyond who is subscribed to what, and sees no document content:
 * peers exchange only connection offers, which y-webrtc encrypts with the
 * room password.
 *
 * Everything a client sends is untrusted. Oversized frames close that
 * connection; malformed ones are ignored; each connection has a topic quota;
 * connections that stop answering pings, or stop reading, are dropped.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import { parseClientMessage, type ClientMessage, type ServerMessage } from './protocol'

export interface SignalingServerOptions {
  port: number
  /** Interface to listen on. Loopback unless peers on other machines must reach it. */
  host?: string
  /** Larger frames close the connection (WebSocket close code 1009). */
  maxMessageBytes?: number
  /** Further subscriptions beyond this many topics are ignored. */
  maxTopicsPerConnection?: number
  /** How often to ping; a connection that has not answered the previous ping is closed. */
  pingIntervalMs?: number
  /** A client that lets this much of its outgoing data pile up is closed. */
  maxBufferedBytes?: number
  /** Told of each connection (`connection from ADDRESS`), e.g. for an operator's log. */
  log?: (line: string) => void
}

export interface SignalingServer {
  /** `ws://host:port`, with the port actually bound (useful with port 0). */
  url: string
  /** Disconnects every client and stops listening. */
  close(): Promise<void>
}

export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024
export const DEFAULT_MAX_TOPICS_PER_CONNECTION = 256
export const DEFAULT_PING_INTERVAL_MS = 30_000
export const DEFAULT_MAX_BUFFERED_BYTES = 8 * 1024 * 1024

interface Client {
  socket: WebSocket
  topics: Set<string>
  /** Whether the client answered the last ping. */
  alive: boolean
}

export async function startSignalingServer(options: SignalingServerOptions): Promise<SignalingServer> {
  const host = options.host ?? '127.0.0.1'
  const maxTopics = options.maxTopicsPerConnection ?? DEFAULT_MAX_TOPICS_PER_CONNECTION
  const maxBuffered = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES
  const topics = new Map<string, Set<Client>>()
  const clients = new Set<Client>()

  const send = (client: Client, frame: string): void => {
    const { socket } = client
    if (socket.readyState !== socket.OPEN) return
    if (socket.bufferedAmount > maxBuffered) {
      // It is not reading: stop queueing for it.
      socket.terminate()
      return
    }
    socket.send(frame)
  }

  const subscribe = (client: Client, names: string[]): void => {
    for (const name of names) {
      if (client.topics.has(name)) continue
      if (client.topics.size >= maxTopics) return
      client.topics.add(name)
      let subscribers = topics.get(name)
      if (!subscribers) topics.set(name, (subscribers = new Set()))
      subscribers.add(client)
    }
  }

  const unsubscribe = (client: Client, names: Iterable<string>): void => {
    for (const name of names) {
      client.topics.delete(name)
      const subscribers = topics.get(name)
      if (!subscribers) continue
      subscribers.delete(client)
      if (subscribers.size === 0) topics.delete(name)
    }
  }

  const handle = (client: Client, message: ClientMessage): void => {
    switch (message.type) {
      case 'subscribe':
        subscribe(client, message.topics)
        break
      case 'unsubscribe':
        unsubscribe(client, message.topics)
        break
      case 'publish': {
        // Only members of a room may publish into it (y-webrtc always subscribes first).
        const subscribers = topics.get(message.topic)
        if (!subscribers || !client.topics.has(message.topic)) return
        const relayed: ServerMessage = { ...message, clients: subscribers.size }
        const frame = JSON.stringify(relayed)
        for (const subscriber of subscribers) send(subscriber, frame)
        break
      }
      case 'ping':
        send(client, JSON.stringify({ type: 'pong' } satisfies ServerMessage))
        break
    }
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES })
  wss.on('connection', (socket: WebSocket, req: IncomingMessage) => {
    options.log?.(`connection from ${req.socket.remoteAddress ?? 'an unknown address'}`)
    const client: Client = { socket, topics: new Set(), alive: true }
    clients.add(client)
    socket.on('pong', () => (client.alive = true))
    socket.on('message', (data: RawData) => {
      const message = parseClientMessage(rawText(data))
      if (message) handle(client, message)
    })
    // Oversized or invalid frames: ws reports them here and closes the socket itself.
    socket.on('error', () => {})
    socket.on('close', () => {
      clients.delete(client)
      unsubscribe(client, [...client.topics])
    })
  })

  const heartbeat = setInterval(() => {
    for (const client of clients) {
      if (!client.alive) {
        client.socket.terminate()
        continue
      }
      client.alive = false
      client.socket.ping()
    }
  }, options.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS)
  heartbeat.unref()

  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' })
    res.end('Quire signaling server\n')
  })
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy())
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
  })
  server.on('clientError', (_error, socket) => socket.destroy())

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const urlHost = host.includes(':') ? `[${host}]` : host

  return {
    url: `ws://${urlHost}:${port}`,
    close: async () => {
      clearInterval(heartbeat)
      for (const client of clients) client.socket.terminate()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())))
      server.closeAllConnections()
      await closed
    },
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8')
  return data.toString('utf8')
}
