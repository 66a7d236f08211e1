/**
 * One rendezvous the bridge talks to: a Quire signaling server, an MQTT
 * broker or the local network. The base class owns what every kind shares:
 * connecting only while some room needs it, retrying a dead one with growing
 * delays, holding messages published while it connects, and the status the
 * connection view shows. Each kind supplies how to connect, send and listen.
 */
import { randomBytes } from 'node:crypto'
import type { RendezvousState } from '../../../shared/networkStatus'
import { plainError } from './plainErrors'
import { CONNECT_TIMEOUT_MS, PENDING_MAX, PENDING_TTL_MS, RETRY_FIRST_MS, RETRY_MAX_MS } from './limits'

export interface UplinkHooks {
  /**
   * A message arrived for `topic` (unchecked: the bridge validates it).
   * `via` is the sending bridge's tag for the rendezvous it sent through (see `Uplink.via`).
   */
  deliver(topic: string, data: unknown, via?: unknown): void
  /** State, error or retry time changed. */
  changed(): void
  /** Connected again after being away long enough that messages may have been missed. */
  reconnected(): void
  log(line: string): void
}

export interface UplinkOptions {
  now?: () => number
  retryFirstMs?: number
  retryMaxMs?: number
  connectTimeoutMs?: number
}

export interface UplinkSnapshot {
  state: Exclude<RendezvousState, 'skipped'>
  error?: string
  retryAt?: number
  connectedSince?: number
}

/** What a kind does once connected; `lost` must be called by the kind when the connection ends. */
export interface UplinkSession {
  send(topic: string, data: string): void
  subscribe(topics: string[]): void
  unsubscribe(topics: string[]): void
  close(): void
}

export abstract class Uplink {
  private topics = new Set<string>()
  private session: UplinkSession | null = null
  private state: UplinkSnapshot['state'] = 'idle'
  private error: string | undefined
  private retryAt: number | undefined
  private connectedSince: number | undefined
  private failures = 0
  private retryTimer: ReturnType<typeof setTimeout> | undefined
  /** Increases with every attempt, so a late answer to an abandoned attempt is ignored. */
  private attempt = 0
  private pending: Array<{ topic: string; data: string; at: number }> = []
  /** Since when rooms wanted this rendezvous without it being connected. */
  private unreachableSince = 0
  private closed = false
  protected readonly now: () => number
  /**
   * Sent along with every message, random per rendezvous and launch. Two
   * listed rendezvous can be one server (two names, two ports): the same
   * message then arrives twice from each, and the tag tells those copies
   * from a replay, which repeats the tag too.
   */
  readonly via = randomBytes(6).toString('base64url')

  constructor(
    readonly id: string,
    protected readonly hooks: UplinkHooks,
    private readonly options: UplinkOptions = {},
  ) {
    this.now = options.now ?? Date.now
  }

  /** Opens a connection; resolves once it can carry messages. Must call `lost(attempt, error)` when it ends later. */
  protected abstract open(attempt: number): Promise<UplinkSession>

  /** The rooms that meet here. Connects when the first arrives and disconnects after the last leaves. */
  setTopics(next: ReadonlySet<string>): void {
    if (this.closed) return
    const added = [...next].filter((t) => !this.topics.has(t))
    const removed = [...this.topics].filter((t) => !next.has(t))
    this.topics = new Set(next)
    if (this.topics.size === 0) {
      this.disconnect()
      return
    }
    if (this.session) {
      if (added.length) this.session.subscribe(added)
      if (removed.length) this.session.unsubscribe(removed)
    } else if (this.state === 'idle') {
      this.unreachableSince = this.now()
      void this.connect()
    }
  }

  get topicCount(): number {
    return this.topics.size
  }

  /** Sends now, or as soon as connected (for a short while; a stale offer is worth nothing). */
  publish(topic: string, data: string): void {
    if (!this.topics.has(topic)) return
    if (this.session) {
      this.session.send(topic, data)
      return
    }
    this.pending.push({ topic, data, at: this.now() })
    if (this.pending.length > PENDING_MAX) this.pending.shift()
  }

  snapshot(): UplinkSnapshot {
    return {
      state: this.state,
      ...(this.error !== undefined ? { error: this.error } : {}),
      ...(this.retryAt !== undefined ? { retryAt: this.retryAt } : {}),
      ...(this.connectedSince !== undefined ? { connectedSince: this.connectedSince } : {}),
    }
  }

  /** For tests and the bench: resolves once connected (or rejects after `timeoutMs`). */
  whenConnected(timeoutMs = 30_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const started = Date.now()
      const check = () => {
        if (this.session) resolve()
        else if (Date.now() - started > timeoutMs) reject(new Error(`${this.id} did not connect: ${this.error ?? this.state}`))
        else setTimeout(check, 20)
      }
      check()
    })
  }

  close(): void {
    this.closed = true
    this.disconnect()
  }

  private async connect(): Promise<void> {
    const attempt = ++this.attempt
    this.setState('connecting')
    const timeoutMs = this.options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS
    let timer: ReturnType<typeof setTimeout> | undefined
    try {
      const session = await Promise.race([
        this.open(attempt),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })), timeoutMs)
        }),
      ])
      clearTimeout(timer)
      if (attempt !== this.attempt || this.topics.size === 0) {
        session.close()
        return
      }
      this.session = session
      this.failures = 0
      this.error = undefined
      this.retryAt = undefined
      const awayFor = this.now() - this.unreachableSince
      this.connectedSince = this.now()
      session.subscribe([...this.topics])
      this.flushPending()
      this.setState('connected')
      if (awayFor > PENDING_TTL_MS) this.hooks.reconnected()
    } catch (error) {
      clearTimeout(timer)
      if (attempt !== this.attempt) return
      this.fail(error)
    }
  }

  /** Called by a kind when an open connection ends. */
  protected lost(attempt: number, error: unknown): void {
    if (attempt !== this.attempt || !this.session) return
    this.session = null
    this.connectedSince = undefined
    this.unreachableSince = this.now()
    this.hooks.log(`Rendezvous ${this.id}: connection lost (${plainError(error)}); trying again.`)
    this.fail(error)
  }

  private fail(error: unknown): void {
    if (this.topics.size === 0 || this.closed) return
    this.error = plainError(error)
    const delay = Math.min(this.options.retryMaxMs ?? RETRY_MAX_MS, (this.options.retryFirstMs ?? RETRY_FIRST_MS) * 2 ** this.failures)
    this.failures++
    // ±20 % so that many clients cut off at once do not all come back at once.
    const jittered = Math.round(delay * (0.8 + Math.random() * 0.4))
    this.retryAt = this.now() + jittered
    clearTimeout(this.retryTimer)
    this.retryTimer = setTimeout(() => void this.connect(), jittered)
    this.setState('failed')
  }

  private disconnect(): void {
    this.attempt++
    clearTimeout(this.retryTimer)
    this.session?.close()
    this.session = null
    this.pending = []
    this.failures = 0
    this.error = undefined
    this.retryAt = undefined
    this.connectedSince = undefined
    this.setState('idle')
  }

  private flushPending(): void {
    const cutoff = this.now() - PENDING_TTL_MS
    const pending = this.pending
    this.pending = []
    for (const message of pending) {
      if (message.at >= cutoff && this.topics.has(message.topic)) this.session!.send(message.topic, message.data)
    }
  }

  private setState(state: UplinkSnapshot['state']): void {
    this.state = state
    this.hooks.changed()
  }
}
