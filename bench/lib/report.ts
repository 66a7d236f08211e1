/**
 * What a workload reports — its figures, the baseline's, the ratios, and the
 * table rows — and how the run prints and saves them.
 */
import { writeFile } from 'node:fs/promises'
import type { Machine, Versions } from './environment'

/** One line of the results table. */
export interface Row {
  measure: string
  quire: string
  baseline: string
  ratio: string
}

export interface WorkloadResult {
  id: number
  name: string
  title: string
  /** What was measured, e.g. how many edits or runs. */
  params: Record<string, unknown>
  /** Quire's figures: medians over the runs. */
  figures: Record<string, unknown>
  /** The baseline's figures, measured in the same process in the same run. */
  baseline: Record<string, unknown>
  /** Quire ÷ baseline for each compared figure. */
  ratio: Record<string, number>
  notes: string[]
  rows: Row[]
  /** Set when the workload could not run here; the table says why. */
  skipped?: string
}

export interface BenchOptions {
  quick: boolean
  log: (line: string) => void
}

export function skipped(id: number, name: string, title: string, reason: string): WorkloadResult {
  return { id, name, title, params: {}, figures: {}, baseline: {}, ratio: {}, notes: [reason], rows: [], skipped: reason }
}

export function ms(value: number): string {
  if (!Number.isFinite(value)) return '–'
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`
  if (value >= 1000) return `${(value / 1000).toFixed(2)} s`
  if (value >= 100) return `${value.toFixed(0)} ms`
  if (value >= 10) return `${value.toFixed(1)} ms`
  if (value >= 1) return `${value.toFixed(2)} ms`
  if (value >= 0.1) return `${value.toFixed(3)} ms`
  return `${(value * 1000).toFixed(0)} µs`
}

export function bytes(value: number): string {
  if (!Number.isFinite(value)) return '–'
  if (value >= 1024 * 1024) return `${(value / 1024 / 1024).toFixed(1)} MiB`
  if (value >= 1024) return `${(value / 1024).toFixed(1)} KiB`
  return `${value} B`
}

export function times(value: number): string {
  if (!Number.isFinite(value)) return '–'
  if (value >= 100) return `${value.toFixed(0)}×`
  if (value >= 10) return `${value.toFixed(1)}×`
  return `${value.toFixed(2)}×`
}

export function count(value: number): string {
  return value.toLocaleString('en-US')
}

/** The results as a Markdown table, one block of rows per workload. */
export function formatTable(results: readonly WorkloadResult[]): string {
  const lines = ['| Workload | Measure | Quire | Baseline | Ratio |', '|---|---|---:|---:|---:|']
  for (const result of results) {
    const name = `${result.id}. ${result.title}`
    if (result.skipped) {
      lines.push(`| ${name} | skipped: ${result.skipped} | | | |`)
      continue
    }
    result.rows.forEach((row, i) => lines.push(`| ${i === 0 ? name : ''} | ${row.measure} | ${row.quire} | ${row.baseline} | ${row.ratio} |`))
  }
  return lines.join('\n')
}

export async function writeResults(
  file: string,
  results: readonly WorkloadResult[],
  context: { quick: boolean; machine: Machine; versions: Versions; attribution: string; startedAt: string; durationMs: number },
): Promise<void> {
  const records = results.map((result) => ({ ...result, machine: context.machine, versions: context.versions }))
  const body = {
    generatedAt: context.startedAt,
    durationMs: Math.round(context.durationMs),
    mode: context.quick ? 'quick' : 'full',
    machine: context.machine,
    versions: context.versions,
    traces: context.attribution,
    workloads: records,
  }
  await writeFile(file, JSON.stringify(body, null, 2) + '\n')
}
