import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, test } from 'vitest'
import WebSocket from 'ws'
import { decodeWire, encodeWire, type WireMessage } from '../shared/wire'
import { makeTempDir, type TempDir } from '../main/services/testing/tempDir'
import { startHost, type RunningHost } from './server'

let dir: TempDir
let host: RunningHost
const logs: string[] = []

/** A stand-in for the built renderer, beside the data folder. */
async function rendererDir(): Promise<string> {
  const renderer = join(dir.dir, 'renderer')
  await mkdir(renderer, { recursive: true })
  await writeFile(join(renderer, 'index.html'), '<!doctype html><title>Quire</title>')
  return renderer
}

beforeEach(async () => {
  dir = await makeTempDir()
  const options = { dataDir: join(dir.dir, 'data'), port: 0, rendererDir: await rendererDir(), network: {} }
  host = await startHost(options, (line) => logs.push(line))
})
afterEach(async () => {
  await host.close()
  await dir.cleanup()
})

const ipcUrl = () => host.url.replace('http:', 'ws:') + 'ipc'
const origin = () => new URL(host.url).origin
const key = () => new URL(host.url).pathname.split('/')[1]!

function connect(headers: Record<string, string>, url = ipcUrl()): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers })
    socket.once('open', () => resolve(socket))
    socket.once('error', reject)
    socket.once('unexpected-response', (_req, res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => (body += chunk.toString()))
      res.on('end', () => reject(new Error(`HTTP ${res.statusCode}: ${body}`)))
    })
  })
}

/** The same key with its last character changed: right length, wrong value. */
function wrongKey(): string {
  const right = key()
  return right.slice(0, -1) + (right.endsWith('A') ? 'B' : 'A')
}

function call(socket: WebSocket, id: number, channel: string, arg: unknown): Promise<WireMessage> {
  return new Promise((resolve) => {
    socket.on('message', (data, isBinary) => {
      const message = decodeWire(isBinary ? new Uint8Array(data as Buffer) : data.toString())
      if (message?.type === 'result' && message.id === id) resolve(message)
    })
    socket.send(encodeWire({ v: 1, type: 'call', id, channel, arg }))
  })
}

test('listens on 127.0.0.1 only, at an address carrying a fresh random key', async () => {
  expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{43}\/$/)
  const second = await startHost({ dataDir: join(dir.dir, 'other'), port: 0, rendererDir: await rendererDir(), network: {} }, () => {})
  try {
    expect(new URL(second.url).pathname).not.toBe(new URL(host.url).pathname)
  } finally {
    await second.close()
  }
})

test('refuses the IPC bridge to any other origin, and to clients without one, even with the key', async () => {
  await expect(connect({ Origin: 'http://evil.example' })).rejects.toThrow(/403/)
  await expect(connect({ Origin: 'http://localhost:1234' })).rejects.toThrow(/403/)
  await expect(connect({})).rejects.toThrow(/403/)
})

test('refuses the IPC bridge without the key or with a wrong one, even from our own origin', async () => {
  const base = origin().replace('http:', 'ws:')
  await expect(connect({ Origin: origin() }, `${base}/ipc`)).rejects.toThrow(/403: Quire refused this request: open the full address/)
  await expect(connect({ Origin: origin() }, `${base}/${wrongKey()}/ipc`)).rejects.toThrow(/403/)
  await expect(connect({ Origin: origin() }, `${base}/${key()}x/ipc`)).rejects.toThrow(/403/)
  await expect(connect({ Origin: origin() }, `${base}/ipc/${key()}`)).rejects.toThrow(/403/)
})

test('serves the page only with the key; without it, a 403 in plain words that does not give the key away', async () => {
  for (const path of ['/', '/index.html', `/${wrongKey()}/`, `/${wrongKey()}/index.html`, `/${key().slice(0, 10)}/`, `/?token=${key()}`]) {
    const refused = await fetch(origin() + path)
    expect(refused.status, path).toBe(403)
    expect(refused.headers.get('content-type')).toMatch(/^text\/plain/)
    const text = await refused.text()
    expect(text).toMatch(/open the full address Quire printed/)
    expect(text).not.toContain(key())
  }
  const page = await fetch(host.url)
  expect(page.status).toBe(200)
  expect(await page.text()).toContain('<title>Quire</title>')
  const withoutSlash = await fetch(`${origin()}/${key()}`, { redirect: 'manual' })
  expect(withoutSlash.status).toBe(308)
  expect(withoutSlash.headers.get('location')).toBe(`/${key()}/`)
})

test('serves the contract to its own page, and survives garbage frames', async () => {
  const socket = await connect({ Origin: origin() })
  expect(logs.join('\n')).not.toContain(key())
  socket.send('not json at all')
  socket.send(JSON.stringify({ v: 9, type: 'call', id: 1, channel: 'library:get', arg: {} }))
  const created = await call(socket, 2, 'book:create', { title: 'Over the wire' })
  expect(created.type === 'result' && created.envelope.ok).toBe(true)
  const refused = await call(socket, 3, 'book:create', { title: '' })
  expect(refused.type === 'result' && !refused.envelope.ok && refused.envelope.error.code).toBe('invalid-argument')
  expect(logs.filter((line) => line.includes('malformed'))).toHaveLength(2)
  socket.close()
})

test('carries bytes both ways as binary frames, and survives garbage binary frames', async () => {
  const socket = await connect({ Origin: origin() })
  const frames: boolean[] = []
  socket.on('message', (_data, isBinary) => frames.push(isBinary))
  const malformedBefore = logs.filter((line) => line.includes('malformed')).length
  socket.send(new Uint8Array([0, 0, 0, 0]))
  socket.send(new Uint8Array([1, 0, 0, 0, 200, 0, 0, 0, 123, 125]))
  const created = await call(socket, 1, 'book:create', { title: 'Bytes' })
  if (created.type !== 'result' || !created.envelope.ok) throw new Error('book:create failed')
  const bookId = (created.envelope.value as { books: { id: string }[] }).books[0]!.id
  const made = await call(socket, 4, 'chapter:create', { bookId })
  if (made.type !== 'result' || !made.envelope.ok) throw new Error('chapter:create failed')
  const chapterId = (made.envelope.value as { books: { chapters: { id: string }[] }[] }).books[0]!.chapters[0]!.id
  // An empty Yjs update: no structs, no deletions.
  const update = new Uint8Array([0, 0])
  const appended = await call(socket, 2, 'doc:append', { docId: chapterId, update })
  expect(appended.type === 'result' && appended.envelope.ok).toBe(true)
  const loaded = await call(socket, 3, 'doc:load', { docId: chapterId })
  if (loaded.type !== 'result' || !loaded.envelope.ok) throw new Error('doc:load failed')
  expect(loaded.envelope.value).toBeInstanceOf(Uint8Array)
  expect((loaded.envelope.value as Uint8Array).byteLength).toBeGreaterThan(0)
  expect(frames.at(-1)).toBe(true)
  expect(logs.filter((line) => line.includes('malformed'))).toHaveLength(malformedBefore + 2)
  socket.close()
})

test('sends the Content Security Policy with every page', async () => {
  const response = await fetch(host.url)
  expect(response.headers.get('content-security-policy')).toContain("script-src 'self'")
})
