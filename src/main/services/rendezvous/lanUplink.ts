/**
 * The local network as a rendezvous: Quire instances on one LAN find each
 * other by UDP multicast, with no server and no internet. Every instance
 * joins one administratively scoped group (239.0.0.0/8, never routed beyond
 * the site) and sends with TTL 1, so messages stay on the link. A datagram
 * is `{"quire":1,"topic":ROOM,"data":CIPHERTEXT,"via":TAG}`: the same opaque room names
 * and encrypted signaling any other rendezvous sees, here seen by the LAN.
 *
 * One receiving socket joins the group on every IPv4 interface; one sending
 * socket per interface, because a host without a default route (a café whose
 * uplink is down) still reaches its LAN only if told which interface to use.
 * Interfaces are looked at again every few seconds (a laptop joins Wi-Fi).
 */
import { createSocket, type Socket } from 'node:dgram'
import { networkInterfaces } from 'node:os'
import { MAX_FRAME_BYTES } from './limits'
import { Uplink, type UplinkHooks, type UplinkOptions, type UplinkSession } from './uplink'

export const LAN_GROUP = '239.255.42.99'
export const LAN_PORT = 47_321
const RESCAN_MS = 5000

export interface LanOptions extends UplinkOptions {
  group?: string
  port?: number
  /** Local IPv4 addresses to use; by default every non-loopback one. */
  interfaces?: () => string[]
  /** 1 keeps messages on the link; 0 keeps them on this computer (tests). */
  ttl?: number
}

export function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((info) => info !== undefined && info.family === 'IPv4' && !info.internal)
    .map((info) => info!.address)
}

export class LanUplink extends Uplink {
  readonly group: string
  readonly port: number

  constructor(
    hooks: UplinkHooks,
    private readonly lanOptions: LanOptions = {},
  ) {
    super('local network', hooks, lanOptions)
    this.group = lanOptions.group ?? LAN_GROUP
    this.port = lanOptions.port ?? LAN_PORT
  }

  protected async open(attempt: number): Promise<UplinkSession> {
    const interfaces = this.lanOptions.interfaces ?? lanAddresses
    const ttl = this.lanOptions.ttl ?? 1
    const receiver = createSocket({ type: 'udp4', reuseAddr: true })
    const senders = new Map<string, Socket>()
    const joined = new Set<string>()
    let closed = false

    receiver.on('message', (bytes) => {
      if (bytes.byteLength > MAX_FRAME_BYTES) return this.hooks.deliver('', { oversized: bytes.byteLength })
      let message: unknown
      try {
        message = JSON.parse(bytes.toString('utf8'))
      } catch {
        return this.hooks.deliver('', null)
      }
      const { quire, topic, data, via } = (message ?? {}) as { quire?: unknown; topic?: unknown; data?: unknown; via?: unknown }
      if (quire !== 1 || typeof topic !== 'string') return this.hooks.deliver('', null)
      this.hooks.deliver(topic, data, via)
    })
    await new Promise<void>((resolve, reject) => {
      receiver.once('error', reject)
      receiver.bind(this.port, () => {
        receiver.off('error', reject)
        resolve()
      })
    })

    const rescan = async () => {
      const addresses = new Set(interfaces())
      for (const address of addresses) {
        if (joined.has(address)) continue
        try {
          receiver.addMembership(this.group, address)
          joined.add(address)
        } catch {
          // Already a member through another socket of this process, or the interface went away: try next time.
        }
        if (!senders.has(address)) {
          const sender = createSocket('udp4')
          sender.on('error', () => {})
          await new Promise<void>((resolve) => sender.bind(0, address, () => resolve()))
          sender.setMulticastInterface(address)
          sender.setMulticastTTL(ttl)
          sender.setMulticastLoopback(true)
          senders.set(address, sender)
        }
      }
      for (const [address, sender] of senders) {
        if (addresses.has(address)) continue
        sender.close()
        senders.delete(address)
        joined.delete(address)
      }
    }
    await rescan()
    const shutdown = () => {
      closed = true
      clearInterval(timer)
      receiver.close()
      for (const sender of senders.values()) sender.close()
    }
    if (senders.size === 0) {
      shutdown()
      throw Object.assign(new Error('no network'), { code: 'EADDRNOTAVAIL' })
    }
    const timer = setInterval(() => {
      void rescan().then(() => {
        if (!closed && senders.size === 0) {
          shutdown()
          this.lost(attempt, Object.assign(new Error('no network'), { code: 'EADDRNOTAVAIL' }))
        }
      })
    }, RESCAN_MS)
    timer.unref()
    receiver.on('error', (error) => {
      if (closed) return
      shutdown()
      this.lost(attempt, error)
    })

    return {
      send: (topic, data) => {
        const datagram = Buffer.from(JSON.stringify({ quire: 1, topic, data, via: this.via }))
        for (const sender of senders.values()) sender.send(datagram, this.port, this.group)
      },
      // Every instance hears every room on the LAN; the bridge keeps only the rooms it has.
      subscribe: () => {},
      unsubscribe: () => {},
      close: shutdown,
    }
  }
}
