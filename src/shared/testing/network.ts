/**
 * In-memory peers exchanging Yjs updates, in the manner of Yjs's
 * `tests/testHelper.js`: every local update is queued for each connected
 * peer; a test decides when (and in which order) messages arrive, and peers
 * go offline and come back, catching up through state vectors like
 * y-webrtc does on reconnect.
 */
import * as Y from 'yjs'
import * as prng from 'lib0/prng'

export class Peer {
  readonly doc = new Y.Doc()
  online = true
  /** Messages waiting for this peer, per sender, in the order they were sent. */
  readonly inbox = new Map<Peer, Uint8Array[]>()
  /** Local updates made while offline, sent after reconnecting. */
  readonly outbox: Uint8Array[] = []

  constructor(
    readonly network: Network,
    clientID: number,
  ) {
    // Fixed client ids make concurrent inserts order the same way on every run.
    this.doc.clientID = clientID
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === network) return
      if (this.online) network.broadcast(this, update)
      else this.outbox.push(update)
    })
  }

  receive(from: Peer, message: Uint8Array): void {
    const queue = this.inbox.get(from) ?? []
    queue.push(message)
    this.inbox.set(from, queue)
  }
}

export class Network {
  readonly peers: Peer[]

  constructor(count: number) {
    this.peers = Array.from({ length: count }, (_, i) => new Peer(this, i + 1))
  }

  broadcast(from: Peer, update: Uint8Array): void {
    for (const peer of this.peers) if (peer !== from && peer.online) peer.receive(from, update)
  }

  /** Goes offline: what was on its way to this peer is lost with the connection. */
  disconnect(peer: Peer): void {
    peer.online = false
    peer.inbox.clear()
  }

  /** Comes back: exchanges what each side lacks with every online peer, then sends what it queued. */
  connect(peer: Peer): void {
    if (peer.online) return
    peer.online = true
    for (const other of this.peers) {
      if (other === peer || !other.online) continue
      other.receive(peer, Y.encodeStateAsUpdate(peer.doc, Y.encodeStateVector(other.doc)))
      peer.receive(other, Y.encodeStateAsUpdate(other.doc, Y.encodeStateVector(peer.doc)))
    }
    for (const update of peer.outbox.splice(0)) this.broadcast(peer, update)
  }

  /** Delivers the oldest message of one random sender to one random receiver; false when nothing is pending. */
  deliverOne(gen: prng.PRNG): boolean {
    const pending = this.peers.flatMap((to) => [...to.inbox].filter(([, queue]) => queue.length > 0).map(([from]) => ({ to, from })))
    if (pending.length === 0) return false
    const { to, from } = prng.oneOf(gen, pending)
    const message = to.inbox.get(from)?.shift()
    if (message) Y.applyUpdate(to.doc, message, this)
    return true
  }

  /** Brings everyone online and delivers until quiet. */
  syncAll(gen: prng.PRNG): void {
    for (const peer of this.peers) this.connect(peer)
    while (this.deliverOne(gen));
  }
}
