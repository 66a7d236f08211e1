/**
 * The highest counter the user ever signed in each shared chapter, kept apart
 * from the chapters' envelope logs.
 *
 * A writer's counters must never repeat: peers hold what was sent under each
 * one. If a chapter's envelope log is damaged or deleted, the log alone would
 * start the user's run again where the damage left it, and the next change
 * would reuse counters reviewers already hold for other changes (a fork).
 * This file survives that loss, so Rooms knows how far the run really went.
 *
 * Written whole (temp file, fsync, rename) after every signature, beside the
 * envelope's own append; writes are chained, each one carrying every counter
 * raised before it. An unreadable file only means the floors are unknown:
 * Rooms then trusts the logs, as it did before this file existed.
 */
import { readFile } from 'node:fs/promises'
import { writeFileAtomic } from './durableFile'

interface CountersFile {
  v: 1
  docs: Record<string, number>
}

export class OwnCounters {
  #writing: Promise<void> = Promise.resolve()

  private constructor(
    private readonly file: string,
    private readonly docs: Map<string, number>,
  ) {}

  static async open(file: string): Promise<OwnCounters> {
    const docs = new Map<string, number>()
    try {
      const raw = JSON.parse(await readFile(file, 'utf8')) as Partial<CountersFile> | null
      for (const [docId, seq] of Object.entries(raw?.docs ?? {})) if (Number.isSafeInteger(seq) && seq > 0) docs.set(docId, seq)
    } catch {
      // Missing or unreadable: nothing is known beyond what the logs hold.
    }
    return new OwnCounters(file, docs)
  }

  /** The highest counter signed in `docId`, or 0 when none is on record. */
  floor(docId: string): number {
    return this.docs.get(docId) ?? 0
  }

  /** Records that `seq` was signed in `docId`; resolves once that is on disk. */
  raise(docId: string, seq: number): Promise<void> {
    if (seq <= this.floor(docId)) return this.#writing
    this.docs.set(docId, seq)
    return this.#write()
  }

  /** Resolves once every counter raised so far is on disk. */
  written(): Promise<void> {
    return this.#writing
  }

  forget(docId: string): Promise<void> {
    if (!this.docs.delete(docId)) return this.#writing
    return this.#write()
  }

  #write(): Promise<void> {
    // Chained, and each write takes the map as it is when it starts: later raises ride along.
    const next = this.#writing.catch(() => {}).then(() => {
      const content: CountersFile = { v: 1, docs: Object.fromEntries(this.docs) }
      return writeFileAtomic(this.file, new TextEncoder().encode(JSON.stringify(content)))
    })
    this.#writing = next
    return next
  }
}
