/**
 * A stand-in for RTCDataChannel that simple-peer (inside y-webrtc) drives as
 * if it were the real one. Outgoing messages are framed, so any size fits
 * through Chromium's per-message limit, and paced by the channel's buffer.
 * Incoming frames are reassembled, inspected and, for Yjs updates, validated
 * off the main thread; only what passes reaches simple-peer, in the order it
 * arrived. Everything dropped is reported with a reason.
 *
 * It implements what simple-peer 9 uses: `label`, `readyState`,
 * `binaryType`, `bufferedAmount`, `bufferedAmountLowThreshold`, `send`,
 * `close` and the `onopen`/`onmessage`/`onclose`/`onerror`/
 * `onbufferedamountlow` handlers (plus addEventListener for the same events).
 */
import { encodeFrames, Reassembler } from './framing'
import { inspectPeerMessage, type InspectionLimits } from './peerMessage'
import { FRAME_BYTES, MAX_PARTIAL_MESSAGES, MAX_PENDING_MESSAGES, SEND_HIGH_WATER_BYTES, SEND_LOW_WATER_BYTES } from './limits'

/** What every channel of one guard shares. */
export interface ChannelPolicy extends InspectionLimits {
  /** Largest message sent or received, after reassembly. */
  maxMessageBytes: number
  /**
   * False for a channel that carries Quire's own protocol: messages are only
   * framed and budgeted here, and the protocol checks them itself.
   */
  inspect?: boolean
  /** Bytes a peer may send per second, with a burst allowance; beyond it messages are dropped. */
  budget?: { bytesPerSecond: number; burstBytes: number }
  /** Resolves with null if the Yjs update may be applied, otherwise with why not. */
  validateUpdate(update: Uint8Array): Promise<string | null>
  /** Called for every dropped message. */
  reject(reason: string): void
}

type Handler = ((event: Event) => void) | null

export class GuardedDataChannel extends EventTarget {
  onopen: Handler = null
  onclose: Handler = null
  onerror: Handler = null
  onmessage: ((event: MessageEvent) => void) | null = null
  onbufferedamountlow: Handler = null
  /** Kept for callers that set it; messages are always delivered as ArrayBuffer. */
  binaryType: BinaryType = 'arraybuffer'
  /** The threshold `onbufferedamountlow` reports against, over our queue plus the channel's buffer. */
  bufferedAmountLowThreshold = 0

  private readonly reassembler: Reassembler
  private readonly outgoing: Uint8Array<ArrayBuffer>[] = []
  private outgoingBytes = 0
  private nextMessageId = 0
  /** Incoming messages in order: each step waits for the one before. */
  private delivery: Promise<void> = Promise.resolve()
  private pending = 0
  private closed = false
  /** Bytes the peer may still send before the budget refills (a token bucket). */
  private allowance: number
  private refilledAt = Date.now()

  constructor(
    private readonly channel: RTCDataChannel,
    private readonly policy: ChannelPolicy,
  ) {
    super()
    this.reassembler = new Reassembler({ maxMessageBytes: policy.maxMessageBytes, maxPartialMessages: MAX_PARTIAL_MESSAGES })
    this.allowance = policy.budget?.burstBytes ?? Infinity
    channel.binaryType = 'arraybuffer'
    channel.bufferedAmountLowThreshold = SEND_LOW_WATER_BYTES
    channel.addEventListener('open', () => this.emit(new Event('open')))
    channel.addEventListener('message', (event) => this.receive(event.data))
    channel.addEventListener('bufferedamountlow', () => this.drained())
    // After the messages that arrived before them, like the real events.
    channel.addEventListener('close', () => this.inOrder(() => this.shutDown(new Event('close'))))
    // simple-peer reads `error` (an RTCError) off the event.
    channel.addEventListener('error', (event) => this.inOrder(() => this.emit(Object.assign(new Event('error'), { error: (event as Event & { error?: unknown }).error }))))
  }

  get label(): string {
    return this.channel.label
  }
  get id(): number | null {
    return this.channel.id
  }
  get ordered(): boolean {
    return this.channel.ordered
  }
  get protocol(): string {
    return this.channel.protocol
  }
  get readyState(): RTCDataChannelState {
    return this.channel.readyState
  }
  /** Bytes not yet sent: our queue plus the channel's own buffer. */
  get bufferedAmount(): number {
    return this.outgoingBytes + this.channel.bufferedAmount
  }

  /** Sends one binary message of any size up to the limit. Throws, like RTCDataChannel, when not open. */
  send(data: ArrayBuffer | ArrayBufferView | string | Blob): void {
    if (this.channel.readyState !== 'open') throw new DOMException(`RTCDataChannel.readyState is '${this.channel.readyState}', not 'open'`, 'InvalidStateError')
    const message = toBytes(data)
    if (message.length > this.policy.maxMessageBytes) {
      const reason = `outgoing message of ${message.length} bytes exceeds the ${this.policy.maxMessageBytes}-byte limit`
      this.policy.reject(reason)
      throw new RangeError(reason)
    }
    for (const frame of encodeFrames(message, this.nextMessageId, FRAME_BYTES)) {
      this.outgoing.push(frame)
      this.outgoingBytes += frame.length
    }
    this.nextMessageId = (this.nextMessageId + 1) >>> 0
    this.flush()
  }

  close(): void {
    this.dropOutgoing()
    this.channel.close()
  }

  /** Hands queued frames to the channel while its buffer has room. */
  private flush(): void {
    while (this.outgoing.length > 0 && this.channel.readyState === 'open' && this.channel.bufferedAmount < SEND_HIGH_WATER_BYTES) {
      const frame = this.outgoing.shift()!
      this.outgoingBytes -= frame.length
      try {
        this.channel.send(frame)
      } catch {
        // The channel is closing; its close event follows.
        this.dropOutgoing()
      }
    }
  }

  private drained(): void {
    this.flush()
    if (this.bufferedAmount <= this.bufferedAmountLowThreshold) this.emit(new Event('bufferedamountlow'))
  }

  private receive(data: unknown): void {
    if (this.closed) return
    if (!(data instanceof ArrayBuffer)) {
      this.policy.reject('text frame on a binary channel')
      return
    }
    if (!this.withinBudget(data.byteLength)) return
    const result = this.reassembler.push(new Uint8Array(data))
    if (result.type === 'rejected') {
      if (result.reason) this.policy.reject(result.reason)
      return
    }
    if (result.type === 'partial') return
    if (this.pending >= MAX_PENDING_MESSAGES) {
      this.policy.reject(`more than ${MAX_PENDING_MESSAGES} messages awaiting validation`)
      return
    }
    const message = result.message
    this.inOrder(async () => {
      if (await this.admit(message)) this.emit(new MessageEvent('message', { data: message.buffer }))
    })
  }

  /** Spends the peer's byte budget on a frame; false (and reported) once it is spent. */
  private withinBudget(bytes: number): boolean {
    const budget = this.policy.budget
    if (!budget) return true
    const now = Date.now()
    this.allowance = Math.min(budget.burstBytes, this.allowance + ((now - this.refilledAt) / 1000) * budget.bytesPerSecond)
    this.refilledAt = now
    if (this.allowance < bytes) {
      this.reassembler.clear()
      this.policy.reject(`peer exceeded its budget of ${budget.bytesPerSecond} bytes per second; frame dropped`)
      return false
    }
    this.allowance -= bytes
    return true
  }

  /** Whether a complete message may reach simple-peer. */
  private async admit(message: Uint8Array): Promise<boolean> {
    if (this.policy.inspect === false) return !this.closed
    const inspection = inspectPeerMessage(message, this.policy)
    if (inspection.verdict === 'reject') {
      this.policy.reject(inspection.reason)
      return false
    }
    if (inspection.verdict === 'validate-update') {
      const error = await this.policy.validateUpdate(inspection.update)
      if (error !== null) {
        this.policy.reject(`sync update refused: ${error}`)
        return false
      }
    }
    return !this.closed
  }

  private inOrder(step: () => void | Promise<void>): void {
    this.pending++
    this.delivery = this.delivery
      .then(step)
      .catch((error: unknown) => this.policy.reject(`message handling failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => this.pending--)
  }

  private shutDown(event: Event): void {
    if (this.closed) return
    this.closed = true
    this.reassembler.clear()
    this.dropOutgoing()
    this.emit(event)
  }

  private dropOutgoing(): void {
    this.outgoing.length = 0
    this.outgoingBytes = 0
  }

  /**
   * Calls the `on…` handler, then listeners added with addEventListener. A
   * handler's exception is rethrown on its own, as the browser reports one
   * thrown by a real channel's handler, rather than taken for a bad message.
   */
  private emit(event: Event): void {
    const handler = this[`on${event.type}` as 'onopen']
    try {
      handler?.call(this, event)
    } catch (error) {
      queueMicrotask(() => {
        throw error
      })
    }
    this.dispatchEvent(event)
  }
}

function toBytes(data: ArrayBuffer | ArrayBufferView | string | Blob): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  // y-webrtc sends only binary; strings and Blobs would arrive as something else.
  throw new TypeError("Quire's peer transport carries binary messages only")
}
