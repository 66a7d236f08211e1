/**
 * A Quire signaling server (`npm run signal`, or any server speaking
 * y-webrtc's signaling protocol) as a rendezvous. Messages go out exactly as
 * y-webrtc would send them, so peers still connected to the server directly
 * (older Quire versions, stock y-webrtc) meet the bridge's peers there.
 */
import WebSocket from 'ws'
import { MAX_FRAME_BYTES } from './limits'
import { Uplink, type UplinkHooks, type UplinkOptions, type UplinkSession } from './uplink'

/** The server drops clients that do not answer its pings; we also ping it, to notice a dead one. */
const PING_INTERVAL_MS = 20_000

export class SignalUplink extends Uplink {
  constructor(
    private readonly url: string,
    hooks: UplinkHooks,
    options?: UplinkOptions,
  ) {
    super(`signal ${url}`, hooks, options)
  }

  protected open(attempt: number): Promise<UplinkSession> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(this.url, { maxPayload: MAX_FRAME_BYTES, handshakeTimeout: 10_000 })
      let opened = false
      let alive = true
      const pinger = setInterval(() => {
        if (!alive) socket.terminate()
        alive = false
        socket.ping()
      }, PING_INTERVAL_MS)
      socket.on('pong', () => (alive = true))
      const send = (message: object) => {
        if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message))
      }
      socket.on('open', () => {
        opened = true
        resolve({
          // y-webrtc ignores fields it does not know, so stock peers still read these.
          send: (topic, data) => send({ type: 'publish', topic, data, via: this.via }),
          subscribe: (topics) => send({ type: 'subscribe', topics }),
          unsubscribe: (topics) => send({ type: 'unsubscribe', topics }),
          close: () => {
            clearInterval(pinger)
            socket.removeAllListeners()
            socket.on('error', () => {})
            socket.close()
          },
        })
      })
      socket.on('message', (raw, isBinary) => {
        alive = true
        if (isBinary) return this.hooks.deliver('', raw)
        let message: unknown
        try {
          message = JSON.parse(raw.toString())
        } catch {
          return this.hooks.deliver('', raw.toString())
        }
        const { type, topic, data, via } = (message ?? {}) as { type?: unknown; topic?: unknown; data?: unknown; via?: unknown }
        if (type === 'pong') return
        if (type !== 'publish' || typeof topic !== 'string') return this.hooks.deliver('', message)
        this.hooks.deliver(topic, data, via)
      })
      socket.on('error', (error) => {
        if (!opened) reject(error)
      })
      socket.on('unexpected-response', (_request, response) => {
        reject(new Error(`Unexpected server response: ${response.statusCode}`))
        socket.terminate()
      })
      socket.on('close', (code) => {
        clearInterval(pinger)
        if (!opened) reject(Object.assign(new Error(`closed (${code})`), { code: 'ECONNRESET' }))
        else this.lost(attempt, code === 1009 ? new Error('the server closed the connection: a message was too large') : Object.assign(new Error('closed'), { code: 'ECONNRESET' }))
      })
    })
  }
}
