/**
 * The author's side of sharing: the network of members, one share per book,
 * invites, binding a member to the key they proved their invite with, and a
 * new epoch when a member is removed. Every change to a share ends in a newly
 * signed manifest and the share's current key sealed to each bound member,
 * for the rooms of earlier epochs.
 */
import { QuireError } from '../../shared/contract'
import { fingerprint, fromBase64Url, keyPairFromSeed, memberIdFor, toBase64Url, verifyBytes } from '../../shared/identity'
import { createInvite, CreateInviteError, MAX_TURN_SERVERS } from '../../shared/invite'
import { INVITE_TURN_TTL_SECONDS, isPublicService, planRendezvous, turnIceServer } from '../../shared/network'
import type { LibrarySnapshot } from '../../shared/library'
import type { IceServer, Rendezvous } from '../../shared/network'
import type { Member, Share } from '../../shared/sharing'
import { INVITE_DAYS, signManifest, type ShareManifest } from '../../shared/trust/manifest'
import { bindingMessage } from '../../shared/trust/protocol'
import { encodeEpochSecret, signRekey } from '../../shared/trust/rekey'
import { seal } from '../../shared/trust/sealed'
import type { IdentityStore } from './identity'
import type { Library } from './library'
import { requireProfile, type SharingDeps } from './sharing'

const ROOM_BYTES = 18
const KEY_BYTES = 32
const DAY_MS = 24 * 60 * 60 * 1000

/** The author's network of members and the shares of their books (`data.members`, `data.shares`). */
export class AuthorSharing {
  constructor(
    private readonly library: Library,
    private readonly identity: IdentityStore,
    private readonly deps: SharingDeps,
  ) {}

  private get data() {
    return this.library.data
  }

  /** Adds someone to the network, not yet in any share. */
  async addMember(name: string): Promise<LibrarySnapshot> {
    this.newMember(name)
    return this.library.commit()
  }

  private newMember(name: string): Member {
    const member: Member = { id: this.deps.newId(), name, addedAt: this.deps.now() }
    this.data.members.push(member)
    return member
  }

  private activeMember(memberId: string): Member {
    const member = this.data.members.find((m) => m.id === memberId && m.removedAt === undefined)
    if (!member) throw new QuireError('not-found', 'That member is no longer in your network.')
    return member
  }

  /**
   * Removes a member from the network and from every share. Their copy of
   * what they already had stays with them; each share they were in starts a
   * new epoch, so nothing new reaches them, and their comments so far stay,
   * marked as from a former member.
   */
  async removeMember(memberId: string): Promise<LibrarySnapshot> {
    const member = this.activeMember(memberId)
    member.removedAt = this.deps.now()
    for (const share of this.data.shares) {
      if (!share.reviewers.some((r) => r.memberId === memberId)) continue
      const finalSeq: Record<string, number> = {}
      const key = member.publicKey ? fromBase64Url(member.publicKey) : null
      if (key) for (const chapter of share.chapters) finalSeq[chapter.docKey] = await this.deps.reachOf(chapter.replicaId, key)
      share.reviewers = share.reviewers.filter((r) => r.memberId !== memberId)
      share.invites = share.invites.filter((i) => i.memberId !== memberId)
      share.removed.push({ memberId, removedAt: member.removedAt, finalSeq })
      this.newEpoch(share)
    }
    return this.library.commit()
  }

  /** A new key and new rooms; the old rooms keep the new key, sealed to each bound member who stays. */
  private newEpoch(share: Share): void {
    const old = { epoch: share.epoch, key: share.key, rooms: share.chapters.map(({ docKey, room }) => ({ docKey, room })) }
    share.epoch += 1
    share.key = toBase64Url(this.deps.randomBytes(KEY_BYTES))
    for (const chapter of share.chapters) chapter.room = toBase64Url(this.deps.randomBytes(ROOM_BYTES))
    share.retired.push({ ...old, rekey: '' })
    this.publish(share)
  }

  /** The sealed new key for every bound member of the share, signed, for each retired epoch's rooms. */
  private refreshRekeys(share: Share): void {
    const sealed: Record<string, string> = {}
    for (const reviewer of share.reviewers) {
      const key = this.data.members.find((m) => m.id === reviewer.memberId)?.publicKey
      if (!key) continue
      const docKeys = new Set(reviewer.chapterIds.map((id) => share.chapters.find((c) => c.chapterId === id)?.docKey))
      const rooms = share.chapters.filter((c) => docKeys.has(c.docKey)).map(({ docKey, room }) => ({ docKey, room }))
      sealed[key] = seal(fromBase64Url(key)!, encodeEpochSecret({ key: share.key, rooms }), this.deps.randomBytes)
    }
    const text = share.epoch > 0 ? signRekey({ type: 'quire-rekey', shareId: share.id, epoch: share.epoch, sealed }, (bytes) => this.identity.sign(bytes)) : ''
    for (const retired of share.retired) retired.rekey = text
  }

  /**
   * Records that a member was online, by the key their session proved. A
   * claim is never taken: only a key the author bound counts.
   */
  async memberSeen(seen: { publicKey: string }): Promise<LibrarySnapshot> {
    const member = this.data.members.find((m) => m.publicKey === seen.publicKey)
    if (!member) return this.library.snapshot()
    member.lastSeenAt = this.deps.now()
    return this.library.commit()
  }

  private shareFor(bookId: string): Share {
    let share = this.data.shares.find((s) => s.bookId === bookId)
    if (!share) {
      share = {
        id: this.deps.newId(),
        bookId,
        key: toBase64Url(this.deps.randomBytes(KEY_BYTES)),
        epoch: 0,
        chapters: [],
        reviewers: [],
        invites: [],
        removed: [],
        retired: [],
        manifest: null,
        manifestVersion: 0,
        createdAt: this.deps.now(),
      }
      this.data.shares.push(share)
    }
    return share
  }

  /** The manifest as it stands, signed with a new version. Every change to a share ends here. */
  private publish(share: Share): void {
    const profile = requireProfile(this.identity)
    const book = this.data.books.find((b) => b.id === share.bookId)
    const now = this.deps.now()
    const docKeyOf = (chapterId: string) => share.chapters.find((c) => c.chapterId === chapterId)?.docKey
    const members: ShareManifest['members'] = []
    for (const reviewer of share.reviewers) {
      const member = this.data.members.find((m) => m.id === reviewer.memberId)
      if (!member) continue
      const invite = share.invites.find((i) => i.memberId === member.id)
      members.push({
        id: member.id,
        name: member.name,
        status: member.publicKey ? 'active' : 'invited',
        ...(member.publicKey ? { key: member.publicKey } : {}),
        ...(invite && !member.publicKey ? { invite: { key: invite.publicKey, expiresAt: invite.expiresAt } } : {}),
        chapters: reviewer.chapterIds.flatMap((id) => docKeyOf(id) ?? []),
      })
    }
    for (const removed of share.removed) {
      const member = this.data.members.find((m) => m.id === removed.memberId)
      if (!member || members.some((m) => m.id === member.id)) continue
      members.push({
        id: member.id,
        name: member.name,
        status: 'removed',
        ...(member.publicKey ? { key: member.publicKey } : {}),
        chapters: [],
        removedAt: removed.removedAt,
        finalSeq: removed.finalSeq,
      })
    }
    share.manifestVersion += 1
    const manifest: ShareManifest = {
      type: 'quire-share',
      v: 1,
      shareId: share.id,
      epoch: share.epoch,
      version: share.manifestVersion,
      issuedAt: now,
      author: { name: profile.name, publicKey: profile.publicKey },
      book: { title: book?.title ?? 'Untitled book' },
      // In the book's order, so reviewers see the author's reorders; trashed chapters drop out.
      chapters: (book?.chapters ?? []).flatMap((chapter) => {
        const docKey = docKeyOf(chapter.id)
        return docKey ? [{ docKey, title: chapter.title }] : []
      }),
      members,
    }
    share.manifest = signManifest(manifest, (bytes) => this.identity.sign(bytes))
    this.refreshRekeys(share)
  }

  /** After a book's chapters were renamed, moved or trashed: reviewers see it through a new manifest. */
  async bookChanged(bookId: string): Promise<void> {
    const share = this.data.shares.find((s) => s.bookId === bookId)
    if (!share || !this.identity.profile) return
    this.publish(share)
    await this.library.commit()
  }

  /** Shares chapters of a book with a member (existing, or new by name) and returns the signed invite link. */
  async createInvite(args: {
    bookId: string
    chapterIds: string[]
    reviewer: { memberId: string } | { name: string }
    includeTurn?: boolean
  }): Promise<{ link: string; snapshot: LibrarySnapshot }> {
    const profile = requireProfile(this.identity)
    const book = this.data.books.find((b) => b.id === args.bookId)
    if (!book) throw new QuireError('not-found', 'That book no longer exists.')
    const chapters = [...new Set(args.chapterIds)].map((id) => {
      const chapter = book.chapters.find((c) => c.id === id)
      if (!chapter) throw new QuireError('not-found', 'One of those chapters is no longer in this book.')
      return chapter
    })
    const member =
      'memberId' in args.reviewer
        ? this.activeMember(args.reviewer.memberId)
        : (this.data.members.find((m) => m.name === (args.reviewer as { name: string }).name && m.removedAt === undefined) ??
          this.newMember(args.reviewer.name))

    const share = this.shareFor(book.id)
    for (const chapter of chapters) {
      if (!share.chapters.some((c) => c.chapterId === chapter.id)) {
        share.chapters.push({ chapterId: chapter.id, docKey: this.deps.newId(), room: toBase64Url(this.deps.randomBytes(ROOM_BYTES)), replicaId: this.deps.newId() })
      }
    }
    const invited = share.reviewers.find((r) => r.memberId === member.id)
    const chapterIds = chapters.map((c) => c.id)
    if (invited) {
      invited.chapterIds = [...new Set([...invited.chapterIds, ...chapterIds])]
      invited.invitedAt = this.deps.now()
    } else {
      share.reviewers.push({ memberId: member.id, chapterIds, invitedAt: this.deps.now() })
    }
    // A fresh one-time key per invite; the last one sent is the one that works.
    const seed = this.deps.randomBytes(32)
    const inviteKey = keyPairFromSeed(seed).publicKey
    const expiresAt = this.deps.now() + INVITE_DAYS * DAY_MS
    share.invites = share.invites.filter((i) => i.memberId !== member.id)
    share.invites.push({ memberId: member.id, publicKey: toBase64Url(inviteKey), secret: toBase64Url(seed), expiresAt, link: '' })
    this.publish(share)

    const reviewed = new Set(share.reviewers.find((r) => r.memberId === member.id)!.chapterIds)
    const link = signInvite(
      {
        shareId: share.id,
        key: share.key,
        author: { name: profile.name, publicKey: profile.publicKey },
        book: { title: book.title },
        chapters: share.chapters
          .filter((c) => reviewed.has(c.chapterId))
          .map((c) => ({ room: c.room, docKey: c.docKey, title: book.chapters.find((bc) => bc.id === c.chapterId)!.title })),
        ...this.inviteNetwork(args.includeTurn === true),
        role: 'reviewer',
        reviewer: { name: member.name },
        issuedAt: this.deps.now(),
        member: { id: member.id, secret: toBase64Url(seed), expiresAt },
        epoch: share.epoch,
        manifest: share.manifest!,
      },
      (bytes) => this.identity.sign(bytes),
    )
    share.invites.find((i) => i.memberId === member.id)!.link = link
    return { link, snapshot: await this.library.commit() }
  }

  /**
   * Where the reviewer should look for the author: the rendezvous the author
   * uses (in privacy mode, only their own servers), and their TURN servers
   * only when asked, with credentials that expire (from a shared secret, the
   * secret itself never leaves).
   */
  private inviteNetwork(includeTurn: boolean): { rendezvous: Rendezvous[]; turn: IceServer[] } {
    const settings = this.data.settings
    const rendezvous = planRendezvous(settings)
      .filter((r) => !r.skipped)
      .map(({ kind, url }) => ({ kind, url }))
    const turn = includeTurn
      ? settings.turnServers
          .filter((server) => !(settings.privacyMode && isPublicService(server.url)))
          .slice(0, MAX_TURN_SERVERS)
          .map((server) => turnIceServer(server, this.deps.now(), INVITE_TURN_TTL_SECONDS))
      : []
    return { rendezvous, turn }
  }

  /**
   * Binds a member to the key they proved their invite with (signed by the
   * invite's one-time key). Once bound, never replaced: a second key for the
   * same member is refused.
   */
  async bind(args: { shareId: string; memberId: string; key: Uint8Array; inviteKey: Uint8Array; signature: Uint8Array }): Promise<LibrarySnapshot> {
    const share = this.data.shares.find((s) => s.id === args.shareId)
    if (!share) throw new QuireError('not-found', 'That share no longer exists.')
    const member = this.data.members.find((m) => m.id === args.memberId && m.removedAt === undefined)
    const invite = share.invites.find((i) => i.memberId === args.memberId)
    const key = toBase64Url(args.key)
    if (member?.publicKey === key) return this.library.snapshot()
    if (!member || !invite || invite.publicKey !== toBase64Url(args.inviteKey)) throw new QuireError('forbidden', 'That invite is not one this share is waiting for.')
    if (invite.expiresAt < this.deps.now()) throw new QuireError('forbidden', 'That invite has expired.')
    if (!verifyBytes(args.inviteKey, bindingMessage(share.id, member.id, args.key), args.signature)) throw new QuireError('forbidden', 'The invite proof does not check out.')
    if (member.publicKey) throw new QuireError('forbidden', `${member.name} already joined with another key.`)
    member.publicKey = key
    member.peerId = memberIdFor(args.key)
    member.fingerprint = fingerprint(args.key)
    member.lastSeenAt = this.deps.now()
    share.invites = share.invites.filter((i) => i !== invite)
    this.publish(share)
    return this.library.commit()
  }
}

/** createInvite, with its refusals turned into messages the author can act on. */
function signInvite(...args: Parameters<typeof createInvite>): string {
  try {
    return createInvite(...args)
  } catch (error) {
    if (!(error instanceof CreateInviteError)) throw error
    const field = error.field ?? ''
    const hint = field.startsWith('rendezvous')
      ? 'One of the meeting places (brokers or signaling servers) in Settings is not a valid address.'
      : field.startsWith('turn')
        ? 'One of the TURN servers in Settings cannot be put in an invite.'
      : field.startsWith('chapters') || field.startsWith('book')
        ? 'A chapter or book title is empty or too long for an invite (200 characters at most).'
        : field.startsWith('author') || field.startsWith('reviewer')
          ? 'Your name or the reviewer’s name cannot be used in an invite.'
          : 'This invite could not be created.'
    throw new QuireError('invalid-argument', hint)
  }
}
