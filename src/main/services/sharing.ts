/**
 * The author's network and shares, and the shares this user joined as a
 * reviewer.
 *
 * One share per book: chapters, the members invited to each, a key and rooms
 * per epoch, and the signed manifest every peer checks membership against.
 * An invite names one member, carries a one-time key whose public half the
 * manifest lists, and expires if unused; the reviewer proves it by signing
 * their own key with it, and the author binds that key to the member for
 * good. Removing a member starts a new epoch: a new key and rooms, sealed to
 * each member who stays. A reviewer pins the author's key when joining and
 * accepts manifests and new keys only under it.
 */
import { QuireError } from '../../shared/contract'
import { fingerprint, fromBase64Url, keyPairFromSeed, memberIdFor, signBytes, toBase64Url, verifyBytes } from '../../shared/identity'
import { createInvite, CreateInviteError, MAX_TURN_SERVERS, parseInvite, type Invite } from '../../shared/invite'
import { INVITE_TURN_TTL_SECONDS, isPublicService, planRendezvous, turnIceServer } from '../../shared/network'
import type { LibrarySnapshot } from '../../shared/library'
import type { IceServer, Rendezvous } from '../../shared/network'
import type { JoinedShare, Member, Settings, Share } from '../../shared/sharing'
import { INVITE_DAYS, parseManifest, signManifest, supersedes, type ShareManifest } from '../../shared/trust/manifest'
import { bindingMessage } from '../../shared/trust/protocol'
import { decodeEpochSecret, encodeEpochSecret, parseRekey, signRekey } from '../../shared/trust/rekey'
import { seal } from '../../shared/trust/sealed'
import type { IdentityStore } from './identity'
import type { Library } from './library'
import type { SharedDocInfo } from './rooms'

export interface SharingDeps {
  now: () => number
  newId: () => string
  randomBytes: (length: number) => Uint8Array
  /** How far a writer's changes to a shared document reach, for the record kept when they are removed. */
  reachOf: (docId: string, writer: Uint8Array) => Promise<number>
}

const ROOM_BYTES = 18
const KEY_BYTES = 32
const DAY_MS = 24 * 60 * 60 * 1000

export class Sharing {
  constructor(
    private readonly library: Library,
    private readonly identity: IdentityStore,
    private readonly deps: SharingDeps,
  ) {}

  private get data() {
    return this.library.data
  }

  private profile() {
    const profile = this.identity.profile
    if (!profile) throw new QuireError('forbidden', 'Tell Quire your name before sharing.')
    return profile
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
    const profile = this.profile()
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
      chapters: share.chapters.flatMap((c) => {
        const chapter = book?.chapters.find((bc) => bc.id === c.chapterId)
        return chapter ? [{ docKey: c.docKey, title: chapter.title }] : []
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
    const profile = this.profile()
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

  /**
   * Joins a share from an invite link: the invite is signed by its author,
   * the manifest inside it too, and names this member with an unexpired
   * invite. Joining again (a new invite from the same author for more
   * chapters) adds the chapters and keeps everything made so far.
   */
  async join(link: string, trustNewKey = false): Promise<LibrarySnapshot> {
    const parsed = parseInvite(link)
    if (!parsed.ok) throw new QuireError('invalid-argument', parsed.message)
    const invite = parsed.invite
    const profile = this.profile()
    if (invite.author.publicKey === profile.publicKey) {
      throw new QuireError('invalid-argument', 'This invite is one of your own. Send it to the reviewer it was made for.')
    }
    const pinned = this.data.joined.find((j) => j.id === invite.shareId)
    if (pinned && pinned.author.publicKey !== invite.author.publicKey) {
      throw new QuireError('invalid-argument', `This invite claims to come from ${invite.author.name}, but it is signed by a different key than the one you trusted when you joined. Quire won’t use it.`)
    }
    const sameName = this.data.joined.find((j) => j.author.name === invite.author.name && j.author.publicKey !== invite.author.publicKey)
    if (sameName && !trustNewKey) {
      const key = fingerprint(fromBase64Url(invite.author.publicKey)!)
      throw new QuireError(
        'confirm',
        `This invite claims to come from ${invite.author.name}, but its key (${key}) is not the one of the ${invite.author.name} you already review for (${sameName.author.fingerprint}). ` +
          `Join only if ${invite.author.name} confirmed this new key to you another way.`,
      )
    }
    if (invite.v === 1 || !invite.member || invite.manifest === undefined) {
      throw new QuireError('invalid-argument', `This invite was made by an older version of Quire, before reviews were signed. Ask ${invite.author.name} for a new invite.`)
    }
    const manifest = parseManifest(invite.manifest, invite.author.publicKey)
    const listed = manifest.ok ? manifest.manifest.members.find((m) => m.id === invite.member!.id) : undefined
    const inviteKey = toBase64Url(keyPairFromSeed(fromBase64Url(invite.member.secret)!).publicKey)
    if (!manifest.ok || manifest.manifest.shareId !== invite.shareId || !listed || (listed.invite?.key !== inviteKey && listed.key !== profile.publicKey)) {
      throw new QuireError('invalid-argument', 'This invite contains information Quire can’t use, so it can’t be opened. Ask the author to send you the invite again.')
    }
    if (invite.member.expiresAt < this.deps.now() && listed.key !== profile.publicKey) {
      const day = new Date(invite.member.expiresAt).toLocaleDateString(undefined, { dateStyle: 'long' })
      throw new QuireError('invalid-argument', `This invite expired on ${day}. Ask ${invite.author.name} for a new one.`)
    }
    const authorKey = fromBase64Url(invite.author.publicKey)!
    let joined = pinned
    if (!joined) {
      joined = {
        id: invite.shareId,
        key: invite.key,
        author: { name: invite.author.name, publicKey: invite.author.publicKey, fingerprint: fingerprint(authorKey), memberId: memberIdFor(authorKey) },
        bookTitle: invite.book.title,
        chapters: [],
        rendezvous: invite.rendezvous,
        turn: invite.turn,
        invitedAs: invite.reviewer.name,
        joinedAt: this.deps.now(),
        memberId: invite.member.id,
        inviteSecret: invite.member.secret,
        epoch: invite.epoch ?? 0,
        manifest: invite.manifest,
        retired: [],
      }
      this.data.joined.push(joined)
    }
    if ((invite.epoch ?? 0) >= joined.epoch) {
      joined.key = invite.key
      joined.epoch = invite.epoch ?? 0
    }
    joined.bookTitle = invite.book.title
    joined.rendezvous = invite.rendezvous
    joined.turn = invite.turn
    joined.memberId = invite.member.id
    if (listed.key !== profile.publicKey) joined.inviteSecret = invite.member.secret
    if (manifest.ok && supersedes(manifest.manifest, this.manifestOf(joined))) joined.manifest = invite.manifest
    delete joined.removedAt
    addChapters(joined, invite, this.deps.newId)
    const first = joined.chapters.find((c) => c.docKey === invite.chapters[0]!.docKey)!
    this.data.session = { ...this.data.session, bookId: joined.id, chapterId: first.docId }
    return this.library.commit()
  }

  private manifestOf(joined: JoinedShare): ShareManifest | null {
    const parsed = parseManifest(joined.manifest, joined.author.publicKey)
    return parsed.ok ? parsed.manifest : null
  }

  /**
   * Reviewer: a newer manifest from the author (through any peer). Renames,
   * order and removals of chapters follow it; a manifest that no longer lists
   * the user ends their part in the share.
   */
  async adoptManifest(shareId: string, text: string): Promise<LibrarySnapshot> {
    const joined = this.data.joined.find((j) => j.id === shareId)
    if (!joined) throw new QuireError('not-found', 'You are no longer in that share.')
    const parsed = parseManifest(text, joined.author.publicKey)
    if (!parsed.ok) throw new QuireError('invalid-argument', `A share update was refused: ${parsed.reason}.`)
    const manifest = parsed.manifest
    if (manifest.shareId !== shareId || !supersedes(manifest, this.manifestOf(joined))) return this.library.snapshot()
    joined.manifest = text
    joined.bookTitle = manifest.book.title
    const me = manifest.members.find((m) => m.id === joined.memberId)
    if (!me || me.status === 'removed') {
      joined.removedAt ??= this.deps.now()
      return this.library.commit()
    }
    if (me.key === this.profile().publicKey) joined.inviteSecret = null
    const mine = new Set(me.chapters)
    const order = manifest.chapters.map((c) => c.docKey)
    joined.chapters = joined.chapters
      .filter((c) => mine.has(c.docKey) && order.includes(c.docKey))
      .map((c) => ({ ...c, title: manifest.chapters.find((m) => m.docKey === c.docKey)!.title }))
      .sort((a, b) => order.indexOf(a.docKey) - order.indexOf(b.docKey))
    return this.library.commit()
  }

  /** Reviewer: the author's new epoch, sealed to this user's key, moves the share to its new key and rooms. */
  async applyRekey(shareId: string, text: string): Promise<LibrarySnapshot> {
    const joined = this.data.joined.find((j) => j.id === shareId)
    if (!joined) throw new QuireError('not-found', 'You are no longer in that share.')
    const rekey = parseRekey(text, joined.author.publicKey)
    if (!rekey || rekey.shareId !== shareId) throw new QuireError('invalid-argument', 'A new share key was refused: it is not signed by the author.')
    if (rekey.epoch <= joined.epoch) return this.library.snapshot()
    const mine = rekey.sealed[this.profile().publicKey]
    const opened = mine ? this.identity.openSealed(mine) : null
    const secret = opened ? decodeEpochSecret(opened) : null
    if (!secret) return this.library.snapshot()
    joined.retired.push({ epoch: joined.epoch, key: joined.key, rooms: joined.chapters.map(({ docKey, room }) => ({ docKey, room })) })
    joined.epoch = rekey.epoch
    joined.key = secret.key
    for (const chapter of joined.chapters) chapter.room = secret.rooms.find((r) => r.docKey === chapter.docKey)?.room ?? chapter.room
    return this.library.commit()
  }

  /** Reviewer: the proof that this user is the member their invite named, until the author has bound their key. */
  bindingProof(shareId: string): { memberId: string; key: Uint8Array; inviteKey: Uint8Array; signature: Uint8Array } | null {
    const joined = this.data.joined.find((j) => j.id === shareId)
    if (!joined?.inviteSecret) return null
    const { secretKey, publicKey: inviteKey } = keyPairFromSeed(fromBase64Url(joined.inviteSecret)!)
    const key = fromBase64Url(this.profile().publicKey)!
    const signature = signBytes(secretKey, bindingMessage(shareId, joined.memberId, key))
    return { memberId: joined.memberId, key, inviteKey, signature }
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

  /** What Rooms needs to know of a shared document, or null when it is not one. */
  docInfo(docId: string): SharedDocInfo | null {
    for (const share of this.data.shares) {
      const chapter = share.chapters.find((c) => c.replicaId === docId)
      if (chapter) return { docKey: chapter.docKey, isAuthor: true, feeders: [chapter.chapterId] }
    }
    for (const joined of this.data.joined) {
      const chapter = joined.chapters.find((c) => c.docId === docId)
      if (chapter) return { docKey: chapter.docKey, isAuthor: false, feeders: [] }
    }
    return null
  }
}

function addChapters(joined: JoinedShare, invite: Invite, newId: () => string): void {
  for (const chapter of invite.chapters) {
    const docKey = chapter.docKey ?? chapter.room
    const known = joined.chapters.find((c) => c.docKey === docKey)
    if (known) {
      known.title = chapter.title
      if ((invite.epoch ?? 0) >= joined.epoch) known.room = chapter.room
    } else joined.chapters.push({ room: chapter.room, docKey, title: chapter.title, docId: newId() })
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
