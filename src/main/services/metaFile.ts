/**
 * Opens a small JSON metadata file (books, chapter order, shares, settings)
 * through lowdb, without ever losing what was on disk.
 *
 * lowdb alone would throw on invalid JSON and happily load a wrong shape; here
 * the file is validated at the trust boundary first. Anything unreadable is
 * kept beside the original before lowdb's next write replaces it. Writes then
 * go through lowdb to DurableJsonFile below.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { Low, type Adapter } from 'lowdb'
import { isNotFound, keepDamagedCopy, moveDamagedAside, writeFileAtomic } from './durableFile'
import {
  droppedEntriesProblem,
  unreadableJsonProblem,
  type StorageProblem,
} from './problems'

/** Keeps the valid part of parsed JSON and counts the entries it had to drop. */
export type Sanitizer<T> = (raw: unknown) => { value: T; dropped: number }

export interface OpenJsonFileOptions {
  /** Clock for the names of damaged-file copies; injectable for tests. */
  now?: () => number
}

export interface OpenedJsonFile<T> {
  /** Ready to use: `db.data` is already set, so callers must not call `db.read()`. */
  db: Low<T>
  problems: StorageProblem[]
}

type ReadResult = { kind: 'missing' } | { kind: 'unreadable'; reason: string } | { kind: 'read'; bytes: Buffer }

async function readBytes(file: string): Promise<ReadResult> {
  try {
    return { kind: 'read', bytes: await readFile(file) }
  } catch (error) {
    if (isNotFound(error)) return { kind: 'missing' }
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error'
    return { kind: 'unreadable', reason: `the file could not be opened: ${code}` }
  }
}

function parseJson(bytes: Buffer): { ok: true; raw: unknown } | { ok: false } {
  try {
    // Editors on Windows may add a byte-order mark, which JSON.parse rejects.
    return { ok: true, raw: JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, '')) }
  } catch {
    return { ok: false }
  }
}

/**
 * Opens `file` as a lowdb database. A missing file starts from `defaults()`
 * silently; invalid JSON or an unreadable file starts from `defaults()` and is
 * kept aside; a wrong shape keeps what `sanitize` accepts and keeps the
 * original aside when anything was dropped.
 */
export async function openJsonFile<T>(
  file: string,
  defaults: () => T,
  sanitize: Sanitizer<T>,
  options: OpenJsonFileOptions = {},
): Promise<OpenedJsonFile<T>> {
  const now = options.now ?? Date.now
  const name = path.basename(file)
  const open = (value: T, problems: StorageProblem[]): OpenedJsonFile<T> => {
    const db = new Low<T>(new DurableJsonFile<T>(file), defaults())
    db.data = value
    return { db, problems }
  }

  const read = await readBytes(file)
  if (read.kind === 'missing') return open(defaults(), [])
  if (read.kind === 'unreadable') {
    const keptAs = await moveDamagedAside(file, now())
    return open(defaults(), [unreadableJsonProblem(name, keptAs, read.reason)])
  }

  const parsed = parseJson(read.bytes)
  if (!parsed.ok) {
    const keptAs = await keepDamagedCopy(file, read.bytes, now())
    return open(defaults(), [unreadableJsonProblem(name, keptAs, 'it is not valid JSON')])
  }

  let sanitized: { value: T; dropped: number }
  try {
    sanitized = sanitize(parsed.raw)
  } catch {
    // A sanitizer that gives up has understood nothing: treat the file as unreadable.
    const keptAs = await keepDamagedCopy(file, read.bytes, now())
    return open(defaults(), [unreadableJsonProblem(name, keptAs, 'its contents were not understood')])
  }
  if (sanitized.dropped > 0) {
    const keptAs = await keepDamagedCopy(file, read.bytes, now())
    return open(sanitized.value, [droppedEntriesProblem(name, keptAs, sanitized.dropped)])
  }
  return open(sanitized.value, [])
}

/**
 * lowdb's adapter for this file. Each write lands in a temp file that is
 * fsynced and renamed over the original (then the folder is fsynced), so a
 * crash or power cut leaves the old or the new file, never a torn one, and a
 * call resolves only once its change is on disk. lowdb's own JSONFile renames
 * but never fsyncs. Writes that arrive while one is in flight are coalesced
 * into the next: it serializes the data as it is by then.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  private writing = false
  private pending: { data: T; waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }> } | null = null

  constructor(private readonly file: string) {}

  /** Unused: openJsonFile reads and validates the file itself. */
  async read(): Promise<T | null> {
    return null
  }

  write(data: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending ??= { data, waiters: [] }
      this.pending.data = data
      this.pending.waiters.push({ resolve, reject })
      void this.flush()
    })
  }

  private async flush(): Promise<void> {
    if (this.writing || !this.pending) return
    const { data, waiters } = this.pending
    this.pending = null
    this.writing = true
    try {
      await writeFileAtomic(this.file, new TextEncoder().encode(JSON.stringify(data, null, 2)))
      for (const waiter of waiters) waiter.resolve()
    } catch (error) {
      for (const waiter of waiters) waiter.reject(error)
    } finally {
      this.writing = false
      void this.flush()
    }
  }
}
