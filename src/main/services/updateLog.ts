/**
 * Durable storage for Yjs documents: one append-only binary log per document.
 *
 * Appending a small update is cheap and crash-safe (fsync per record); once a
 * log has grown, it is compacted into a single merged update. Each compacted
 * state is also kept beside the log as a generation (`<id>.snap1`, and the one
 * before it as `<id>.snap2`), written before the old log goes. A crash can at
 * worst tear the last record. Damage anywhere else costs only what it covers:
 * loading reads every intact record around it and takes the damaged state
 * back from the generations. See `logFormat.ts` for the bytes on disk.
 */
import { crc32 } from 'node:zlib'
import { mkdir, readdir, readFile, rename, stat } from 'node:fs/promises'
import path from 'node:path'
import * as Y from 'yjs'
import { isId } from '../../shared/ids'
import { appendDurable, isNotFound, keepDamagedCopy, removeDurable, removeStaleTempFiles, writeFileAtomic } from './durableFile'
import { KeyedQueue } from './keyedQueue'
import { encodeLog, encodeRecord, HEADER_BYTES, RECORD_HEADER_BYTES, scanLog, type LogScan } from './logFormat'
import { describeLogDamage, type LogDamageReport, type LogProblem } from './problems'

export interface DocStoreOptions {
  /** What the logs hold; Yjs updates unless told otherwise. */
  codec?: LogCodec
  /**
   * Compact once the records after the first (the merged state) exceed this
   * many bytes, not counting what the last compaction kept, and grew past
   * those too. Default 1 MiB.
   */
  compactAfterBytes?: number
  /** Compact once the log holds more than this many records, not counting what the last compaction kept. Default 500. */
  compactAfterRecords?: number
  /** Clock for the names of damaged-file copies; injectable for tests. */
  now?: () => number
}

export interface LoadedDoc {
  /** Every readable record merged into one update; empty when there is nothing stored. */
  update: Uint8Array
  /** Damage found (and repaired) since the last load of this document. */
  problems: LogProblem[]
}

/** What this process knows about a log's size, to decide when to compact. */
interface LogState {
  exists: boolean
  records: number
  /** Bytes of all records after the first one. */
  bytesAfterFirst: number
  /**
   * Of those, what the last compaction kept (signed envelopes that cannot
   * fold yet, waiting for one that is missing); zero for a log read from disk.
   * Growth is counted past them, and must pass them too, so a log that cannot
   * shrink is not rewritten on every append.
   */
  keptRecords: number
  keptBytes: number
}

const LOG_SUFFIX = '.log'
/** Saved generations of a document's compacted state, newest first. */
const GENERATION_SUFFIXES = ['.snap1', '.snap2'] as const

/** True when `payload` is a Yjs update this version can parse. */
export function isDecodableUpdate(payload: Uint8Array): boolean {
  try {
    Y.decodeUpdate(payload)
    return true
  } catch {
    return false
  }
}

function assertDocId(docId: unknown): asserts docId is string {
  if (!isId(docId)) throw new Error(`Invalid document id: ${JSON.stringify(docId)}`)
}

/** What a log holds, and how its records combine when it is compacted. */
export interface LogCodec {
  /** Whether a record read from disk (or given to append) is one this log holds. */
  isValid(record: Uint8Array): boolean
  /**
   * The records a compacted log keeps for `records`; `incomplete` when some
   * cannot take effect because what they build on is not there.
   */
  compact(records: readonly Uint8Array[]): { records: Uint8Array[]; incomplete: boolean }
  /** Changes whenever `records` hold more: tells whether a saved generation added anything. */
  summary(records: readonly Uint8Array[]): string
}

/**
 * Logs of Yjs updates. Compacted to the document's whole state as one update:
 * applying the records to a Y.Doc (in one transaction) is far faster than
 * Y.mergeUpdates on long logs, and the doc's garbage collection drops the
 * content of deleted text, so compacted logs stay close to
 * Y.encodeStateAsUpdate's size. Updates still waiting for missing
 * dependencies are kept: encodeStateAsUpdate includes them.
 */
export const yjsUpdates: LogCodec = {
  isValid: isDecodableUpdate,
  compact(records) {
    if (records.length === 0) return { records: [], incomplete: false }
    const doc = new Y.Doc()
    doc.transact(() => {
      for (const record of records) Y.applyUpdate(doc, record)
    })
    const incomplete = doc.store.pendingStructs !== null || doc.store.pendingDs !== null
    // A single record is returned as it was (slice(), so it does not pin the file buffer).
    const state = records.length === 1 ? records[0]!.slice() : Y.encodeStateAsUpdate(doc)
    doc.destroy()
    return { records: [state], incomplete }
  },
  summary(records) {
    const [state] = this.compact(records).records
    return state ? Buffer.from(Y.encodeStateVectorFromUpdate(state)).toString('base64') : ''
  },
}

/** The document's whole state as one update (empty when there is nothing). */
function mergeRecords(records: readonly Uint8Array[]): Uint8Array {
  return yjsUpdates.compact(records).records[0] ?? new Uint8Array(0)
}

interface Generation {
  file: string
  savedAt: number
  records: Uint8Array[]
}

function stateOf(records: readonly Uint8Array[], compacted = false): LogState {
  let bytesAfterFirst = 0
  for (let i = 1; i < records.length; i++) bytesAfterFirst += RECORD_HEADER_BYTES + records[i]!.length
  const kept = compacted ? { keptRecords: records.length - 1, keptBytes: bytesAfterFirst } : { keptRecords: 0, keptBytes: 0 }
  return { exists: true, records: records.length, bytesAfterFirst, ...kept }
}

/**
 * The update logs of every document in one directory. All operations on one
 * document run one at a time in call order; different documents proceed in
 * parallel. Only one DocStore (in one process) may own a directory.
 */
export class DocStore {
  readonly #dir: string
  readonly #codec: LogCodec
  readonly #compactAfterBytes: number
  readonly #compactAfterRecords: number
  readonly #now: () => number
  readonly #queue = new KeyedQueue()
  readonly #states = new Map<string, LogState>()
  /** Problems found by append/compact, which cannot return them; handed out by the next load. */
  readonly #unreported = new Map<string, LogProblem[]>()

  constructor(dir: string, options: DocStoreOptions = {}) {
    this.#dir = dir
    this.#codec = options.codec ?? yjsUpdates
    this.#compactAfterBytes = options.compactAfterBytes ?? 1024 * 1024
    this.#compactAfterRecords = options.compactAfterRecords ?? 500
    this.#now = options.now ?? Date.now
  }

  /**
   * Reads a document, repairing its log first if it was damaged. A missing log
   * is an empty document. Rejects with UnsupportedLogVersionError for a log
   * written by a newer Quire, which is left untouched.
   */
  async load(docId: string): Promise<LoadedDoc> {
    const { records, problems } = await this.loadRecords(docId)
    // A compacted log is its state already (checked when read): no need to replay it into a doc first.
    return { update: records.length === 1 ? records[0]!.slice() : mergeRecords(records), problems }
  }

  /** Every readable record of a document, after repairing its log if it was damaged. */
  async loadRecords(docId: string): Promise<{ records: Uint8Array[]; problems: LogProblem[] }> {
    assertDocId(docId)
    return this.#queue.run(docId, async () => {
      const { records, problems } = await this.#read(docId)
      const earlier = this.#unreported.get(docId) ?? []
      this.#unreported.delete(docId)
      return { records, problems: [...earlier, ...problems] }
    })
  }

  /**
   * Appends one record; resolves once it is on disk (fsynced). Rejects what
   * the codec cannot read, so nothing unreadable ever enters the log.
   */
  async append(docId: string, update: Uint8Array): Promise<void> {
    assertDocId(docId)
    if (!(update instanceof Uint8Array) || !this.#codec.isValid(update)) {
      throw new Error(`Not a valid record for document ${docId}`)
    }
    // Copy now: the caller may reuse its buffer before our turn in the queue.
    const record = update.slice()
    return this.#queue.run(docId, () => this.#append(docId, record))
  }

  /** Rewrites the log as one merged update. The merged state is durable before the old records go. */
  async compact(docId: string): Promise<void> {
    assertDocId(docId)
    return this.#queue.run(docId, () => this.#compact(docId))
  }

  /** Deletes a document's log and its saved generations for good. */
  async remove(docId: string): Promise<void> {
    assertDocId(docId)
    return this.#queue.run(docId, async () => {
      await removeDurable(this.#file(docId))
      for (const suffix of GENERATION_SUFFIXES) await removeDurable(this.#file(docId, suffix))
      this.#states.delete(docId)
      this.#unreported.delete(docId)
    })
  }

  /** Deletes temp files a crash left behind. Call once at start, before any other operation. */
  async removeStaleTempFiles(): Promise<void> {
    await removeStaleTempFiles(this.#dir)
  }

  /** Whether a log exists for the document, after the operations queued before this call. */
  async has(docId: string): Promise<boolean> {
    assertDocId(docId)
    return this.#queue.run(docId, async () => {
      try {
        return (await stat(this.#file(docId))).isFile()
      } catch (error) {
        if (isNotFound(error)) return false
        throw error
      }
    })
  }

  /** Ids of the documents that have a log on disk. */
  async list(): Promise<string[]> {
    let names: string[]
    try {
      names = await readdir(this.#dir)
    } catch (error) {
      if (isNotFound(error)) return []
      throw error
    }
    return names
      .filter((name) => name.endsWith(LOG_SUFFIX))
      .map((name) => name.slice(0, -LOG_SUFFIX.length))
      .filter(isId)
      .sort()
  }

  /** Resolves once every operation issued so far has finished, e.g. before quitting. */
  flush(): Promise<void> {
    return this.#queue.idle()
  }

  /** Compacts every log this store appended to that grew since it was last compacted: the next start loads faster. */
  async compactTouched(): Promise<void> {
    const grown = [...this.#states].filter(([, state]) => state.exists && state.records > 1 + state.keptRecords).map(([docId]) => docId)
    await Promise.all(grown.map((docId) => this.compact(docId)))
  }

  #file(docId: string, suffix: string = LOG_SUFFIX): string {
    return path.join(this.#dir, docId + suffix)
  }

  async #append(docId: string, update: Uint8Array): Promise<void> {
    const file = this.#file(docId)
    // The first append in this process checks the log: appending after a torn
    // tail would hide the new record behind the damage.
    let state = this.#states.get(docId)
    if (!state) {
      this.#stash(docId, (await this.#read(docId)).problems)
      state = this.#states.get(docId)!
    }
    if (!state.exists) {
      await mkdir(this.#dir, { recursive: true, mode: 0o700 })
      // Header and first record appear together, so a log never lacks its header.
      await this.#saveGeneration(docId, [update])
      await writeFileAtomic(file, encodeLog([update]))
      this.#states.set(docId, stateOf([update]))
    } else {
      const record = encodeRecord(update)
      try {
        await appendDurable(file, record)
      } catch (error) {
        // The file was cut back to its old length; read it afresh before the next append.
        this.#states.delete(docId)
        throw error
      }
      state.records += 1
      state.bytesAfterFirst += record.length
    }
    const { records, bytesAfterFirst, keptRecords, keptBytes } = this.#states.get(docId)!
    if (records - keptRecords > this.#compactAfterRecords || bytesAfterFirst - keptBytes > Math.max(this.#compactAfterBytes, keptBytes)) {
      await this.#compact(docId)
    }
  }

  async #compact(docId: string): Promise<void> {
    const { records, problems } = await this.#read(docId)
    this.#stash(docId, problems)
    if (records.length <= 1) return
    const compacted = this.#codec.compact(records).records
    // The compacted state is kept as a generation before the old records go.
    await this.#saveGeneration(docId, compacted)
    await writeFileAtomic(this.#file(docId), encodeLog(compacted))
    this.#states.set(docId, stateOf(compacted, true))
  }

  /** Makes `records` the newest saved generation; the one before it becomes the previous generation. */
  async #saveGeneration(docId: string, records: Uint8Array[]): Promise<void> {
    const [newest, previous] = GENERATION_SUFFIXES.map((suffix) => this.#file(docId, suffix))
    try {
      await rename(newest!, previous!)
    } catch (error) {
      if (!isNotFound(error)) throw error
    }
    await writeFileAtomic(newest!, encodeLog(records))
  }

  /** The intact saved generations, newest first. */
  async #readGenerations(docId: string): Promise<Generation[]> {
    const generations: Generation[] = []
    for (const suffix of GENERATION_SUFFIXES) {
      const file = this.#file(docId, suffix)
      try {
        const [bytes, info] = await Promise.all([readFile(file), stat(file)])
        const scan = scanLog(bytes, this.#codec.isValid, path.basename(file))
        if (!scan.damage && scan.records.length > 0) generations.push({ file: path.basename(file), savedAt: info.mtimeMs, records: scan.records })
      } catch (error) {
        if (!isNotFound(error)) throw error
      }
    }
    return generations
  }

  /** Reads every readable record; if anything was unreadable, keeps a copy and rewrites the log from what can be recovered. */
  async #read(docId: string): Promise<{ records: Uint8Array[]; problems: LogProblem[] }> {
    const file = this.#file(docId)
    let bytes: Uint8Array
    try {
      bytes = await readFile(file)
    } catch (error) {
      if (!isNotFound(error)) throw error
      this.#states.set(docId, { exists: false, records: 0, bytesAfterFirst: 0, keptRecords: 0, keptBytes: 0 })
      return { records: [], problems: [] }
    }
    const name = path.basename(file)
    const scan = scanLog(bytes, this.#codec.isValid, name)
    if (!scan.damage) {
      this.#states.set(docId, stateOf(scan.records))
      return { records: scan.records, problems: [] }
    }
    const keptAs = await keepDamagedCopy(file, bytes, this.#now())
    const { records, report } = await this.#recover(docId, scan, bytes.length)
    await writeFileAtomic(file, encodeLog(records))
    this.#states.set(docId, stateOf(records))
    const message = describeLogDamage(report, `The chapter file "${name}"`, keptAs)
    return { records, problems: [{ file: name, keptAs, message, log: report }] }
  }

  /** What a damaged log still holds, with the saved generations filling in what the damage covered. */
  async #recover(docId: string, scan: LogScan, size: number): Promise<{ records: Uint8Array[]; report: LogDamageReport }> {
    const readable = [...scan.records, ...scan.later]
    const [gap] = scan.gaps
    const tornTail = scan.gaps.length === 1 && scan.later.length === 0 && gap!.at + gap!.bytes === size && scan.damage?.kind === 'torn-record'
    if (tornTail) {
      return { records: readable, report: { docId, tornTail, missingChanges: 1, restoredFrom: null, incomplete: false } }
    }
    const generations = await this.#readGenerations(docId)
    let missingChanges: number | null = 0
    let restoredFrom: Generation | null = null
    for (const { at, bytes, record } of scan.gaps) {
      // A damaged file header with intact records behind it held no change.
      if (at === 0 && bytes === HEADER_BYTES) continue
      const held = record && generations.find((g) => g.records.some((r) => r.length === record.length && crc32(r) === record.checksum))
      if (held) restoredFrom ??= held
      else if (!record) missingChanges = null
      else if (missingChanges !== null) missingChanges++
    }
    // Older states add nothing the newer ones lack, so merging every generation in is always safe.
    const all = [...generations.flatMap((g) => g.records), ...readable]
    const merged = this.#codec.compact(all)
    const added = generations.length > 0 && this.#codec.summary(all) !== this.#codec.summary(readable)
    restoredFrom ??= added ? generations[0]! : null
    return {
      records: merged.records,
      report: {
        docId,
        tornTail: false,
        missingChanges,
        restoredFrom: restoredFrom && { file: restoredFrom.file, savedAt: restoredFrom.savedAt },
        incomplete: merged.incomplete,
      },
    }
  }

  #stash(docId: string, problems: LogProblem[]): void {
    if (problems.length === 0) return
    this.#unreported.set(docId, [...(this.#unreported.get(docId) ?? []), ...problems])
  }
}
