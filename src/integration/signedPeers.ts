/**
 * People sharing a chapter in one process: each with their own data folder
 * and real services (the IPC contract's dispatcher), their own SignedRoom and
 * ShareTrust, connected by in-memory channels instead of WebRTC. What runs is
 * the app's own sync code; only the wire is a pipe.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { prosemirrorJSONToYXmlFragment } from 'y-prosemirror'
import * as Y from 'yjs'
import type { CommentsContext } from '../shared/comments'
import type { QuireApi } from '../shared/contract'
import { createDispatcher } from '../shared/dispatch'
import { fragmentText } from '../shared/fragmentText'
import { fromBase64Url } from '../shared/identity'
import type { LibrarySnapshot } from '../shared/library'
import { schema } from '../shared/schema'
import { verifyEnvelopeBytes } from '../shared/trust/verify'
import { TEXT_ROOT } from '../shared/ydoc'
import { openServices, type QuireServices } from '../main/services/services'
import { createApi } from '../renderer/ipc/createApi'
import type { SessionChannel } from '../renderer/sync/signed/peerSession'
import { ShareTrust } from '../renderer/sync/signed/shareTrust'
import { SignedRoom, type RoomConfig } from '../renderer/sync/signed/signedRoom'

export interface Person {
  name: string
  api: QuireApi
  services: QuireServices
  snapshot: () => Promise<LibrarySnapshot>
  /** What the rooms reported to the user. */
  notices: string[]
}

/** A channel whose other end is another channel; messages arrive asynchronously, in order. */
class MemoryChannel extends EventTarget implements SessionChannel {
  readyState: RTCDataChannelState = 'connecting'
  other: MemoryChannel | null = null
  /** When set, sees (and may change or drop) every message this end sends. */
  tap: ((data: Uint8Array) => Uint8Array | null) | null = null

  send(data: Uint8Array): void {
    const other = this.other
    const tapped = this.tap ? this.tap(data) : data
    if (!other || !tapped) return
    const copy = tapped.slice().buffer
    queueMicrotask(() => other.readyState === 'open' && other.dispatchEvent(new MessageEvent('message', { data: copy })))
  }

  close(): void {
    for (const end of [this, this.other]) {
      if (!end || end.readyState === 'closed') continue
      end.readyState = 'closed'
      end.dispatchEvent(new Event('close'))
    }
  }
}

export function channelPair(): [MemoryChannel, MemoryChannel] {
  const a = new MemoryChannel()
  const b = new MemoryChannel()
  a.other = b
  b.other = a
  queueMicrotask(() => {
    for (const end of [a, b]) {
      end.readyState = 'open'
      end.dispatchEvent(new Event('open'))
    }
  })
  return [a, b]
}

export class Network {
  private readonly dirs: string[] = []
  private readonly closers: Array<() => Promise<void>> = []
  /** Each person's trust per share, as their sync hub holds it. */
  private readonly trusts = new Map<Person, ShareTrust[]>()

  private readonly folders = new Map<Person, string>()

  async person(name: string): Promise<Person> {
    const dir = await mkdtemp(join(tmpdir(), 'quire-peer-'))
    this.dirs.push(dir)
    const person: Person = { name, ...(await servicesIn(dir)), notices: [] }
    await person.api['identity:create']({ name })
    this.folders.set(person, dir)
    this.closers.push(() => person.services.close())
    return person
  }

  /** Quits `person`'s Quire, runs `meanwhile` on their data folder (to damage it), and starts it again. */
  async restart(person: Person, meanwhile: (dir: string) => Promise<void>): Promise<void> {
    const dir = this.folders.get(person)!
    await person.services.close()
    await meanwhile(dir)
    Object.assign(person, await servicesIn(dir))
  }

  /** The author's room for a shared chapter, fed from the manuscript as the author's workspace feeds it. */
  async authorRoom(author: Person, chapterId: string): Promise<SignedRoom> {
    const snapshot = await author.snapshot()
    const share = snapshot.shares.find((s) => s.chapters.some((c) => c.chapterId === chapterId))!
    const chapter = share.chapters.find((c) => c.chapterId === chapterId)!
    const held: { room?: SignedRoom } = {}
    const trust = new ShareTrust({ shareId: share.id, authorKey: snapshot.profile!.publicKey, isAuthor: true }, author.api, events(author, held))
    trust.sync(share.manifest, share.retired.at(-1)?.rekey || null)
    this.trustsOf(author).push(trust)
    const room = (held.room = await this.room(author, trust, { docId: chapter.replicaId, docKey: chapter.docKey, epoch: share.epoch, retired: false, fed: false }))
    const manuscript = await author.api['doc:load']({ docId: chapterId })
    if (manuscript.byteLength > 0) Y.applyUpdate(room.doc, manuscript, 'manuscript')
    return room
  }

  /** A reviewer's room for the shared chapter titled `title`. */
  async reviewerRoom(reviewer: Person, title: string): Promise<SignedRoom> {
    const snapshot = await reviewer.snapshot()
    const joined = snapshot.joined.find((j) => j.chapters.some((c) => c.title === title))!
    const chapter = joined.chapters.find((c) => c.title === title)!
    const held: { room?: SignedRoom } = {}
    const trust = new ShareTrust({ shareId: joined.id, authorKey: joined.author.publicKey, isAuthor: false }, reviewer.api, events(reviewer, held))
    const proof = await reviewer.api['share:bindingProof']({ shareId: joined.id })
    trust.sync(joined.manifest, null)
    trust.setOwnBinding(proof ? { type: 'binding', ...proof } : null)
    this.trustsOf(reviewer).push(trust)
    held.room = await this.room(reviewer, trust, { docId: chapter.docId, docKey: chapter.docKey, epoch: joined.epoch, retired: false, fed: false })
    return held.room
  }

  private async room(person: Person, trust: ShareTrust, config: RoomConfig): Promise<SignedRoom> {
    const me = fromBase64Url((await person.snapshot()).profile!.publicKey)!
    const room = await SignedRoom.open(config, {
      api: person.api,
      trust,
      me,
      // The worker's check, run in place.
      verify: async (bytes, authorKey) => {
        const verdict = verifyEnvelopeBytes(bytes, authorKey)
        return verdict.ok ? null : verdict.reason
      },
      onSessions: () => {},
      report: (problem) => person.notices.push(problem),
      onOwnLoss: () => {},
    })
    this.closers.unshift(() => room.destroy())
    return room
  }

  private trustsOf(person: Person): ShareTrust[] {
    const list = this.trusts.get(person) ?? []
    this.trusts.set(person, list)
    return list
  }

  /** What the sync hub does when the library changes: each share's trust takes the manifest and new key the library holds. */
  async refresh(person: Person): Promise<void> {
    const snapshot = await person.snapshot()
    for (const trust of this.trustsOf(person)) {
      const share = snapshot.shares.find((s) => s.id === trust.config.shareId)
      if (share) trust.sync(share.manifest, share.retired.at(-1)?.rekey || null)
      const joined = snapshot.joined.find((j) => j.id === trust.config.shareId)
      if (joined) trust.sync(joined.manifest, null)
    }
  }

  /** Connects two rooms as a WebRTC connection would; returns both channel ends. */
  connect(a: SignedRoom, b: SignedRoom): [MemoryChannel, MemoryChannel] {
    const [left, right] = channelPair()
    a.attach(left)
    b.attach(right)
    return [left, right]
  }

  async close(): Promise<void> {
    for (const close of this.closers.splice(0)) await close()
    for (const dir of this.dirs.splice(0)) await rm(dir, { recursive: true, force: true })
  }
}

async function servicesIn(dir: string): Promise<Pick<Person, 'api' | 'services' | 'snapshot'>> {
  const services = await openServices(dir)
  const dispatch = createDispatcher(services.handlers)
  const api = createApi({ call: (channel, arg) => dispatch(channel, arg), on: () => () => {} })
  return { api, services, snapshot: () => api['library:get']({}) }
}

/** A room's trust tells the room (once it exists) of a new manifest, and the person of problems. */
function events(person: Person, held: { room?: SignedRoom }) {
  return {
    onManifest: () => held.room?.manifestChanged(),
    report: (problem: string) => person.notices.push(problem),
  }
}

/** A room's chapter text, a line per paragraph. */
export const roomText = (room: SignedRoom): string => fragmentText(room.doc.getXmlFragment(TEXT_ROOT))

/** The chapter text the shared-chapter tests start from. */
export const TEXT = ['The harbour was quiet before dawn.', 'Nobody counted the missing hulls.']

/** An author who shares a chapter (TEXT) with the named reviewers; each reviewer joins. */
export async function shared(net: Network, reviewers: string[]): Promise<{ author: Person; people: Person[]; authorRoom: SignedRoom; chapterId: string }> {
  const author = await net.person('Ada Author')
  const bookId = (await author.api['book:create']({ title: 'Harbour' })).session.bookId!
  const chapterId = (await author.api['chapter:create']({ bookId, title: 'Dawn' })).session.chapterId!
  await author.api['doc:append']({ docId: chapterId, update: paragraphsUpdate(TEXT) })
  const people: Person[] = []
  for (const name of reviewers) {
    const { link } = await author.api['share:createInvite']({ bookId, chapterIds: [chapterId], reviewer: { name } })
    const reviewer = await net.person(name)
    await reviewer.api['invite:join']({ link })
    people.push(reviewer)
  }
  return { author, people, authorRoom: await net.authorRoom(author, chapterId), chapterId }
}

/** How `person` reads threads: the book's author is the share's author (or themselves). */
export async function contextOf(person: Person): Promise<CommentsContext> {
  const snapshot = await person.snapshot()
  return { bookAuthorId: snapshot.joined[0]?.author.memberId ?? snapshot.profile!.memberId, nameOf: () => undefined }
}

/** `person` as the comment model names them. */
export async function meOf(person: Person): Promise<{ id: string; name: string }> {
  const profile = (await person.snapshot()).profile!
  return { id: profile.memberId, name: profile.name }
}

/** A manuscript update holding these paragraphs. */
export function paragraphsUpdate(paragraphs: string[]): Uint8Array {
  const doc = new Y.Doc()
  prosemirrorJSONToYXmlFragment(schema, { type: 'doc', content: paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })) }, doc.getXmlFragment(TEXT_ROOT))
  return Y.encodeStateAsUpdate(doc)
}

/** Polls until `check` holds (or fails with `what` after a generous while): conditions, not sleeps. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const start = Date.now()
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
