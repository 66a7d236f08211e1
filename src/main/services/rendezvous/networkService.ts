/**
 * Reaching peers, as main sees it: turns the settings and shares in
 * library.json into plans (which rendezvous each room meets through, which
 * STUN and TURN servers WebRTC uses), runs the rendezvous bridge on those
 * plans, and reports how every rendezvous is doing.
 */
import { planIceServers, planRendezvous, rendezvousKey, usableIceServers, type IceServer, type PlannedRendezvous } from '../../../shared/network'
import type { NetworkLinkInfo, NetworkStatus, RendezvousStatus } from '../../../shared/networkStatus'
import type { JoinedShare, Settings } from '../../../shared/sharing'
import { RendezvousBridge, type Endpoint } from './bridge'
import { IceResolver, type Lookup } from './iceResolver'
import { LAN_GROUP, LAN_PORT, LanUplink, type LanOptions } from './lanUplink'
import { MqttUplink } from './mqttUplink'
import { SignalUplink } from './signalUplink'
import type { Uplink, UplinkHooks, UplinkOptions } from './uplink'

export interface NetworkServiceOptions {
  /** The current settings and joined shares (read on every plan, so always up to date). */
  source: () => { settings: Settings; joined: JoinedShare[] }
  /** Told whenever the status changes. */
  onStatus?: (status: NetworkStatus) => void
  log?: (line: string) => void
  now?: () => number
  /** Retry timing and so on, for every rendezvous (tests make them quicker). */
  uplink?: UplinkOptions
  lan?: LanOptions
  /** How STUN/TURN host names are looked up (the system resolver by default). */
  lookup?: Lookup
}

const LAN_KEY = 'lan'
const LAN_ENDPOINT: Endpoint = { key: LAN_KEY, kind: 'lan', url: `udp://${LAN_GROUP}:${LAN_PORT}` }
/** Status bursts (several rendezvous connecting at once) are sent as one. */
const STATUS_COALESCE_MS = 100

export class NetworkService {
  private statusTimer: ReturnType<typeof setTimeout> | undefined
  private resolver: IceResolver

  private constructor(
    private readonly options: NetworkServiceOptions,
    readonly bridge: RendezvousBridge,
  ) {
    this.resolver = new IceResolver(options.lookup, options.now)
  }

  static async start(options: NetworkServiceOptions): Promise<NetworkService> {
    // The bridge asks for plans only once rooms subscribe, by which time the service exists.
    const self: { service?: NetworkService } = {}
    const bridge = await RendezvousBridge.start({
      plan: (topic) => self.service?.planRoom(topic) ?? [],
      createUplink: (endpoint, hooks) => createUplink(endpoint, hooks, options),
      log: options.log ?? (() => {}),
      now: options.now ?? Date.now,
      onChange: () => self.service?.statusChanged(),
    })
    self.service = new NetworkService(options, bridge)
    return self.service
  }

  /** What the renderer's y-webrtc needs: the bridge's address and the ICE servers, per share. */
  async info(): Promise<NetworkLinkInfo> {
    const { settings, joined } = this.options.source()
    const now = this.now()
    const resolved = (servers: IceServer[]) => Promise.all(servers.map(async (s) => ({ ...s, urls: await this.resolver.url(s.urls) })))
    return {
      signalingUrl: this.bridge.url,
      iceServers: await resolved(usableIceServers(planIceServers(settings, now))),
      joinedIceServers: Object.fromEntries(
        await Promise.all(joined.map(async (share) => [share.id, await resolved(usableIceServers(planIceServers(settings, now, share.turn)))] as const)),
      ),
    }
  }

  async status(): Promise<NetworkStatus> {
    const { settings, joined } = this.options.source()
    const listed = new Map<string, PlannedRendezvous>()
    for (const r of planRendezvous(settings)) listed.set(rendezvousKey(r), r)
    for (const share of joined) {
      for (const r of planRendezvous(settings, share.rendezvous)) if (!listed.has(rendezvousKey(r))) listed.set(rendezvousKey(r), r)
    }
    const rendezvous: RendezvousStatus[] = [...listed.entries()].map(([key, r]) => this.describe(key, r.kind, r.url, r.source, r.skipped))
    rendezvous.push(this.describe(LAN_KEY, 'lan', LAN_ENDPOINT.url, 'settings', settings.localNetwork ? undefined : 'off'))
    const iceServers = await Promise.all(
      planIceServers(settings, this.now()).map(async (s) => (s.skipped ? s : { ...s, resolved: await this.resolver.url(s.urls) })),
    )
    return {
      rendezvous,
      iceServers,
      privacyMode: settings.privacyMode,
      // Unreachable only when some room needs a meeting place and none answers; nothing to meet about is not a problem.
      reachable: rendezvous.some((r) => r.state === 'connected') || !rendezvous.some((r) => r.state === 'connecting' || r.state === 'failed'),
    }
  }

  /** Settings or shares changed. */
  refresh(): void {
    this.bridge.replan()
    this.statusChanged()
  }

  close(): Promise<void> {
    clearTimeout(this.statusTimer)
    return this.bridge.close()
  }

  private planRoom(topic: string): Endpoint[] {
    const { settings, joined } = this.options.source()
    const share = joined.find((j) => j.chapters.some((c) => c.room === topic))
    const endpoints: Endpoint[] = planRendezvous(settings, share?.rendezvous ?? [])
      .filter((r) => !r.skipped)
      .map((r) => ({ key: rendezvousKey(r), kind: r.kind, url: r.url }))
    if (settings.localNetwork) endpoints.push(LAN_ENDPOINT)
    return endpoints
  }

  private describe(key: string, kind: RendezvousStatus['kind'], url: string, source: RendezvousStatus['source'], skipped?: 'privacy' | 'off'): RendezvousStatus {
    if (skipped) return { kind, url, source, state: 'skipped', skipped, rooms: 0, dropped: 0 }
    const report = this.bridge.report(key)
    return report ? { kind, url, source, ...report } : { kind, url, source, state: 'idle', rooms: 0, dropped: 0 }
  }

  private statusChanged(): void {
    if (this.statusTimer || !this.options.onStatus) return
    this.statusTimer = setTimeout(() => {
      this.statusTimer = undefined
      void this.status().then((status) => this.options.onStatus?.(status))
    }, STATUS_COALESCE_MS)
  }

  private now(): number {
    return (this.options.now ?? Date.now)()
  }
}

function createUplink(endpoint: Endpoint, hooks: UplinkHooks, options: NetworkServiceOptions): Uplink {
  switch (endpoint.kind) {
    case 'signal':
      return new SignalUplink(endpoint.url, hooks, options.uplink)
    case 'mqtt':
      return new MqttUplink(endpoint.url, hooks, options.uplink)
    case 'lan':
      return new LanUplink(hooks, { ...options.uplink, ...options.lan })
  }
}
