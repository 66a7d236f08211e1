/**
 * Durable storage for Yjs documents: one append-only binary log per document.
 *
 * Appending a small update is cheap and crash-safe (fsync per record); once a
 * log has grown, it is compacted into a single merged update. A crash can at
 * worst tear the last record, and loading recovers everything before it. See
 * `logFormat.ts` for the bytes on disk.
 */
import { mkdir, readdir, readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import * as Y from 'yjs'
import { isId } from '../../shared/ids'
import {
  appendDurable,
  isNotFound,
  keepDamagedCopy,
  removeDurable,
  tempFileFor,
  writeFileAtomic,
} from './durableFile'
import { KeyedQueue } from './keyedQueue'
import { encodeLog, encodeRecord, RECORD_HEADER_BYTES, scanLog } from './logFormat'
import { damagedLogProblem, type StorageProblem } from './problems'

export interface DocStoreOptions {
  /** Compact once the records after the first (the merged state) exceed this many bytes. Default 1 MiB. */
  compactAfterBytes?: number
  /** Compact once the log holds more than this many records. Default 500. */
  compactAfterRecords?: number
  /** Clock for the names of damaged-file copies; injectable for tests. */
  now?: () => number
}

export interface LoadedDoc {
  /** Every readable record merged into one update; empty when there is nothing stored. */
  update: Uint8Array
  /** Damage found (and repaired) since the last load of this document. */
  problems: StorageProblem[]
}

/** What this process knows about a log's size, to decide when to compact. */
interface LogState {
  exists: boolean
  records: number
  /** Bytes of all records after the first one: growth since the last compaction. */
  bytesAfterFirst: number
}

const LOG_SUFFIX = '.log'

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

/**
 * The document's whole state as one update. Applying the records to a Y.Doc
 * (in one transaction) is far faster than Y.mergeUpdates on long logs, and the
 * doc's garbage collection drops the content of deleted text, so compacted
 * logs stay close to Y.encodeStateAsUpdate's size. Updates still waiting for
 * missing dependencies are kept: encodeStateAsUpdate includes them.
 */
function mergeRecords(records: readonly Uint8Array[]): Uint8Array {
  if (records.length === 0) return new Uint8Array(0)
  // slice() so the result does not pin the whole file buffer in memory.
  if (records.length === 1) return records[0]!.slice()
  const doc = new Y.Doc()
  doc.transact(() => {
    for (const record of records) Y.applyUpdate(doc, record)
  })
  const state = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return state
}

function stateOf(records: readonly Uint8Array[]): LogState {
  let bytesAfterFirst = 0
  for (let i = 1; i < records.length; i++) bytesAfterFirst += RECORD_HEADER_BYTES + records[i]!.length
  return { exists: true, records: records.length, bytesAfterFirst }
}

/**
 * The update logs of every document in one directory. All operations on one
 * document run one at a time in call order; different documents proceed in
 * parallel. Only one DocStore (in one process) may own a directory.
 */
export class DocStore {
  readonly #dir: string
  readonly #compactAfterBytes: number
  readonly #compactAfterRecords: number
  readonly #now: () => number
  readonly #queue = new KeyedQueue()
  readonly #states = new Map<string, LogState>()
  /** Problems found by append/compact, which cannot return them; handed out by the next load. */
  readonly #unreported = new Map<string, StorageProblem[]>()

  constructor(dir: string, options: DocStoreOptions = {}) {
    this.#dir = dir
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
    assertDocId(docId)
    return this.#queue.run(docId, async () => {
      const { records, problems } = await this.#read(docId)
      const earlier = this.#unreported.get(docId) ?? []
      this.#unreported.delete(docId)
      return { update: mergeRecords(records), problems: [...earlier, ...problems] }
    })
  }

  /**
   * Appends one Yjs update; resolves once it is on disk (fsynced). Rejects
   * updates Yjs cannot decode, so nothing unreadable ever enters the log.
   */
  async append(docId: string, update: Uint8Array): Promise<void> {
    assertDocId(docId)
    if (!(update instanceof Uint8Array) || !isDecodableUpdate(update)) {
      throw new Error(`Not a Yjs update for document ${docId}`)
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

  /** Deletes a document's log for good. */
  async remove(docId: string): Promise<void> {
    assertDocId(docId)
    return this.#queue.run(docId, async () => {
      await removeDurable(this.#file(docId))
      await removeDurable(tempFileFor(this.#file(docId)))
      this.#states.delete(docId)
      this.#unreported.delete(docId)
    })
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

  #file(docId: string): string {
    return path.join(this.#dir, docId + LOG_SUFFIX)
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
      await mkdir(this.#dir, { recursive: true })
      // Header and first record appear together, so a log never lacks its header.
      await writeFileAtomic(file, encodeLog([update]))
      this.#states.set(docId, stateOf([update]))
    } else {
      const record = encodeRecord(update)
      await appendDurable(file, record)
      state.records += 1
      state.bytesAfterFirst += record.length
    }
    const grown = this.#states.get(docId)!
    if (grown.records > this.#compactAfterRecords || grown.bytesAfterFirst > this.#compactAfterBytes) {
      await this.#compact(docId)
    }
  }

  async #compact(docId: string): Promise<void> {
    const { records, problems } = await this.#read(docId)
    this.#stash(docId, problems)
    if (records.length <= 1) return
    const merged = mergeRecords(records)
    await writeFileAtomic(this.#file(docId), encodeLog([merged]))
    this.#states.set(docId, stateOf([merged]))
  }

  /** Reads every readable record; if anything was unreadable, keeps a copy and rewrites the log without it. */
  async #read(docId: string): Promise<{ records: Uint8Array[]; problems: StorageProblem[] }> {
    const file = this.#file(docId)
    // A temp file can only be left by a crash mid-rewrite; the log itself is intact.
    await removeDurable(tempFileFor(file))
    let bytes: Uint8Array
    try {
      bytes = await readFile(file)
    } catch (error) {
      if (!isNotFound(error)) throw error
      this.#states.set(docId, { exists: false, records: 0, bytesAfterFirst: 0 })
      return { records: [], problems: [] }
    }
    const name = path.basename(file)
    const scan = scanLog(bytes, isDecodableUpdate, name)
    const problems: StorageProblem[] = []
    if (scan.damage) {
      const keptAs = await keepDamagedCopy(file, bytes, this.#now())
      await writeFileAtomic(file, encodeLog(scan.records))
      problems.push(damagedLogProblem(name, keptAs, bytes.length - scan.goodBytes))
    }
    this.#states.set(docId, stateOf(scan.records))
    return { records: scan.records, problems }
  }

  #stash(docId: string, problems: StorageProblem[]): void {
    if (problems.length === 0) return
    this.#unreported.set(docId, [...(this.#unreported.get(docId) ?? []), ...problems])
  }
}
