/**
 * The author's network and shares, and the shares this user joined as a
 * reviewer. One share per book: a key, an opaque room and a local replica per
 * shared chapter, and the chapters each member was invited to.
 */
import { QuireError } from '../../shared/contract'
import { memberIdFor, fromBase64Url, toBase64Url, fingerprint } from '../../shared/identity'
import { createInvite, CreateInviteError, MAX_TURN_SERVERS, parseInvite } from '../../shared/invite'
import { INVITE_TURN_TTL_SECONDS, isPublicService, planRendezvous, turnIceServer } from '../../shared/network'
import type { LibrarySnapshot } from '../../shared/library'
import type { IceServer, Rendezvous } from '../../shared/network'
import type { JoinedShare, Member, Settings, Share } from '../../shared/sharing'
import type { IdentityStore } from './identity'
import type { Library } from './library'

export interface SharingDeps {
  now: () => number
  newId: () => string
  randomBytes: (length: number) => Uint8Array
}

const ROOM_BYTES = 18
const KEY_BYTES = 32

export class Sharing {
  constructor(
    private readonly library: Library,
    private readonly identity: IdentityStore,
    private readonly deps: SharingDeps,
  ) {}

  private get data() {
    return this.library.data
  }

  async createIdentity(name: string): Promise<LibrarySnapshot> {
    if (this.identity.profile) throw new QuireError('invalid-argument', 'This Quire already has an identity.')
    await this.identity.create(name)
    return this.library.snapshot()
  }

  async addMember(name: string): Promise<LibrarySnapshot> {
    this.newMember(name)
    return this.library.commit()
  }

  private newMember(name: string): Member {
    const member: Member = { id: this.deps.newId(), name, addedAt: this.deps.now() }
    this.data.members.push(member)
    return member
  }

  /** Forgets a member and their invitations. Their copy of the key cannot be recalled; the notice says so. */
  async removeMember(memberId: string): Promise<LibrarySnapshot> {
    if (!this.data.members.some((m) => m.id === memberId)) throw new QuireError('not-found', 'That member is no longer in your network.')
    this.data.members = this.data.members.filter((m) => m.id !== memberId)
    for (const share of this.data.shares) share.reviewers = share.reviewers.filter((r) => r.memberId !== memberId)
    return this.library.commit()
  }

  /**
   * Records that a reviewer was online: matched by their key-derived id, or on
   * first contact by the name they were invited as.
   */
  async memberSeen(seen: { peerId: string; name: string; fingerprint: string; invitedAs?: string }): Promise<LibrarySnapshot> {
    const member =
      this.data.members.find((m) => m.peerId === seen.peerId) ??
      this.data.members.find((m) => !m.peerId && m.name === (seen.invitedAs ?? seen.name))
    if (!member) return this.library.snapshot()
    member.peerId = seen.peerId
    member.fingerprint = seen.fingerprint
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
        chapters: [],
        reviewers: [],
        createdAt: this.deps.now(),
      }
      this.data.shares.push(share)
    }
    return share
  }

  /** Shares chapters of a book with a member (existing, or new by name) and returns the signed invite link. */
  async createInvite(args: {
    bookId: string
    chapterIds: string[]
    reviewer: { memberId: string } | { name: string }
    includeTurn?: boolean
  }): Promise<{ link: string; snapshot: LibrarySnapshot }> {
    const profile = this.identity.profile
    if (!profile) throw new QuireError('forbidden', 'Tell Quire your name before sharing.')
    const book = this.data.books.find((b) => b.id === args.bookId)
    if (!book) throw new QuireError('not-found', 'That book no longer exists.')
    const chapters = [...new Set(args.chapterIds)].map((id) => {
      const chapter = book.chapters.find((c) => c.id === id)
      if (!chapter) throw new QuireError('not-found', 'One of those chapters is no longer in this book.')
      return chapter
    })
    const member =
      'memberId' in args.reviewer
        ? this.data.members.find((m) => m.id === (args.reviewer as { memberId: string }).memberId)
        : (this.data.members.find((m) => m.name === (args.reviewer as { name: string }).name) ??
          this.newMember(args.reviewer.name))
    if (!member) throw new QuireError('not-found', 'That member is no longer in your network.')

    const share = this.shareFor(book.id)
    for (const chapter of chapters) {
      if (!share.chapters.some((c) => c.chapterId === chapter.id)) {
        share.chapters.push({ chapterId: chapter.id, room: toBase64Url(this.deps.randomBytes(ROOM_BYTES)), replicaId: this.deps.newId() })
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

    const link = signInvite(
      {
        shareId: share.id,
        key: share.key,
        author: { name: profile.name, publicKey: profile.publicKey },
        book: { title: book.title },
        chapters: chapters.map((chapter) => ({
          room: share.chapters.find((c) => c.chapterId === chapter.id)!.room,
          title: chapter.title,
        })),
        ...this.inviteNetwork(args.includeTurn === true),
        role: 'reviewer',
        reviewer: { name: member.name },
        issuedAt: this.deps.now(),
      },
      (bytes) => this.identity.sign(bytes),
    )
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
   * Joins a share from an invite link after checking its signature. Joining
   * again (a new invite from the same author for more chapters) adds the new
   * chapters and keeps the comments already made.
   */
  async join(link: string): Promise<LibrarySnapshot> {
    const parsed = parseInvite(link)
    if (!parsed.ok) throw new QuireError('invalid-argument', parsed.message)
    const invite = parsed.invite
    const profile = this.identity.profile
    if (profile && invite.author.publicKey === profile.publicKey) {
      throw new QuireError('invalid-argument', 'This invite is one of your own. Send it to the reviewer it was made for.')
    }
    const authorKey = fromBase64Url(invite.author.publicKey)!
    let joined: JoinedShare | undefined = this.data.joined.find((j) => j.id === invite.shareId)
    if (joined && joined.author.publicKey !== invite.author.publicKey) {
      throw new QuireError('invalid-argument', 'This invite claims a share that belongs to another author, so Quire won’t use it.')
    }
    if (!joined) {
      joined = {
        id: invite.shareId,
        key: invite.key,
        author: {
          name: invite.author.name,
          publicKey: invite.author.publicKey,
          fingerprint: fingerprint(authorKey),
          memberId: memberIdFor(authorKey),
        },
        bookTitle: invite.book.title,
        chapters: [],
        rendezvous: invite.rendezvous,
        turn: invite.turn,
        invitedAs: invite.reviewer.name,
        joinedAt: this.deps.now(),
      }
      this.data.joined.push(joined)
    }
    joined.key = invite.key
    joined.bookTitle = invite.book.title
    joined.rendezvous = invite.rendezvous
    joined.turn = invite.turn
    for (const chapter of invite.chapters) {
      const known = joined.chapters.find((c) => c.room === chapter.room)
      if (known) known.title = chapter.title
      else joined.chapters.push({ room: chapter.room, title: chapter.title, docId: this.deps.newId() })
    }
    const first = joined.chapters.find((c) => c.room === invite.chapters[0]!.room)!
    this.data.session = { ...this.data.session, bookId: joined.id, chapterId: first.docId }
    return this.library.commit()
  }

  /** Stops reviewing a share; returns the local documents that may now be deleted. */
  async leave(shareId: string): Promise<{ snapshot: LibrarySnapshot; docIds: string[] }> {
    const joined = this.data.joined.find((j) => j.id === shareId)
    if (!joined) throw new QuireError('not-found', 'You are no longer in that share.')
    this.data.joined = this.data.joined.filter((j) => j !== joined)
    if (this.data.session.bookId === shareId) this.data.session = { ...this.data.session, bookId: null, chapterId: null }
    return { snapshot: await this.library.commit(), docIds: joined.chapters.map((c) => c.docId) }
  }

  async setSettings(patch: Partial<Settings>): Promise<LibrarySnapshot> {
    this.data.settings = { ...this.data.settings, ...patch }
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
