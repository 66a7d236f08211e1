/**
 * Differences between two texts, for suggested edits, passages that changed
 * between drafts, and comparing versions of a chapter.
 *
 * Myers' O((N+M)·D) algorithm on tokens, with the common start and end cut
 * off first. Words are the unit inside a passage (a reader sees "harbour →
 * port", not a character soup); blocks are the unit across a chapter, and a
 * changed block is diffed again by words. Past `MAX_EDITS` differences the
 * result is simply "all of A deleted, all of B inserted", which is what a
 * reader would make of it anyway, and keeps the work bounded.
 */

export type DiffOp = 'same' | 'delete' | 'insert'

export interface DiffPart {
  op: DiffOp
  text: string
}

const MAX_EDITS = 1_000

/** Edit script from `a` to `b` as index runs: equal, delete from a, insert from b. */
export function diffSequences<T>(a: readonly T[], b: readonly T[], equals: (x: T, y: T) => boolean = Object.is): Array<{ op: DiffOp; items: T[] }> {
  let start = 0
  while (start < a.length && start < b.length && equals(a[start]!, b[start]!)) start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && equals(a[endA - 1]!, b[endB - 1]!)) {
    endA--
    endB--
  }
  const middle = myers(a.slice(start, endA), b.slice(start, endB), equals)
  const out: Array<{ op: DiffOp; items: T[] }> = []
  const push = (op: DiffOp, items: T[]) => {
    if (items.length === 0) return
    const last = out[out.length - 1]
    if (last && last.op === op) last.items.push(...items)
    else out.push({ op, items: [...items] })
  }
  push('same', a.slice(0, start) as T[])
  for (const part of middle) push(part.op, part.items)
  push('same', a.slice(endA) as T[])
  return out
}

function myers<T>(a: readonly T[], b: readonly T[], equals: (x: T, y: T) => boolean): Array<{ op: DiffOp; items: T[] }> {
  const n = a.length
  const m = b.length
  if (n === 0 || m === 0) return [{ op: 'delete', items: [...a] }, { op: 'insert', items: [...b] }]
  const max = Math.min(n + m, MAX_EDITS)
  const offset = max + 1
  let v = new Int32Array(2 * max + 3)
  const trace: Int32Array[] = []
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice())
    const next = v.slice()
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1
      let y = x - k
      while (x < n && y < m && equals(a[x]!, b[y]!)) {
        x++
        y++
      }
      next[offset + k] = x
      if (x >= n && y >= m) return backtrack(trace, a, b, offset, d)
    }
    v = next
  }
  // Too different to be worth aligning.
  return [{ op: 'delete', items: [...a] }, { op: 'insert', items: [...b] }]
}

function backtrack<T>(trace: Int32Array[], a: readonly T[], b: readonly T[], offset: number, depth: number): Array<{ op: DiffOp; items: T[] }> {
  const parts: Array<{ op: DiffOp; items: T[] }> = []
  const add = (op: DiffOp, item: T) => parts.push({ op, items: [item] })
  let x = a.length
  let y = b.length
  for (let d = depth; d > 0; d--) {
    const v = trace[d]!
    const k = x - y
    const down = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
    const prevK = down ? k + 1 : k - 1
    const prevX = v[offset + prevK]!
    const prevY = prevX - prevK
    while (x > prevX && y > prevY) {
      y--
      add('same', a[--x]!)
    }
    if (down) add('insert', b[--y]!)
    else add('delete', a[--x]!)
  }
  while (x > 0 && y > 0) {
    x--
    y--
    add('same', a[x]!)
  }
  return parts.reverse()
}

/** Words, runs of spaces and single punctuation marks, so a diff never splits a word. */
export function tokenize(text: string): string[] {
  return text.match(/\s+|[\p{L}\p{N}\p{M}'’_-]+|[^\s\p{L}\p{N}\p{M}'’_-]/gu) ?? []
}

/** A word-level diff of two passages, with neighbouring parts of one kind joined. */
export function diffWords(before: string, after: string): DiffPart[] {
  return diffSequences(tokenize(before), tokenize(after)).map(({ op, items }) => ({ op, text: items.join('') }))
}

/** One block of a version comparison. */
export type BlockDiff =
  | { op: 'same'; text: string }
  | { op: 'delete'; text: string }
  | { op: 'insert'; text: string }
  | { op: 'change'; parts: DiffPart[] }

/**
 * A chapter-level diff of two lists of blocks (paragraphs, headings): equal
 * blocks pass, runs of deleted and inserted blocks are paired one by one as
 * changed blocks (diffed by words) when they are about as long, and the rest
 * stay deleted or inserted.
 */
export function diffBlocks(before: readonly string[], after: readonly string[]): BlockDiff[] {
  const out: BlockDiff[] = []
  const runs = diffSequences(before, after)
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i]!
    if (run.op === 'same') {
      for (const text of run.items) out.push({ op: 'same', text })
      continue
    }
    const next = runs[i + 1]
    if (run.op === 'delete' && next?.op === 'insert') {
      const pairs = Math.min(run.items.length, next.items.length)
      for (let j = 0; j < pairs; j++) out.push(pairOf(run.items[j]!, next.items[j]!))
      for (const text of run.items.slice(pairs)) out.push({ op: 'delete', text })
      for (const text of next.items.slice(pairs)) out.push({ op: 'insert', text })
      i++
      continue
    }
    for (const text of run.items) out.push({ op: run.op, text })
  }
  return out
}

function pairOf(before: string, after: string): BlockDiff {
  const parts = diffWords(before, after)
  const kept = parts.filter((p) => p.op === 'same').reduce((sum, p) => sum + p.text.trim().length, 0)
  // Hardly anything in common: a replaced paragraph reads better as one out and one in.
  if (kept * 3 < Math.max(before.length, after.length)) return { op: 'change', parts: [{ op: 'delete', text: before }, { op: 'insert', text: after }] }
  return { op: 'change', parts }
}

/** True when a diff changes nothing. */
export function unchanged(parts: readonly DiffPart[]): boolean {
  return parts.every((p) => p.op === 'same')
}
