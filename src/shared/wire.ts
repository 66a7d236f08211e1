/**
 * The browser host's WebSocket protocol: the IPC contract carried as JSON.
 * Versioned and tagged; bytes travel as base64 so Yjs updates survive JSON.
 */
import { fromBase64, toBase64 } from 'lib0/buffer'
import type { Envelope } from './contract'

export const WIRE_VERSION = 1

export type WireMessage =
  | { v: 1; type: 'call'; id: number; channel: string; arg: unknown }
  | { v: 1; type: 'result'; id: number; envelope: Envelope }
  | { v: 1; type: 'event'; channel: string; payload: unknown }

const BYTES_TAG = '$bytes'

export function encodeWire(message: WireMessage): string {
  // Read the raw property: JSON.stringify has already applied toJSON (a Node Buffer's
  // becomes { type: 'Buffer', data: [...] }) by the time the replacer sees `value`.
  return JSON.stringify(message, function (this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key]
    return raw instanceof Uint8Array ? { [BYTES_TAG]: toBase64(raw) } : value
  })
}

/** Parses one frame; returns null for anything that is not a well-formed message of this version. */
export function decodeWire(text: string): WireMessage | null {
  let value: unknown
  try {
    value = JSON.parse(text, (_key, item: unknown) => {
      if (item && typeof item === 'object' && !Array.isArray(item)) {
        const tagged = (item as Record<string, unknown>)[BYTES_TAG]
        if (typeof tagged === 'string' && Object.keys(item).length === 1) return fromBase64(tagged)
      }
      return item
    })
  } catch {
    return null
  }
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
