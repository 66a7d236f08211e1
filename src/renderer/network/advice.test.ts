import { describe, expect, it } from 'vitest'
import type { NetworkStatus, RendezvousStatus } from '../../shared/networkStatus'
import { adviceFor } from './advice'
import type { ChapterConnections } from './useChapterConnections'

const rendezvous = (changes: Partial<RendezvousStatus>): RendezvousStatus => ({
  kind: 'mqtt',
  url: 'mqtts://broker.emqx.io:8883',
  source: 'settings',
  state: 'connected',
  rooms: 1,
  dropped: 0,
  ...changes,
})
const status = (changes: Partial<NetworkStatus> = {}): NetworkStatus => ({
  rendezvous: [rendezvous({}), rendezvous({ kind: 'lan', url: 'udp://239.255.42.99:47321' })],
  iceServers: [{ urls: 'stun:stun.l.google.com:19302', source: 'settings' }],
  privacyMode: false,
  reachable: true,
  ...changes,
})
const ok = new Map([['stun:stun.l.google.com:19302', { ok: true, detail: 'answered' }]])
const input = (changes: Partial<Parameters<typeof adviceFor>[0]> = {}) => ({ status: status(), workOffline: false, checks: ok, chapters: [], ...changes })

describe('what to try', () => {
  it('nothing when all is well', () => {
    expect(adviceFor(input())).toEqual([])
  })

  it('Work offline first, and only that', () => {
    expect(adviceFor(input({ workOffline: true }))).toEqual([expect.stringMatching(/Work offline is on/)])
  })

  it('no meeting place reached: check the connection', () => {
    const failed = status({ rendezvous: [rendezvous({ state: 'failed', error: 'x' }), rendezvous({ kind: 'lan', url: 'udp://x', state: 'failed' })] })
    expect(adviceFor(input({ status: failed })).join(' ')).toMatch(/reaches none of its meeting places/)
  })

  it('only the LAN reached: reviewers elsewhere cannot find you', () => {
    const lanOnly = status({ rendezvous: [rendezvous({ state: 'failed', error: 'x' }), rendezvous({ kind: 'lan', url: 'udp://x' })] })
    expect(adviceFor(input({ status: lanOnly })).join(' ')).toMatch(/Only your local network is reachable/)
  })

  it('privacy mode without a server of one’s own', () => {
    const privately = status({ privacyMode: true, rendezvous: [rendezvous({ state: 'skipped', skipped: 'privacy' }), rendezvous({ kind: 'lan', url: 'udp://x' })] })
    expect(adviceFor(input({ status: privately })).join(' ')).toMatch(/Privacy mode is on and you have no server of your own/)
  })

  it('STUN silent or absent, TURN refusing', () => {
    expect(adviceFor(input({ checks: new Map([['stun:stun.l.google.com:19302', { ok: false, detail: 'no answer' }]]) })).join(' ')).toMatch(/No STUN server answered/)
    expect(adviceFor(input({ status: status({ iceServers: [] }) })).join(' ')).toMatch(/No STUN or TURN server is set/)
    const turn = status({ iceServers: [{ urls: 'turn:t.example', source: 'settings' }] })
    expect(adviceFor(input({ status: turn, checks: new Map([['turn:t.example', { ok: false, detail: 'refused (401)' }]]) })).join(' ')).toMatch(/TURN server turn:t\.example does not work: refused \(401\)/)
  })

  it('peers that find each other but never connect: a strict router, use TURN', () => {
    const stuck: ChapterConnections = { docId: 'd', title: 'Snow', peers: [{ name: null, connected: false, waitingMs: 20_000, path: null, detail: null }] }
    expect(adviceFor(input({ chapters: [stuck] })).join(' ')).toMatch(/In “Snow” Quire finds a peer but cannot connect.*Add a TURN server/)
    // A connection that is simply still starting is not stuck.
    expect(adviceFor(input({ chapters: [{ ...stuck, peers: [{ ...stuck.peers[0]!, waitingMs: 2000 }] }] }))).toEqual([])
  })

  it('a rendezvous that sent junk is named', () => {
    const junk = status({ rendezvous: [rendezvous({ dropped: 3 })] })
    expect(adviceFor(input({ status: junk })).join(' ')).toMatch(/mqtts:\/\/broker\.emqx\.io:8883 sent 3 messages Quire ignored.*another broker/)
  })
})
