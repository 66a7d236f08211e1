/**
 * The browser host's transport: the IPC contract over one WebSocket to the
 * page's own origin. Calls made before the socket opens wait for it; a call
 * whose socket closes fails with a clear message.
 */
import { decodeWire, encodeWire } from '../../shared/wire'
import type { Envelope, EventChannel } from '../../shared/contract'
import type { Transport } from './transport'

const LOST: Envelope = {
  ok: false,
  error: { code: 'internal', message: 'Lost the connection to Quire. Reload the page to reconnect.' },
}

export function createWsTransport(url: string): Transport {
  const socket = new WebSocket(url)
  // Messages that carry bytes come as binary frames (see shared/wire.ts).
  socket.binaryType = 'arraybuffer'
  const opened = new Promise<void>((resolve) => socket.addEventListener('open', () => resolve(), { once: true }))
  const pending = new Map<number, (envelope: Envelope) => void>()
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  let nextId = 1

  socket.addEventListener('message', (event) => {
    const data: unknown = event.data
    const message = decodeWire(data instanceof ArrayBuffer ? new Uint8Array(data) : String(data))
    if (message?.type === 'result') {
      pending.get(message.id)?.(message.envelope)
      pending.delete(message.id)
    } else if (message?.type === 'event') {
      for (const listener of listeners.get(message.channel) ?? []) listener(message.payload)
    }
  })
  socket.addEventListener('close', () => {
    for (const resolve of pending.values()) resolve(LOST)
    pending.clear()
  })

  return {
    async call(channel, arg) {
      await opened
      if (socket.readyState !== WebSocket.OPEN) return LOST
      const id = nextId++
      return new Promise<Envelope>((resolve) => {
        pending.set(id, resolve)
        socket.send(encodeWire({ v: 1, type: 'call', id, channel, arg }))
      })
    },
    on(event: EventChannel, listener) {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      set.add(listener)
      return () => set.delete(listener)
    },
  }
}
