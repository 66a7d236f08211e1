/**
 * Logs refused messages without letting a flood of them flood the log: the
 * first of each kind from each source is logged at once, the rest are
 * counted and summed up in the next line, at most one line per kind and
 * source every `intervalMs`.
 */
export type DropReason = 'garbage' | 'oversized' | 'replayed' | 'too many'

const DESCRIPTION: Record<DropReason, string> = {
  garbage: 'a malformed message',
  oversized: 'an oversized message',
  replayed: 'a replayed message',
  'too many': 'a message over the rate limit',
}

export class DropLog {
  private last = new Map<string, { at: number; unlogged: number }>()

  constructor(
    private readonly log: (line: string) => void,
    private readonly now: () => number,
    private readonly intervalMs = 10_000,
  ) {}

  dropped(source: string, reason: DropReason): void {
    const key = `${source}\n${reason}`
    const entry = this.last.get(key)
    const now = this.now()
    if (entry && now - entry.at < this.intervalMs) {
      entry.unlogged++
      return
    }
    const more = entry && entry.unlogged > 0 ? ` (and ${entry.unlogged} more like it before)` : ''
    this.log(`Rendezvous ${source}: ignored ${DESCRIPTION[reason]}${more}.`)
    this.last.set(key, { at: now, unlogged: 0 })
  }
}
