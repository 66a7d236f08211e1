/**
 * An RTCPeerConnection whose data channels are guarded: the one from
 * `createDataChannel` and the one `ondatachannel` announces are both
 * GuardedDataChannels. Everything else is the real connection, inherited.
 */
import type { GuardedDataChannel } from './guardedChannel'

type DataChannelHandler = RTCPeerConnection['ondatachannel']

/**
 * Subclasses `Base` so that its data channels are wrapped by `guard`. Only
 * `createDataChannel` and the `ondatachannel` handler, which simple-peer
 * uses, are guarded; `addEventListener('datachannel')` still sees raw channels.
 */
export function guardPeerConnectionClass(
  Base: typeof RTCPeerConnection,
  guard: (channel: RTCDataChannel) => GuardedDataChannel,
): typeof RTCPeerConnection {
  class GuardedPeerConnection extends Base {
    #ondatachannel: DataChannelHandler | null = null

    constructor(configuration?: RTCConfiguration) {
      super(configuration)
      super.addEventListener('datachannel', (event) => {
        // simple-peer reads only `channel` off the event.
        const guarded = { type: 'datachannel', channel: guard(event.channel) } as unknown as RTCDataChannelEvent
        this.#ondatachannel?.call(this, guarded)
      })
    }

    override createDataChannel(label: string, init?: RTCDataChannelInit): RTCDataChannel {
      return guard(super.createDataChannel(label, init)) as unknown as RTCDataChannel
    }

    override get ondatachannel(): DataChannelHandler | null {
      return this.#ondatachannel
    }
    override set ondatachannel(handler: DataChannelHandler | null) {
      this.#ondatachannel = typeof handler === 'function' ? handler : null
    }
  }
  return GuardedPeerConnection
}
