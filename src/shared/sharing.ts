/**
 * Sharing as the renderer sees it: the user's identity, their network of
 * trusted members, what the user shares (as author) and what was shared with
 * them (as reviewer), and the sync settings.
 */
import type { ContactDetails, ManuscriptFont } from './manuscript/model'

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

/** Someone in the author's network. Added by name; their key is learned when they first connect. */
export interface Member {
  id: string
  name: string
  /** The member's own id (from their public key), once seen online. */
  peerId?: string
  fingerprint?: string
  addedAt: number
  lastSeenAt?: number
}

/** One chapter inside a share: its opaque room and the local replica that syncs there. */
export interface SharedChapter {
  chapterId: string
  /** y-webrtc room name: random, says nothing about the book. */
  room: string
  /** Local document that syncs in the room: fed one way from the manuscript, it also carries the comments. */
  replicaId: string
}

/** What an author shares of one book: chapters, the members invited to each, and the key. */
export interface Share {
  id: string
  bookId: string
  /** 256-bit key, base64url: the y-webrtc room password. */
  key: string
  chapters: SharedChapter[]
  /** Which chapters each member was invited to review. */
  reviewers: Array<{ memberId: string; chapterIds: string[]; invitedAt: number }>
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
  signaling: string[]
  /** The name the author invited this user as. */
  invitedAs: string
  joinedAt: number
}

export interface Settings {
  /** y-webrtc signaling servers; they see only opaque room names. */
  signalingUrls: string[]
  /** "Work offline": no connections until turned off; survives restarts. */
  workOffline: boolean
  /**
   * STUN/TURN servers for WebRTC. None by default: peers on the same network
   * connect directly, and Quire contacts no third party unless you add one
   * (peers behind different NATs need a STUN server, e.g. stun:stun.example.org:3478).
   */
  iceServers: string[]
  /** Page 1 of exported manuscripts: name, address, email, phone and font, remembered between exports. */
  manuscript?: ManuscriptSettings
  /** "Share my reading progress" with the authors of chapters this user reviews; on unless turned off. */
  shareReadingProgress?: boolean
}

/** Where the bundled signaling server listens by default (`npm run signal`). */
export const DEFAULT_SIGNALING_URLS = ['ws://127.0.0.1:4444']

export function defaultSettings(): Settings {
  return { signalingUrls: [...DEFAULT_SIGNALING_URLS], workOffline: false, iceServers: [] }
}
