import { afterEach, describe, expect, test } from 'vitest'
import { WebSocket } from 'ws'
import { startSignalingServer, type SignalingServer, type SignalingServerOptions } from './server'
import { parseClientMessage } from './protocol'
import { parseSignalOptions } from './options'

/** A real WebSocket client that records what the server sends it. */
interface TestClient {
  socket: WebSocket
  received: unknown[]
  send(message: unknown): void
  sendRaw(data: string | Buffer): void
  /** Resolves with the next message matching `predicate` (already received ones count). */
  next(predicate: (message: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>
  closed: Promise<number>
}

let server: SignalingServer | undefined
const sockets: WebSocket[] = []

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate()
  await server?.close()
  server = undefined
})

async function start(options: Partial<SignalingServerOptions> = {}): Promise<SignalingServer> {
  server = await startSignalingServer({ port: 0, ...options })
  return server
}

async function connect(url: string, options: { autoPong?: boolean } = {}): Promise<TestClient> {
  const socket = new WebSocket(url, options)
  sockets.push(socket)
  const received: Record<string, unknown>[] = []
  const waiters: { predicate: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }[] = []
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as Record<string, unknown>
    received.push(message)
    for (const waiter of [...waiters]) {
      if (waiter.predicate(message)) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve(message)
      }
    }
  })
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)))
  socket.on('error', () => {})
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
  })
  return {
    socket,
    received,
    send: (message) => socket.send(JSON.stringify(message)),
    sendRaw: (data) => socket.send(data),
    next: (predicate) => {
      const found = received.find(predicate)
      if (found) return Promise.resolve(found)
      return new Promise((resolve) => waiters.push({ predicate, resolve }))
    },
    closed,
  }
}

/** A ping round trip: once the pong is back, everything sent before it was handled. */
async function settle(client: TestClient): Promise<void> {
  const before = client.received.length
  client.send({ type: 'ping' })
  await client.next((m) => m.type === 'pong' && client.received.indexOf(m) >= before)
}

const published = (client: TestClient, marker: string) => client.received.filter((m) => (m as Record<string, unknown>).marker === marker)

describe('signaling server', () => {
  test('listens on loopback and reports the bound port', async () => {
    const { url } = await start()
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/)
  })

  test('relays a publish to every subscriber of the topic, with the subscriber count', async () => {
    const { url } = await start()
    const [a, b, c] = await Promise.all([connect(url), connect(url), connect(url)])
    for (const client of [a, b, c]) client.send({ type: 'subscribe', topics: ['room-1'] })
    await Promise.all([settle(a), settle(b), settle(c)])

    a.send({ type: 'publish', topic: 'room-1', marker: 'hello', data: { from: 'a', nested: [1, 2] } })
    for (const client of [a, b, c]) {
      const message = await client.next((m) => m.marker === 'hello')
      expect(message).toEqual({ type: 'publish', topic: 'room-1', marker: 'hello', data: { from: 'a', nested: [1, 2] }, clients: 3 })
    }
  })

  test('logs where each connection comes from, when asked', async () => {
    const lines: string[] = []
    const { url } = await start({ log: (line) => lines.push(line) })
    await connect(url)
    await expect.poll(() => lines).toEqual(['connection from 127.0.0.1'])
  })

  test('answers ping with pong', async () => {
    const { url } = await start()
    const a = await connect(url)
    a.send({ type: 'ping' })
    expect(await a.next((m) => m.type === 'pong')).toEqual({ type: 'pong' })
  })

  test('nothing leaks across topics, and unsubscribing stops delivery', async () => {
    const { url } = await start()
    const [a, b, c] = await Promise.all([connect(url), connect(url), connect(url)])
    a.send({ type: 'subscribe', topics: ['room-a'] })
    b.send({ type: 'subscribe', topics: ['room-b'] })
    c.send({ type: 'subscribe', topics: ['room-a', 'room-b'] })
    await Promise.all([settle(a), settle(b), settle(c)])

    a.send({ type: 'publish', topic: 'room-a', marker: 'for-a' })
    b.send({ type: 'publish', topic: 'room-b', marker: 'for-b' })
    await c.next((m) => m.marker === 'for-a')
    await c.next((m) => m.marker === 'for-b')
    await Promise.all([settle(a), settle(b)])
    expect(published(a, 'for-b')).toEqual([])
    expect(published(b, 'for-a')).toEqual([])

    c.send({ type: 'unsubscribe', topics: ['room-a'] })
    await settle(c)
    a.send({ type: 'publish', topic: 'room-a', marker: 'after' })
    expect((await a.next((m) => m.marker === 'after')).clients).toBe(1)
    await settle(c)
    expect(published(c, 'after')).toEqual([])
  })

  test('only subscribers can publish into a topic', async () => {
    const { url } = await start()
    const [member, outsider] = await Promise.all([connect(url), connect(url)])
    member.send({ type: 'subscribe', topics: ['room'] })
    await settle(member)
    outsider.send({ type: 'publish', topic: 'room', marker: 'intruder' })
    await settle(outsider)
    await settle(member)
    expect(published(member, 'intruder')).toEqual([])
  })

  test('ignores garbage frames and keeps serving the same connection', async () => {
    const { url } = await start()
    const [a, b] = await Promise.all([connect(url), connect(url)])
    b.send({ type: 'subscribe', topics: ['room'] })
    a.send({ type: 'subscribe', topics: ['room'] })
    await settle(b)

    const garbage: (string | Buffer)[] = [
      '{not json',
      '',
      'null',
      '42',
      '"publish"',
      '[1,2,3]',
      JSON.stringify({ type: 'publish' }),
      JSON.stringify({ type: 'publish', topic: 7 }),
      JSON.stringify({ type: 'publish', topic: { toString: 'room' } }),
      JSON.stringify({ type: 'subscribe', topics: 'room' }),
      JSON.stringify({ type: 'subscribe', topics: [null, 5, {}, ''] }),
      JSON.stringify({ type: 'unsubscribe' }),
      JSON.stringify({ type: 'nope', topics: ['room'] }),
      JSON.stringify({ type: { evil: true } }),
      JSON.stringify({ type: '__proto__', topic: 'room' }),
      Buffer.from([0xff, 0xfe, 0x00, 0x80, 0xc3]),
    ]
    for (const frame of garbage) a.sendRaw(frame)
    await settle(a)

    a.send({ type: 'publish', topic: 'room', marker: 'still-works' })
    expect((await b.next((m) => m.marker === 'still-works')).clients).toBe(2)
    expect(b.received.filter((m) => (m as Record<string, unknown>).type === 'publish')).toHaveLength(1)
  })

  test('closes a connection that sends an oversized frame; others are unaffected', async () => {
    const { url } = await start({ maxMessageBytes: 1024 })
    const [big, other] = await Promise.all([connect(url), connect(url)])
    other.send({ type: 'subscribe', topics: ['room'] })
    big.send({ type: 'subscribe', topics: ['room'] })
    await settle(big)
    big.send({ type: 'publish', topic: 'room', marker: 'x'.repeat(2048) })
    expect(await big.closed).toBe(1009)

    other.send({ type: 'publish', topic: 'room', marker: 'after' })
    expect((await other.next((m) => m.marker === 'after')).clients).toBe(1)
  })

  test('caps the number of topics per connection', async () => {
    const { url } = await start({ maxTopicsPerConnection: 2 })
    const [a, b] = await Promise.all([connect(url), connect(url)])
    a.send({ type: 'subscribe', topics: ['t1', 't2', 't3'] })
    await settle(a)
    for (const topic of ['t1', 't2', 't3']) {
      b.send({ type: 'subscribe', topics: [topic] })
      b.send({ type: 'publish', topic, marker: topic })
    }
    await settle(b)
    await settle(a)
    expect(published(a, 't1')).toHaveLength(1)
    expect(published(a, 't2')).toHaveLength(1)
    expect(published(a, 't3')).toHaveLength(0)
  })

  test('drops a connection that stops answering pings', async () => {
    const { url } = await start({ pingIntervalMs: 100 })
    const [dead, live] = await Promise.all([connect(url, { autoPong: false }), connect(url)])
    dead.send({ type: 'subscribe', topics: ['room'] })
    live.send({ type: 'subscribe', topics: ['room'] })
    await settle(dead)
    await settle(live)
    await dead.closed
    live.send({ type: 'publish', topic: 'room', marker: 'alone' })
    expect((await live.next((m) => m.marker === 'alone')).clients).toBe(1)
  })

  test('close() disconnects clients and frees the port', async () => {
    const running = await start()
    const a = await connect(running.url)
    await running.close()
    server = undefined
    await a.closed
    await expect(connect(running.url)).rejects.toThrow()
  })
})

describe('parseClientMessage', () => {
  test('accepts the four message types and keeps publish fields', () => {
    expect(parseClientMessage('{"type":"subscribe","topics":["a","b"]}')).toEqual({ type: 'subscribe', topics: ['a', 'b'] })
    expect(parseClientMessage('{"type":"unsubscribe","topics":["a"]}')).toEqual({ type: 'unsubscribe', topics: ['a'] })
    expect(parseClientMessage('{"type":"publish","topic":"a","data":"xyz"}')).toEqual({ type: 'publish', topic: 'a', data: 'xyz' })
    expect(parseClientMessage('{"type":"ping","extra":1}')).toEqual({ type: 'ping' })
  })

  test('rejects malformed input', () => {
    for (const text of ['', '{', '[]', 'true', '{"type":"publish","topic":""}', `{"type":"publish","topic":"${'x'.repeat(2000)}"}`]) {
      expect(parseClientMessage(text)).toBeNull()
    }
  })
})

describe('parseSignalOptions', () => {
  test('defaults to loopback and port 4444', () => {
    expect(parseSignalOptions([])).toEqual({ port: 4444, host: '127.0.0.1', log: false })
    expect(parseSignalOptions(['--port', '0', '--log'])).toEqual({ port: 0, host: '127.0.0.1', log: true })
  })

  test('rejects a bad port and unknown flags', () => {
    expect(() => parseSignalOptions(['--port', 'abc'])).toThrow(/--port/)
    expect(() => parseSignalOptions(['--port', '70000'])).toThrow(/--port/)
    expect(() => parseSignalOptions(['--verbose'])).toThrow()
  })
})
