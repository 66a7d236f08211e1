import { describe, expect, test } from 'vitest'
import { createPeerGuard, type WrtcImplementation } from './peerGuard'
import { GuardedDataChannel } from './guardedChannel'
import type { WorkerLike } from './updateValidator'

class FakePeerConnection extends EventTarget {
  createDataChannel(): EventTarget {
    return new EventTarget()
  }
}
class FakeSessionDescription {}
class FakeIceCandidate {}

const fakeWrtc = {
  RTCPeerConnection: FakePeerConnection,
  RTCSessionDescription: FakeSessionDescription,
  RTCIceCandidate: FakeIceCandidate,
} as unknown as WrtcImplementation

describe('createPeerGuard', () => {
  test('gives simple-peer a guarded RTCPeerConnection, the other classes as they are, and a pre-agreed channel', () => {
    const guard = createPeerGuard({ wrtc: fakeWrtc, createWorker: () => ({}) as WorkerLike })
    const { wrtc, channelConfig } = guard.peerOpts
    expect(channelConfig).toEqual({ negotiated: true, id: 0 })
    expect(wrtc.RTCSessionDescription).toBe(FakeSessionDescription)
    expect(wrtc.RTCIceCandidate).toBe(FakeIceCandidate)
    const pc = new wrtc.RTCPeerConnection()
    expect(pc).toBeInstanceOf(FakePeerConnection)
    expect(pc.createDataChannel('x', channelConfig)).toBeInstanceOf(GuardedDataChannel)
    guard.dispose()
  })

  test("needs WebRTC: the browser's, or one passed in", () => {
    expect(() => createPeerGuard()).toThrow(/no WebRTC/)
  })
})
