/** A token bucket: `burst` messages at once, refilled at `perSecond`. The clock comes in, so tests are exact. */
export class TokenBucket {
  private tokens: number
  private updatedAt: number

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly now: () => number,
  ) {
    this.tokens = burst
    this.updatedAt = now()
  }

  /** Takes one token; false when the bucket is empty (the message should be dropped). */
  take(): boolean {
    const now = this.now()
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.perSecond)
    this.updatedAt = now
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }
}

/** One bucket per key (a room, a rendezvous), created on first use and forgotten when full again. */
export class BucketMap {
  private buckets = new Map<string, TokenBucket>()

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly now: () => number,
  ) {}

  take(key: string): boolean {
    let bucket = this.buckets.get(key)
    if (!bucket) {
      // A bounded map: a flood of new keys must not grow memory without end.
      if (this.buckets.size > 10_000) this.buckets.clear()
      bucket = new TokenBucket(this.burst, this.perSecond, this.now)
      this.buckets.set(key, bucket)
    }
    return bucket.take()
  }

  forget(key: string): void {
    this.buckets.delete(key)
  }
}
