/**
 * The on-disk format of a document's update log, as pure functions over bytes.
 *
 * Layout: an 8-byte ASCII tag `QUIRELOG` and a version byte, then records of
 * `[u32 LE payload length][u32 LE crc32 of payload][payload]`. Each payload is
 * one Yjs update. The length + checksum let a reader find exactly where a torn
 * or corrupted write begins and keep everything before it.
 */
import { crc32 } from 'node:zlib'

export const LOG_MAGIC = new TextEncoder().encode('QUIRELOG')
/** Bump when the record layout changes, and add a case to {@link scanLog}. */
export const LOG_VERSION = 1
export const HEADER_BYTES = LOG_MAGIC.length + 1
export const RECORD_HEADER_BYTES = 8

/** Where and why a scan stopped before the end of the bytes. */
export type LogDamage =
  | { kind: 'bad-header' }
  | { kind: 'torn-record'; at: number }
  | { kind: 'checksum'; at: number }
  | { kind: 'invalid-payload'; at: number }

/** A stretch of bytes no readable record covers. */
export interface LogGap {
  at: number
  bytes: number
  /**
   * The length and checksum of the record that was there, when its header was
   * still readable: enough to tell whether a saved generation holds exactly it.
   */
  record?: { length: number; checksum: number }
}

export interface LogScan {
  /** Payloads of every readable record before the first damage, in file order. */
  records: Uint8Array[]
  /** Length of the readable prefix: header plus every readable record. */
  goodBytes: number
  /** Set when bytes after `goodBytes` could not be read. */
  damage: LogDamage | null
  /** Readable records found after the damage, in file order. */
  later: Uint8Array[]
  /** Every unreadable stretch, in file order. */
  gaps: LogGap[]
}

/**
 * A log written by a newer Quire. Not damage: "recovering" it would destroy
 * data this version cannot understand, so callers must refuse to touch it.
 */
export class UnsupportedLogVersionError extends Error {
  constructor(
    readonly file: string,
    readonly version: number,
  ) {
    super(`"${file}" was written by a newer version of Quire (format ${version}); please update Quire to open it.`)
    this.name = 'UnsupportedLogVersionError'
  }
}

export function encodeHeader(): Uint8Array {
  const header = new Uint8Array(HEADER_BYTES)
  header.set(LOG_MAGIC, 0)
  header[LOG_MAGIC.length] = LOG_VERSION
  return header
}

export function encodeRecord(payload: Uint8Array): Uint8Array {
  const record = new Uint8Array(RECORD_HEADER_BYTES + payload.length)
  const view = new DataView(record.buffer)
  view.setUint32(0, payload.length, true)
  view.setUint32(4, crc32(payload), true)
  record.set(payload, RECORD_HEADER_BYTES)
  return record
}

/** A complete log holding exactly `payloads`: what compaction and repair write. */
export function encodeLog(payloads: readonly Uint8Array[]): Uint8Array {
  const parts = [encodeHeader(), ...payloads.map(encodeRecord)]
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

/** The format version in the header, or null when the header is not ours. */
export function readVersion(bytes: Uint8Array): number | null {
  if (bytes.length < HEADER_BYTES) return null
  for (let i = 0; i < LOG_MAGIC.length; i++) {
    if (bytes[i] !== LOG_MAGIC[i]) return null
  }
  return bytes[LOG_MAGIC.length] ?? null
}

/**
 * Reads every readable record. The records before the first damage are
 * `records`; after damage the scan looks for the next intact record (a
 * length, a matching checksum and a payload `isValidPayload` accepts) and goes
 * on from there, so damage in the middle costs only what it covers. Never
 * throws for damaged input; throws {@link UnsupportedLogVersionError} for a
 * log from a newer version.
 */
export function scanLog(
  bytes: Uint8Array,
  isValidPayload: (payload: Uint8Array) => boolean,
  file = 'log',
): LogScan {
  const version = readVersion(bytes)
  if (version === null || version === 0) {
    // The header is gone; records after it may still be intact.
    const rest = resync(bytes, 0, isValidPayload)
    return { records: [], goodBytes: 0, damage: { kind: 'bad-header' }, ...rest }
  }
  // Migration hook: each older version gets its own reader that yields records.
  switch (version) {
    case 1:
      return scanRecordsV1(bytes, isValidPayload)
    default:
      throw new UnsupportedLogVersionError(file, version)
  }
}

type RecordRead =
  | { ok: true; payload: Uint8Array; next: number }
  | { ok: false; damage: LogDamage; record?: { length: number; checksum: number; next: number } }

function readRecord(bytes: Uint8Array, view: DataView, at: number, isValidPayload: (payload: Uint8Array) => boolean): RecordRead {
  if (at + RECORD_HEADER_BYTES > bytes.length) return { ok: false, damage: { kind: 'torn-record', at } }
  const length = view.getUint32(at, true)
  const checksum = view.getUint32(at + 4, true)
  const start = at + RECORD_HEADER_BYTES
  if (start + length > bytes.length) return { ok: false, damage: { kind: 'torn-record', at } }
  const record = { length, checksum, next: start + length }
  const payload = bytes.subarray(start, start + length)
  if (crc32(payload) !== checksum) return { ok: false, damage: { kind: 'checksum', at }, record }
  if (!isValidPayload(payload)) return { ok: false, damage: { kind: 'invalid-payload', at }, record }
  return { ok: true, payload, next: start + length }
}

function scanRecordsV1(bytes: Uint8Array, isValidPayload: (payload: Uint8Array) => boolean): LogScan {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const records: Uint8Array[] = []
  let at = HEADER_BYTES
  while (at < bytes.length) {
    const read = readRecord(bytes, view, at, isValidPayload)
    if (!read.ok) return { records, goodBytes: at, damage: read.damage, ...resync(bytes, at, isValidPayload) }
    records.push(read.payload)
    at = read.next
  }
  return { records, goodBytes: at, damage: null, later: [], gaps: [] }
}

/** Reads on from damage at `from`: every intact record after it, and the gaps between. */
function resync(bytes: Uint8Array, from: number, isValidPayload: (payload: Uint8Array) => boolean): Pick<LogScan, 'later' | 'gaps'> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const later: Uint8Array[] = []
  const gaps: LogGap[] = []
  const intactAt = (at: number): RecordRead | null => {
    const read = readRecord(bytes, view, at, isValidPayload)
    return read.ok && read.payload.length > 0 ? read : null
  }
  let at = from
  while (at < bytes.length) {
    const damaged = readRecord(bytes, view, at, isValidPayload)
    if (damaged.ok && damaged.payload.length > 0) {
      later.push(damaged.payload)
      at = damaged.next
      continue
    }
    // A record whose header survived: the next one starts right after it.
    const header = damaged.ok ? undefined : damaged.record
    if (header && (header.next === bytes.length || intactAt(header.next))) {
      gaps.push({ at, bytes: header.next - at, record: { length: header.length, checksum: header.checksum } })
      at = header.next
      continue
    }
    // Otherwise look for the next place an intact record starts.
    let next = at + 1
    while (next < bytes.length && !intactAt(next)) next++
    gaps.push({ at, bytes: next - at })
    at = next
  }
  return { later, gaps }
}
