/**
 * An MQTT broker as a rendezvous (any MQTT 3.1.1 broker: Mosquitto, EMQX,
 * HiveMQ, aedes). Each room is the topic `quire/v1/<room>`; the message is
 * `{"data":…,"via":…}`: y-webrtc's encrypted signaling text, unchanged, and
 * the sender's tag for this broker (see Uplink.via). QoS 0 and no retained
 * messages: the broker keeps nothing, and a signaling message that is late
 * is useless anyway.
 */
import { randomBytes } from 'node:crypto'
import mqtt from 'mqtt'
import { MAX_FRAME_BYTES } from './limits'
import { Uplink, type UplinkHooks, type UplinkOptions, type UplinkSession } from './uplink'

export const MQTT_TOPIC_PREFIX = 'quire/v1/'

export class MqttUplink extends Uplink {
  constructor(
    private readonly url: string,
    hooks: UplinkHooks,
    options?: UplinkOptions,
  ) {
    super(`mqtt ${url}`, hooks, options)
  }

  protected open(attempt: number): Promise<UplinkSession> {
    return new Promise((resolve, reject) => {
      const client = mqtt.connect(this.url, {
        // Reconnection is the base class's, so every kind retries (and reports) the same way.
        reconnectPeriod: 0,
        connectTimeout: 10_000,
        keepalive: 30,
        clean: true,
        protocolVersion: 4,
        clientId: `quire-${randomBytes(9).toString('base64url')}`,
        // A broker that cannot be verified could read room names; nothing more (messages are encrypted).
        rejectUnauthorized: true,
      })
      let opened = false
      client.on('connect', () => {
        opened = true
        resolve({
          send: (topic, data) => client.publish(MQTT_TOPIC_PREFIX + topic, JSON.stringify({ data, via: this.via }), { qos: 0, retain: false }),
          subscribe: (topics) => client.subscribe(topics.map((t) => MQTT_TOPIC_PREFIX + t), { qos: 0 }),
          unsubscribe: (topics) => client.unsubscribe(topics.map((t) => MQTT_TOPIC_PREFIX + t)),
          close: () => {
            client.removeAllListeners()
            client.on('error', () => {})
            client.end(true)
          },
        })
      })
      client.on('message', (topic, payload) => {
        if (!topic.startsWith(MQTT_TOPIC_PREFIX)) return
        const room = topic.slice(MQTT_TOPIC_PREFIX.length)
        // Far too large to be signaling: refused before it is parsed.
        if (payload.byteLength > MAX_FRAME_BYTES) return this.hooks.deliver(room, { oversized: payload.byteLength })
        let message: unknown
        try {
          message = JSON.parse(payload.toString('utf8'))
        } catch {
          return this.hooks.deliver(room, null)
        }
        const { data, via } = (message ?? {}) as { data?: unknown; via?: unknown }
        this.hooks.deliver(room, data, via)
      })
      let lastError: unknown = null
      client.on('error', (error) => {
        lastError = error
        if (!opened) {
          reject(error)
          client.end(true)
        }
      })
      client.on('close', () => {
        if (!opened) reject(lastError ?? Object.assign(new Error('closed'), { code: 'ECONNRESET' }))
        else this.lost(attempt, lastError ?? Object.assign(new Error('closed'), { code: 'ECONNRESET' }))
      })
    })
  }
}
