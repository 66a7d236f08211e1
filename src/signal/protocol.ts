/**
 * The y-webrtc signaling protocol, as JSON text frames over a WebSocket
 * (the same wire format as `y-webrtc/bin/server.js`, so stock y-webrtc
 * clients work unchanged). It is unversioned because y-webrtc defines it,
 * not Quire.
 *
 * The server routes by topic (a y-webrtc room name, opaque to it) and never
 * reads a publish message's payload: with a room password, y-webrtc encrypts
 * the payload before it leaves the client.
 */

/** Subscribe this connection to rooms. */
export interface SubscribeMessage {
  type: 'subscribe'
  topics: string[]
}

/** Stop receiving a room's messages. */
export interface UnsubscribeMessage {
  type: 'unsubscribe'
  topics: string[]
}

/**
 * Relay to every subscriber of `topic` (the sender included). Fields other
 * than `type` and `topic` belong to the client and are relayed untouched;
 * the server adds `clients`, the topic's subscriber count.
 */
export interface PublishMessage {
  type: 'publish'
  topic: string
  [field: string]: unknown
}

/** Application-level keepalive: the server answers `{ type: 'pong' }`. */
export interface PingMessage {
  type: 'ping'
}

export type ClientMessage = SubscribeMessage | UnsubscribeMessage | PublishMessage | PingMessage

export type ServerMessage = (PublishMessage & { clients: number }) | { type: 'pong' }

/** Longest topic name accepted; y-webrtc room names are far shorter. */
export const MAX_TOPIC_LENGTH = 1024

const isTopic = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_TOPIC_LENGTH

/**
 * Parses one text frame from a client. Returns null for anything that is not
 * a well-formed message: invalid JSON, a non-object, an unknown type, or
 * fields of the wrong type. Invalid entries in a topic list are skipped.
 */
export function parseClientMessage(text: string): ClientMessage | null {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const message = value as Record<string, unknown>
  switch (message.type) {
    case 'subscribe':
    case 'unsubscribe':
      if (!Array.isArray(message.topics)) return null
      return { type: message.type, topics: message.topics.filter(isTopic) }
    case 'publish':
      return isTopic(message.topic) ? (message as PublishMessage) : null
    case 'ping':
      return { type: 'ping' }
    default:
      return null
  }
}
