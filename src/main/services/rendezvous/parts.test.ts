import { describe, expect, it } from 'vitest'
import { DropLog } from './dropLog'
import { plainError } from './plainErrors'
import { TokenBucket } from './rateLimit'
import { SeenMessages } from './seenMessages'
import { isRoomTopic, signalDataProblem } from './signalData'
import { fakeCiphertext } from './testing/signalClient'

describe('SeenMessages', () => {
  it('tells copies, echoes and replays apart', () => {
    let now = 0
    const seen = new SeenMessages(() => now)
    const a = SeenMessages.digest('room', 'x')
    expect(seen.arrived(a, 'mqtt')).toBe('new')
    expect(seen.arrived(a, 'signal')).toBe('copy')
    expect(seen.arrived(a, 'mqtt')).toBe('replay')
    // Our own message comes back once from each rendezvous, then it is a replay.
    const own = SeenMessages.digest('room', 'mine')
    seen.sent(own)
    expect(seen.arrived(own, 'mqtt')).toBe('copy')
    expect(seen.arrived(own, 'lan')).toBe('copy')
    expect(seen.arrived(own, 'mqtt')).toBe('replay')
    // The same data in another room is another message.
    expect(seen.arrived(SeenMessages.digest('other', 'x'), 'mqtt')).toBe('new')
    now += 11 * 60 * 1000
    expect(seen.arrived(a, 'mqtt')).toBe('new')
  })

  it('stays bounded', () => {
    const seen = new SeenMessages(() => 0, 60_000, 100)
    for (let i = 0; i < 1000; i++) seen.arrived(SeenMessages.digest('room', String(i)), 'mqtt')
    expect(seen.size).toBe(100)
  })
})

describe('TokenBucket', () => {
  it('allows a burst, then the refill rate', () => {
    let now = 0
    const bucket = new TokenBucket(3, 2, () => now)
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false])
    now += 500
    expect([bucket.take(), bucket.take()]).toEqual([true, false])
  })
})

describe('signal data', () => {
  it('accepts what y-webrtc sends and refuses anything else', () => {
    expect(signalDataProblem(fakeCiphertext())).toBeNull()
    expect(signalDataProblem(fakeCiphertext(30_000))).toBeNull()
    expect(signalDataProblem(fakeCiphertext(60_000))).toBe('oversized')
    for (const bad of [42, null, { type: 'announce' }, '', 'not base64!', 'QUJD', Buffer.from('AES-GCM but not really').toString('base64'), fakeCiphertext().slice(0, -8)]) {
      expect(signalDataProblem(bad)).toBe('garbage')
    }
    // A real message with extra bytes after the ciphertext is not what y-webrtc sends.
    expect(signalDataProblem(Buffer.concat([Buffer.from(fakeCiphertext(), 'base64'), Buffer.from([1, 2, 3])]).toString('base64'))).toBe('garbage')
  })

  it('accepts only Quire-shaped room names (no MQTT wildcards, no paths)', () => {
    expect(isRoomTopic('aB3_x-9QrT0kL2mN')).toBe(true)
    for (const bad of ['', 'short', '#', 'room/+', 'a'.repeat(129), 7]) expect(isRoomTopic(bad)).toBe(false)
  })
})

describe('DropLog', () => {
  it('logs the first of each kind at once and sums up the rest', () => {
    let now = 0
    const lines: string[] = []
    const log = new DropLog((line) => lines.push(line), () => now, 1000)
    for (let i = 0; i < 5; i++) log.dropped('mqtt x', 'garbage')
    log.dropped('mqtt x', 'replayed')
    now += 1500
    log.dropped('mqtt x', 'garbage')
    expect(lines).toEqual([
      'Rendezvous mqtt x: ignored a malformed message.',
      'Rendezvous mqtt x: ignored a replayed message.',
      'Rendezvous mqtt x: ignored a malformed message (and 4 more like it before).',
    ])
  })
})

describe('plainError', () => {
  it('says in plain words what failed', () => {
    expect(plainError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toMatch(/nothing answers/)
    expect(plainError(Object.assign(new Error('x'), { code: 'ENOTFOUND' }))).toMatch(/could not be found/)
    expect(plainError(Object.assign(new Error('x'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }))).toMatch(/self-signed/)
    expect(plainError(Object.assign(new Error('Connection refused: Not authorized'), { code: 5 }))).toMatch(/not authorised/)
    expect(plainError(new Error('Unexpected server response: 404'))).toMatch(/HTTP 404/)
    expect(plainError('odd')).toBe('odd')
  })
})
