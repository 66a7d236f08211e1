/**
 * Sharing as the renderer sees it: the user's identity, their network of
 * trusted members, what the user shares (as author) and what was shared with
 * them (as reviewer), and the sync settings.
 */
import type { ContactDetails, ManuscriptFont } from './manuscript/model'
import { defaultNetworkSettings, type IceServer, type NetworkSettings, type Rendezvous } from './network'

/** What the export dialog remembers. */
export type ManuscriptSettings = ContactDetails & { font: ManuscriptFont }

/** The user's public identity. The private key never leaves main. */
export interface Profile {
  name: string
  /** Ed25519 public key, base64url. */
  publicKey: string
  /** Derived from the public key; how peers recognise this user. */
  memberId: string
  fingerprint: string
}

/** Someone in the author's network. Added by name; their key is bound when they first join with an invite. */
export interface Member {
  id: string
  name: string
  /** Their public key (base64url), proven with an invite; never replaced once bound. */
  publicKey?: string
  /** The member's own id (from their public key), once bound. */
  peerId?: string
  fingerprint?: string
  addedAt: number
  lastSeenAt?: number
  /** When they were removed from the network; their earlier comments stay, marked as from a former member. */
  removedAt?: number
}

/** One chapter inside a share: its opaque room and the local replica that syncs there. */
export interface SharedChapter {
  chapterId: string
  /** The chapter's id in the share, the same in every epoch; signed changes name it. */
  docKey: string
  /** This epoch's y-webrtc room name: random, says nothing about the book. */
  room: string
  /** Local document that syncs in the room: fed one way from the manuscript, it also carries the comments. */
  replicaId: string
}

/** An invite waiting to be used: its key pair (the secret is in the link) and when it stops working. */
export interface PendingInvite {
  memberId: string
  publicKey: string
  secret: string
  expiresAt: number
  /** The link as it was sent, so it can be copied again. */
  link: string
}

/** An earlier epoch's rooms, where members who were away learn the new key. */
export interface RetiredEpoch {
  epoch: number
  key: string
  rooms: Array<{ docKey: string; room: string }>
  /** The author's signed, sealed new keys for the members who stayed (protocol REKEY). */
  rekey: string
}

/** What an author shares of one book: chapters, the members invited to each, and the key. */
export interface Share {
  id: string
  bookId: string
  /** This epoch's 256-bit key, base64url: the y-webrtc room password. */
  key: string
  /** Starts at 0; a removal starts a new one (new key and rooms). */
  epoch: number
  chapters: SharedChapter[]
  /** Which chapters each member was invited to review. */
  reviewers: Array<{ memberId: string; chapterIds: string[]; invitedAt: number }>
  invites: PendingInvite[]
  /** Members removed from this share, with the last of their changes each chapter keeps (doc key → counter). */
  removed: Array<{ memberId: string; removedAt: number; finalSeq: Record<string, number> }>
  retired: RetiredEpoch[]
  /** The signed manifest (see src/shared/trust/manifest.ts) and its version. */
  manifest: string | null
  manifestVersion: number
  createdAt: number
  /**
   * How the share is reviewed, chosen with its first invite: a round table
   * (reviewers read each other's comments) or blind (each reviewer's comments
   * are sealed to the author). Absent: a round table, as before.
   */
  review?: ReviewMode
}

export type ReviewMode = 'round-table' | 'blind'

/** A chapter someone shared with this user. */
export interface JoinedChapter {
  room: string
  /** The chapter's id in the share (version 1 invites: its room). */
  docKey: string
  title: string
  /** Local document holding the chapter text and comments. */
  docId: string
}

/** A share this user joined as a reviewer, from an author's invite. */
export interface JoinedShare {
  id: string
  key: string
  author: { name: string; publicKey: string; fingerprint: string; memberId: string }
  bookTitle: string
  chapters: JoinedChapter[]
  /** Where the author meets reviewers, from the invite; used besides this user's own. */
  rendezvous: Rendezvous[]
  /** TURN servers the author chose to share in the invite. */
  turn: IceServer[]
  /** The name the author invited this user as. */
  invitedAs: string
  joinedAt: number
  /** The user's id in the share's manifest, and the invite secret that proves it until the author has bound their key. */
  memberId: string
  inviteSecret: string | null
  epoch: number
  /** The author's latest signed manifest, verified against the pinned author key. */
  manifest: string | null
  /** Earlier epochs' rooms, watched for the author's new key after time away. */
  retired: Array<{ epoch: number; key: string; rooms: Array<{ docKey: string; room: string }> }>
  /** Set when the latest manifest no longer lists the user: nothing syncs any more. */
  removedAt?: number
}

/** What the user can set: how to reach peers (see network.ts) and Work offline. */
export interface Settings extends NetworkSettings {
  /** "Work offline": no connections until turned off; survives restarts. */
  workOffline: boolean
  /** Page 1 of exported manuscripts: name, address, email, phone and font, remembered between exports. */
  manuscript?: ManuscriptSettings
  /** "Share my reading progress" with the authors of chapters this user reviews; on unless turned off. */
  shareReadingProgress?: boolean
}

export function defaultSettings(): Settings {
  return { ...defaultNetworkSettings(), workOffline: false }
}
