/**
 * The reviewer's side of sharing: joining a share from an invite, following
 * the author's newer manifests and new epochs, proving the invite until the
 * author has bound this user's key, and leaving. The author's key is pinned
 * on joining; manifests and new keys are accepted only under it.
 */
import { QuireError } from '../../shared/contract'
import { fingerprint, fromBase64Url, keyPairFromSeed, memberIdFor, signBytes, toBase64Url } from '../../shared/identity'
import { parseInvite, type Invite } from '../../shared/invite'
import type { LibrarySnapshot } from '../../shared/library'
import type { JoinedShare } from '../../shared/sharing'
import { parseManifest, supersedes, type ShareManifest } from '../../shared/trust/manifest'
import { bindingMessage } from '../../shared/trust/protocol'
import { decodeEpochSecret, parseRekey } from '../../shared/trust/rekey'
import type { IdentityStore } from './identity'
import type { Library } from './library'
import { requireProfile, type SharingDeps } from './sharing'

/** The shares this user joined as a reviewer (`data.joined`). */
export class ReviewerSharing {
  constructor(
    private readonly library: Library,
    private readonly identity: IdentityStore,
    private readonly deps: Pick<SharingDeps, 'now' | 'newId'>,
  ) {}

  private get data() {
    return this.library.data
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
    const profile = requireProfile(this.identity)
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
   * A newer manifest from the author (through any peer). Renames,
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
    if (me.key === requireProfile(this.identity).publicKey) joined.inviteSecret = null
    const mine = new Set(me.chapters)
    const order = manifest.chapters.map((c) => c.docKey)
    joined.chapters = joined.chapters
      .filter((c) => mine.has(c.docKey) && order.includes(c.docKey))
      .map((c) => ({ ...c, title: manifest.chapters.find((m) => m.docKey === c.docKey)!.title }))
      .sort((a, b) => order.indexOf(a.docKey) - order.indexOf(b.docKey))
    return this.library.commit()
  }

  /** The author's new epoch, sealed to this user's key, moves the share to its new key and rooms. */
  async applyRekey(shareId: string, text: string): Promise<LibrarySnapshot> {
    const joined = this.data.joined.find((j) => j.id === shareId)
    if (!joined) throw new QuireError('not-found', 'You are no longer in that share.')
    const rekey = parseRekey(text, joined.author.publicKey)
    if (!rekey || rekey.shareId !== shareId) throw new QuireError('invalid-argument', 'A new share key was refused: it is not signed by the author.')
    if (rekey.epoch <= joined.epoch) return this.library.snapshot()
    const mine = rekey.sealed[requireProfile(this.identity).publicKey]
    const opened = mine ? this.identity.openSealed(mine) : null
    const secret = opened ? decodeEpochSecret(opened) : null
    if (!secret) return this.library.snapshot()
    joined.retired.push({ epoch: joined.epoch, key: joined.key, rooms: joined.chapters.map(({ docKey, room }) => ({ docKey, room })) })
    joined.epoch = rekey.epoch
    joined.key = secret.key
    for (const chapter of joined.chapters) chapter.room = secret.rooms.find((r) => r.docKey === chapter.docKey)?.room ?? chapter.room
    return this.library.commit()
  }

  /** The proof that this user is the member their invite named, until the author has bound their key. */
  bindingProof(shareId: string): { memberId: string; key: Uint8Array; inviteKey: Uint8Array; signature: Uint8Array } | null {
    const joined = this.data.joined.find((j) => j.id === shareId)
    if (!joined?.inviteSecret) return null
    const { secretKey, publicKey: inviteKey } = keyPairFromSeed(fromBase64Url(joined.inviteSecret)!)
    const key = fromBase64Url(requireProfile(this.identity).publicKey)!
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
}

/** An invite's chapters into the joined share: known ones keep their document, new ones get one. */
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
