/**
 * The renderer's side of main's network plan: where y-webrtc signals (the
 * loopback rendezvous bridge) and which STUN/TURN servers WebRTC uses. The
 * RTCConfiguration objects handed out stay the same objects: when main's
 * plan changes (new settings, fresh TURN credentials) their server lists are
 * replaced in place, and every connection made after that uses them.
 */
import type { QuireApi } from '../../shared/contract'
import type { IceServer } from '../../shared/network'
import type { NetworkLinkInfo } from '../../shared/networkStatus'

/** TURN credentials made from a secret last a day; fetch fresh ones well before. */
const REFRESH_MS = 60 * 60 * 1000

export class NetworkLink {
  private info: NetworkLinkInfo | null = null
  private configs = new Map<string, RTCConfiguration>()
  private listeners = new Set<() => void>()
  private timer: ReturnType<typeof setInterval> | null = null

  /** Constructing a link starts nothing: React may build one and throw it away (StrictMode does). */
  constructor(private readonly api: QuireApi) {}

  /** Refreshes the plan every hour until the returned disposer runs; may start again after it. */
  start(): () => void {
    this.timer ??= setInterval(() => void this.refresh(), REFRESH_MS)
    return () => {
      if (this.timer) clearInterval(this.timer)
      this.timer = null
    }
  }

  /** Asks main for the current plan; listeners hear when the first one arrives. */
  async refresh(): Promise<void> {
    const first = this.info === null
    this.info = await this.api['network:info']({})
    for (const [key, config] of this.configs) config.iceServers = this.serversFor(key)
    if (first) for (const listener of this.listeners) listener()
  }

  get ready(): boolean {
    return this.info !== null
  }

  signaling(): string[] {
    return this.info ? [this.info.signalingUrl] : []
  }

  /** The live configuration for the user's own shares, or for one joined share. */
  rtcConfig(joinedShareId?: string): RTCConfiguration {
    const key = joinedShareId ?? ''
    let config = this.configs.get(key)
    if (!config) {
      config = { iceServers: this.serversFor(key) }
      this.configs.set(key, config)
    }
    return config
  }

  onReady(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private serversFor(key: string): IceServer[] {
    if (!this.info) return []
    return key === '' ? this.info.iceServers : (this.info.joinedIceServers[key] ?? this.info.iceServers)
  }
}
