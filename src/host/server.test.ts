import { afterEach, beforeEach, expect, test } from 'vitest'
import WebSocket from 'ws'
import { decodeWire, encodeWire, type WireMessage } from '../shared/wire'
import { makeTempDir, type TempDir } from '../main/services/testing/tempDir'
import { startHost, type RunningHost } from './server'

let dir: TempDir
let host: RunningHost
const logs: string[] = []

beforeEach(async () => {
  dir = await makeTempDir()
  host = await startHost({ dataDir: dir.dir, port: 0, rendererDir: dir.dir, network: {} }, (line) => logs.push(line))
})
afterEach(async () => {
  await host.close()
  await dir.cleanup()
})

const ipcUrl = () => host.url.replace('http:', 'ws:') + 'ipc'
const origin = () => host.url.replace(/\/$/, '')

function connect(headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(ipcUrl(), { headers })
    socket.once('open', () => resolve(socket))
    socket.once('error', reject)
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
  })
}

function call(socket: WebSocket, id: number, channel: string, arg: unknown): Promise<WireMessage> {
  return new Promise((resolve) => {
    socket.on('message', (data) => {
      const message = decodeWire(data.toString())
      if (message?.type === 'result' && message.id === id) resolve(message)
    })
    socket.send(encodeWire({ v: 1, type: 'call', id, channel, arg }))
  })
}

test('listens on 127.0.0.1 only', () => {
  expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
})

test('refuses the IPC bridge to any other origin, and to clients without one', async () => {
  await expect(connect({ Origin: 'http://evil.example' })).rejects.toThrow(/403/)
  await expect(connect({ Origin: 'http://localhost:1234' })).rejects.toThrow(/403/)
  await expect(connect({})).rejects.toThrow(/403/)
})

test('serves the contract to its own page, and survives garbage frames', async () => {
  const socket = await connect({ Origin: origin() })
  socket.send('not json at all')
  socket.send(JSON.stringify({ v: 9, type: 'call', id: 1, channel: 'library:get', arg: {} }))
  const created = await call(socket, 2, 'book:create', { title: 'Over the wire' })
  expect(created.type === 'result' && created.envelope.ok).toBe(true)
  const refused = await call(socket, 3, 'book:create', { title: '' })
  expect(refused.type === 'result' && !refused.envelope.ok && refused.envelope.error.code).toBe('invalid-argument')
  expect(logs.filter((line) => line.includes('malformed'))).toHaveLength(2)
  socket.close()
})

test('sends the Content Security Policy with every page', async () => {
  const response = await fetch(host.url)
  expect(response.headers.get('content-security-policy')).toContain("script-src 'self'")
})
