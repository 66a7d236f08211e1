const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
]

// Made on first use: building a formatter loads locale data, a cost the window's start need not pay.
let format: Intl.RelativeTimeFormat | null = null

/** “3 minutes ago”, “yesterday”, “just now”. */
export function relativeTime(at: number, now: number): string {
  const elapsed = at - now
  for (const [unit, size] of units) {
    if (Math.abs(elapsed) >= size) {
      format ??= new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' })
      return format.format(Math.round(elapsed / size), unit)
    }
  }
  return 'just now'
}
