import { expect, test } from 'vitest'
import { parseHostOptions } from './options'

test('network flags become settings, checked like the Settings view checks them', () => {
  const { network } = parseHostOptions([
    '--signaling', 'ws://127.0.0.1:4444',
    '--mqtt', 'mqtts://mqtt.example.org:8883',
    '--stun', 'stun:stun.example.org:3478',
    '--turn', 'turn:turn.example.org:3478?transport=udp;secret=s3;name=ada',
    '--turn', 'turns:t2.example.org:5349;username=u;credential=p',
    '--local-network', 'off',
    '--privacy', 'on',
  ])
  expect(network).toEqual({
    rendezvous: [
      { kind: 'signal', url: 'ws://127.0.0.1:4444' },
      { kind: 'mqtt', url: 'mqtts://mqtt.example.org:8883' },
    ],
    stunServers: ['stun:stun.example.org:3478'],
    turnServers: [
      { url: 'turn:turn.example.org:3478?transport=udp', auth: { kind: 'secret', secret: 's3', name: 'ada' } },
      { url: 'turns:t2.example.org:5349', auth: { kind: 'password', username: 'u', credential: 'p' } },
    ],
    localNetwork: false,
    privacyMode: true,
  })
  expect(parseHostOptions([]).network).toEqual({})
  expect(parseHostOptions(['--stun', 'none']).network).toEqual({ stunServers: [] })
})

test('bad network flags stop the host with a clear message', () => {
  expect(() => parseHostOptions(['--signaling', 'mqtt://x.org'])).toThrow(/--signaling: .*ws:\/\//)
  expect(() => parseHostOptions(['--mqtt', 'http://x.org'])).toThrow(/--mqtt: .*mqtt:\/\//)
  expect(() => parseHostOptions(['--stun', 'turn:x.org'])).toThrow(/--stun/)
  expect(() => parseHostOptions(['--turn', 'turn:x.org;username=u'])).toThrow(/--turn/)
  expect(() => parseHostOptions(['--privacy', 'yes'])).toThrow(/on or off/)
})
