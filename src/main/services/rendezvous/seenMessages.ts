/**
 * Remembers recent signaling messages by digest, to tell apart the three ways
 * the same bytes can arrive again:
 *
 * - through another rendezvous (every message goes out through all of them):
 *   a copy, dropped quietly;
 * - back from a rendezvous we sent it through (brokers and the signaling
 *   server echo to the sender): an echo, dropped quietly;
 * - a second time from the same rendezvous: a replay, dropped and reported.
 *
 * y-webrtc encrypts every message with a fresh random IV, so two genuine
 * messages never share bytes.
 */
import { createHash } from 'node:crypto'
import { SEEN_MAX_ENTRIES, SEEN_TTL_MS } from './limits'

export type Arrival = 'new' | 'copy' | 'replay'

interface Entry {
  at: number
  /** Rendezvous it has arrived from. */
  from: Set<string>
}

export class SeenMessages {
  private entries = new Map<string, Entry>()

  constructor(
    private readonly now: () => number,
    private readonly ttlMs = SEEN_TTL_MS,
    private readonly maxEntries = SEEN_MAX_ENTRIES,
  ) {}

  static digest(topic: string, data: string): string {
    return createHash('sha256').update(topic).update('\0').update(data).digest('base64url')
  }

  /** Records a message the renderer sent out: each rendezvous may echo it back once. */
  sent(digest: string): void {
    if (!this.entries.has(digest)) this.remember(digest, { at: this.now(), from: new Set() })
  }

  /** Classifies a message that arrived from `uplink` and records it. */
  arrived(digest: string, uplink: string): Arrival {
    this.expire()
    const entry = this.entries.get(digest)
    if (!entry) {
      this.remember(digest, { at: this.now(), from: new Set([uplink]) })
      return 'new'
    }
    if (entry.from.has(uplink)) return 'replay'
    entry.from.add(uplink)
    return 'copy'
  }

  get size(): number {
    return this.entries.size
  }

  private remember(digest: string, entry: Entry): void {
    this.expire()
    if (this.entries.size >= this.maxEntries) {
      // Maps iterate in insertion order: the oldest entry goes first.
      const oldest = this.entries.keys().next().value
      if (oldest !== undefined) this.entries.delete(oldest)
    }
    this.entries.set(digest, entry)
  }

  private expire(): void {
    const cutoff = this.now() - this.ttlMs
    for (const [digest, entry] of this.entries) {
      if (entry.at >= cutoff) break
      this.entries.delete(digest)
    }
  }
}
