/**
 * Opens sealed boxes for this window. The user's secret key stays in main:
 * the sealed content keys go over `sealed:open` in batches, the answers are
 * cached, and each box's text is decrypted here. Readers ask synchronously
 * (`open` returns undefined while a key is on its way) and subscribe to hear
 * when more can be read, so threads, progress and answers appear as soon as
 * their keys are open without anything waiting on IPC.
 */
import type { QuireApi } from '../../shared/contract'
import { contentKeyFrom, openBoxWithKey, sealedKeyFor, type SealedBox } from '../../shared/review/box'

const BATCH = 400
const RETRY_MS = 2000
const MAX_ATTEMPTS = 3

export class Unsealer {
  /** Sealed message → what it opened to (null: not for this user). */
  private readonly opened = new Map<string, string | null>()
  /** Content keys of boxes this window sealed itself, by the box's data. */
  private readonly ownKeys = new Map<string, Uint8Array>()
  private readonly texts = new Map<string, string | null>()
  private readonly queued = new Set<string>()
  private readonly attempts = new Map<string, number>()
  private readonly listeners = new Set<() => void>()
  private timer: ReturnType<typeof setTimeout> | null = null
  private version = 0
  private disposed = false

  constructor(
    private readonly api: Pick<QuireApi, 'sealed:open'>,
    readonly memberId: string | null,
  ) {}

  /** A box's text for this user; null when it is not for them; undefined while its key is being opened. */
  open = (box: SealedBox): string | null | undefined => {
    const cached = this.texts.get(box.data)
    if (cached !== undefined) return cached
    const own = this.ownKeys.get(box.data)
    if (own) return this.remember(box.data, openBoxWithKey(box, own))
    const sealedKey = this.memberId ? sealedKeyFor(box, this.memberId) : null
    if (!sealedKey) return null
    const opened = this.openText(sealedKey)
    if (opened === undefined) return undefined
    const key = contentKeyFrom(opened)
    return this.remember(box.data, key ? openBoxWithKey(box, key) : null)
  }

  /** Any message sealed to this user (a question's secret, say), opened by main. */
  openText = (sealed: string): string | null | undefined => {
    if (this.opened.has(sealed)) return this.opened.get(sealed)
    this.request(sealed)
    return undefined
  }

  /** A box this window just sealed: its writer reads it back at once. */
  rememberOwn(box: SealedBox, contentKey: Uint8Array): void {
    this.ownKeys.set(box.data, contentKey)
  }

  /** Resolves once every key asked for so far was opened (or given up on). */
  async idle(): Promise<void> {
    while (this.queued.size > 0 && !this.disposed) await new Promise<void>((resolve) => {
      const stop = this.subscribe(() => (stop(), resolve()))
    })
  }

  /** Changes whenever more can be read. */
  getVersion = (): number => this.version

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  dispose(): void {
    this.disposed = true
    if (this.timer) clearTimeout(this.timer)
    this.listeners.clear()
  }

  private remember(data: string, text: string | null): string | null {
    // A bounded cache: boxes are re-read on every change of their thread.
    if (this.texts.size > 20_000) this.texts.clear()
    this.texts.set(data, text)
    return text
  }

  private request(sealed: string): void {
    if (this.queued.has(sealed)) return
    this.queued.add(sealed)
    this.timer ??= setTimeout(() => void this.flush(), 0)
  }

  private async flush(): Promise<void> {
    this.timer = null
    const batch = [...this.queued].slice(0, BATCH)
    if (batch.length === 0 || this.disposed) return
    let results: Array<string | null> | null = null
    try {
      results = await this.api['sealed:open']({ sealed: batch })
    } catch {
      results = null
    }
    if (this.disposed) return
    for (const [i, sealed] of batch.entries()) {
      if (results) {
        this.opened.set(sealed, results[i] ?? null)
        this.queued.delete(sealed)
        continue
      }
      // Main did not answer (restarting, say): try again a few times, then give up on it.
      const tries = (this.attempts.get(sealed) ?? 0) + 1
      this.attempts.set(sealed, tries)
      if (tries >= MAX_ATTEMPTS) {
        this.opened.set(sealed, null)
        this.queued.delete(sealed)
      }
    }
    this.version++
    for (const listener of this.listeners) listener()
    if (this.queued.size > 0) this.timer = setTimeout(() => void this.flush(), results ? 0 : RETRY_MS)
  }
}
