/**
 * Keeps every shared chapter in sync while Quire runs, whichever chapter is
 * open: one SignedRoom (a Y.Doc made of signed envelopes) per shared chapter,
 * persisted like any chapter so both sides can work offline.
 *
 * y-webrtc finds peers (through the signaling servers, which see only opaque
 * room names and encrypted signaling) and connects them; it syncs only an
 * empty carrier document. The chapter travels on Quire's own channel of each
 * connection (src/shared/trust/protocol.ts), where every change is signed by
 * its writer and checked by every peer.
 *
 * The author's manuscript never joins a room. Each shared chapter has a
 * replica that is fed one way from the manuscript (as the author's own signed
 * changes); peers sync with the replica. Comments live in the replica beside
 * the text, each member's in their own root.
 */
import type { WebrtcProvider } from 'y-webrtc'
import * as Y from 'yjs'
import type { QuireApi } from '../../shared/contract'
import { fingerprint, fromBase64Url, toBase64Url } from '../../shared/identity'
import type { LibrarySnapshot } from '../../shared/library'
import type { Profile } from '../../shared/sharing'
import type { FeedbackFile } from '../../shared/trust/feedbackFile'
import type { PeerUser } from './presence'
import { ManuscriptFeeds, type LostText } from './manuscriptFeeds'
import { ShareTrust } from './signed/shareTrust'
import { SignedRoom, type OwnLoss, type Refusal } from './signed/signedRoom'
import type { GuardedDataChannel } from './transport/guardedChannel'
import type { GuardedPeerOptions } from './transport'

/**
 * y-webrtc (and simple-peer under it, a tenth of the window's code) is loaded
 * when the first room connects: a window whose library shares nothing never
 * needs it, and the first screen does not wait for it.
 */
let webrtc: typeof import('y-webrtc') | null = null
let loadingWebrtc: Promise<void> | null = null
function loadWebrtc(): Promise<void> {
  loadingWebrtc ??= import('y-webrtc').then(
    (module) => {
      webrtc = module
    },
    (error: unknown) => {
      loadingWebrtc = null
      throw error
    },
  )
  return loadingWebrtc
}

export type SyncState = 'offline' | 'connecting' | 'online'

export interface SyncStatus {
  state: SyncState
  /** Distinct people connected (their keys proven), across all shared chapters. */
  peers: PeerUser[]
  /** The latest thing about sync the user should know, in plain words (an incompatible peer, a refused change). */
  notice: string | null
}

interface RoomSpec {
  /** Unique per room: the doc id, or doc id and epoch for an old epoch's room. */
  id: string
  docId: string
  docKey: string
  room: string
  key: string
  epoch: number
  retired: boolean
  shareId: string
  signaling: string[]
  /** Live: main's STUN/TURN list is updated in place, so new connections get fresh credentials. */
  rtcConfig: RTCConfiguration
  /** For the author's replicas: the manuscript chapter that feeds it. */
  manuscriptId?: string
}

interface OpenRoom {
  spec: RoomSpec
  room: SignedRoom
  provider: WebrtcProvider | null
  carrier: Y.Doc
}

export interface SyncHubOptions {
  api: QuireApi
  onError: (error: unknown) => void
  /** y-webrtc peer options for a room: the hardened transport, handing each connection's Quire channel to `onChannel`. */
  peerOpts: (onChannel: (channel: GuardedDataChannel, connection: RTCPeerConnection) => void) => GuardedPeerOptions
  /** Verifies a signed envelope off the main thread (see UpdateValidator). */
  verify: (envelope: Uint8Array, authorKey: Uint8Array, lane: string) => Promise<string | null>
  /** A peer proved its key: the author's network records when members were last seen. */
  onPeerSeen?: (publicKey: string) => void
  /** Where y-webrtc signals (main's rendezvous bridge) and its ICE servers; rooms wait until it is known. */
  network: { signaling(): string[]; rtcConfig(joinedShareId?: string): RTCConfiguration }
}

export class SyncHub {
  private rooms = new Map<string, OpenRoom>()
  private opening = new Map<string, Promise<OpenRoom | null>>()
  private trusts = new Map<string, ShareTrust>()
  private listeners = new Set<() => void>()
  private status: SyncStatus = { state: 'offline', peers: [], notice: null }
  private offline = true
  private profile: Profile | null = null
  private disposed = false
  private waiting = new Map<string, Array<(doc: Y.Doc) => void>>()
  private seen = new Map<string, number>()
  private readonly manuscripts: ManuscriptFeeds
  private statusPoll: ReturnType<typeof setInterval> | null = null
  /** Bumped by destroy(), so a room still opening from before it closes itself instead of joining the next start. */
  private generation = 0

  /** Constructing a hub starts nothing: React may build one and throw it away (StrictMode does). */
  constructor(private readonly options: SyncHubOptions) {
    this.manuscripts = new ManuscriptFeeds({
      api: options.api,
      replicaOf: (chapterId) => [...this.rooms.values()].find((open) => open.spec.manuscriptId === chapterId && !open.spec.retired)?.room.doc ?? null,
      onLostText: () => this.changed(),
    })
  }

  /**
   * Starts polling the signaling connection's state, which has no event of its
   * own. Returns a disposer that closes every room and stops polling. A hub can
   * start again after its disposer ran, as React StrictMode does with effects;
   * the next update() opens the rooms again.
   */
  start(): () => void {
    this.disposed = false
    this.statusPoll ??= setInterval(() => this.refreshStatus(), 1000)
    return () => void this.destroy()
  }

  /** Brings rooms in line with the library: opens new shares and epochs, closes removed ones, honours Work offline. */
  update(snapshot: LibrarySnapshot): void {
    this.profile = snapshot.profile
    this.offline = snapshot.settings.workOffline || !snapshot.profile
    const specs = new Map<string, RoomSpec>()
    const signaling = this.options.network.signaling()
    const rtcConfig = this.options.network.rtcConfig()
    for (const share of snapshot.shares) {
      this.trustFor(share.id, snapshot.profile?.publicKey ?? '', true).sync(share.manifest, share.retired.at(-1)?.rekey || null)
      for (const chapter of share.chapters) {
        specs.set(chapter.replicaId, { id: chapter.replicaId, docId: chapter.replicaId, docKey: chapter.docKey, room: chapter.room, key: share.key, epoch: share.epoch, retired: false, shareId: share.id, signaling, rtcConfig, manuscriptId: chapter.chapterId })
      }
      for (const retired of share.retired) {
        for (const room of retired.rooms) {
          const chapter = share.chapters.find((c) => c.docKey === room.docKey)
          if (chapter) specs.set(`${chapter.replicaId}@${retired.epoch}`, { id: `${chapter.replicaId}@${retired.epoch}`, docId: chapter.replicaId, docKey: room.docKey, room: room.room, key: retired.key, epoch: retired.epoch, retired: true, shareId: share.id, signaling, rtcConfig })
        }
      }
    }
    for (const joined of snapshot.joined) {
      if (joined.removedAt !== undefined) continue
      const trust = this.trustFor(joined.id, joined.author.publicKey, false)
      trust.sync(joined.manifest, null)
      if (!joined.inviteSecret) trust.setOwnBinding(null)
      else void this.options.api['share:bindingProof']({ shareId: joined.id }).then((proof) => trust.setOwnBinding(proof && { type: 'binding', ...proof }), () => {})
      const joinedConfig = this.options.network.rtcConfig(joined.id)
      for (const chapter of joined.chapters) {
        specs.set(chapter.docId, { id: chapter.docId, docId: chapter.docId, docKey: chapter.docKey, room: chapter.room, key: joined.key, epoch: joined.epoch, retired: false, shareId: joined.id, signaling, rtcConfig: joinedConfig })
        for (const retired of joined.retired) {
          const old = retired.rooms.find((r) => r.docKey === chapter.docKey)
          const id = `${chapter.docId}@${retired.epoch}`
          if (old) specs.set(id, { id, docId: chapter.docId, docKey: chapter.docKey, room: old.room, key: retired.key, epoch: retired.epoch, retired: true, shareId: joined.id, signaling, rtcConfig: joinedConfig })
        }
      }
    }
    for (const [id, open] of this.rooms) {
      const spec = specs.get(id)
      // A room whose epoch, key or address changed is a new room.
      if (!spec || spec.room !== open.spec.room || spec.key !== open.spec.key) void this.closeRoom(id, open)
    }
    for (const spec of specs.values()) void this.openRoom(spec)
    for (const open of this.rooms.values()) this.connect(open)
    this.refreshStatus()
  }

  private trustFor(shareId: string, authorKey: string, isAuthor: boolean): ShareTrust {
    let trust = this.trusts.get(shareId)
    if (!trust) {
      trust = new ShareTrust({ shareId, authorKey, isAuthor }, this.options.api, {
        onManifest: () => {
          for (const open of this.rooms.values()) if (open.spec.shareId === shareId) open.room.manifestChanged()
          this.refreshStatus()
        },
        report: (problem) => this.notice(problem),
      })
      this.trusts.set(shareId, trust)
    }
    return trust
  }

  /**
   * The live document of a shared chapter (a replica or a joined chapter),
   * once loaded. Waits for the chapter to appear: a view may ask before the
   * library update that adds it reaches the hub.
   */
  async doc(docId: string): Promise<Y.Doc | null> {
    const open = this.rooms.get(docId) ?? (await this.opening.get(docId))
    if (open) return open.room.doc
    return new Promise((resolve) => {
      const waiters = this.waiting.get(docId) ?? []
      waiters.push(resolve)
      this.waiting.set(docId, waiters)
    })
  }

  /** The live document of a shared chapter now, or null while it is not open (see doc()). */
  currentDoc(docId: string): Y.Doc | null {
    return this.rooms.get(docId)?.room.doc ?? null
  }

  /** Resolves once every local change to the shared chapter `docId` so far is signed and stored (before saving a feedback file). */
  async flush(docId: string): Promise<void> {
    const open = this.rooms.get(docId) ?? (await this.opening.get(docId))
    await open?.room.flush()
  }

  /** Merges a file's envelopes (a feedback file, a chapter package) into the shared chapter `docId` as if they came from a peer, all or nothing (SignedRoom.receiveFile). */
  async mergeFile(docId: string, file: Pick<FeedbackFile, 'writer' | 'binding' | 'envelopes'>): Promise<{ ok: true; added: number; doc: Y.Doc; writerName: string | null } | { ok: false; refusal: Refusal | { kind: 'closed' } }> {
    const open = this.rooms.get(docId) ?? (await this.opening.get(docId))
    const trust = open && this.trusts.get(open.spec.shareId)
    if (!open || !trust || open.spec.retired) return { ok: false, refusal: { kind: 'closed' } }
    const result = await open.room.receiveFile(file, `file-${toBase64Url(file.writer)}`)
    return result.ok ? { ok: true, added: result.added, doc: open.room.doc, writerName: trust.nameOf(file.writer) } : result
  }

  /** Copies every update of an open manuscript into its replica, where it becomes the author's signed change. Returns a disposer. */
  feed(chapterId: string, manuscript: Y.Doc): () => void {
    return this.manuscripts.feed(chapterId, manuscript)
  }

  /**
   * The user's own signed changes to a shared chapter (by its manuscript's or
   * its own id) that this disk lost, while any are missing: see OwnLoss.
   */
  ownLoss(id: string): OwnLoss | null {
    return this.liveRoom(id)?.ownLoss() ?? null
  }

  /** Shares what waits for the user's lost changes without them (SignedRoom.shareAcrossLoss). */
  async shareAcrossLoss(id: string): Promise<void> {
    await this.liveRoom(id)?.shareAcrossLoss()
  }

  private liveRoom(id: string): SignedRoom | undefined {
    return [...this.rooms.values()].find((open) => !open.spec.retired && (open.spec.id === id || open.spec.manuscriptId === id))?.room
  }

  /** Text the open manuscript `chapterId` lost and its replica holds, if any. */
  lostText(chapterId: string): LostText | null {
    return this.manuscripts.lostText(chapterId)
  }

  getStatus(): SyncStatus {
    return this.status
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private changed(): void {
    for (const listener of this.listeners) listener()
  }

  async destroy(): Promise<void> {
    this.disposed = true
    this.generation += 1
    if (this.statusPoll) clearInterval(this.statusPoll)
    this.statusPoll = null
    this.manuscripts.destroy()
    // Rooms still opening close themselves (their generation is gone); open ones close now.
    const opening = [...this.opening.values()]
    this.opening.clear()
    const closing = [...this.rooms].map(([id, open]) => this.closeRoom(id, open))
    await Promise.all([...opening, ...closing])
  }

  private openRoom(spec: RoomSpec): Promise<OpenRoom | null> {
    const existing = this.rooms.get(spec.id)
    if (existing) {
      existing.spec = spec
      return Promise.resolve(existing)
    }
    const pending = this.opening.get(spec.id)
    if (pending) return pending
    const generation = this.generation
    const opening = (async (): Promise<OpenRoom | null> => {
      try {
        const trust = this.trusts.get(spec.shareId)
        const me = this.profile ? fromBase64Url(this.profile.publicKey) : null
        if (!trust || !me) return null
        const room = await SignedRoom.open(
          { docId: spec.docId, docKey: spec.docKey, epoch: spec.epoch, retired: spec.retired, fed: spec.manuscriptId !== undefined },
          {
            api: this.options.api,
            trust,
            me,
            verify: this.options.verify,
            onSessions: () => this.refreshStatus(),
            report: (problem) => this.notice(problem),
            onOwnLoss: () => this.changed(),
          },
        )
        if (spec.manuscriptId && !spec.retired) await this.manuscripts.catchUp(spec.manuscriptId, room.doc)
        if (this.disposed || generation !== this.generation) {
          await room.destroy()
          return null
        }
        const open: OpenRoom = { spec, room, provider: null, carrier: new Y.Doc() }
        this.rooms.set(spec.id, open)
        if (spec.manuscriptId && !spec.retired) this.manuscripts.opened(spec.manuscriptId, room.doc)
        this.connect(open)
        if (!spec.retired) {
          for (const resolve of this.waiting.get(spec.docId) ?? []) resolve(room.doc)
          this.waiting.delete(spec.docId)
          // A new epoch reopens a chapter in a new room, with a new document: views showing the old one move over.
          this.changed()
        }
        return open
      } catch (error) {
        this.options.onError(error)
        return null
      } finally {
        // After destroy() the entry for this chapter, if any, belongs to the next start.
        if (generation === this.generation) this.opening.delete(spec.id)
      }
    })()
    this.opening.set(spec.id, opening)
    return opening
  }

  private connect(open: OpenRoom): void {
    if (this.offline || this.disposed) {
      if (open.provider) {
        open.provider.destroy()
        open.provider = null
      }
      return
    }
    if (open.provider || !this.profile || open.spec.signaling.length === 0) return
    if (!webrtc) {
      // The first room to connect loads y-webrtc; this room connects once it is here, if it is still open.
      void loadWebrtc().then(
        () => this.rooms.get(open.spec.id) === open && this.connect(open),
        (error: unknown) => this.options.onError(error),
      )
      return
    }
    const provider = new webrtc.WebrtcProvider(open.spec.room, open.carrier, {
      signaling: open.spec.signaling,
      password: open.spec.key,
      filterBcConns: true,
      maxConns: 20,
      peerOpts: {
        ...this.options.peerOpts((channel, connection) => open.room.attach(channel, connection)),
        // simple-peer would otherwise ask its own public STUN servers; only the ones main planned are used.
        config: open.spec.rtcConfig,
      },
    })
    provider.on('peers', () => this.refreshStatus())
    open.provider = provider
  }

  private async closeRoom(id: string, open: OpenRoom): Promise<void> {
    if (this.rooms.get(id) === open) this.rooms.delete(id)
    open.provider?.destroy()
    open.provider = null
    open.carrier.destroy()
    await open.room.destroy()
    this.refreshStatus()
  }

  private notice(problem: string): void {
    console.warn(`Quire sync: ${problem}`)
    this.status = { ...this.status, notice: problem }
    this.changed()
  }

  /** The live providers of this epoch's rooms, and who proved their key on each peer connection, for the connection view. */
  providers(): Array<{ docId: string; provider: WebrtcProvider; personOn(connection: RTCPeerConnection): PeerUser | null }> {
    return [...this.rooms.values()].flatMap((open) => {
      const trust = this.trusts.get(open.spec.shareId)
      if (!open.provider || open.spec.retired || !trust) return []
      const personOn = (connection: RTCPeerConnection): PeerUser | null => {
        const key = open.room.sessionOn(connection)?.peerKey
        return key ? peerUser(trust, key) : null
      }
      return [{ docId: open.spec.docId, provider: open.provider, personOn }]
    })
  }

  private refreshStatus(): void {
    const opens = [...this.rooms.values()]
    let state: SyncState = 'offline'
    if (!this.offline) {
      const signaled = opens.some((o) => o.provider?.signalingConns.some((conn: { connected?: boolean }) => conn.connected))
      state = opens.length === 0 || signaled ? 'online' : 'connecting'
    }
    const people = new Map<string, PeerUser>()
    for (const open of opens) {
      const trust = this.trusts.get(open.spec.shareId)
      if (!trust || open.spec.retired) continue
      for (const session of open.room.peers()) {
        const key = session.peerKey!
        const person = peerUser(trust, key)
        if (person.peerId === this.profile?.memberId || people.has(person.peerId)) continue
        people.set(person.peerId, person)
        this.reportSeen(toBase64Url(key))
      }
    }
    const next: SyncStatus = { state, peers: [...people.values()], notice: this.status.notice }
    if (next.state === this.status.state && samePeers(next.peers, this.status.peers)) return
    this.status = next
    this.changed()
  }

  /** At most once a minute per peer, so the author's network is not rewritten on every change. */
  private reportSeen(publicKey: string): void {
    const now = Date.now()
    if (now - (this.seen.get(publicKey) ?? 0) < 60_000) return
    this.seen.set(publicKey, now)
    this.options.onPeerSeen?.(publicKey)
  }
}

function peerUser(trust: ShareTrust, key: Uint8Array): PeerUser {
  return { ...trust.personOf(key), fingerprint: fingerprint(key) }
}

function samePeers(a: PeerUser[], b: PeerUser[]): boolean {
  return a.length === b.length && a.every((user, i) => user.peerId === b[i]?.peerId && user.name === b[i]?.name)
}
