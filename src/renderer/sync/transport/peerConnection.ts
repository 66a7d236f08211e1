/**
 * An RTCPeerConnection whose data channels are guarded: the one from
 * `createDataChannel` and the one `ondatachannel` announces are both
 * GuardedDataChannels. Everything else is the real connection, inherited.
 *
 * It also gives up on a connection that never connects. y-webrtc can leave
 * a connection waiting forever when both peers start one at the same moment
 * (its glare token is set only once the offer exists, so an offer that
 * arrives earlier is accepted and breaks the local one), and it never
 * retries a peer it still has a connection object for. Closing the stalled
 * connection makes simple-peer destroy it, and y-webrtc announces itself
 * again, which starts a fresh attempt.
 */
import type { GuardedDataChannel } from './guardedChannel'

type DataChannelHandler = RTCPeerConnection['ondatachannel']

export interface PeerConnectionPolicy {
  /** Wraps each data channel. */
  guard(channel: RTCDataChannel): GuardedDataChannel
  /**
   * A second pre-agreed channel on every connection, for Quire's own protocol
   * (see src/shared/trust/protocol.ts); each one is handed over as it is made.
   */
  extraChannel?: { init: RTCDataChannelInit; guard(channel: RTCDataChannel): GuardedDataChannel; onChannel(channel: GuardedDataChannel, connection: RTCPeerConnection): void }
  /** A connection not connected after this long is closed; 0 never gives up. */
  connectTimeoutMs: number
  /** Told when a connection is closed for taking too long. */
  onStalled(): void
}

/**
 * Subclasses `Base` so that its data channels are wrapped. Only
 * `createDataChannel` and the `ondatachannel` handler, which simple-peer
 * uses, are guarded; `addEventListener('datachannel')` still sees raw
 * channels. Channels the remote peer announces while no `ondatachannel`
 * handler is set are closed.
 */
export function guardPeerConnectionClass(Base: typeof RTCPeerConnection, policy: PeerConnectionPolicy): typeof RTCPeerConnection {
  class GuardedPeerConnection extends Base {
    #ondatachannel: DataChannelHandler = null

    constructor(configuration?: RTCConfiguration) {
      super(configuration)
      super.addEventListener('datachannel', (event) => {
        // With a pre-agreed channel simple-peer expects none: a channel the remote side opens on its own is refused.
        if (!this.#ondatachannel) {
          event.channel.close()
          return
        }
        // simple-peer reads only `channel` off the event.
        const guarded = { type: 'datachannel', channel: policy.guard(event.channel) } as unknown as RTCDataChannelEvent
        this.#ondatachannel.call(this, guarded)
      })
      if (policy.connectTimeoutMs > 0) this.#giveUpAfter(policy.connectTimeoutMs)
      const extra = policy.extraChannel
      if (extra) extra.onChannel(extra.guard(super.createDataChannel('quire', extra.init)), this)
    }

    override createDataChannel(label: string, init?: RTCDataChannelInit): RTCDataChannel {
      return policy.guard(super.createDataChannel(label, init)) as unknown as RTCDataChannel
    }

    override get ondatachannel(): DataChannelHandler {
      return this.#ondatachannel
    }
    override set ondatachannel(handler: DataChannelHandler) {
      this.#ondatachannel = typeof handler === 'function' ? handler : null
    }

    #giveUpAfter(ms: number): void {
      const timer = setTimeout(() => {
        if (this.connectionState !== 'new' && this.connectionState !== 'connecting') return
        policy.onStalled()
        dropConnection(this)
      }, ms)
      const settled = () => {
        if (this.connectionState !== 'new' && this.connectionState !== 'connecting') {
          clearTimeout(timer)
          super.removeEventListener('connectionstatechange', settled)
        }
      }
      super.addEventListener('connectionstatechange', settled)
    }
  }
  return GuardedPeerConnection
}

/**
 * Closes a peer connection so that y-webrtc tries again: simple-peer destroys
 * it, and y-webrtc announces itself afresh.
 */
export function dropConnection(connection: RTCPeerConnection): void {
  if (connection.connectionState === 'closed') return
  connection.close()
  // close() fires no events; simple-peer learns of it from this one (it then reads iceConnectionState 'closed').
  connection.dispatchEvent(new Event('iceconnectionstatechange'))
}
