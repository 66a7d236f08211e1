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

export interface LogScan {
  /** Payloads of every readable record, in file order. */
  records: Uint8Array[]
  /** Length of the readable prefix: header plus every readable record. */
  goodBytes: number
  /** Set when bytes after `goodBytes` could not be read. */
  damage: LogDamage | null
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
 * Reads every record up to the first one that is torn, fails its checksum or
 * is rejected by `isValidPayload`. Never throws for damaged input; throws
 * {@link UnsupportedLogVersionError} for a log from a newer version.
 */
export function scanLog(
  bytes: Uint8Array,
  isValidPayload: (payload: Uint8Array) => boolean,
  file = 'log',
): LogScan {
  const version = readVersion(bytes)
  if (version === null || version === 0) {
    return { records: [], goodBytes: 0, damage: { kind: 'bad-header' } }
  }
  // Migration hook: each older version gets its own reader that yields records.
  switch (version) {
    case 1:
      return scanRecordsV1(bytes, isValidPayload)
    default:
      throw new UnsupportedLogVersionError(file, version)
  }
}

function scanRecordsV1(bytes: Uint8Array, isValidPayload: (payload: Uint8Array) => boolean): LogScan {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const records: Uint8Array[] = []
  let at = HEADER_BYTES
  while (at < bytes.length) {
    if (at + RECORD_HEADER_BYTES > bytes.length) {
      return { records, goodBytes: at, damage: { kind: 'torn-record', at } }
    }
    const length = view.getUint32(at, true)
    const checksum = view.getUint32(at + 4, true)
    const start = at + RECORD_HEADER_BYTES
    if (start + length > bytes.length) {
      return { records, goodBytes: at, damage: { kind: 'torn-record', at } }
    }
    const payload = bytes.subarray(start, start + length)
    if (crc32(payload) !== checksum) {
      return { records, goodBytes: at, damage: { kind: 'checksum', at } }
    }
    if (!isValidPayload(payload)) {
      return { records, goodBytes: at, damage: { kind: 'invalid-payload', at } }
    }
    records.push(payload)
    at = start + length
  }
  return { records, goodBytes: at, damage: null }
}
