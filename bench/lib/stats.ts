/**
 * Small statistics for benchmark samples. Pure functions, usable in Node and
 * in the bench page alike.
 */

/** The value below which `p` percent of the samples fall (nearest rank). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!
}

export function median(samples: readonly number[]): number {
  if (samples.length === 0) return NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export function sum(samples: readonly number[]): number {
  let total = 0
  for (const sample of samples) total += sample
  return total
}

export function max(samples: readonly number[]): number {
  let best = -Infinity
  for (const sample of samples) if (sample > best) best = sample
  return best
}

/** Per-operation latency: the percentiles a keystroke benchmark reports. */
export interface Distribution {
  p50: number
  p95: number
  p99: number
  max: number
  count: number
}

export function distribution(samples: readonly number[]): Distribution {
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99), max: max(samples), count: samples.length }
}

/** Median of each field over several runs' figures. */
export function medianOf<T extends Record<string, number>>(runs: readonly T[]): T {
  const keys = Object.keys(runs[0] ?? {}) as Array<keyof T>
  const out = {} as Record<keyof T, number>
  for (const key of keys) out[key] = median(runs.map((run) => run[key]))
  return out as T
}

export function ratio(quire: number, baseline: number): number {
  return baseline > 0 ? quire / baseline : NaN
}
