/**
 * One peer on Quire's channel of one room: the handshake, then the exchange.
 *
 * Both sides say HELLO (protocol version, chapter, epoch, a fresh nonce) and
 * then AUTH (their key and a signature over both nonces), so each learns the
 * other's key for this session only; a peer on another protocol version is
 * told so and the session ends with a plain message on both sides. Then
 * manifests, HAVE vectors and the envelopes each side lacks flow both ways,
 * and every envelope goes through the room's checks before Yjs sees it.
 *
 * Keepalive: right after its AUTH, and every KEEPALIVE_MS from then on, a
 * session sends an empty ENVELOPES batch, which any version of Quire reads
 * as "nothing new". A peer that has sent one is known to keep sending them;
 * when nothing at all arrives from it for SILENCE_MS the session closes the
 * whole connection, so y-webrtc connects afresh. (A WebRTC connection can
 * stay up with one direction dead; without this nobody would notice.) A peer
 * from before keepalives never sends an empty batch and is never timed out.
 */
import { toBase64Url, verifyBytes } from '../../../shared/identity'
import { authMessage, decodeMessage, encodeMessage, NONCE_BYTES, presenceMessage, PROTOCOL_VERSION, type PeerMessage } from '../../../shared/trust/protocol'

/** The part of a data channel a session uses (a GuardedDataChannel in the app, a pipe in tests). */
export interface SessionChannel {
  readonly readyState: RTCDataChannelState
  send(data: Uint8Array): void
  close(): void
  addEventListener(type: 'open' | 'close' | 'message', listener: (event: Event) => void): void
}

/** Who the room lets in, once a peer has proved its key. */
export type Admission =
  | { kind: 'full'; role: 'author' | 'member' }
  /** A removed member, or anyone in an old epoch's room: they may learn of changes to the share, nothing more. */
  | { kind: 'limited' }
  | { kind: 'refused'; code: string; message: string }

export interface SessionHost {
  readonly docKey: string
  readonly epoch: number
  /** An old epoch's room: it only hands on the manifest and the new key. */
  readonly retired: boolean
  ourKey(): Uint8Array
  signAuth(theirNonce: Uint8Array, ourNonce: Uint8Array, epoch: number): Promise<Uint8Array>
  /** Messages to send before proving our key: the manifest we hold and our invite binding, so a first-time member can be let in. */
  introductions(): PeerMessage[]
  /** Messages to send a peer once it is admitted (manifest, new key, bindings it may not have seen). */
  greetings(admission: Admission): Promise<PeerMessage[]>
  admit(peerKey: Uint8Array): Admission
  have(): Array<{ writer: Uint8Array; seq: number }>
  missingFor(their: ReadonlyMap<string, number>): OutgoingEnvelope[]
  receive(session: PeerSession, message: PeerMessage): void
  opened(session: PeerSession): void
  closed(session: PeerSession): void
  /** Something the user may need to know (an incompatible peer, a refusal). */
  report(problem: string): void
}

/** An envelope to send, with what the session needs to track what the peer has. */
export interface OutgoingEnvelope {
  bytes: Uint8Array
  writer: Uint8Array
  seq: number
}

/** Envelopes per ENVELOPES message: enough to fill a frame without one message growing huge. */
const BATCH_BYTES = 1024 * 1024

/** How often a session tells its peer it is still there. */
export const KEEPALIVE_MS = 5_000
/** A peer that keeps alive and is not heard from for this long is gone (four keepalives missed). */
export const SILENCE_MS = 20_000

export interface SessionOptions {
  /**
   * Closes the whole peer connection this session's channel belongs to, in a
   * way y-webrtc notices, so that it connects afresh. Without it a silent
   * peer's session only closes its own channel.
   */
  dropConnection?(): void
  keepaliveMs?: number
  silenceMs?: number
}

let sessions = 0

export class PeerSession {
  readonly id = `session-${++sessions}`
  peerKey: Uint8Array | null = null
  admission: Admission | null = null
  /** How far each writer's envelopes reach at the peer, as far as we know. */
  readonly theirHave = new Map<string, number>()
  private readonly ourNonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES))
  private theirHello: { nonce: Uint8Array; epoch: number } | null = null
  /** Our AUTH, signed and sent (set once their HELLO arrives). */
  private ourAuth: Promise<void> | null = null
  /** Our AUTH is on the wire: the peer reads what follows it. */
  private authSent = false
  private ended = false
  private keepalive: ReturnType<typeof setInterval> | null = null
  /** Armed once the peer has shown it sends keepalives; fires after SILENCE_MS with nothing heard. */
  private silence: ReturnType<typeof setTimeout> | null = null

  constructor(
    private readonly channel: SessionChannel,
    private readonly host: SessionHost,
    private readonly options: SessionOptions = {},
  ) {
    channel.addEventListener('open', () => this.hello())
    channel.addEventListener('message', (event) => void this.onMessage(new Uint8Array((event as MessageEvent).data as ArrayBuffer)))
    channel.addEventListener('close', () => this.end())
    if (channel.readyState === 'open') this.hello()
  }

  get open(): boolean {
    return !this.ended && this.admission !== null && this.admission.kind !== 'refused'
  }

  /**
   * Open, and the peer has our AUTH: what we send now is read, not ignored.
   * (A peer ignores all but the handshake until it has our AUTH, and we may
   * let them in before our own signature is ready.)
   */
  get ready(): boolean {
    return this.open && this.authSent
  }

  send(message: PeerMessage): void {
    if (this.ended || this.channel.readyState !== 'open') return
    try {
      this.channel.send(encodeMessage(message))
    } catch {
      // The channel is closing; its close event ends the session.
    }
  }

  /** Sends envelopes in batches, and notes that the peer now has them. */
  sendEnvelopes(envelopes: readonly OutgoingEnvelope[]): void {
    let batch: Uint8Array[] = []
    let size = 0
    for (const envelope of envelopes) {
      const writer = toBase64Url(envelope.writer)
      if ((this.theirHave.get(writer) ?? 0) >= envelope.seq) continue
      this.theirHave.set(writer, envelope.seq)
      batch.push(envelope.bytes)
      size += envelope.bytes.length
      if (size >= BATCH_BYTES) {
        this.send({ type: 'envelopes', envelopes: batch })
        batch = []
        size = 0
      }
    }
    if (batch.length > 0) this.send({ type: 'envelopes', envelopes: batch })
  }

  close(code?: string, message?: string): void {
    if (code && message) this.send({ type: 'error', code, message, protocol: PROTOCOL_VERSION })
    this.end()
    this.channel.close()
  }

  private hello(): void {
    this.send({ type: 'hello', protocol: PROTOCOL_VERSION, docKey: this.host.docKey, epoch: this.host.epoch, nonce: this.ourNonce })
  }

  private end(): void {
    if (this.ended) return
    this.ended = true
    if (this.keepalive !== null) clearInterval(this.keepalive)
    if (this.silence !== null) clearTimeout(this.silence)
    this.keepalive = null
    this.silence = null
    this.host.closed(this)
  }

  /** Our AUTH is out: from now on the peer reads what we send, so we tell it regularly that we are here. */
  private startKeepalive(): void {
    if (this.ended || this.keepalive !== null) return
    this.send(KEEPALIVE)
    this.keepalive = setInterval(() => this.send(KEEPALIVE), this.options.keepaliveMs ?? KEEPALIVE_MS)
  }

  /** Something arrived: the peer is there. Once it has shown it keeps alive, its silence is timed. */
  private heard(keepalive: boolean): void {
    if (this.ended || (this.silence === null && !keepalive)) return
    if (this.silence !== null) clearTimeout(this.silence)
    this.silence = setTimeout(() => this.silent(), this.options.silenceMs ?? SILENCE_MS)
  }

  /** Nothing from a peer that keeps alive: the connection is half dead (or gone); let y-webrtc start again. */
  private silent(): void {
    this.silence = null
    if (this.ended) return
    this.close()
    this.options.dropConnection?.()
  }

  private async onMessage(bytes: Uint8Array): Promise<void> {
    if (this.ended) return
    const decoded = decodeMessage(bytes)
    this.heard(decoded.ok && isKeepalive(decoded.message))
    if (!decoded.ok) {
      this.host.report(`A peer sent a message Quire could not read (${decoded.reason}); it was ignored.`)
      return
    }
    const message = decoded.message
    if (isKeepalive(message)) return
    switch (message.type) {
      case 'hello':
        return this.onHello(message)
      case 'auth':
        return this.onAuth(message)
      case 'error':
        this.host.report(message.code === 'incompatible' ? incompatible(message.protocol) : message.message)
        return
      case 'manifest':
      case 'binding':
        // Shown before AUTH (both signed by others), so that the peer's key can be let in as the member its invite names.
        this.host.receive(this, message)
        return
      default:
        // Nothing but the handshake counts before the peer has proved who it is.
        if (!this.open) return
        if (message.type === 'have') {
          // Their whole state: it replaces what we guessed from what we sent.
          this.theirHave.clear()
          for (const { writer, seq } of message.entries) this.theirHave.set(toBase64Url(writer), seq)
          if (this.admission?.kind === 'full' && !this.host.retired) {
            this.sendEnvelopes(this.host.missingFor(this.theirHave))
          }
          return
        }
        if (message.type === 'presence' && !verifyBytes(this.peerKey, presenceMessage(this.host.docKey, message.state, message.at), message.signature)) return
        this.host.receive(this, message)
    }
  }

  private async onHello(message: Extract<PeerMessage, { type: 'hello' }>): Promise<void> {
    if (this.theirHello) return
    if (message.protocol !== PROTOCOL_VERSION) {
      this.host.report(incompatible(message.protocol))
      this.close('incompatible', incompatible(PROTOCOL_VERSION))
      return
    }
    if (message.docKey !== this.host.docKey) {
      this.close('wrong-room', 'This room holds another chapter.')
      return
    }
    this.theirHello = { nonce: message.nonce, epoch: message.epoch }
    for (const introduction of this.host.introductions()) this.send(introduction)
    this.ourAuth = this.host.signAuth(message.nonce, this.ourNonce, this.host.epoch).then((signature) => {
      this.send({ type: 'auth', key: this.host.ourKey(), signature })
      this.authSent = true
      this.startKeepalive()
    })
    await this.ourAuth
  }

  private async onAuth(message: Extract<PeerMessage, { type: 'auth' }>): Promise<void> {
    const hello = this.theirHello
    if (!hello || this.peerKey) return
    // They signed our nonce (and theirs) for their epoch: this session, this key.
    if (!verifyBytes(message.key, authMessage(this.host.docKey, hello.epoch, this.ourNonce, hello.nonce), message.signature)) {
      this.close('bad-auth', 'Your signature did not check out.')
      return
    }
    this.peerKey = message.key
    const admission = this.host.admit(message.key)
    this.admission = admission
    if (admission.kind === 'refused') {
      this.host.report(admission.message)
      this.close(admission.code, admission.message)
      return
    }
    // The peer ignores all but the handshake until it has our AUTH, so nothing else goes out before it.
    await this.ourAuth
    for (const greeting of await this.host.greetings(admission)) this.send(greeting)
    if (admission.kind === 'full' && !this.host.retired) this.send({ type: 'have', entries: this.host.have() })
    this.host.opened(this)
  }
}

/** An empty ENVELOPES batch: "still here, nothing new". Quire before keepalives reads it as a batch of nothing. */
const KEEPALIVE: PeerMessage = { type: 'envelopes', envelopes: [] }

function isKeepalive(message: PeerMessage): boolean {
  return message.type === 'envelopes' && message.envelopes.length === 0
}

function incompatible(theirs: number): string {
  return theirs > PROTOCOL_VERSION
    ? 'A peer uses a newer version of Quire that this one cannot sync with. Update Quire to work together again.'
    : 'A peer uses an older version of Quire that cannot sync with this one. Ask them to update Quire.'
}
