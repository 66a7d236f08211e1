/**
 * Where the caret was in each chapter, so a chapter reopens where the writer
 * left it, and which comments the user has seen in each shared chapter, so
 * new ones can be marked. This is window state, not the book: it lives in
 * its own small file (`carets.json`), written a moment after it changes,
 * without fsync. A power cut can cost the last caret or a "new" mark, never
 * a word, and neither ever rewrites library.json.
 */
import { readFile, rename, writeFile } from 'node:fs/promises'
import { z } from 'zod'
import type { SelectionSpot } from '../../shared/library'
import { isNotFound, tempFileFor } from './durableFile'

export const CARETS_FILE = 'carets.json'
/** A caret is written this long after it last moved. */
export const CARET_WRITE_DELAY_MS = 1000

const position = z.number().int().nonnegative()
/** Comment ids kept per shared chapter; the oldest go first beyond this. */
export const MAX_SEEN_PER_DOC = 5000
const messageId = z.string().min(1).max(600)
const caretsSchema = z.object({
  v: z.literal(1),
  selections: z.record(z.string(), z.object({ anchor: position, head: position })),
  seen: z.record(z.string(), z.array(messageId).max(MAX_SEEN_PER_DOC)).optional(),
})

export interface ViewStateOptions {
  delayMs?: number
}

export class ViewStateFile {
  private timer: ReturnType<typeof setTimeout> | null = null
  private writing: Promise<void> = Promise.resolve()

  private constructor(
    private readonly file: string,
    private readonly selections: Map<string, SelectionSpot>,
    private readonly seen: Map<string, string[]>,
    private readonly delayMs: number,
  ) {}

  /**
   * Reads the carets; `earlier` are carets an older Quire kept in
   * library.json, used when there is no caret file yet. A file that cannot
   * be read as carets is ignored (it holds nothing worth keeping) and
   * replaced on the next write.
   */
  static async open(file: string, earlier: Record<string, SelectionSpot> = {}, options: ViewStateOptions = {}): Promise<ViewStateFile> {
    let selections: Record<string, SelectionSpot> = earlier
    let seen: Record<string, string[]> = {}
    try {
      const parsed = caretsSchema.safeParse(JSON.parse(await readFile(file, 'utf8')))
      if (parsed.success) ({ selections, seen = {} } = parsed.data)
    } catch (error) {
      if (!isNotFound(error) && !(error instanceof SyntaxError)) throw error
    }
    return new ViewStateFile(file, new Map(Object.entries(selections)), new Map(Object.entries(seen)), options.delayMs ?? CARET_WRITE_DELAY_MS)
  }

  all(): Record<string, SelectionSpot> {
    return Object.fromEntries(this.selections)
  }

  /** The comment ids the user has seen, per shared chapter document. */
  allSeen(): Record<string, string[]> {
    return Object.fromEntries(this.seen)
  }

  /** Notes comments as seen in `docId`; false when all of them already were. */
  markSeen(docId: string, messageIds: readonly string[]): boolean {
    const list = this.seen.get(docId) ?? []
    const known = new Set(list)
    const added = messageIds.filter((id) => !known.has(id) && (known.add(id), true))
    if (added.length === 0) return false
    this.seen.set(docId, [...list, ...added].slice(-MAX_SEEN_PER_DOC))
    this.schedule()
    return true
  }

  set(chapterId: string, spot: SelectionSpot): void {
    this.selections.set(chapterId, { anchor: spot.anchor, head: spot.head })
    this.schedule()
  }

  /** Drops the carets of chapters that are gone for good. */
  forget(chapterIds: Iterable<string>): void {
    let changed = false
    for (const id of chapterIds) changed = this.selections.delete(id) || changed
    if (changed) this.schedule()
  }

  /** Writes what is pending now; call before quitting. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = null
      this.write()
    }
    await this.writing
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = null
      this.write()
    }, this.delayMs)
  }

  private write(): void {
    const content = JSON.stringify({ v: 1, selections: this.all(), seen: this.allSeen() })
    // One write at a time, in order; a failure costs carets only, so it is not reported.
    this.writing = this.writing.then(async () => {
      const temp = tempFileFor(this.file)
      try {
        await writeFile(temp, content, { mode: 0o600 })
        await rename(temp, this.file)
      } catch {
        // The next caret move tries again.
      }
    })
  }
}
