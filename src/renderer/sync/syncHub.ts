/**
 * Keeps every shared chapter in sync while Quire runs, whichever chapter is
 * open: one Y.Doc and one y-webrtc room per shared chapter, each persisted
 * like any chapter so both sides can work offline.
 *
 * The author's manuscript never joins a room. Each shared chapter has a
 * replica that is fed one way from the manuscript; peers sync with the
 * replica, so text edits a peer sends can never reach the manuscript. Comments
 * live in the replica beside the text.
 */
import { WebrtcProvider } from 'y-webrtc'
import * as Y from 'yjs'
import type { QuireApi } from '../../shared/contract'
import type { LibrarySnapshot } from '../../shared/library'
import type { Profile } from '../../shared/sharing'
import { ChapterDoc } from '../editor/chapterDoc'
import { readPeerUser, type PeerUser } from './presence'

export type SyncState = 'offline' | 'connecting' | 'online'

export interface SyncStatus {
  state: SyncState
  /** Distinct people connected, across all shared chapters. */
  peers: PeerUser[]
}

/** Origin of updates copied from the manuscript into a replica. */
const FROM_MANUSCRIPT = Symbol('from-manuscript')

interface RoomSpec {
  docId: string
  room: string
  key: string
  signaling: string[]
  iceServers: string[]
  /** For the author's replicas: the manuscript chapter that feeds it. */
  manuscriptId?: string
  invitedAs?: string
}

interface Room {
  spec: RoomSpec
  chapter: ChapterDoc
  provider: WebrtcProvider | null
}

export interface SyncHubOptions {
  api: QuireApi
  onError: (error: unknown) => void
  /** Extra y-webrtc peer options (the hardened transport). */
  peerOpts?: () => object
  /** Called when a reviewer is seen, so the author's network can record them. */
  onPeerSeen?: (user: PeerUser) => void
}

export class SyncHub {
  private rooms = new Map<string, Room>()
  private opening = new Map<string, Promise<Room | null>>()
  private listeners = new Set<() => void>()
  private status: SyncStatus = { state: 'offline', peers: [] }
  private offline = true
  private profile: Profile | null = null
  private disposed = false
  /** When each peer was last reported through onPeerSeen, so the author's network is written at most once a minute per peer. */
  private reported = new Map<string, number>()
  private waiting = new Map<string, Array<(doc: Y.Doc) => void>>()
  private statusPoll: ReturnType<typeof setInterval> | null = null
  /** Bumped by destroy(), so a room still opening from before it closes itself instead of joining the next start. */
  private generation = 0

  /** Constructing a hub starts nothing: React may build one and throw it away (StrictMode does). */
  constructor(private readonly options: SyncHubOptions) {}

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

  /** Brings rooms in line with the library: opens new shares, closes removed ones, honours Work offline. */
  update(snapshot: LibrarySnapshot): void {
    this.profile = snapshot.profile
    const specs = new Map<string, RoomSpec>()
    for (const share of snapshot.shares) {
      for (const chapter of share.chapters) {
        specs.set(chapter.replicaId, {
          docId: chapter.replicaId,
          room: chapter.room,
          key: share.key,
          signaling: snapshot.settings.signalingUrls,
          iceServers: snapshot.settings.iceServers,
          manuscriptId: chapter.chapterId,
        })
      }
    }
    for (const joined of snapshot.joined) {
      for (const chapter of joined.chapters) {
        specs.set(chapter.docId, {
          docId: chapter.docId,
          room: chapter.room,
          key: joined.key,
          signaling: joined.signaling.length > 0 ? joined.signaling : snapshot.settings.signalingUrls,
          iceServers: snapshot.settings.iceServers,
          invitedAs: joined.invitedAs,
        })
      }
    }
    this.offline = snapshot.settings.workOffline || !snapshot.profile
    for (const [docId, room] of this.rooms) if (!specs.has(docId)) void this.closeRoom(docId, room)
    for (const spec of specs.values()) void this.openRoom(spec)
    for (const room of this.rooms.values()) this.connect(room)
    this.refreshStatus()
  }

  /**
   * The live document of a shared chapter (a replica or a joined chapter),
   * once loaded. Waits for the chapter to appear: a view may ask before the
   * library update that adds it reaches the hub.
   */
  async doc(docId: string): Promise<Y.Doc | null> {
    const room = this.rooms.get(docId) ?? (await this.opening.get(docId))
    if (room) return room.chapter.doc
    return new Promise((resolve) => {
      const waiters = this.waiting.get(docId) ?? []
      waiters.push(resolve)
      this.waiting.set(docId, waiters)
    })
  }

  /** Copies every update of an open manuscript into its replica. Returns a disposer. */
  feed(chapterId: string, manuscript: Y.Doc): () => void {
    const forward = (update: Uint8Array) => {
      for (const room of this.rooms.values()) {
        if (room.spec.manuscriptId === chapterId) Y.applyUpdate(room.chapter.doc, update, FROM_MANUSCRIPT)
      }
    }
    forward(Y.encodeStateAsUpdate(manuscript))
    manuscript.on('update', forward)
    return () => manuscript.off('update', forward)
  }

  getStatus(): SyncStatus {
    return this.status
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  async destroy(): Promise<void> {
    this.disposed = true
    this.generation += 1
    if (this.statusPoll) clearInterval(this.statusPoll)
    this.statusPoll = null
    // Rooms still opening close themselves (their generation is gone); open ones close now.
    const opening = [...this.opening.values()]
    this.opening.clear()
    const closing = [...this.rooms].map(([docId, room]) => this.closeRoom(docId, room))
    await Promise.all([...opening, ...closing])
  }

  private openRoom(spec: RoomSpec): Promise<Room | null> {
    const existing = this.rooms.get(spec.docId)
    if (existing) {
      existing.spec = spec
      return Promise.resolve(existing)
    }
    const pending = this.opening.get(spec.docId)
    if (pending) return pending
    const generation = this.generation
    const opening = (async (): Promise<Room | null> => {
      try {
        const chapter = await ChapterDoc.open(spec.docId, this.options.api, this.options.onError)
        if (spec.manuscriptId) {
          // Bring the replica up to date with the manuscript as it is on disk.
          const manuscript = await this.options.api['doc:load']({ docId: spec.manuscriptId })
          if (manuscript.byteLength > 0) Y.applyUpdate(chapter.doc, manuscript, FROM_MANUSCRIPT)
        }
        if (this.disposed || generation !== this.generation) {
          await chapter.close()
          return null
        }
        const room: Room = { spec, chapter, provider: null }
        this.rooms.set(spec.docId, room)
        this.connect(room)
        for (const resolve of this.waiting.get(spec.docId) ?? []) resolve(chapter.doc)
        this.waiting.delete(spec.docId)
        return room
      } catch (error) {
        this.options.onError(error)
        return null
      } finally {
        // After destroy() the entry for this chapter, if any, belongs to the next start.
        if (generation === this.generation) this.opening.delete(spec.docId)
      }
    })()
    this.opening.set(spec.docId, opening)
    return opening
  }

  private connect(room: Room): void {
    if (this.offline || this.disposed) {
      if (room.provider) {
        room.provider.destroy()
        room.provider = null
      }
      return
    }
    if (room.provider || !this.profile) return
    const provider = new WebrtcProvider(room.spec.room, room.chapter.doc, {
      signaling: room.spec.signaling,
      password: room.spec.key,
      filterBcConns: true,
      maxConns: 20,
      peerOpts: {
        ...this.options.peerOpts?.(),
        // simple-peer would otherwise ask public STUN servers; only the ones the user configured are used.
        config: { iceServers: room.spec.iceServers.map((urls) => ({ urls })) },
      },
    })
    const user: PeerUser = {
      name: this.profile.name,
      peerId: this.profile.memberId,
      fingerprint: this.profile.fingerprint,
      role: room.spec.manuscriptId ? 'author' : 'reviewer',
      ...(room.spec.invitedAs ? { invitedAs: room.spec.invitedAs } : {}),
    }
    provider.awareness.setLocalStateField('user', user)
    provider.awareness.on('change', () => this.refreshStatus())
    provider.on('peers', () => this.refreshStatus())
    room.provider = provider
  }

  private async closeRoom(docId: string, room: Room): Promise<void> {
    if (this.rooms.get(docId) === room) this.rooms.delete(docId)
    room.provider?.destroy()
    room.provider = null
    await room.chapter.close()
    this.refreshStatus()
  }

  private refreshStatus(): void {
    const providers = [...this.rooms.values()].flatMap((room) => (room.provider ? [room.provider] : []))
    let state: SyncState = 'offline'
    if (!this.offline) {
      const signaled = providers.some((p) => p.signalingConns.some((conn: { connected?: boolean }) => conn.connected))
      state = providers.length === 0 || signaled ? 'online' : 'connecting'
    }
    const people = new Map<string, PeerUser>()
    for (const provider of providers) {
      if (!provider.room || provider.room.webrtcConns.size === 0) continue
      for (const user of remoteUsers(provider)) {
        if (user.peerId === this.profile?.memberId) continue
        if (people.has(user.peerId)) continue
        people.set(user.peerId, user)
        const now = Date.now()
        if (now - (this.reported.get(user.peerId) ?? 0) > 60_000) {
          this.reported.set(user.peerId, now)
          this.options.onPeerSeen?.(user)
        }
      }
    }
    const next: SyncStatus = { state, peers: [...people.values()] }
    if (next.state === this.status.state && samePeers(next.peers, this.status.peers)) return
    this.status = next
    for (const listener of this.listeners) listener()
  }
}

function remoteUsers(provider: WebrtcProvider): PeerUser[] {
  const users: PeerUser[] = []
  provider.awareness.getStates().forEach((state, clientId) => {
    if (clientId === provider.awareness.clientID) return
    const user = readPeerUser(state)
    if (user) users.push(user)
  })
  return users
}

function samePeers(a: PeerUser[], b: PeerUser[]): boolean {
  return a.length === b.length && a.every((user, i) => user.peerId === b[i]?.peerId && user.name === b[i]?.name)
}
