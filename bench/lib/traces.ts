/**
 * The editing traces in `bench/data/editing-traces` (josephg/editing-traces,
 * CC BY 4.0; see the README there), turned into edits Quire's editor can replay.
 *
 * A trace is one flat string edited at code-point positions. Quire's chapter is
 * a list of paragraphs, so a newline becomes a paragraph break: typing one
 * splits a paragraph, deleting one joins two, as Enter and Backspace do. Each
 * edit is precomputed here as ProseMirror positions (for the editor) and as
 * UTF-16 offsets into the flat text (for the bare Y.Text baseline), so the page
 * spends its time replaying, not converting.
 */
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const TRACES_DIR = process.env.QUIRE_TRACES_DIR ?? fileURLToPath(new URL('../data/editing-traces/', import.meta.url))

export const TRACE_ATTRIBUTION =
  'Editing traces from josephg/editing-traces (commit 762fa6c), CC BY 4.0: automerge-paper by Martin Kleppmann (automerge-perf), friendsforever.'

/** [position, deleted code points, inserted text] */
export type Patch = [number, number, string]

export interface SequentialTrace {
  startContent: string
  endContent: string
  txns: Array<{ time: string; patches: Patch[] }>
}

export interface ConcurrentTrace {
  kind: 'concurrent'
  endContent: string
  numAgents: number
  txns: Array<{ agent: number; parents: number[]; patches: Patch[] }>
}

export function loadTrace<T = SequentialTrace>(name: string): T {
  return JSON.parse(gunzipSync(readFileSync(resolve(TRACES_DIR, `${name}.json.gz`))).toString('utf8')) as T
}

/**
 * One edit, ready to replay: `[pmFrom, pmTo, flatFrom, flatTo, text]`.
 * Delete pmFrom..pmTo (flatFrom..flatTo in the flat text), then insert
 * `text` there; a `\n` in `text` is a paragraph break.
 */
export type Edit = [number, number, number, number, string]

const SURROGATE = /[\uD800-\uDFFF]/

function codePoints(text: string): number {
  return SURROGATE.test(text) ? Array.from(text).length : text.length
}

/** UTF-16 offset of code point `cp` in `line`. */
function unitOffset(line: string, cp: number): number {
  if (!SURROGATE.test(line)) return cp
  return Array.from(line).slice(0, cp).join('').length
}

/**
 * The text as lines, with the two coordinate systems the replay needs.
 * Finding a position walks the lines: a few thousand steps, fine for a
 * one-off conversion of a quarter million edits.
 */
export class LineModel {
  lines: string[] = ['']
  private cps: number[] = [0]

  /** Where code point `k` of the flat text sits. */
  locate(k: number): { line: number; col: number; pm: number; flat: number } {
    let pm = 0
    let flat = 0
    for (let line = 0; line < this.lines.length; line++) {
      const text = this.lines[line]!
      const cp = this.cps[line]!
      if (k <= cp) {
        const col = unitOffset(text, k)
        return { line, col, pm: pm + 1 + col, flat: flat + col }
      }
      k -= cp + 1
      pm += text.length + 2
      flat += text.length + 1
    }
    // Past the end (a sloppy trace position): clamp to the end.
    const last = this.lines.length - 1
    const text = this.lines[last]!
    return { line: last, col: text.length, pm: pm - 1, flat: flat - 1 }
  }

  get length(): number {
    let total = this.lines.length - 1
    for (const cp of this.cps) total += cp
    return total
  }

  /** Applies one patch and returns it as an Edit. */
  apply(position: number, deleted: number, inserted: string): Edit {
    const start = this.locate(position)
    const end = deleted > 0 ? this.locate(position + deleted) : start
    const head = this.lines[start.line]!.slice(0, start.col)
    const tail = this.lines[end.line]!.slice(end.col)
    const replaced = (head + inserted + tail).split('\n')
    this.lines.splice(start.line, end.line - start.line + 1, ...replaced)
    this.cps.splice(start.line, end.line - start.line + 1, ...replaced.map(codePoints))
    return [start.pm, end.pm, start.flat, end.flat, inserted]
  }

  text(): string {
    return this.lines.join('\n')
  }
}

/** The first `limit` patches of a sequential trace as edits, and the text they produce. */
export function sequentialEdits(trace: SequentialTrace, limit = Infinity): { edits: Edit[]; finalText: string } {
  const model = new LineModel()
  if (trace.startContent) model.apply(0, 0, trace.startContent)
  const edits: Edit[] = []
  outer: for (const txn of trace.txns) {
    for (const [position, deleted, inserted] of txn.patches) {
      if (edits.length >= limit) break outer
      edits.push(model.apply(position, deleted, inserted))
    }
  }
  return { edits, finalText: model.text() }
}

/**
 * Each agent's edits of a concurrent trace as that agent would make them
 * offline, never seeing the other's: replayed in trace order on one tagged
 * text, every patch is projected onto the agent's own characters (its
 * position counts only them; it deletes only them). Returns, per agent, the
 * first `limit` patches that still change something, in the agent's own
 * coordinates.
 */
export function offlineProjection(trace: ConcurrentTrace, limit: number): Patch[][] {
  const owners: number[] = []
  const perAgent: Patch[][] = Array.from({ length: trace.numAgents }, () => [])
  for (const txn of trace.txns) {
    const agent = txn.agent
    for (const [rawPosition, rawDeleted, inserted] of txn.patches) {
      const position = Math.min(rawPosition, owners.length)
      const deleted = Math.min(rawDeleted, owners.length - position)
      let ownStart = 0
      for (let i = 0; i < position; i++) if (owners[i] === agent) ownStart++
      let ownDeleted = 0
      for (let i = position; i < position + deleted; i++) if (owners[i] === agent) ownDeleted++
      const insertedChars = Array.from(inserted)
      owners.splice(position, deleted, ...insertedChars.map(() => agent))
      const mine = perAgent[agent]!
      if ((ownDeleted > 0 || inserted.length > 0) && mine.length < limit) mine.push([ownStart, ownDeleted, inserted])
    }
    if (perAgent.every((patches) => patches.length >= limit)) break
  }
  return perAgent
}

/** Patches in an agent's own coordinates as editor edits, starting from one empty paragraph. */
export function patchesToEdits(patches: readonly Patch[]): { edits: Edit[]; finalText: string } {
  const model = new LineModel()
  const edits = patches.map(([position, deleted, inserted]) => model.apply(position, deleted, inserted))
  return { edits, finalText: model.text() }
}
