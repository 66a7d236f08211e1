import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { GuardedDataChannel, type ChannelPolicy } from './guardedChannel'
import { guardPeerConnectionClass, type PeerConnectionPolicy } from './peerConnection'

/** Just enough of RTCPeerConnection: states, close(), on… handlers called by dispatchEvent as in browsers. */
class FakePeerConnection extends EventTarget {
  connectionState: RTCPeerConnectionState = 'new'
  iceConnectionState: RTCIceConnectionState = 'new'
  oniceconnectionstatechange: ((event: Event) => void) | null = null

  createDataChannel(): EventTarget {
    return new EventTarget()
  }
  close(): void {
    this.connectionState = 'closed'
    this.iceConnectionState = 'closed'
  }
  override dispatchEvent(event: Event): boolean {
    if (event.type === 'iceconnectionstatechange') this.oniceconnectionstatechange?.(event)
    return super.dispatchEvent(event)
  }
  /** The remote side announced a channel. */
  announce(channel: EventTarget): void {
    this.dispatchEvent(Object.assign(new Event('datachannel'), { channel }))
  }
  /** ICE and DTLS went through. */
  connect(): void {
    this.connectionState = 'connected'
    this.dispatchEvent(new Event('connectionstatechange'))
  }
}

const channelPolicy: ChannelPolicy = {
  maxMessageBytes: 1024,
  maxUpdateBytes: 1024,
  maxAwarenessBytes: 1024,
  validateUpdate: async () => null,
  reject: () => {},
}

function guardedClass(overrides: Partial<PeerConnectionPolicy> = {}) {
  const stalled: number[] = []
  const Guarded = guardPeerConnectionClass(FakePeerConnection as unknown as typeof RTCPeerConnection, {
    guard: (channel) => new GuardedDataChannel(channel, channelPolicy),
    connectTimeoutMs: 0,
    onStalled: () => stalled.push(Date.now()),
    ...overrides,
  })
  return { Guarded, stalled }
}

describe('guardPeerConnectionClass', () => {
  test('wraps the created channel and the announced one, and is still the base class', () => {
    const { Guarded } = guardedClass()
    const pc = new Guarded()
    expect(pc.createDataChannel('x')).toBeInstanceOf(GuardedDataChannel)
    const seen: unknown[] = []
    pc.ondatachannel = (event) => seen.push(event.channel)
    ;(pc as unknown as FakePeerConnection).announce(new EventTarget())
    expect(seen).toHaveLength(1)
    expect(seen[0]).toBeInstanceOf(GuardedDataChannel)
    expect(pc).toBeInstanceOf(FakePeerConnection)
    pc.ondatachannel = null
    expect(pc.ondatachannel).toBeNull()
  })

  test('closes a channel the remote side announces when none is expected', () => {
    const { Guarded } = guardedClass()
    const pc = new Guarded() as unknown as FakePeerConnection
    const channel = Object.assign(new EventTarget(), { closed: false, close: () => (channel.closed = true) })
    pc.announce(channel)
    expect(channel.closed).toBe(true)
  })

  describe('connect timeout', () => {
    beforeEach(() => {
      vi.useFakeTimers()
    })
    afterEach(() => {
      vi.useRealTimers()
    })

    test('closes a connection that never connects and tells simple-peer through iceconnectionstatechange', () => {
      const { Guarded, stalled } = guardedClass({ connectTimeoutMs: 5000 })
      const pc = new Guarded() as unknown as FakePeerConnection
      const states: string[] = []
      pc.oniceconnectionstatechange = () => states.push(pc.iceConnectionState)
      vi.advanceTimersByTime(4999)
      expect(pc.connectionState).toBe('new')
      vi.advanceTimersByTime(1)
      expect(pc.connectionState).toBe('closed')
      expect(states).toEqual(['closed'])
      expect(stalled).toHaveLength(1)
    })

    test('leaves a connection alone once it connects', () => {
      const { Guarded, stalled } = guardedClass({ connectTimeoutMs: 5000 })
      const pc = new Guarded() as unknown as FakePeerConnection
      pc.connect()
      vi.advanceTimersByTime(10_000)
      expect(pc.connectionState).toBe('connected')
      expect(stalled).toEqual([])
    })
  })
})
