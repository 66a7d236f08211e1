/**
 * Sends a chapter's Yjs updates to main in order, at most one call in flight.
 * Updates that arrive while a call is in flight, or within `coalesceMs` of
 * the first one, are merged into one write, so a burst of typing costs one
 * write. `flush()` sends at once. A failed write is kept and retried:
 * nothing is dropped.
 */
import * as Y from 'yjs'

export const RETRY_DELAY_MS = 1000

export class UpdateQueue {
  private pending: Uint8Array[] = []
  private inFlight: Promise<void> | null = null
  private idle: Array<() => void> = []
  private retryTimer: ReturnType<typeof setTimeout> | null = null
  private coalesceTimer: ReturnType<typeof setTimeout> | null = null

  constructor(
    private readonly send: (update: Uint8Array) => Promise<void>,
    private readonly onError: (error: unknown) => void = () => {},
    private readonly coalesceMs = 0,
  ) {}

  push(update: Uint8Array): void {
    this.pending.push(update)
    if (this.coalesceMs <= 0 || this.inFlight || this.retryTimer) this.pump()
    else
      this.coalesceTimer ??= setTimeout(() => {
        this.coalesceTimer = null
        this.pump()
      }, this.coalesceMs)
  }

  /** True while some update has not been confirmed written. */
  get busy(): boolean {
    return this.inFlight !== null || this.pending.length > 0
  }

  /** Resolves once everything pushed so far has been written. */
  flush(): Promise<void> {
    if (!this.busy) return Promise.resolve()
    if (this.coalesceTimer) {
      clearTimeout(this.coalesceTimer)
      this.coalesceTimer = null
    }
    const idle = new Promise<void>((resolve) => this.idle.push(resolve))
    this.pump()
    return idle
  }

  private pump(): void {
    if (this.inFlight || this.retryTimer || this.coalesceTimer || this.pending.length === 0) return
    const batch = this.pending.length === 1 ? this.pending[0]! : Y.mergeUpdates(this.pending)
    this.pending = []
    this.inFlight = this.send(batch).then(
      () => {
        this.inFlight = null
        if (this.pending.length > 0) this.pump()
        else for (const resolve of this.idle.splice(0)) resolve()
      },
      (error: unknown) => {
        this.inFlight = null
        this.pending.unshift(batch)
        this.onError(error)
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null
          this.pump()
        }, RETRY_DELAY_MS)
      },
    )
  }
}
