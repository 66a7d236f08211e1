/**
 * The rendezvous bridge against real servers on 127.0.0.1: Quire's signaling
 * server, an MQTT broker (aedes) over TCP and over WebSocket, and the local
 * network adapter on the loopback interface with TTL 0 (nothing leaves this
 * computer). Each "renderer" is a WebSocket client speaking y-webrtc's
 * signaling protocol, as y-webrtc does.
 */
import { createServer as createHttpServer } from 'node:http'
import { createServer, type Server } from 'node:net'
import type { AddressInfo } from 'node:net'
import { Aedes } from 'aedes'
import mqtt from 'mqtt'
import { afterEach, describe, expect, test } from 'vitest'
import WebSocket, { WebSocketServer, createWebSocketStream } from 'ws'
import { startSignalingServer, type SignalingServer } from '../../../signal/server'
import { RendezvousBridge, type Endpoint } from './bridge'
import { LanUplink } from './lanUplink'
import { MQTT_TOPIC_PREFIX, MqttUplink } from './mqttUplink'
import { SignalUplink } from './signalUplink'
import { connectClient, fakeCiphertext, type SignalClient } from './testing/signalClient'
import type { Uplink, UplinkHooks } from './uplink'

const ROOM = 'room_Ab12Cd34Ef56'
const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const fast = { retryFirstMs: 50, retryMaxMs: 200, connectTimeoutMs: 2000 }

function uplinkFactory(lanPort?: number) {
  return (endpoint: Endpoint, hooks: UplinkHooks): Uplink => {
    if (endpoint.kind === 'signal') return new SignalUplink(endpoint.url, hooks, fast)
    if (endpoint.kind === 'mqtt') return new MqttUplink(endpoint.url, hooks, fast)
    return new LanUplink(hooks, { ...fast, port: lanPort!, interfaces: () => ['127.0.0.1'], ttl: 0 })
  }
}

async function bridge(endpoints: Endpoint[], lanPort?: number): Promise<{ bridge: RendezvousBridge; log: string[] }> {
  const log: string[] = []
  const started = await RendezvousBridge.start({ plan: () => endpoints, createUplink: uplinkFactory(lanPort), log: (line) => log.push(line) })
  cleanups.push(() => started.close())
  return { bridge: started, log }
}

async function renderer(url: string, topics = [ROOM]): Promise<SignalClient> {
  const client = await connectClient(url)
  cleanups.push(() => client.close())
  client.send({ type: 'subscribe', topics })
  await client.settle()
  return client
}

async function signalServer(port = 0): Promise<SignalingServer> {
  const server = await startSignalingServer({ port })
  cleanups.push(() => server.close())
  return server
}

async function aedesTcp(): Promise<string> {
  const broker = await Aedes.createBroker()
  const server: Server = createServer(broker.handle)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  cleanups.push(() => new Promise<void>((resolve) => broker.close(() => server.close(() => resolve()))))
  return `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`
}

async function aedesWs(): Promise<string> {
  const broker = await Aedes.createBroker()
  const http = createHttpServer()
  const wss = new WebSocketServer({ server: http })
  wss.on('connection', (socket, req) => broker.handle(createWebSocketStream(socket), req))
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()))
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate()
        broker.close(() => http.close(() => resolve()))
      }),
  )
  return `ws://127.0.0.1:${(http.address() as AddressInfo).port}/mqtt`
}

const published = (client: SignalClient) => client.received.filter((m) => m.type === 'publish')
const endpoint = (kind: Endpoint['kind'], url: string): Endpoint => ({ key: `${kind} ${url}`, kind, url })

describe('rendezvous bridge', () => {
  test('refuses connections without the secret', async () => {
    const { bridge: b } = await bridge([])
    expect(b.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/signal\/[A-Za-z0-9_-]{32}$/)
    await expect(connectClient(b.url.replace(/\/signal\/.*/, '/signal/guess'))).rejects.toThrow(/403/)
    await expect(connectClient(b.url.replace(/\/signal\/.*/, '/'))).rejects.toThrow(/403/)
  })

  test('carries a room through every rendezvous kind at once, delivering each message once, never back to its sender', async () => {
    const signal = await signalServer()
    const [tcp, ws] = await Promise.all([aedesTcp(), aedesWs()])
    const lanPort = 40_000 + Math.floor(Math.random() * 20_000)
    const all = [endpoint('signal', signal.url), endpoint('mqtt', tcp), endpoint('mqtt', ws), endpoint('lan', 'udp')]
    const a = await bridge(all, lanPort)
    const b = await bridge(all, lanPort)
    const alice = await renderer(a.bridge.url)
    const bob = await renderer(b.bridge.url)
    for (const { bridge: x } of [a, b]) for (const e of all) await x.uplink(e.key)!.whenConnected()

    const data = fakeCiphertext()
    alice.send({ type: 'publish', topic: ROOM, data })
    await bob.next((m) => m.data === data)
    // Let every copy arrive (four rendezvous): still exactly one delivery.
    await new Promise((resolve) => setTimeout(resolve, 300))
    await bob.settle()
    expect(published(bob).filter((m) => m.data === data)).toEqual([{ type: 'publish', topic: ROOM, data }])
    await alice.settle()
    expect(published(alice)).toEqual([])
    for (const e of all) expect(a.bridge.report(e.key)).toMatchObject({ state: 'connected', rooms: 1, dropped: 0 })
  })

  test('two names for one broker are copies, not replays', async () => {
    const tcp = await aedesTcp()
    const alias = tcp.replace('127.0.0.1', 'localhost')
    const both = [endpoint('mqtt', tcp), endpoint('mqtt', alias)]
    const a = await bridge(both)
    const b = await bridge(both)
    const alice = await renderer(a.bridge.url)
    const bob = await renderer(b.bridge.url)
    for (const x of [a, b]) for (const e of both) await x.bridge.uplink(e.key)!.whenConnected()
    const data = fakeCiphertext()
    alice.send({ type: 'publish', topic: ROOM, data })
    await bob.next((m) => m.data === data)
    await new Promise((resolve) => setTimeout(resolve, 300))
    await bob.settle()
    expect(published(bob)).toHaveLength(1)
    expect(b.log.join('\n')).not.toMatch(/replayed/)
    expect(b.bridge.report(`mqtt ${tcp}`)!.dropped).toBe(0)
  })

  test('a message sent before a rendezvous connects is sent once it does', async () => {
    const tcp = await aedesTcp()
    const a = await bridge([endpoint('mqtt', tcp)])
    const b = await bridge([endpoint('mqtt', tcp)])
    const bob = await renderer(b.bridge.url)
    await b.bridge.uplink(`mqtt ${tcp}`)!.whenConnected()
    const alice = await renderer(a.bridge.url)
    const data = fakeCiphertext()
    alice.send({ type: 'publish', topic: ROOM, data })
    await bob.next((m) => m.data === data)
  })

  test('drops and logs garbage, oversized, replayed and excess messages from a rendezvous; good ones still pass', async () => {
    const tcp = await aedesTcp()
    const a = await bridge([endpoint('mqtt', tcp)])
    const alice = await renderer(a.bridge.url)
    await a.bridge.uplink(`mqtt ${tcp}`)!.whenConnected()
    const mallory = mqtt.connect(tcp)
    cleanups.push(() => void mallory.end(true))
    await new Promise<void>((resolve) => mallory.on('connect', () => resolve()))
    const send = (payload: string, topic = ROOM) => new Promise<void>((resolve) => mallory.publish(MQTT_TOPIC_PREFIX + topic, payload, { qos: 1 }, () => resolve()))
    const wrap = (data: string) => JSON.stringify({ data, via: 'mallory' })

    const good = fakeCiphertext()
    await send(wrap(good))
    await alice.next((m) => m.data === good)
    await send('{"type":"announce","from":"x"}')
    await send('x'.repeat(70_000))
    await send(wrap(good))
    const after = fakeCiphertext()
    await send(wrap(after))
    await alice.next((m) => m.data === after)
    expect(published(alice).map((m) => m.data)).toEqual([good, after])
    const log = a.log.join('\n')
    expect(log).toMatch(/ignored a malformed message/)
    expect(log).toMatch(/ignored an oversized message/)
    expect(log).toMatch(/ignored a replayed message/)
    expect(a.bridge.report(`mqtt ${tcp}`)!.dropped).toBe(3)

    // A flood: the room's burst passes, the rest is dropped, and the bridge keeps working.
    for (let i = 0; i < 400; i++) mallory.publish(MQTT_TOPIC_PREFIX + ROOM, wrap(fakeCiphertext()), { qos: 0 })
    await new Promise<void>((resolve) => mallory.publish(MQTT_TOPIC_PREFIX + ROOM, wrap(fakeCiphertext()), { qos: 1 }, () => resolve()))
    await expect.poll(() => a.log.join('\n')).toMatch(/ignored a message over the rate limit/)
    expect(published(alice).length).toBeLessThan(402)
    expect(published(alice).length).toBeGreaterThan(150)
  })

  test('a dead rendezvous is reported in plain words and retried; the others carry the room meanwhile', async () => {
    // A port nothing listens on, for now.
    const probe = await signalServer()
    const deadUrl = probe.url
    await probe.close()
    cleanups.pop()
    const tcp = await aedesTcp()
    const list = [endpoint('signal', deadUrl), endpoint('mqtt', tcp)]
    const a = await bridge(list)
    const b = await bridge(list)
    const alice = await renderer(a.bridge.url)
    const bob = await renderer(b.bridge.url)
    await expect.poll(() => a.bridge.report(`signal ${deadUrl}`)?.state).toBe('failed')
    const report = a.bridge.report(`signal ${deadUrl}`)!
    expect(report.error).toMatch(/nothing answers at that address/)
    expect(report.retryAt).toBeGreaterThan(Date.now() - 1000)
    await a.bridge.uplink(`mqtt ${tcp}`)!.whenConnected()
    await b.bridge.uplink(`mqtt ${tcp}`)!.whenConnected()
    const data = fakeCiphertext()
    alice.send({ type: 'publish', topic: ROOM, data })
    await bob.next((m) => m.data === data)

    // The server comes up on that port: the next retry connects.
    await signalServer(Number(new URL(deadUrl).port))
    await a.bridge.uplink(`signal ${deadUrl}`)!.whenConnected()
    expect(a.bridge.report(`signal ${deadUrl}`)).toMatchObject({ state: 'connected' })
  })

  test('stops using a rendezvous when no room needs it, and opens it again for the next', async () => {
    const signal = await signalServer()
    const a = await bridge([endpoint('signal', signal.url)])
    const alice = await renderer(a.bridge.url)
    await a.bridge.uplink(`signal ${signal.url}`)!.whenConnected()
    alice.send({ type: 'unsubscribe', topics: [ROOM] })
    await alice.settle()
    expect(a.bridge.report(`signal ${signal.url}`)).toBeUndefined()
    alice.send({ type: 'subscribe', topics: [ROOM] })
    await alice.settle()
    await a.bridge.uplink(`signal ${signal.url}`)!.whenConnected()
  })

  test('talks to stock y-webrtc peers on a signaling server in their own format', async () => {
    const signal = await signalServer()
    const a = await bridge([endpoint('signal', signal.url)])
    const alice = await renderer(a.bridge.url)
    await a.bridge.uplink(`signal ${signal.url}`)!.whenConnected()
    const direct = await connectClient(signal.url)
    cleanups.push(() => direct.close())
    direct.send({ type: 'subscribe', topics: [ROOM] })
    await direct.settle()
    const fromAlice = fakeCiphertext()
    alice.send({ type: 'publish', topic: ROOM, data: fromAlice })
    await direct.next((m) => m.data === fromAlice && m.topic === ROOM)
    const fromDirect = fakeCiphertext()
    direct.send({ type: 'publish', topic: ROOM, data: fromDirect })
    await alice.next((m) => m.data === fromDirect)
  })

  test('ignores what the window sends that is not signaling', async () => {
    const signal = await signalServer()
    const a = await bridge([endpoint('signal', signal.url)])
    const alice = await renderer(a.bridge.url)
    const raw = new WebSocket(a.bridge.url)
    cleanups.push(() => raw.terminate())
    await new Promise((resolve) => raw.once('open', resolve))
    raw.send('not json')
    alice.send({ type: 'publish', topic: ROOM, data: 'plain text, not ciphertext' })
    alice.send({ type: 'publish', topic: 'not-subscribed-room', data: fakeCiphertext() })
    await alice.settle()
    expect(a.log.join('\n')).toMatch(/ignored a malformed message from the window/)
    expect(a.log.join('\n')).toMatch(/bridge \(from the window\): ignored a malformed message/)
  })
})
