import { describe, expect, it } from 'vitest'
import {
  defaultNetworkSettings,
  hostOf,
  iceUrlProblem,
  isPublicService,
  planIceServers,
  planRendezvous,
  PUBLIC_BROKERS,
  PUBLIC_STUN_SERVERS,
  rendezvousProblem,
  turnRestCredential,
  turnServerProblem,
  usableIceServers,
  type NetworkSettings,
} from './network'

const settings = (changes: Partial<NetworkSettings> = {}): NetworkSettings => ({ ...defaultNetworkSettings(), ...changes })

describe('defaults', () => {
  it('work with nothing set up: public brokers, the local network and public STUN', () => {
    const defaults = defaultNetworkSettings()
    expect(defaults.rendezvous).toEqual(PUBLIC_BROKERS)
    expect(defaults.localNetwork).toBe(true)
    expect(defaults.stunServers).toEqual(PUBLIC_STUN_SERVERS)
    expect(defaults.turnServers).toEqual([])
    expect(defaults.privacyMode).toBe(false)
    for (const r of PUBLIC_BROKERS) expect(rendezvousProblem(r.kind, r.url)).toBeNull()
    for (const url of PUBLIC_STUN_SERVERS) expect(iceUrlProblem('stun', url)).toBeNull()
  })

  it('are copies: changing one settings object leaves the defaults alone', () => {
    const a = defaultNetworkSettings()
    a.rendezvous[0]!.url = 'mqtt://mine.example'
    a.stunServers.push('stun:x.example')
    expect(defaultNetworkSettings().rendezvous[0]).toEqual(PUBLIC_BROKERS[0])
    expect(defaultNetworkSettings().stunServers).toEqual(PUBLIC_STUN_SERVERS)
  })
})

describe('addresses', () => {
  it('accepts each kind’s schemes and refuses the rest with a plain message', () => {
    expect(rendezvousProblem('signal', 'wss://signal.example.org/path')).toBeNull()
    expect(rendezvousProblem('mqtt', 'mqtt://10.0.0.5:1883')).toBeNull()
    expect(rendezvousProblem('mqtt', 'wss://broker.example.org:8084/mqtt')).toBeNull()
    expect(rendezvousProblem('signal', 'mqtt://x.org')).toMatch(/ws:\/\/ or wss:\/\//)
    expect(rendezvousProblem('mqtt', 'http://x.org')).toMatch(/mqtt:\/\//)
    expect(rendezvousProblem('mqtt', 'mqtt://user:secret@x.org')).toMatch(/user name and password/)
    for (const bad of [' mqtt://x.org', 'mqtt://x.org\n', 'mqtt://', '', 42, null, `mqtt://${'x'.repeat(2050)}.org`]) {
      expect(rendezvousProblem('mqtt', bad)).toBeTruthy()
    }
  })

  it('checks stun: and turn: addresses', () => {
    for (const ok of ['stun:stun.example.org', 'stun:1.2.3.4:3478', 'stuns:x.org:5349', 'stun:[2001:db8::1]:3478']) expect(iceUrlProblem('stun', ok)).toBeNull()
    for (const ok of ['turn:t.org:3478?transport=udp', 'turns:t.org:5349?transport=tcp', 'turn:t.org']) expect(iceUrlProblem('turn', ok)).toBeNull()
    for (const bad of ['turn:t.org', 'stun:', 'stun:x.org:3478/path', 'stun:user@x.org', 'stun:x.org?transport=sctp', 'stun: x.org']) {
      expect(iceUrlProblem('stun', bad)).toMatch(/is not a stun: address/)
    }
    expect(iceUrlProblem('turn', 'stun:x.org')).toMatch(/turn:/)
  })

  it('checks TURN credentials', () => {
    expect(turnServerProblem({ url: 'turn:t.org', auth: { kind: 'password', username: 'u', credential: 'p' } })).toBeNull()
    expect(turnServerProblem({ url: 'turn:t.org', auth: { kind: 'secret', secret: 's', name: 'quire' } })).toBeNull()
    expect(turnServerProblem({ url: 'turn:t.org', auth: { kind: 'password', username: '', credential: 'p' } })).toMatch(/user name and a password/)
    expect(turnServerProblem({ url: 'turn:t.org', auth: { kind: 'secret', secret: 's', name: 'a:b' } })).toMatch(/may not contain/)
    expect(turnServerProblem({ url: 'http://t.org', auth: { kind: 'password', username: 'u', credential: 'p' } })).toMatch(/turn:/)
  })

  it('finds the host of every address form', () => {
    expect(hostOf('mqtts://Broker.EMQX.io:8883')).toBe('broker.emqx.io')
    expect(hostOf('stun:stun.l.google.com:19302')).toBe('stun.l.google.com')
    expect(hostOf('turn:[2001:db8::1]:3478?transport=udp')).toBe('[2001:db8::1]')
    expect(hostOf('wss://x.org/path?q')).toBe('x.org')
    expect(hostOf('nonsense')).toBe('')
  })

  it('knows which services are public, by host, whatever the port or scheme', () => {
    expect(isPublicService('mqtts://broker.emqx.io:8883')).toBe(true)
    expect(isPublicService('ws://broker.emqx.io:8083/mqtt')).toBe(true)
    expect(isPublicService('stun:stun.cloudflare.com:3478')).toBe(true)
    expect(isPublicService('mqtt://mqtt.my-press.example')).toBe(false)
  })
})

describe('planning what one room uses', () => {
  const mine = { kind: 'signal' as const, url: 'wss://signal.my-press.example' }
  const authors = { kind: 'mqtt' as const, url: 'mqtts://mqtt.author.example' }

  it('uses the user’s own rendezvous, then the invite’s, each once', () => {
    const plan = planRendezvous(settings({ rendezvous: [mine, ...PUBLIC_BROKERS] }), [authors, mine, PUBLIC_BROKERS[0]!])
    expect(plan.map((r) => [r.url, r.source, r.skipped])).toEqual([
      [mine.url, 'settings', undefined],
      ...PUBLIC_BROKERS.map((r) => [r.url, 'settings', undefined]),
      [authors.url, 'invite', undefined],
    ])
  })

  it('in privacy mode skips public services and whatever an invite brought', () => {
    const plan = planRendezvous(settings({ privacyMode: true, rendezvous: [mine, ...PUBLIC_BROKERS] }), [authors])
    expect(plan.filter((r) => !r.skipped).map((r) => r.url)).toEqual([mine.url])
    expect(plan.filter((r) => r.skipped === 'privacy')).toHaveLength(PUBLIC_BROKERS.length + 1)
  })

  it('plans STUN and TURN servers, with fresh time-limited credentials from a secret', () => {
    const now = Date.UTC(2030, 0, 1)
    const planned = planIceServers(
      settings({
        turnServers: [
          { url: 'turn:turn.my-press.example:3478', auth: { kind: 'secret', secret: 'north-wind', name: 'ada' } },
          { url: 'turns:turn2.my-press.example:5349', auth: { kind: 'password', username: 'ada', credential: 'pw' } },
        ],
      }),
      now,
      [{ urls: 'turn:turn.author.example', username: 'u', credential: 'c' }],
    )
    expect(usableIceServers(planned)).toEqual([
      { urls: PUBLIC_STUN_SERVERS[0] },
      { urls: PUBLIC_STUN_SERVERS[1] },
      { urls: 'turn:turn.my-press.example:3478', ...turnRestCredential('north-wind', 'ada', now / 1000 + 24 * 3600) },
      { urls: 'turns:turn2.my-press.example:5349', username: 'ada', credential: 'pw' },
      { urls: 'turn:turn.author.example', username: 'u', credential: 'c' },
    ])
    const privately = planIceServers(settings({ privacyMode: true, stunServers: [...PUBLIC_STUN_SERVERS, 'stun:stun.my-press.example'] }), now, [
      { urls: 'turn:turn.author.example', username: 'u', credential: 'c' },
    ])
    expect(usableIceServers(privately)).toEqual([{ urls: 'stun:stun.my-press.example' }])
  })
})

describe('TURN REST credentials', () => {
  it('match coturn’s use-auth-secret scheme (checked against openssl)', () => {
    // echo -n "1700000000:alice" | openssl dgst -sha1 -hmac north-wind -binary | base64
    expect(turnRestCredential('north-wind', 'alice', 1_700_000_000)).toEqual({
      username: '1700000000:alice',
      credential: 'Oko4dt8u/EbTRjRUJWQDFm/zTCc=',
    })
    expect(turnRestCredential('north-wind', 'alice', 1_700_000_000.9).username).toBe('1700000000:alice')
  })
})
