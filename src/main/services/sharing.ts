/**
 * Sharing a book for review, and what the author's side (authorSharing.ts)
 * and the reviewer's side (reviewerSharing.ts) have in common: the user's
 * identity, the network settings, and which local documents are shared.
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
import type { LibrarySnapshot } from '../../shared/library'
import type { Profile, Settings } from '../../shared/sharing'
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

/** The user's profile; either side of a share needs their name and key. */
export function requireProfile(identity: IdentityStore): Profile {
  const profile = identity.profile
  if (!profile) throw new QuireError('forbidden', 'Tell Quire your name before sharing.')
  return profile
}

/** What belongs to neither side alone: the identity, the network settings, and which documents are shared. */
export class Sharing {
  constructor(
    private readonly library: Library,
    private readonly identity: IdentityStore,
  ) {}

  private get data() {
    return this.library.data
  }

  /** Gives this Quire its name and key, once. */
  async createIdentity(name: string): Promise<LibrarySnapshot> {
    if (this.identity.profile) throw new QuireError('invalid-argument', 'This Quire already has an identity.')
    await this.identity.create(name)
    return this.library.snapshot()
  }

  /** Network settings (meeting places, TURN servers, privacy mode); both sides meet peers through them. */
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
