/**
 * The network lab's plan: one "internet" segment with the services on it,
 * homes behind their own routers, and a café LAN. The internet uses
 * 198.51.100.0/24 (TEST-NET-2, reserved for documentation: no real host has
 * these addresses); homes and the café use private ranges. All of it lives in
 * namespaces this run creates, inside the private namespace of
 * scripts/netns-run: nothing can reach the machine's network.
 */
export const INTERNET = {
  prefix: 24,
  gateway: '198.51.100.1',
  /** Mosquitto: plain MQTT on 1883, MQTT over TLS on 8883 and 8886. */
  broker: '198.51.100.10',
  /** Quire's signaling server (npm run signal), port 4444. */
  signal: '198.51.100.11',
  /** coturn answering as the public STUN servers. */
  publicStun: '198.51.100.12',
  /** coturn as a self-hosted STUN and TURN server. */
  turn: '198.51.100.13',
  dns: '198.51.100.53',
} as const

/** A router's address on the internet: homes are numbered from 1. */
export const routerAddress = (home: number) => `198.51.100.${100 + home}`
/** A home's LAN: the router is .1, the computer .2. */
export const homeLan = (home: number) => ({ router: `10.${home}.0.1`, host: `10.${home}.0.2`, prefix: 24 })
export const CAFE = { router: '10.9.0.1', hosts: ['10.9.0.2', '10.9.0.3'], prefix: 24 }

export const SIGNAL_PORT = 4444
export const TURN_SECRET = 'lab-turn-secret'
export const TURN_REALM = 'lab.example'

/** What the lab's DNS answers. The public names are those of Quire's defaults, answered with lab addresses. */
export const LAB_NAMES: Record<string, string> = {
  'broker.emqx.io': INTERNET.broker,
  'broker.hivemq.com': INTERNET.broker,
  'test.mosquitto.org': INTERNET.broker,
  'stun.l.google.com': INTERNET.publicStun,
  'stun.cloudflare.com': INTERNET.publicStun,
  'signal.my-press.example': INTERNET.signal,
  'mqtt.my-press.example': INTERNET.broker,
  'turn.my-press.example': INTERNET.turn,
}
