/**
 * A crafted client on the lab's broker, run inside the lab's internet:
 *
 *     node --import tsx e2e/netlab/mallory.ts BROKER_URL
 *
 * It listens to every Quire room on the broker (room names are opaque, but
 * visible to anyone on a public broker) and prints what it saw. On the line
 * `attack` from stdin it sends into each room it saw: garbage, an oversized
 * message, a replay of every message it recorded, and an announcement
 * encrypted with a wrong key (it has no share key). It then prints a report
 * (one JSON line) and exits.
 */
import { createInterface } from 'node:readline'
import * as encoding from 'lib0/encoding'
import mqtt from 'mqtt'

const PREFIX = 'quire/v1/'
const url = process.argv[2]
if (!url) throw new Error('usage: mallory.ts BROKER_URL')

const seen: Array<{ topic: string; payload: string }> = []
const client = mqtt.connect(url, { reconnectPeriod: 1000, clientId: 'mallory' })
client.on('connect', () => {
  client.subscribe(`${PREFIX}#`)
  console.log(JSON.stringify({ event: 'listening' }))
})
client.on('message', (topic, payload) => {
  seen.push({ topic, payload: payload.toString('utf8') })
  if (seen.length === 1) console.log(JSON.stringify({ event: 'first-message' }))
})

const lines = createInterface({ input: process.stdin })
lines.on('line', (line) => {
  if (line.trim() === 'attack') void attack()
})

async function attack(): Promise<void> {
  const recorded = [...seen]
  const topics = [...new Set(recorded.map((m) => m.topic))]
  const publish = (topic: string, payload: string) => new Promise<void>((resolve) => client.publish(topic, payload, { qos: 1 }, () => resolve()))
  for (const topic of topics) {
    await publish(topic, 'this is not signaling')
    await publish(topic, '{"type":"announce","from":"mallory"}')
    await publish(topic, 'A'.repeat(100_000))
    // Well-formed on the outside, so it reaches the peers, who cannot decrypt it.
    const forged = await encryptLikeYWebrtc({ type: 'announce', from: 'mallory-peer' }, 'not the share key', topic.slice(PREFIX.length))
    await publish(topic, JSON.stringify({ data: Buffer.from(forged).toString('base64'), via: 'mallory' }))
  }
  for (const message of recorded) await publish(message.topic, message.payload)
  console.log(JSON.stringify({ event: 'report', topics: topics.map((t) => t.slice(PREFIX.length)), recorded: recorded.map((m) => m.payload) }))
  client.end(false, {}, () => process.exit(0))
}

/** y-webrtc's message encryption (src/crypto.js), with a password of Mallory's choosing. */
async function encryptLikeYWebrtc(data: object, password: string, room: string): Promise<Uint8Array> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveKey'])
  const key = await crypto.subtle.deriveKey(
    { name: 'PBKDF2', salt: new TextEncoder().encode(room), iterations: 100_000, hash: 'SHA-256' },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt'],
  )
  const plain = encoding.createEncoder()
  encoding.writeAny(plain, data as never)
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const cipher = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, encoding.toUint8Array(plain)))
  const out = encoding.createEncoder()
  encoding.writeVarString(out, 'AES-GCM')
  encoding.writeVarUint8Array(out, iv)
  encoding.writeVarUint8Array(out, cipher)
  return encoding.toUint8Array(out)
}
