/**
 * One shared chapter in one epoch's room: its Y.Doc, made of signed
 * envelopes, and the peer sessions that exchange them.
 *
 * Every local change (a comment, or the author's text fed from the
 * manuscript) is checked against the user's own rights, sealed by main into
 * an envelope and sent. Every envelope from a peer is checked before Yjs sees
 * it: its shape and counter here, its signature, client ids and update rules
 * in the validation worker (time-boxed, in the peer's own lane), its writer's
 * rights against the author's manifest; then it is applied in its writer's
 * order, stored, and passed on unchanged to peers that lack it, so a comment
 * reaches the author through any reviewer who is online.
 */
import * as Y from 'yjs'
import type { QuireApi } from '../../../shared/contract'
import { toBase64Url } from '../../../shared/identity'
import { equalBytes } from '../../../shared/trust/bytes'
import { openEnvelope, type Envelope } from '../../../shared/trust/envelope'
import { EnvelopeSet } from '../../../shared/trust/envelopeSet'
import type { FeedbackFile } from '../../../shared/trust/feedbackFile'
import type { PeerMessage } from '../../../shared/trust/protocol'
import { UpdateQueue } from '../../editor/updateQueue'
import { dropConnection } from '../transport/peerConnection'
import { PeerSession, type Admission, type OutgoingEnvelope, type SessionChannel, type SessionHost } from './peerSession'
import type { ShareTrust } from './shareTrust'

/** Origin of updates applied from verified envelopes and from disk: never sent back out. */
export const FROM_PEERS = Symbol('from-peers')
const FROM_DISK = Symbol('from-disk')
/** How often a peer may be asked to send again what we are missing. */
const ASK_AGAIN_MS = 5_000

export interface RoomConfig {
  docId: string
  docKey: string
  epoch: number
  /** An old epoch's room: no chapter here, only the way to the new key. */
  retired: boolean
  /** The author's replica, fed from the manuscript: the manuscript keeps the text of changes that wait to be signed. */
  fed: boolean
}

/** This disk lost some of the user's own signed changes to the chapter: what they write waits until a peer hands those back. */
export interface OwnLoss {
  /** How many of the user's changes are missing here. */
  missing: number
  /** Whether new changes are waiting to be shared. */
  waiting: boolean
}

/** Why an envelope was refused: its writer is no member, a removed one past their last change, or it failed verification. */
export type Refusal = { kind: 'stranger' } | { kind: 'former' } | { kind: 'invalid'; problem: string }

export interface RoomDeps {
  api: QuireApi
  trust: ShareTrust
  /** The user's public key. */
  me: Uint8Array
  verify: (envelope: Uint8Array, authorKey: Uint8Array, lane: string) => Promise<string | null>
  onSessions: () => void
  report: (problem: string) => void
  /** The user's own lost changes, or the changes waiting for them, changed (see ownLoss). */
  onOwnLoss: () => void
}

export class SignedRoom implements SessionHost {
  readonly doc = new Y.Doc()
  readonly sessions = new Set<PeerSession>()
  private readonly connections = new WeakMap<object, PeerSession>()
  private readonly askedAt = new WeakMap<PeerSession, number>()
  /** Writers whose run was seen to fork here (said once each). */
  private readonly forked = new Set<string>()
  private readonly set = new EnvelopeSet()
  private readonly commits: UpdateQueue
  private readonly pendingStores: Uint8Array[] = []
  /** The highest counter the user ever signed here; more than the set reaches when this disk lost some. */
  private signedUpTo = 0
  /** Local changes not signed while the user's own run has a gap here: signing them would repeat counters peers hold. */
  private held: Uint8Array[] = []
  private releasing: Promise<void> | null = null
  private storing: Promise<void> | null = null
  private destroyed = false
  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === FROM_PEERS || origin === FROM_DISK || this.config.retired) return
    this.commits.push(update)
  }

  private constructor(
    readonly config: RoomConfig,
    private readonly deps: RoomDeps,
  ) {
    this.commits = new UpdateQueue((update) => this.commit(update), (error) => deps.report(error instanceof Error ? error.message : String(error)))
  }

  /** Loads what is stored (the state from before signing, then every envelope) and starts sharing local changes. */
  static async open(config: RoomConfig, deps: RoomDeps): Promise<SignedRoom> {
    const room = new SignedRoom(config, deps)
    if (config.retired) return room
    const { legacy, envelopes, signedUpTo } = await deps.api['room:load']({ docId: config.docId })
    room.signedUpTo = signedUpTo
    room.doc.transact(() => {
      if (legacy.byteLength > 0) Y.applyUpdate(room.doc, legacy)
      for (const bytes of envelopes) {
        const opened = openEnvelope(bytes)
        if (!opened.ok) continue
        const added = room.set.add(opened.envelope)
        if (added.kind === 'ready') for (const envelope of added.envelopes) Y.applyUpdate(room.doc, envelope.update)
      }
    }, FROM_DISK)
    // A client id derived from the user's key, with the nonce main keeps: peers can check it is theirs.
    room.doc.clientID = await deps.api['room:newClient']({ docId: config.docId })
    room.doc.on('update', room.onUpdate)
    return room
  }

  get docKey(): string {
    return this.config.docKey
  }
  get epoch(): number {
    return this.config.epoch
  }
  get retired(): boolean {
    return this.config.retired
  }

  /** Quire's channel of a new peer connection in this room; a peer gone silent on it has the whole connection closed. */
  attach(channel: SessionChannel, connection?: RTCPeerConnection): PeerSession {
    const session = new PeerSession(channel, this, connection ? { dropConnection: () => dropConnection(connection) } : {})
    this.sessions.add(session)
    if (connection) this.connections.set(connection, session)
    return session
  }

  /** The session on a peer connection, for showing who is behind it. */
  sessionOn(connection: object): PeerSession | undefined {
    return this.connections.get(connection)
  }

  /** Sessions whose peer proved a key this room admits fully, and reads what we send. */
  peers(): PeerSession[] {
    return [...this.sessions].filter((s) => s.ready && s.admission?.kind === 'full')
  }

  /** Resolves once every local change so far is signed and stored, and every envelope accepted so far is stored. */
  async flush(): Promise<void> {
    await this.commits.flush()
    await this.storing
  }

  /**
   * Everything local is written; the room stops. Changes still waiting for
   * the user's lost ones are signed without them, unless a manuscript keeps
   * their text: nothing else would.
   */
  async destroy(): Promise<void> {
    this.doc.off('update', this.onUpdate)
    for (const session of this.sessions) session.close()
    await this.releasing
    await this.commits.flush()
    if (!this.config.fed) await this.shareAcrossLoss()
    this.destroyed = true
    await this.storing
    this.doc.destroy()
  }

  /** The user's own changes this disk lost, while any are missing. */
  ownLoss(): OwnLoss | null {
    const missing = this.signedUpTo - this.set.reachOf(this.deps.me)
    return missing > 0 ? { missing, waiting: this.held.length > 0 } : null
  }

  /**
   * Shares the waiting changes without the lost ones: main signs them as a
   * checkpoint past every counter used before, so peers that hold the lost
   * changes keep them, and this copy goes on without them.
   */
  async shareAcrossLoss(): Promise<void> {
    if (this.held.length === 0) return
    await this.commit(Y.mergeUpdates(this.held.splice(0)), true)
  }

  /** The manifest changed: peers hear of it, and those it no longer lets in are let go. */
  manifestChanged(): void {
    for (const session of this.sessions) {
      if (!session.open || !session.peerKey) continue
      const admission = this.admit(session.peerKey)
      if (admission.kind === 'refused' || (admission.kind === 'limited' && session.admission?.kind === 'full')) {
        session.close('removed', 'You are no longer a member of this share.')
        continue
      }
      for (const greeting of this.deps.trust.greetings()) session.send(greeting)
    }
  }

  // SessionHost

  ourKey(): Uint8Array {
    return this.deps.me
  }

  signAuth(theirNonce: Uint8Array, ourNonce: Uint8Array, epoch: number): Promise<Uint8Array> {
    return this.deps.api['room:signAuth']({ docKey: this.config.docKey, epoch, theirNonce, ourNonce })
  }

  introductions(): PeerMessage[] {
    return this.deps.trust.introductions()
  }

  async greetings(): Promise<PeerMessage[]> {
    return this.deps.trust.greetings()
  }

  admit(peerKey: Uint8Array): Admission {
    return this.deps.trust.admit(peerKey, this.config.docKey, this.config.retired)
  }

  have(): Array<{ writer: Uint8Array; seq: number }> {
    return this.config.retired ? [] : this.set.have()
  }

  missingFor(their: ReadonlyMap<string, number>): OutgoingEnvelope[] {
    return this.config.retired ? [] : this.set.missingFor(their)
  }

  opened(): void {
    this.deps.onSessions()
  }

  closed(session: PeerSession): void {
    this.sessions.delete(session)
    this.deps.onSessions()
  }

  report(problem: string): void {
    this.deps.report(problem)
  }

  receive(session: PeerSession, message: PeerMessage): void {
    switch (message.type) {
      case 'manifest':
        void this.deps.trust.receiveManifest(message.text)
        return
      case 'rekey':
        void this.deps.trust.receiveRekey(message.text)
        return
      case 'binding':
        void this.deps.trust.receiveBinding(message, Date.now())
        return
      case 'envelopes':
        if (session.admission?.kind === 'full' && !this.config.retired) void this.receiveEnvelopes(session, message.envelopes)
        return
      default:
        return
    }
  }

  // Local changes

  /** Seals a local change (main signs and stores it) and sends it to every peer; holds it while the user's own run has a gap here. */
  private async commit(update: Uint8Array, acrossLoss = false): Promise<void> {
    if (this.destroyed) return
    if (!acrossLoss && (this.releasing || this.ownLoss())) {
      this.held.push(update)
      if (this.held.length === 1) this.deps.onOwnLoss()
      return
    }
    let bytes: Uint8Array
    try {
      bytes = await this.deps.api['room:commit']({ docId: this.config.docId, update, ...(acrossLoss ? { acrossLoss } : {}) })
    } catch (error) {
      // Main refuses to sign a change that breaks the rules peers apply (a reviewer's editor touching the author's text).
      this.deps.report(`A change was not shared: ${error instanceof Error ? error.message : String(error)}`)
      return
    }
    const opened = openEnvelope(bytes)
    if (!opened.ok) return
    this.set.add(opened.envelope)
    this.signedUpTo = Math.max(this.signedUpTo, opened.envelope.seq)
    this.broadcast([opened.envelope])
    if (acrossLoss) this.deps.onOwnLoss()
  }

  /**
   * The user's lost changes came back from a peer: what waited for them is
   * shared now, once main stored them too (main counts from what it holds).
   * Changes made meanwhile join the wait.
   */
  private releaseHeld(): void {
    if (this.held.length === 0 || this.ownLoss() || this.releasing) return
    this.releasing = Promise.resolve().then(async () => {
      while (this.storing) await this.storing
      this.releasing = null
      this.commits.push(Y.mergeUpdates(this.held.splice(0)))
      this.deps.onOwnLoss()
    })
  }

  private broadcast(envelopes: Envelope[], except?: PeerSession): void {
    const outgoing = envelopes.map(({ bytes, writer, seq }) => ({ bytes, writer, seq }))
    for (const session of this.peers()) if (session !== except) session.sendEnvelopes(outgoing)
  }

  // Envelopes from peers

  private async receiveEnvelopes(session: PeerSession, list: Uint8Array[]): Promise<void> {
    for (const bytes of list) {
      const opened = openEnvelope(bytes)
      if (!opened.ok) {
        this.deps.report(`A peer sent a change Quire could not read (${opened.reason}); it was ignored.`)
        continue
      }
      const envelope = opened.envelope
      const writer = toBase64Url(envelope.writer)
      session.theirHave.set(writer, Math.max(session.theirHave.get(writer) ?? 0, envelope.seq))
      if (this.set.conflicts(envelope)) {
        // Said only when its writer really signed it: anyone can send bytes, only the writer can fork their run.
        if (envelope.docKey === this.config.docKey && !(await this.check(envelope, session.id))) this.reportFork(envelope.writer)
        continue
      }
      if (!this.isNew(envelope)) continue
      const refusal = await this.check(envelope, session.id)
      if (refusal) {
        this.deps.report(
          refusal.kind === 'stranger'
            ? 'A change from someone who is not a member of this share was refused.'
            : refusal.kind === 'former'
              ? 'A former member’s change made after they were removed was refused.'
              : `A change from a peer was refused: ${refusal.problem}.`,
        )
        continue
      }
      if (this.destroyed) return
      this.accept(envelope, session)
    }
  }

  /**
   * A writer's run forked: two envelopes with one counter, both signed by
   * them. The first stays, and copies of the chapter may now differ, so the
   * user hears of it (once per writer).
   */
  private reportFork(writer: Uint8Array): void {
    const id = toBase64Url(writer)
    if (this.forked.has(id)) return
    this.forked.add(id)
    this.deps.report(
      equalBytes(writer, this.deps.me)
        ? 'This computer lost some of your earlier changes to this chapter and you wrote since, so a reviewer’s copy and yours now differ: what you wrote since will not reach them.'
        : `${this.deps.trust.nameOf(writer) ?? 'A member'} sent two different versions of the same change. Quire kept the first; copies of this chapter may differ.`,
    )
  }

  /**
   * A reviewer's feedback file (src/shared/trust/feedbackFile.ts), received
   * as if from a peer: the invite proof it carries is checked and kept as a
   * peer's BINDING is, then its envelopes pass the very checks a peer's do,
   * in the lane `lane` of the validation worker. All or nothing: when one is
   * refused, none is applied. Returns how many brought something new.
   */
  async receiveFile(file: Pick<FeedbackFile, 'writer' | 'binding' | 'envelopes'>, lane: string): Promise<{ ok: true; added: number } | { ok: false; refusal: Refusal }> {
    const { writer, binding } = file
    if (binding) await this.deps.trust.receiveBinding({ type: 'binding', memberId: binding.memberId, key: writer, inviteKey: binding.inviteKey, signature: binding.signature }, Date.now())
    const fresh = file.envelopes.filter((envelope) => this.isNew(envelope))
    for (const envelope of fresh) {
      const refusal = await this.check(envelope, lane)
      if (refusal) return { ok: false, refusal }
    }
    if (this.destroyed) return { ok: true, added: 0 }
    let added = 0
    // Checked against what was here before; a peer may have brought some of them meanwhile.
    for (const envelope of fresh) if (this.isNew(envelope) && this.accept(envelope)) added++
    return { ok: true, added }
  }

  /** For this chapter, and not already applied (a checkpoint may still fold what is here). */
  private isNew(envelope: Envelope): boolean {
    return envelope.docKey === this.config.docKey && (envelope.seq > this.set.reachOf(envelope.writer) || envelope.checkpoint)
  }

  /**
   * Why an envelope may not be applied here, or null: its writer must have
   * the right to write this chapter (up to their last counter, for a removed
   * member), and its signature, client ids and update rules must pass the
   * validation worker.
   */
  private async check(envelope: Envelope, lane: string): Promise<Refusal | null> {
    const trust = this.deps.trust
    const rights = trust.rightsOf(envelope.writer, this.config.docKey)
    if (!rights) return { kind: 'stranger' }
    if (envelope.seq > rights.maxSeq) return { kind: 'former' }
    const problem = await this.deps.verify(envelope.bytes, trust.authorKeyBytes, lane)
    return problem ? { kind: 'invalid', problem } : null
  }

  /** A verified envelope: applied in its writer's order, stored, and passed on. False when it brought nothing new. */
  private accept(envelope: Envelope, from?: PeerSession): boolean {
    const added = this.set.add(envelope)
    if (added.kind === 'refused') {
      this.deps.report(`Changes from a peer were dropped: ${added.reason}.`)
      return false
    }
    if (added.kind !== 'ready' && added.kind !== 'waiting') return false
    if (added.kind === 'waiting' && from) this.askAgain(from)
    if (added.kind === 'ready') {
      this.doc.transact(() => {
        for (const ready of added.envelopes) Y.applyUpdate(this.doc, ready.update)
      }, FROM_PEERS)
      this.broadcast(added.envelopes, from)
    }
    this.store(envelope.bytes)
    if (added.kind === 'ready' && equalBytes(envelope.writer, this.deps.me)) this.releaseHeld()
    return added.kind === 'waiting' || added.envelopes.length > 0
  }

  /**
   * A writer's envelope came with earlier ones missing (lost on the way, or
   * refused while we could not yet check them): tell the peer what we hold,
   * so it sends the rest again. At most every few seconds per peer.
   */
  private askAgain(session: PeerSession): void {
    const now = Date.now()
    if (now - (this.askedAt.get(session) ?? 0) < ASK_AGAIN_MS) return
    this.askedAt.set(session, now)
    session.send({ type: 'have', entries: this.have() })
  }

  /** Hands verified envelopes to main for disk, in batches, one batch in flight at a time. */
  private store(bytes: Uint8Array): void {
    this.pendingStores.push(bytes)
    if (this.storing) return
    this.storing = (async () => {
      while (this.pendingStores.length > 0) {
        const batch = this.pendingStores.splice(0, 500)
        try {
          await this.deps.api['room:store']({ docId: this.config.docId, envelopes: batch })
        } catch (error) {
          this.deps.report(error instanceof Error ? error.message : String(error))
        }
      }
      this.storing = null
    })()
  }
}
