/**
 * The rendezvous bridge: y-webrtc in the renderer signals through exactly one
 * endpoint, this loopback server, and the bridge carries each room's
 * messages to every rendezvous planned for that room and back.
 *
 *   renderer (y-webrtc) ⇄ ws://127.0.0.1:PORT/signal/SECRET ⇄ bridge ⇄ signaling servers, MQTT brokers, the LAN
 *
 * It speaks y-webrtc's signaling protocol (src/signal/protocol.ts) to the
 * renderer, so y-webrtc runs unchanged. The secret in the URL changes every
 * launch: no other program or web page on this computer can use the bridge.
 *
 * Everything a rendezvous delivers is untrusted. The bridge drops, and logs,
 * what is malformed, oversized, replayed, or more than a room could need; a
 * message arriving through several rendezvous reaches the renderer once.
 * It cannot read the messages (y-webrtc encrypted them with the share key,
 * which main does not pass to the bridge) and never needs to.
 */
import { randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { parseClientMessage } from '../../../signal/protocol'
import { DropLog, type DropReason } from './dropLog'
import { LOCAL_BURST, LOCAL_PER_SECOND, MAX_FRAME_BYTES, RENDEZVOUS_BURST, RENDEZVOUS_PER_SECOND, ROOM_BURST, ROOM_PER_SECOND } from './limits'
import { BucketMap } from './rateLimit'
import { SeenMessages } from './seenMessages'
import { isRoomTopic, signalDataProblem } from './signalData'
import type { Uplink, UplinkHooks, UplinkSnapshot } from './uplink'

/** One rendezvous a room should meet through; `key` identifies it across rooms. */
export interface Endpoint {
  key: string
  kind: 'signal' | 'mqtt' | 'lan'
  url: string
}

export interface BridgeOptions {
  /** The rendezvous for a room, asked again whenever `replan()` is called. */
  plan: (topic: string) => Endpoint[]
  createUplink: (endpoint: Endpoint, hooks: UplinkHooks) => Uplink
  log?: (line: string) => void
  now?: () => number
  /** Called when any rendezvous changes state (for the connection view). */
  onChange?: () => void
}

export interface UplinkReport extends UplinkSnapshot {
  rooms: number
  dropped: number
}

interface LocalClient {
  socket: WebSocket
  topics: Set<string>
}

const REANNOUNCE_DELAY_MS = 1000
const LEAVE_GRACE_MS = 5000

export class RendezvousBridge {
  private clients = new Set<LocalClient>()
  private uplinks = new Map<string, { uplink: Uplink; dropped: number }>()
  private topicUplinks = new Map<string, Uplink[]>()
  private seen: SeenMessages
  private fromRendezvous: BucketMap
  private fromRendezvousRoom: BucketMap
  private fromRenderer: BucketMap
  private drops: DropLog
  private reannounceTimer: ReturnType<typeof setTimeout> | undefined
  private closed = false
  private readonly log: (line: string) => void

  private constructor(
    private readonly server: Server,
    private readonly wss: WebSocketServer,
    readonly url: string,
    private readonly options: BridgeOptions,
  ) {
    const now = options.now ?? Date.now
    this.log = options.log ?? (() => {})
    this.seen = new SeenMessages(now)
    this.fromRendezvous = new BucketMap(RENDEZVOUS_BURST, RENDEZVOUS_PER_SECOND, now)
    this.fromRendezvousRoom = new BucketMap(ROOM_BURST, ROOM_PER_SECOND, now)
    this.fromRenderer = new BucketMap(LOCAL_BURST, LOCAL_PER_SECOND, now)
    this.drops = new DropLog(this.log, now)
  }

  /** Listens on 127.0.0.1 (a free port unless `port` is given). */
  static async start(options: BridgeOptions, port = 0): Promise<RendezvousBridge> {
    const secret = randomBytes(24).toString('base64url')
    const path = `/signal/${secret}`
    const server = createServer((_req, res) => {
      res.statusCode = 404
      res.end()
    })
    const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => resolve())
    })
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}${path}`
    const bridge = new RendezvousBridge(server, wss, url, options)
    server.on('upgrade', (req, socket, head) => {
      if (req.url !== path) {
        socket.end('HTTP/1.1 403 Forbidden\r\n\r\n')
        return
      }
      wss.handleUpgrade(req, socket, head, (ws) => bridge.accept(ws))
    })
    return bridge
  }

  /** The settings or shares changed: plans are made again and rendezvous opened or closed to match. */
  replan(): void {
    if (this.closed) return
    this.topicUplinks.clear()
    const wanted = new Map<string, Set<string>>()
    for (const topic of this.localTopics()) {
      const uplinks: Uplink[] = []
      for (const endpoint of this.options.plan(topic)) {
        const uplink = this.uplinkFor(endpoint)
        uplinks.push(uplink)
        if (!wanted.has(endpoint.key)) wanted.set(endpoint.key, new Set())
        wanted.get(endpoint.key)!.add(topic)
      }
      this.topicUplinks.set(topic, uplinks)
    }
    for (const [key, entry] of this.uplinks) {
      const topics = wanted.get(key)
      if (topics) entry.uplink.setTopics(topics)
      else {
        entry.uplink.close()
        this.uplinks.delete(key)
      }
    }
    this.options.onChange?.()
  }

  /** How a rendezvous is doing, if any room uses it now. */
  report(key: string): UplinkReport | undefined {
    const entry = this.uplinks.get(key)
    if (!entry) return undefined
    return { ...entry.uplink.snapshot(), rooms: entry.uplink.topicCount, dropped: entry.dropped }
  }

  /** For tests: the rendezvous serving rooms now. */
  uplink(key: string): Uplink | undefined {
    return this.uplinks.get(key)?.uplink
  }

  async close(): Promise<void> {
    this.closed = true
    clearTimeout(this.reannounceTimer)
    for (const { uplink } of this.uplinks.values()) uplink.close()
    this.uplinks.clear()
    for (const client of this.clients) client.socket.terminate()
    this.wss.close()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private accept(socket: WebSocket): void {
    const client: LocalClient = { socket, topics: new Set() }
    this.clients.add(client)
    socket.on('close', () => {
      this.clients.delete(client)
      // y-webrtc reconnects at once after a reannounce; keep the rendezvous open for it meanwhile.
      if (client.topics.size > 0) setTimeout(() => this.replan(), LEAVE_GRACE_MS).unref()
    })
    socket.on('error', () => socket.terminate())
    socket.on('message', (raw) => this.fromLocal(client, raw.toString()))
  }

  private fromLocal(client: LocalClient, text: string): void {
    const message = parseClientMessage(text)
    if (!message) {
      this.log('Rendezvous bridge: ignored a malformed message from the window.')
      return
    }
    switch (message.type) {
      case 'ping':
        this.sendLocal(client, { type: 'pong' })
        return
      case 'subscribe':
      case 'unsubscribe': {
        const before = client.topics.size
        for (const topic of message.topics) {
          if (!isRoomTopic(topic)) continue
          if (message.type === 'subscribe') client.topics.add(topic)
          else client.topics.delete(topic)
        }
        if (client.topics.size !== before || message.type === 'subscribe') this.replan()
        return
      }
      case 'publish': {
        const { topic, data } = message
        if (!client.topics.has(topic)) return
        const problem = signalDataProblem(data)
        if (problem || !this.fromRenderer.take(topic)) {
          this.drops.dropped('bridge (from the window)', problem ?? 'too many')
          return
        }
        this.seen.sent(SeenMessages.digest(topic, data as string))
        this.deliverLocal(topic, data as string, client)
        for (const uplink of this.topicUplinks.get(topic) ?? []) uplink.publish(topic, data as string)
      }
    }
  }

  /** Everything a rendezvous hands over comes through here. */
  private fromUplink(key: string, topic: string, data: unknown, via: unknown): void {
    const entry = this.uplinks.get(key)
    if (!entry) return
    const drop = (reason: DropReason) => {
      entry.dropped++
      this.drops.dropped(entry.uplink.id, reason)
    }
    if (!this.fromRendezvous.take(key)) return drop('too many')
    if (!isRoomTopic(topic)) return drop('garbage')
    // Rooms of other people on the same LAN or broker: not ours, not an error.
    if (!this.topicUplinks.get(topic)?.includes(entry.uplink)) return
    if (!this.fromRendezvousRoom.take(`${key}\n${topic}`)) return drop('too many')
    const problem = signalDataProblem(data)
    if (problem) return drop(problem)
    const arrival = this.seen.arrived(SeenMessages.digest(topic, data as string), `${key}\n${typeof via === 'string' ? via.slice(0, 64) : ''}`)
    if (arrival === 'replay') return drop('replayed')
    if (arrival === 'new') this.deliverLocal(topic, data as string, null)
  }

  private deliverLocal(topic: string, data: string, except: LocalClient | null): void {
    for (const client of this.clients) {
      if (client !== except && client.topics.has(topic)) this.sendLocal(client, { type: 'publish', topic, data })
    }
  }

  private sendLocal(client: LocalClient, message: object): void {
    if (client.socket.readyState === client.socket.OPEN) client.socket.send(JSON.stringify(message))
  }

  private uplinkFor(endpoint: Endpoint): Uplink {
    const existing = this.uplinks.get(endpoint.key)
    if (existing) return existing.uplink
    const uplink = this.options.createUplink(endpoint, {
      deliver: (topic, data, via) => this.fromUplink(endpoint.key, topic, data, via),
      changed: () => this.options.onChange?.(),
      reconnected: () => this.scheduleReannounce(),
      log: this.log,
    })
    this.uplinks.set(endpoint.key, { uplink, dropped: 0 })
    return uplink
  }

  /**
   * A rendezvous came back after being away long enough that announcements
   * were missed. y-webrtc announces its rooms whenever its signaling
   * connection opens, so closing that connection (it reconnects at once)
   * makes it announce through every rendezvous again. Peers already
   * connected are not affected: their WebRTC connections are direct.
   */
  private scheduleReannounce(): void {
    if (this.reannounceTimer) return
    this.reannounceTimer = setTimeout(() => {
      this.reannounceTimer = undefined
      for (const client of this.clients) client.socket.close(4000, 'a rendezvous reconnected; announce again')
    }, REANNOUNCE_DELAY_MS)
  }

  private localTopics(): Set<string> {
    const topics = new Set<string>()
    for (const client of this.clients) for (const topic of client.topics) topics.add(topic)
    return topics
  }
}
