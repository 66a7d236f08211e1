/**
 * What y-webrtc in the renderer looks like to the bridge: a WebSocket client
 * speaking the signaling protocol, plus ciphertext shaped like y-webrtc's
 * (random, since the bridge never decrypts it).
 */
import { randomBytes } from 'node:crypto'
import WebSocket from 'ws'

export interface SignalClient {
  received: Array<{ type: string; topic?: string; data?: unknown }>
  send(message: object): void
  /** Resolves once a message matching `predicate` has arrived (already received ones count). */
  next(predicate: (m: { type: string; topic?: string; data?: unknown }) => boolean, timeoutMs?: number): Promise<void>
  /** A ping round trip: everything sent before it has been handled. */
  settle(): Promise<void>
  close(): void
}

export async function connectClient(url: string): Promise<SignalClient> {
  const socket = new WebSocket(url)
  const received: SignalClient['received'] = []
  socket.on('message', (raw) => received.push(JSON.parse(raw.toString())))
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
  })
  const client: SignalClient = {
    received,
    send: (message) => socket.send(JSON.stringify(message)),
    next: (predicate, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const started = Date.now()
        const check = () => {
          if (received.some(predicate)) resolve()
          else if (Date.now() - started > timeoutMs) reject(new Error(`no such message; got ${JSON.stringify(received).slice(0, 500)}`))
          else setTimeout(check, 10)
        }
        check()
      }),
    settle: async () => {
      const pongs = received.filter((m) => m.type === 'pong').length
      client.send({ type: 'ping' })
      await client.next(() => received.filter((m) => m.type === 'pong').length > pongs)
    },
    close: () => socket.terminate(),
  }
  return client
}

/** Bytes shaped like y-webrtc's encrypted signaling: "AES-GCM", a 12-byte IV, ciphertext; base64. */
export function fakeCiphertext(cipherBytes = 48): string {
  const cipher = randomBytes(cipherBytes)
  return Buffer.concat([Buffer.from([7]), Buffer.from('AES-GCM'), Buffer.from([12]), randomBytes(12), varUint(cipher.length), cipher]).toString('base64')
}

function varUint(n: number): Buffer {
  const bytes: number[] = []
  while (n >= 0x80) {
    bytes.push((n & 0x7f) | 0x80)
    n = Math.floor(n / 128)
  }
  bytes.push(n)
  return Buffer.from(bytes)
}
