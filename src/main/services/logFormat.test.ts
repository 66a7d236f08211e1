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
    expect(scanLog(log, accept)).toEqual({ records: payloads, goodBytes: log.length, damage: null })
    expect(scanLog(encodeHeader(), accept)).toEqual({ records: [], goodBytes: HEADER_BYTES, damage: null })
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
    expect(scanLog(badTag, accept)).toEqual({ records: [], goodBytes: 0, damage: { kind: 'bad-header' } })
    expect(scanLog(new Uint8Array(0), accept).damage).toEqual({ kind: 'bad-header' })
  })

  it('refuses a newer format version rather than calling it damage', () => {
    const future = encodeLog(payloads)
    future[HEADER_BYTES - 1] = LOG_VERSION + 1
    expect(() => scanLog(future, accept, 'a.log')).toThrow(UnsupportedLogVersionError)
  })
})
