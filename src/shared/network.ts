/**
 * How Quire peers find each other and get through routers: the rendezvous
 * kinds, STUN and TURN servers, the public defaults, privacy mode, and the
 * rules every address must follow. Pure: main, the renderer and the invite
 * codec all read the same definitions.
 *
 * A rendezvous only introduces peers: it relays opaque room names and
 * signaling messages that y-webrtc has already encrypted with the share key.
 * Chapter text and comments travel directly between peers (or through a TURN
 * relay, still encrypted by WebRTC).
 */
import { hmac } from '@noble/hashes/hmac.js'
import { sha1 } from '@noble/hashes/legacy.js'

/** Quire's own signaling server (`npm run signal`) or an MQTT broker. The local network needs no address. */
export type RendezvousKind = 'signal' | 'mqtt'

export interface Rendezvous {
  kind: RendezvousKind
  url: string
}

/** How a TURN server checks who may relay through it. */
export type TurnAuth =
  /** A fixed user name and password. */
  | { kind: 'password'; username: string; credential: string }
  /**
   * A secret shared with the server (coturn's `static-auth-secret`): Quire
   * makes time-limited credentials from it, so the secret itself never
   * leaves this computer.
   */
  | { kind: 'secret'; secret: string; name: string }

export interface TurnServer {
  /** turn: or turns: address, e.g. `turn:turn.example.org:3478?transport=udp`. */
  url: string
  auth: TurnAuth
}

/** One entry of RTCConfiguration.iceServers, as WebRTC takes it. */
export interface IceServer {
  urls: string
  username?: string
  credential?: string
}

/** Everything about reaching peers that the user can set. */
export interface NetworkSettings {
  /** Rendezvous tried together; any one that both peers reach suffices. */
  rendezvous: Rendezvous[]
  /** Find peers on the same local network (UDP multicast), with no server and no internet. */
  localNetwork: boolean
  /** stun: servers that tell each peer its address as the internet sees it. Empty: none. */
  stunServers: string[]
  turnServers: TurnServer[]
  /** "Only my own servers and my local network": no public service is contacted at all. */
  privacyMode: boolean
}

/**
 * Public MQTT brokers run by the makers of EMQX, HiveMQ and Mosquitto for
 * anyone to use. Each sees this computer's IP address, opaque room names and
 * when messages pass; the messages themselves are encrypted. TLS (`mqtts:`)
 * hides even the room names from the networks in between.
 */
export const PUBLIC_BROKERS: readonly Rendezvous[] = [
  { kind: 'mqtt', url: 'mqtts://broker.emqx.io:8883' },
  { kind: 'mqtt', url: 'mqtts://broker.hivemq.com:8883' },
  { kind: 'mqtt', url: 'mqtts://test.mosquitto.org:8886' },
]

/** Public STUN servers: each sees this computer's IP address when a connection starts, nothing else. */
export const PUBLIC_STUN_SERVERS: readonly string[] = ['stun:stun.l.google.com:19302', 'stun:stun.cloudflare.com:3478']

/** Host names of the public services above: privacy mode never contacts them, whoever names them. */
const PUBLIC_HOSTS = new Set([...PUBLIC_BROKERS.map((r) => hostOf(r.url)), ...PUBLIC_STUN_SERVERS.map((url) => hostOf(url))])

export const MAX_RENDEZVOUS = 10
export const MAX_ICE_SERVERS = 20
export const MAX_URL_LENGTH = 2048
export const MAX_CREDENTIAL_LENGTH = 512

export function defaultNetworkSettings(): NetworkSettings {
  return {
    rendezvous: PUBLIC_BROKERS.map((r) => ({ ...r })),
    localNetwork: true,
    stunServers: [...PUBLIC_STUN_SERVERS],
    turnServers: [],
    privacyMode: false,
  }
}

const SCHEMES: Record<RendezvousKind, readonly string[]> = {
  signal: ['ws:', 'wss:'],
  mqtt: ['mqtt:', 'mqtts:', 'ws:', 'wss:'],
}

const KIND_NAMES: Record<RendezvousKind, string> = {
  signal: 'A Quire signaling server address must start with ws:// or wss://',
  mqtt: 'An MQTT broker address must start with mqtt://, mqtts://, ws:// or wss://',
}

/** Why `url` cannot be used as a rendezvous of this kind, in plain words; null when it can. */
export function rendezvousProblem(kind: RendezvousKind, url: unknown): string | null {
  const parsed = strictUrl(url)
  if (!parsed || !SCHEMES[kind].includes(parsed.protocol)) return `${KIND_NAMES[kind]} (“${String(url).slice(0, 80)}”).`
  if (parsed.username || parsed.password) return `Leave the user name and password out of “${parsed.host}”: addresses travel in invites.`
  return null
}

/** Why `url` is not a usable STUN (`kind` 'stun') or TURN server address; null when it is. */
export function iceUrlProblem(kind: 'stun' | 'turn', url: unknown): string | null {
  const ok =
    typeof url === 'string' &&
    url.length <= MAX_URL_LENGTH &&
    !/[\s\p{Cc}@]/u.test(url) &&
    new RegExp(`^${kind}s?:(\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9.-]+)(:\\d{1,5})?(\\?transport=(udp|tcp))?$`).test(url)
  return ok ? null : `“${String(url).slice(0, 80)}” is not a ${kind}: address such as ${kind}:${kind}.example.org:3478.`
}

/** Why a TURN server entry cannot be used; null when it can. */
export function turnServerProblem(server: TurnServer): string | null {
  const url = iceUrlProblem('turn', server.url)
  if (url) return url
  const { auth } = server
  const fields = auth.kind === 'password' ? [auth.username, auth.credential] : [auth.secret, auth.name]
  if (fields.some((f) => typeof f !== 'string' || f.length === 0 || f.length > MAX_CREDENTIAL_LENGTH || /[\p{Cc}]/u.test(f))) {
    return `The TURN server ${server.url} needs a user name and a password (or a shared secret and a name).`
  }
  if (auth.kind === 'secret' && auth.name.includes(':')) return 'The name used with a TURN shared secret may not contain “:”.'
  return null
}

/** True for the public services Quire uses by default, which privacy mode never contacts. */
export function isPublicService(url: string): boolean {
  return PUBLIC_HOSTS.has(hostOf(url))
}

/** The lowercase host of a URL or stun:/turn: address; '' when there is none. */
export function hostOf(url: string): string {
  const match = /^[a-z][a-z0-9+.-]*:(?:\/\/)?(\[[^\]]*\]|[^:/?#@]*)/i.exec(url)
  return (match?.[1] ?? '').toLowerCase()
}

/** Same kind and same address: listed twice (settings and invite), used once. */
export function rendezvousKey(r: Rendezvous): string {
  return `${r.kind} ${r.url}`
}

/** Where a rendezvous or server in use came from, so the connection view can say so. */
export type NetworkSource = 'settings' | 'invite'

export interface PlannedRendezvous extends Rendezvous {
  source: NetworkSource
  /** Set when it is listed but deliberately not contacted. */
  skipped?: 'privacy'
}

/**
 * The rendezvous one room uses: the user's own, then any more an invite named
 * (a reviewer meets the author where the author is). Privacy mode skips the
 * public services and everything an invite brought, which is not the user's own.
 */
export function planRendezvous(settings: NetworkSettings, fromInvite: readonly Rendezvous[] = []): PlannedRendezvous[] {
  const seen = new Set<string>()
  const planned: PlannedRendezvous[] = []
  const add = (r: Rendezvous, source: NetworkSource) => {
    const key = rendezvousKey(r)
    if (seen.has(key)) return
    seen.add(key)
    const skipped = settings.privacyMode && (source === 'invite' || isPublicService(r.url))
    planned.push({ kind: r.kind, url: r.url, source, ...(skipped ? { skipped: 'privacy' as const } : {}) })
  }
  for (const r of settings.rendezvous) add(r, 'settings')
  for (const r of fromInvite) add(r, 'invite')
  return planned
}

/** How long TURN credentials made from a shared secret stay valid when Quire makes them for its own use. */
export const TURN_CREDENTIAL_TTL_SECONDS = 24 * 60 * 60
/** …and when the author puts them in an invite. */
export const INVITE_TURN_TTL_SECONDS = 30 * 24 * 60 * 60

/**
 * Time-limited TURN credentials from a shared secret, as coturn's
 * `use-auth-secret` and the "TURN REST API" draft define them: the user name
 * is `expiry:name` (expiry in seconds since the epoch) and the password is
 * base64(HMAC-SHA1(secret, user name)).
 */
export function turnRestCredential(secret: string, name: string, expiresAtSeconds: number): { username: string; credential: string } {
  const username = `${Math.floor(expiresAtSeconds)}:${name}`
  const mac = hmac(sha1, new TextEncoder().encode(secret), new TextEncoder().encode(username))
  return { username, credential: toBase64(mac) }
}

/** One TURN server as WebRTC takes it, credentials made for `nowMs` + `ttlSeconds` when from a secret. */
export function turnIceServer(server: TurnServer, nowMs: number, ttlSeconds = TURN_CREDENTIAL_TTL_SECONDS): IceServer {
  const { auth } = server
  if (auth.kind === 'password') return { urls: server.url, username: auth.username, credential: auth.credential }
  return { urls: server.url, ...turnRestCredential(auth.secret, auth.name, nowMs / 1000 + ttlSeconds) }
}

export interface PlannedIceServer extends IceServer {
  source: NetworkSource
  skipped?: 'privacy'
}

/**
 * The STUN and TURN servers one room uses: the user's own plus the TURN
 * servers an invite carried. In privacy mode public STUN servers and servers
 * from invites are skipped.
 */
export function planIceServers(settings: NetworkSettings, nowMs: number, fromInvite: readonly IceServer[] = []): PlannedIceServer[] {
  const planned: PlannedIceServer[] = []
  for (const urls of settings.stunServers) {
    planned.push({ urls, source: 'settings', ...(settings.privacyMode && isPublicService(urls) ? { skipped: 'privacy' as const } : {}) })
  }
  for (const server of settings.turnServers) {
    planned.push({ ...turnIceServer(server, nowMs), source: 'settings', ...(settings.privacyMode && isPublicService(server.url) ? { skipped: 'privacy' as const } : {}) })
  }
  for (const server of fromInvite) {
    planned.push({ ...server, source: 'invite', ...(settings.privacyMode ? { skipped: 'privacy' as const } : {}) })
  }
  return planned
}

/** Only the servers that are actually used, stripped to what RTCPeerConnection takes. */
export function usableIceServers(planned: readonly PlannedIceServer[]): IceServer[] {
  return planned
    .filter((s) => !s.skipped)
    .map(({ urls, username, credential }) => ({ urls, ...(username !== undefined ? { username } : {}), ...(credential !== undefined ? { credential } : {}) }))
}

function strictUrl(value: unknown): URL | null {
  // `new URL` would quietly trim spaces and controls; an address must be used exactly as written.
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH || /[\s\p{Cc}]/u.test(value)) return null
  try {
    const url = new URL(value)
    return url.hostname.length > 0 ? url : null
  } catch {
    return null
  }
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Standard base64 with padding (TURN credentials use it, not base64url). */
function toBase64(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0)
    out += BASE64[(n >> 18) & 63]! + BASE64[(n >> 12) & 63]!
    out += i + 1 < bytes.length ? BASE64[(n >> 6) & 63]! : '='
    out += i + 2 < bytes.length ? BASE64[n & 63]! : '='
  }
  return out
}
