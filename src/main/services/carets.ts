/**
 * Where the caret was in each chapter, so a chapter reopens where the writer
 * left it. This is window state, not the book: it lives in its own small
 * file (`carets.json`), written a moment after the caret stops moving,
 * without fsync. A power cut can cost the last caret, never a word, and
 * moving the caret never rewrites library.json.
 */
import { readFile, rename, writeFile } from 'node:fs/promises'
import { z } from 'zod'
import type { SelectionSpot } from '../../shared/library'
import { isNotFound, tempFileFor } from './durableFile'

export const CARETS_FILE = 'carets.json'
/** A caret is written this long after it last moved. */
export const CARET_WRITE_DELAY_MS = 1000

const position = z.number().int().nonnegative()
const caretsSchema = z.object({ v: z.literal(1), selections: z.record(z.string(), z.object({ anchor: position, head: position })) })

export interface CaretFileOptions {
  delayMs?: number
}

export class CaretFile {
  private timer: ReturnType<typeof setTimeout> | null = null
  private writing: Promise<void> = Promise.resolve()

  private constructor(
    private readonly file: string,
    private readonly selections: Map<string, SelectionSpot>,
    private readonly delayMs: number,
  ) {}

  /**
   * Reads the carets; `earlier` are carets an older Quire kept in
   * library.json, used when there is no caret file yet. A file that cannot
   * be read as carets is ignored (it holds nothing worth keeping) and
   * replaced on the next write.
   */
  static async open(file: string, earlier: Record<string, SelectionSpot> = {}, options: CaretFileOptions = {}): Promise<CaretFile> {
    let selections: Record<string, SelectionSpot> = earlier
    try {
      const parsed = caretsSchema.safeParse(JSON.parse(await readFile(file, 'utf8')))
      if (parsed.success) selections = parsed.data.selections
    } catch (error) {
      if (!isNotFound(error) && !(error instanceof SyntaxError)) throw error
    }
    return new CaretFile(file, new Map(Object.entries(selections)), options.delayMs ?? CARET_WRITE_DELAY_MS)
  }

  all(): Record<string, SelectionSpot> {
    return Object.fromEntries(this.selections)
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
    const content = JSON.stringify({ v: 1, selections: this.all() })
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
