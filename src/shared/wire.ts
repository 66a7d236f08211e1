/**
 * The browser host's WebSocket protocol: the IPC contract, versioned and tagged.
 *
 * A message without bytes is one text frame of JSON. A message that carries
 * bytes (Yjs updates, keys, files) is one binary frame, so they cross as they
 * are instead of as base64 that both ends would have to build and parse:
 *
 *   <u32 K> <K × u32: each part's length> <UTF-8 JSON of the message> <part 0> … <part K-1>
 *
 * (little-endian), where each byte array in the JSON is replaced by
 * { "$bytes": its part's index }. The parts end the frame exactly, and every
 * part is used exactly once.
 */
import type { Envelope } from './contract'

export const WIRE_VERSION = 1

export type WireMessage =
  | { v: 1; type: 'call'; id: number; channel: string; arg: unknown }
  | { v: 1; type: 'result'; id: number; envelope: Envelope }
  | { v: 1; type: 'event'; channel: string; payload: unknown }

/** A frame as it crosses the socket: text, or bytes for a message that carries bytes. */
export type WireFrame = string | Uint8Array

const BYTES_TAG = '$bytes'
const U32_BYTES = 4

export function encodeWire(message: WireMessage): WireFrame {
  const parts: Uint8Array[] = []
  // Read the raw property: JSON.stringify has already applied toJSON (a Node Buffer's
  // becomes { type: 'Buffer', data: [...] }) by the time the replacer sees `value`.
  const json = JSON.stringify(message, function (this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key]
    if (!(raw instanceof Uint8Array)) return value
    parts.push(raw)
    return { [BYTES_TAG]: parts.length - 1 }
  })
  if (parts.length === 0) return json
  const text = new TextEncoder().encode(json)
  const tableBytes = U32_BYTES * (1 + parts.length)
  const frame = new Uint8Array(tableBytes + text.byteLength + parts.reduce((sum, part) => sum + part.byteLength, 0))
  const table = new DataView(frame.buffer, 0, tableBytes)
  table.setUint32(0, parts.length, true)
  parts.forEach((part, i) => table.setUint32(U32_BYTES * (1 + i), part.byteLength, true))
  frame.set(text, tableBytes)
  let offset = tableBytes + text.byteLength
  for (const part of parts) {
    frame.set(part, offset)
    offset += part.byteLength
  }
  return frame
}

/** Parses one frame; returns null for anything that is not a well-formed message of this version. */
export function decodeWire(frame: WireFrame): WireMessage | null {
  const value = typeof frame === 'string' ? parseJson(frame) : parseBinary(frame)
  if (!value || typeof value !== 'object') return null
  const message = value as Record<string, unknown>
  if (message.v !== WIRE_VERSION) return null
  switch (message.type) {
    case 'call':
      return Number.isSafeInteger(message.id) && typeof message.channel === 'string' ? (message as WireMessage) : null
    case 'result':
      return Number.isSafeInteger(message.id) && typeof message.envelope === 'object' && message.envelope !== null
        ? (message as WireMessage)
        : null
    case 'event':
      return typeof message.channel === 'string' ? (message as WireMessage) : null
    default:
      return null
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

/** The message of a binary frame with its byte arrays put back (each a copy of its own), or null. */
function parseBinary(frame: Uint8Array): unknown {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength)
  if (frame.byteLength < U32_BYTES) return null
  const count = view.getUint32(0, true)
  const tableBytes = U32_BYTES * (1 + count)
  if (count === 0 || tableBytes > frame.byteLength) return null
  const lengths: number[] = []
  let partBytes = 0
  for (let i = 0; i < count; i++) {
    const length = view.getUint32(U32_BYTES * (1 + i), true)
    lengths.push(length)
    partBytes += length
  }
  const textEnd = frame.byteLength - partBytes
  if (textEnd < tableBytes) return null
  const offsets: number[] = []
  let offset = textEnd
  for (const length of lengths) {
    offsets.push(offset)
    offset += length
  }
  const used = new Set<number>()
  let malformed = false
  let message: unknown
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(frame.subarray(tableBytes, textEnd))
    message = JSON.parse(text, (_key, item: unknown) => {
      if (!item || typeof item !== 'object' || Array.isArray(item)) return item
      const record = item as Record<string, unknown>
      const index = record[BYTES_TAG]
      if (index === undefined || Object.keys(record).length !== 1) return item
      if (!Number.isSafeInteger(index) || (index as number) < 0 || (index as number) >= count || used.has(index as number)) {
        malformed = true
        return item
      }
      used.add(index as number)
      const start = offsets[index as number]!
      // A copy: a plain Uint8Array of its own, never a view into the frame (or into a Node Buffer's pool).
      return new Uint8Array(frame.subarray(start, start + lengths[index as number]!))
    })
  } catch {
    return null
  }
  return malformed || used.size !== count ? null : message
}
