/**
 * Opens a small JSON metadata file (books, chapter order, shares, settings)
 * through lowdb, without ever losing what was on disk.
 *
 * lowdb alone would throw on invalid JSON and happily load a wrong shape; here
 * the file is validated at the trust boundary first. Anything unreadable is
 * kept beside the original, and each write keeps the file it replaces as the
 * previous generation (`<file>.previous`), so damage is repaired from the copy
 * saved one write before it. Writes go through lowdb to DurableJsonFile below.
 */
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { Low, type Adapter } from 'lowdb'
import { isNotFound, moveDamagedAside, replaceKeepingPrevious } from './durableFile'
import {
  droppedEntriesProblem,
  restoredFromPreviousProblem,
  unreadableJsonProblem,
  type StorageProblem,
} from './problems'

/** The valid part of parsed JSON: how many entries had to go, and from which parts. */
export interface Sanitized<T> {
  value: T
  dropped: number
  damagedParts?: string[]
}

/** Keeps the valid part of parsed JSON and counts the entries it had to drop. */
export type Sanitizer<T> = (raw: unknown) => Sanitized<T>

/** Fills what damage took from the previous generation, naming each thing it restored. */
export type Repairer<T> = (current: Sanitized<T>, previous: T) => { value: T; restored: string[] }

export interface OpenJsonFileOptions<T> {
  /** Clock for the names of damaged-file copies; injectable for tests. */
  now?: () => number
  /** Repairs a partly damaged file from its previous generation; without it the previous one is used only when nothing could be read. */
  repair?: Repairer<T>
}

export const previousFileFor = (file: string): string => `${file}.previous`

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

/** The previous generation, if it is there and readable. */
async function readPrevious<T>(file: string, sanitize: Sanitizer<T>): Promise<{ value: T; savedAt: number } | null> {
  const previous = previousFileFor(file)
  const read = await readBytes(previous)
  if (read.kind !== 'read') return null
  const parsed = parseJson(read.bytes)
  if (!parsed.ok) return null
  try {
    const { value } = sanitize(parsed.raw)
    return { value, savedAt: (await stat(previous)).mtimeMs }
  } catch {
    return null
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
 * silently. A damaged one (unreadable, not JSON, or with entries `sanitize`
 * refuses) is moved aside untouched and rebuilt from what is readable plus
 * its previous generation; the problem says which parts came from that copy.
 */
export async function openJsonFile<T>(
  file: string,
  defaults: () => T,
  sanitize: Sanitizer<T>,
  options: OpenJsonFileOptions<T> = {},
): Promise<OpenedJsonFile<T>> {
  const now = options.now ?? Date.now
  const name = path.basename(file)
  const open = async (value: T, problems: StorageProblem[]): Promise<OpenedJsonFile<T>> => {
    const db = new Low<T>(new DurableJsonFile<T>(file), defaults())
    db.data = value
    // A repaired file is written at once, so the damaged one never becomes the previous generation.
    if (problems.length > 0) await db.write()
    return { db, problems }
  }

  const read = await readBytes(file)
  if (read.kind === 'missing') {
    // The file can only be missing with a previous generation left if something deleted it.
    const previous = await readPrevious(file, sanitize)
    if (!previous) return open(defaults(), [])
    return open(previous.value, [restoredFromPreviousProblem(name, null, previous.savedAt, null, 'it was missing')])
  }

  let current: Sanitized<T> | null = null
  let reason = ''
  if (read.kind === 'unreadable') reason = read.reason
  else {
    const parsed = parseJson(read.bytes)
    if (!parsed.ok) reason = 'it is not valid JSON'
    else {
      try {
        current = sanitize(parsed.raw)
        if (current.dropped === 0) return open(current.value, [])
      } catch {
        // A sanitizer that gives up has understood nothing: treat the file as unreadable.
        reason = 'its contents were not understood'
      }
    }
  }

  // Damaged: move it aside untouched (renaming needs no read permission), then rebuild.
  const keptAs = await moveDamagedAside(file, now())
  const previous = await readPrevious(file, sanitize)
  if (current === null) {
    if (previous) return open(previous.value, [restoredFromPreviousProblem(name, keptAs, previous.savedAt, null, reason)])
    return open(defaults(), [unreadableJsonProblem(name, keptAs, reason)])
  }
  if (previous && options.repair) {
    const { value, restored } = options.repair(current, previous.value)
    return open(value, [restoredFromPreviousProblem(name, keptAs, previous.savedAt, restored, `${current.dropped} of its entries could not be understood`)])
  }
  return open(current.value, [droppedEntriesProblem(name, keptAs, current.dropped)])
}

/**
 * lowdb's adapter for this file. Each write lands in a temp file that is
 * fsynced and renamed over the original (then the folder is fsynced), so a
 * crash or power cut leaves the old or the new file, never a torn one, and a
 * call resolves only once its change is on disk. The replaced file becomes
 * the previous generation. lowdb's own JSONFile renames
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
      await replaceKeepingPrevious(this.file, previousFileFor(this.file), new TextEncoder().encode(JSON.stringify(data, null, 2)))
      for (const waiter of waiters) waiter.resolve()
    } catch (error) {
      for (const waiter of waiters) waiter.reject(error)
    } finally {
      this.writing = false
      void this.flush()
    }
  }
}
