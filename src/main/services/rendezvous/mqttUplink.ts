/**
 * An MQTT broker as a rendezvous (any MQTT 3.1.1 broker: Mosquitto, EMQX,
 * HiveMQ, aedes). Each room is the topic `quire/v1/<room>`; the message is
 * y-webrtc's encrypted signaling text, unchanged. QoS 0 and no retained
 * messages: the broker keeps nothing, and a signaling message that is late
 * is useless anyway.
 */
import { randomBytes } from 'node:crypto'
import mqtt from 'mqtt'
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
          send: (topic, data) => client.publish(MQTT_TOPIC_PREFIX + topic, data, { qos: 0, retain: false }),
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
        this.hooks.deliver(topic.slice(MQTT_TOPIC_PREFIX.length), payload.toString('utf8'))
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
