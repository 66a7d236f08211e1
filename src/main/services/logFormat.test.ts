import { describe, expect, it } from 'vitest'
import { crc32 } from 'node:zlib'
import {
  encodeHeader,
  encodeLog,
  encodeRecord,
  HEADER_BYTES,
  LOG_VERSION,
  readVersion,
  scanLog,
  UnsupportedLogVersionError,
} from './logFormat'

const accept = () => true
const payloads = [new Uint8Array([1, 2, 3]), new Uint8Array([4]), new Uint8Array(300).fill(7)]

describe('log format', () => {
  it('starts with the tag QUIRELOG and the version byte', () => {
    expect(Buffer.from(encodeHeader()).toString('latin1')).toBe(`QUIRELOG${String.fromCharCode(LOG_VERSION)}`)
    expect(readVersion(encodeHeader())).toBe(1)
  })

  it('frames a record as little-endian length, crc32, payload', () => {
    const record = encodeRecord(new Uint8Array([9, 8, 7]))
    const view = new DataView(record.buffer)
    expect(view.getUint32(0, true)).toBe(3)
    expect(view.getUint32(4, true)).toBe(crc32(new Uint8Array([9, 8, 7])))
    expect([...record.subarray(8)]).toEqual([9, 8, 7])
  })

  it('scans back exactly what was encoded', () => {
    const log = encodeLog(payloads)
    expect(scanLog(log, accept)).toEqual({ records: payloads, goodBytes: log.length, damage: null, later: [], gaps: [] })
    expect(scanLog(encodeHeader(), accept)).toEqual({ records: [], goodBytes: HEADER_BYTES, damage: null, later: [], gaps: [] })
  })

  it('stops at every kind of damage and reports where', () => {
    const log = encodeLog(payloads)
    const secondAt = HEADER_BYTES + 8 + 3
    const thirdAt = secondAt + 8 + 1
    expect(scanLog(log.subarray(0, log.length - 1), accept)).toMatchObject({
      records: payloads.slice(0, 2),
      goodBytes: thirdAt,
      damage: { kind: 'torn-record', at: thirdAt },
    })
    expect(scanLog(log.subarray(0, thirdAt + 4), accept).damage).toEqual({ kind: 'torn-record', at: thirdAt })
    const flipped = log.slice()
    flipped[secondAt + 8] = flipped[secondAt + 8]! ^ 0xff
    expect(scanLog(flipped, accept)).toMatchObject({ records: payloads.slice(0, 1), damage: { kind: 'checksum', at: secondAt } })
    const rejectSecond = (p: Uint8Array) => p.length !== 1
    expect(scanLog(log, rejectSecond)).toMatchObject({ records: payloads.slice(0, 1), damage: { kind: 'invalid-payload', at: secondAt } })
    const badTag = log.slice()
    badTag[3] = 0
    expect(scanLog(badTag, accept)).toMatchObject({ records: [], goodBytes: 0, damage: { kind: 'bad-header' } })
    expect(scanLog(new Uint8Array(0), accept).damage).toEqual({ kind: 'bad-header' })
  })

  it('reads on past damage: a record whose header survived is skipped whole', () => {
    const log = encodeLog(payloads)
    const secondAt = HEADER_BYTES + 8 + 3
    const flipped = log.slice()
    flipped[secondAt + 8] = flipped[secondAt + 8]! ^ 0xff
    expect(scanLog(flipped, accept)).toMatchObject({
      records: payloads.slice(0, 1),
      later: payloads.slice(2),
      gaps: [{ at: secondAt, bytes: 8 + 1, record: { length: 1, checksum: crc32(payloads[1]!) } }],
    })
  })

  it('reads on past damage that destroyed a record header, from the next intact record', () => {
    const log = encodeLog(payloads)
    const secondAt = HEADER_BYTES + 8 + 3
    const thirdAt = secondAt + 8 + 1
    const smashed = log.slice()
    smashed.fill(0xee, secondAt, secondAt + 6)
    const scan = scanLog(smashed, accept)
    expect(scan.records).toEqual(payloads.slice(0, 1))
    expect(scan.later).toEqual(payloads.slice(2))
    expect(scan.gaps).toEqual([{ at: secondAt, bytes: thirdAt - secondAt }])
  })

  it('finds the records behind a damaged file header', () => {
    const log = encodeLog(payloads)
    log[0] = 0
    const scan = scanLog(log, accept)
    expect(scan.damage).toEqual({ kind: 'bad-header' })
    expect(scan.later).toEqual(payloads)
    expect(scan.gaps).toEqual([{ at: 0, bytes: HEADER_BYTES }])
  })

  it('never throws on random damage (but for a version byte it cannot read), and every record it reads passes the check', () => {
    let seed = 7
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff)
    const isEven = (p: Uint8Array) => p.length % 2 === 0
    for (let i = 0; i < 300; i++) {
      const bytes = encodeLog(payloads.filter(isEven))
      for (let j = 0; j < 20; j++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256)
      if ((readVersion(bytes) ?? 0) > LOG_VERSION) {
        expect(() => scanLog(bytes, isEven)).toThrow(UnsupportedLogVersionError)
        continue
      }
      const scan = scanLog(bytes, isEven)
      for (const record of [...scan.records, ...scan.later]) expect(record.length % 2).toBe(0)
    }
  })

  it('refuses a newer format version rather than calling it damage', () => {
    const future = encodeLog(payloads)
    future[HEADER_BYTES - 1] = LOG_VERSION + 1
    expect(() => scanLog(future, accept, 'a.log')).toThrow(UnsupportedLogVersionError)
  })
})
