/**
 * Framing of messages on Quire's data channels (version 1), so that messages
 * of any size fit through Chromium's 256 KiB limit per data-channel message.
 *
 * Every frame starts with a tag byte. Tags are >= 0x80, a byte a y-protocols
 * message never starts with (its first byte is a small message type), so a
 * peer that speaks unframed y-webrtc is recognised and refused rather than
 * misread.
 *
 *   whole message:  [0xA1] [message bytes]
 *   chunk:          [0xA2] [message id u32] [index u32] [count u32] [total bytes u32] [data]
 *
 * Integers are big-endian. Chunks of one message travel in order, index 0 to
 * count - 1, on an ordered, reliable channel; each carries at least one byte.
 */

export const FRAME_WHOLE = 0xa1
export const FRAME_CHUNK = 0xa2
export const CHUNK_HEADER_BYTES = 17

/**
 * Splits one message into frames of at most `frameBytes` bytes. `messageId`
 * tells the chunks of concurrent messages apart; any 32-bit value will do.
 */
export function encodeFrames(message: Uint8Array, messageId: number, frameBytes: number): Uint8Array<ArrayBuffer>[] {
  if (message.length + 1 <= frameBytes) {
    const frame = new Uint8Array(message.length + 1)
    frame[0] = FRAME_WHOLE
    frame.set(message, 1)
    return [frame]
  }
  const dataBytes = frameBytes - CHUNK_HEADER_BYTES
  if (dataBytes < 1) throw new RangeError(`frameBytes must exceed ${CHUNK_HEADER_BYTES}`)
  const count = Math.ceil(message.length / dataBytes)
  const frames: Uint8Array<ArrayBuffer>[] = []
  for (let index = 0; index < count; index++) {
    const data = message.subarray(index * dataBytes, (index + 1) * dataBytes)
    const frame = new Uint8Array(CHUNK_HEADER_BYTES + data.length)
    const view = new DataView(frame.buffer)
    view.setUint8(0, FRAME_CHUNK)
    view.setUint32(1, messageId >>> 0)
    view.setUint32(5, index)
    view.setUint32(9, count)
    view.setUint32(13, message.length)
    frame.set(data, CHUNK_HEADER_BYTES)
    frames.push(frame)
  }
  return frames
}

export interface ReassemblyLimits {
  /** Largest message accepted; larger ones are refused from their first chunk. */
  maxMessageBytes: number
  /** Messages in reassembly at once; a chunk that would start one more is refused. */
  maxPartialMessages: number
}

export type Reassembled =
  /** A complete message; it owns its buffer exactly (offset 0, no extra bytes). */
  | { type: 'message'; message: Uint8Array<ArrayBuffer> }
  /** A chunk was stored; the message is not complete yet. */
  | { type: 'partial' }
  /** The frame was dropped; `reason` says why (empty for the silent tail of a refused message). */
  | { type: 'rejected'; reason: string }

interface Partial {
  count: number
  totalBytes: number
  nextIndex: number
  receivedBytes: number
  chunks: Uint8Array[]
  /** The message was refused at its first chunk; its remaining chunks are skipped quietly. */
  discard: boolean
}

/**
 * Turns the frames of one channel back into messages. Anything malformed is
 * refused with a reason; refusing a chunk abandons its message.
 */
export class Reassembler {
  private readonly partials = new Map<number, Partial>()

  constructor(private readonly limits: ReassemblyLimits) {}

  push(frame: Uint8Array): Reassembled {
    if (frame.length === 0) return rejected('empty frame')
    const tag = frame[0]
    if (tag === FRAME_WHOLE) {
      if (frame.length - 1 > this.limits.maxMessageBytes) return rejected(`message of ${frame.length - 1} bytes exceeds the ${this.limits.maxMessageBytes}-byte limit`)
      return { type: 'message', message: frame.slice(1) }
    }
    if (tag !== FRAME_CHUNK) return rejected(`unknown frame tag 0x${tag!.toString(16).padStart(2, '0')} (is the peer using Quire's transport?)`)
    if (frame.length <= CHUNK_HEADER_BYTES) return rejected('chunk without data')
    return this.pushChunk(frame)
  }

  /** Forgets every partial message (the channel closed). */
  clear(): void {
    this.partials.clear()
  }

  private pushChunk(frame: Uint8Array): Reassembled {
    const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength)
    const id = view.getUint32(1)
    const index = view.getUint32(5)
    const count = view.getUint32(9)
    const totalBytes = view.getUint32(13)
    const data = frame.subarray(CHUNK_HEADER_BYTES)

    if (index === 0) return this.start(id, count, totalBytes, data)

    const partial = this.partials.get(id)
    if (!partial) return rejected(`chunk ${index} of message ${id} arrived without its start`)
    if (count !== partial.count || totalBytes !== partial.totalBytes || index !== partial.nextIndex) {
      this.partials.delete(id)
      return partial.discard ? rejected('') : rejected(`chunk ${index}/${count} of message ${id} is out of sequence`)
    }
    partial.nextIndex++
    const last = index === count - 1
    if (partial.discard) {
      if (last) this.partials.delete(id)
      return rejected('')
    }
    partial.receivedBytes += data.length
    if (partial.receivedBytes > totalBytes || (last && partial.receivedBytes !== totalBytes)) {
      this.partials.delete(id)
      return rejected(`chunks of message ${id} do not add up to its declared ${totalBytes} bytes`)
    }
    partial.chunks.push(data.slice())
    if (!last) return { type: 'partial' }
    this.partials.delete(id)
    return { type: 'message', message: concat(partial.chunks, totalBytes) }
  }

  private start(id: number, count: number, totalBytes: number, data: Uint8Array): Reassembled {
    if (this.partials.delete(id)) return rejected(`message ${id} restarted before it was complete`)
    if (this.partials.size >= this.limits.maxPartialMessages) return rejected(`more than ${this.limits.maxPartialMessages} messages in reassembly at once`)
    // Every chunk carries at least one byte, so count <= totalBytes; a message that fits one frame is never chunked.
    if (count < 2 || count > totalBytes || data.length > totalBytes) return rejected(`chunk header of message ${id} is inconsistent`)
    const tooBig = totalBytes > this.limits.maxMessageBytes
    this.partials.set(id, { count, totalBytes, nextIndex: 1, receivedBytes: data.length, chunks: tooBig ? [] : [data.slice()], discard: tooBig })
    if (tooBig) return rejected(`message of ${totalBytes} bytes exceeds the ${this.limits.maxMessageBytes}-byte limit`)
    return { type: 'partial' }
  }
}

function rejected(reason: string): Reassembled {
  return { type: 'rejected', reason }
}

function concat(chunks: Uint8Array[], totalBytes: number): Uint8Array<ArrayBuffer> {
  const message = new Uint8Array(totalBytes)
  let offset = 0
  for (const chunk of chunks) {
    message.set(chunk, offset)
    offset += chunk.length
  }
  return message
}
