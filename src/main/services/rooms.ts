/**
 * Main's side of shared chapters: the signed envelopes each one is made of,
 * on disk; the user's signature on every change they make; and the client ids
 * their editing sessions write under.
 *
 * The secret key never leaves main, so main seals each local change into an
 * envelope (assigning the counter, naming the client ids it needs proved,
 * turning a long run of the user's own envelopes into a checkpoint) and signs
 * the handshake and presence messages. Envelopes from peers arrive here only
 * after the renderer verified them; they are stored as they came, signatures
 * and all, so they can be relayed. A shared chapter that existed before
 * changes were signed keeps its old update log, read as its starting state.
 */
import path from 'node:path'
import * as Y from 'yjs'
import { fromBase64Url, memberIdFor, toBase64Url } from '../../shared/identity'
import { deriveClientId, newClientId } from '../../shared/trust/clientIds'
import { openEnvelope, sealEnvelope, type ClientProof, type Envelope } from '../../shared/trust/envelope'
import { EnvelopeSet } from '../../shared/trust/envelopeSet'
import { authMessage, presenceMessage } from '../../shared/trust/protocol'
import { checkUpdate, clientsOf, rootsFor } from '../../shared/trust/updateRules'
import { QuireError } from '../../shared/contract'
import type { IdentityStore } from './identity'
import { KeyedQueue } from './keyedQueue'
import { openJsonFile } from './metaFile'
import { OwnCounters } from './ownCounters'
import { requireProfile } from './sharing'
import type { LogProblem } from './problems'
import { DocStore, type LogCodec } from './updateLog'

/** A run of the user's own envelopes this long is folded into a checkpoint with the next change. */
export const CHECKPOINT_EVERY = 256

/** Logs of signed envelopes. Compacted to what EnvelopeSet keeps: each writer's last checkpoint and what came after. */
export const signedEnvelopes: LogCodec = {
  isValid: (record) => openEnvelope(record).ok,
  compact(records) {
    const set = setOf(records)
    return { records: set.all().map((e) => e.bytes), incomplete: set.hasWaiting() }
  },
  summary: (records) =>
    setOf(records)
      .have()
      .map(({ writer, seq }) => `${toBase64Url(writer)}:${seq}`)
      .sort()
      .join(','),
}

function setOf(records: readonly Uint8Array[]): EnvelopeSet {
  const set = new EnvelopeSet()
  for (const record of records) {
    const opened = openEnvelope(record)
    if (opened.ok) set.add(opened.envelope)
  }
  return set
}

/** What main knows of a shared document: which chapter of which share it is, and whose. */
export interface SharedDocInfo {
  docKey: string
  /** True for the author's replica of their own chapter. */
  isAuthor: boolean
  /** Other local documents whose client ids this one's changes may carry (the manuscript feeding a replica). */
  feeders: string[]
}

interface ClientTable {
  v: 1
  /** Document id → [client id, base64url nonce] of every session that wrote it. */
  docs: Record<string, Array<[number, string]>>
}

const emptyTable = (): ClientTable => ({ v: 1, docs: {} })

function sanitizeTable(raw: unknown): { value: ClientTable; dropped: number } {
  const value = emptyTable()
  let dropped = 0
  const docs = (raw as { docs?: unknown } | null)?.docs
  if (!docs || typeof docs !== 'object') return { value, dropped: 1 }
  for (const [docId, entries] of Object.entries(docs)) {
    if (!Array.isArray(entries)) {
      dropped++
      continue
    }
    value.docs[docId] = entries.filter((e): e is [number, string] => Array.isArray(e) && Number.isSafeInteger(e[0]) && fromBase64Url(e[1])?.length === 16)
  }
  return { value, dropped }
}

export interface RoomsDeps {
  identity: IdentityStore
  info: (docId: string) => SharedDocInfo | null
  /** The Yjs update log of documents from before signing. */
  legacy: DocStore
  now: () => number
  randomBytes: (length: number) => Uint8Array
}

export class Rooms {
  readonly #queue = new KeyedQueue()
  readonly #sets = new Map<string, EnvelopeSet>()
  /** Damage found while reading envelope logs, handed out by the next load. */
  readonly #problems: LogProblem[] = []

  private constructor(
    readonly envelopes: DocStore,
    private readonly clients: Awaited<ReturnType<typeof openJsonFile<ClientTable>>>['db'],
    private readonly counters: OwnCounters,
    private readonly deps: RoomsDeps,
  ) {}

  static async open(dataDir: string, docsDir: string, deps: RoomsDeps): Promise<{ rooms: Rooms; problems: string[] }> {
    const envelopes = new DocStore(docsDir, { codec: signedEnvelopes, now: deps.now })
    await envelopes.removeStaleTempFiles()
    const { db, problems } = await openJsonFile(path.join(dataDir, 'client-ids.json'), emptyTable, sanitizeTable, { now: deps.now })
    const counters = await OwnCounters.open(path.join(dataDir, 'signed-counters.json'))
    return { rooms: new Rooms(envelopes, db, counters, deps), problems: problems.map((p) => p.message) }
  }

  #me(): Uint8Array {
    return fromBase64Url(requireProfile(this.deps.identity).publicKey)!
  }

  /** A client id for a new editing session of `docId`, derived from the user's key; its nonce is kept to prove it later. */
  async newClient(docId: string): Promise<number> {
    const { id, nonce } = newClientId(this.#me(), this.deps.randomBytes)
    const list = (this.clients.data.docs[docId] ??= [])
    list.push([id, toBase64Url(nonce)])
    await this.clients.write()
    return id
  }

  /**
   * A shared document's starting state from before signing, every envelope
   * stored for it, and the highest counter the user ever signed in it (more
   * than the envelopes reach when this disk lost some of the user's own).
   */
  async load(docId: string): Promise<{ legacy: Uint8Array; envelopes: Uint8Array[]; signedUpTo: number; problems: LogProblem[] }> {
    return this.#queue.run(docId, async () => {
      const legacy = (await this.deps.legacy.has(docId)) ? await this.deps.legacy.load(docId) : { update: new Uint8Array(0), problems: [] }
      const set = await this.#set(docId)
      return {
        legacy: legacy.update,
        envelopes: set.all().map((e) => e.bytes),
        signedUpTo: Math.max(this.counters.floor(docId), set.reachOf(this.#me())),
        problems: [...legacy.problems, ...this.#problems.splice(0)],
      }
    })
  }

  async #set(docId: string): Promise<EnvelopeSet> {
    let set = this.#sets.get(docId)
    if (!set) {
      const { records, problems } = await this.envelopes.loadRecords(docId)
      this.#problems.push(...problems)
      set = setOf(records)
      this.#sets.set(docId, set)
    }
    return set
  }

  /**
   * Seals one of the user's changes to a shared document: the next counter,
   * proofs for every client id it needs, and a checkpoint of the user's run
   * when it has grown long. Stored, and its counter recorded, before it is
   * returned for sending.
   *
   * When this disk lost some of the user's own envelopes, the next counter
   * would repeat one a peer already holds, so Quire refuses and the renderer
   * waits for a peer to hand the lost ones back. `acrossLoss` goes on without
   * them: a checkpoint past every counter ever signed, holding what is here.
   */
  async commit(docId: string, update: Uint8Array, acrossLoss = false): Promise<Uint8Array> {
    const info = this.deps.info(docId)
    if (!info) throw new QuireError('not-found', 'That shared chapter no longer exists.')
    return this.#queue.run(docId, async () => {
      const me = this.#me()
      const set = await this.#set(docId)
      const { checkpoint, after } = set.runOf(me)
      const reach = set.reachOf(me)
      const floor = this.counters.floor(docId)
      const behind = reach < floor
      if (behind && !acrossLoss) {
        throw new QuireError('unavailable', `This computer lost ${floor - reach} of your earlier changes to this chapter, so Quire waits for a peer to hand them back before it shares new ones.`)
      }
      const seq = Math.max(reach, floor) + 1
      // The rules peers apply, checked against every session id the user ever wrote with.
      const proofs = this.#proofs(docId, info, update, me)
      const problem = checkUpdate(update, { clients: new Set(proofs.map((proof) => proof.id)), roots: rootsFor(memberIdFor(me), info.isAuthor) })
      if (problem && !info.isAuthor) throw new QuireError('invalid-argument', `This change reaches outside your part of the chapter (${problem}), so Quire will not sign it.`)
      const fold = behind || after.length >= CHECKPOINT_EVERY
      const payload = fold ? Y.mergeUpdates([...(checkpoint ? [checkpoint.update] : []), ...after.map((e) => e.update), update]) : update
      const envelope = sealEnvelope(
        { docKey: info.docKey, writer: me, seq, checkpoint: fold, clients: this.#proofs(docId, info, payload, me), update: payload },
        (bytes) => this.deps.identity.sign(bytes),
      )
      await Promise.all([this.envelopes.append(docId, envelope.bytes), this.counters.raise(docId, seq)])
      set.add(envelope)
      return envelope.bytes
    })
  }

  /** Stores envelopes the renderer verified. */
  async store(docId: string, envelopes: Uint8Array[]): Promise<void> {
    if (!this.deps.info(docId)) throw new QuireError('not-found', 'That shared chapter no longer exists.')
    return this.#queue.run(docId, async () => {
      const set = await this.#set(docId)
      for (const bytes of envelopes) {
        const opened = openEnvelope(bytes)
        if (!opened.ok) throw new QuireError('invalid-argument', `An envelope could not be read: ${opened.reason}.`)
        const added = set.add(opened.envelope)
        if (added.kind === 'ready' || added.kind === 'waiting') await this.envelopes.append(docId, bytes)
      }
    })
  }

  /** The user's own envelopes for a shared document, in order (their last checkpoint first): what a feedback file carries. */
  async ownEnvelopes(docId: string): Promise<Uint8Array[]> {
    return this.#queue.run(docId, async () => {
      const { checkpoint, after } = (await this.#set(docId)).runOf(this.#me())
      return [...(checkpoint ? [checkpoint] : []), ...after].map((e) => e.bytes)
    })
  }

  /** How far a writer's run of envelopes reaches in a shared document. */
  async reachOf(docId: string, writer: Uint8Array): Promise<number> {
    return this.#queue.run(docId, async () => (await this.#set(docId)).reachOf(writer))
  }

  /** Deletes a shared document's envelopes for good. */
  async remove(docId: string): Promise<void> {
    this.#sets.delete(docId)
    await this.envelopes.remove(docId)
    delete this.clients.data.docs[docId]
    await this.clients.write()
    await this.counters.forget(docId)
  }

  /** The user's handshake signature for one peer session. */
  signAuth(docKey: string, epoch: number, theirNonce: Uint8Array, ourNonce: Uint8Array): Uint8Array {
    return this.deps.identity.sign(authMessage(docKey, epoch, theirNonce, ourNonce))
  }

  signPresence(docKey: string, state: string, at: number): Uint8Array {
    return this.deps.identity.sign(presenceMessage(docKey, state, at))
  }

  async flush(): Promise<void> {
    await this.#queue.idle()
    await this.envelopes.flush()
    await this.counters.written()
  }

  /**
   * Proofs for the client ids an update needs. Ids of the user's own sessions
   * come with their nonce; in the author's own chapter, ids from before
   * signing (no nonce on record) are claimed as the author's.
   */
  #proofs(docId: string, info: SharedDocInfo, update: Uint8Array, me: Uint8Array): ClientProof[] {
    const known = new Map<number, Uint8Array>()
    for (const id of [docId, ...info.feeders]) {
      for (const [client, nonce] of this.clients.data.docs[id] ?? []) known.set(client, fromBase64Url(nonce)!)
    }
    const proofs: ClientProof[] = []
    for (const client of clientsOf(update)) {
      const nonce = known.get(client)
      if (nonce && deriveClientId(me, nonce) === client) proofs.push({ id: client, nonce })
      else if (info.isAuthor) proofs.push({ id: client, nonce: null })
      else throw new QuireError('invalid-argument', 'This change touches text that is not yours, so Quire will not sign it.')
    }
    return proofs
  }
}

export type { Envelope }
