/**
 * The one IPC contract between the renderer and main. Channels are named
 * `domain:verb` and listed once here: main implements a handler per call (a
 * missing one is a compile error), preload and the browser host build their
 * bridges from these lists, and main validates every argument with the schema
 * beside its channel before a handler sees it.
 */
import { z } from 'zod'
import { ID_PATTERN } from './ids'
import { MAX_INVITE_LINK_LENGTH } from './invite'
import type { LibrarySnapshot } from './library'
import { networkSettingsPatch } from './networkSchema'
import type { NetworkLinkInfo, NetworkStatus } from './networkStatus'
import type { CallChannel, EventChannel } from './channels'

export { QuireError, type Envelope, type ErrorCode } from './errors'

export { CALL_CHANNELS, EVENT_CHANNELS, type CallChannel, type EventChannel } from './channels'

const id = z.string().regex(ID_PATTERN, 'is not a valid id')
const title = z.string().trim().min(1, 'must not be empty').max(200, 'is too long (200 characters at most)')
const position = z.number().int().min(0).max(100_000_000)

const personName = z.string().trim().min(1, 'must not be empty').max(100, 'is too long (100 characters at most)')


/** What the export dialog remembers for page 1 of a manuscript; also how library.json keeps it. */
export const manuscriptSettingsSchema = z
  .object({
    name: z.string().trim().max(100, 'is too long (100 characters at most)'),
    address: z.string().max(1000, 'is too long (1,000 characters at most)'),
    email: z.string().trim().max(200, 'is too long (200 characters at most)'),
    phone: z.string().trim().max(100, 'is too long (100 characters at most)'),
    font: z.enum(['times', 'courier']),
  })
  .strict()

/** Largest print document accepted for a PDF: a long book's text with its markup is a few megabytes. */
export const MAX_PRINT_HTML_CHARS = 64 * 1024 * 1024

/** Most sealed messages opened in one call, and the longest one (a sealed 32-byte key is about 140 characters). */
export const MAX_SEALED_BATCH = 500
export const MAX_SEALED_CHARS = 300

/** Largest single update accepted over IPC; larger edits are split by Yjs long before this. */
export const MAX_UPDATE_BYTES = 32 * 1024 * 1024

const bytesOf = (min: number, max: number) =>
  z.custom<Uint8Array>((value) => value instanceof Uint8Array, { message: 'must be bytes' }).refine((bytes) => bytes.byteLength >= min && bytes.byteLength <= max, 'has an invalid size')
const publicKey = bytesOf(32, 32)
const signature = bytesOf(64, 64)
const nonce = bytesOf(32, 32)
const signedText = z.string().min(1).max(2_000_000)

/** Argument schemas, one per call channel. */
export const callArgs = {
  'library:get': z.object({}).strict(),
  'book:create': z.object({ title }).strict(),
  'book:rename': z.object({ bookId: id, title }).strict(),
  'book:trash': z.object({ bookId: id }).strict(),
  // `content`: the new chapter's first Yjs state (an import), on disk before the chapter is in the library.
  'chapter:create': z.object({ bookId: id, title: title.optional(), content: bytesOf(2, MAX_UPDATE_BYTES).optional() }).strict(),
  'chapter:rename': z.object({ chapterId: id, title }).strict(),
  'chapter:move': z.object({ chapterId: id, toIndex: z.number().int().min(0).max(100_000) }).strict(),
  'chapter:trash': z.object({ chapterId: id }).strict(),
  'chapter:setWords': z.object({ chapterId: id, words: z.number().int().min(0).max(100_000_000) }).strict(),
  'trash:restore': z.object({ itemId: id }).strict(),
  'trash:purge': z.object({ itemId: id }).strict(),
  'trash:keepComment': z
    .object({
      docId: id,
      chapterTitle: z.string().max(1000),
      threadId: z.string().min(1).max(600),
      messageId: z.string().min(1).max(600),
      body: z.string().min(1).max(10_000),
      quote: z.string().max(40_000),
    })
    .strict(),
  'trash:forgetComment': z.object({ itemId: id }).strict(),
  'session:open': z.object({ bookId: id.nullable(), chapterId: id.nullable() }).strict(),
  'session:setSelection': z.object({ chapterId: id, anchor: position, head: position }).strict(),
  'session:markSeen': z.object({ docId: id, messageIds: z.array(z.string().min(1).max(600)).max(5000) }).strict(),
  'notice:dismiss': z.object({ noticeId: id }).strict(),
  'doc:load': z.object({ docId: id }).strict(),
  'doc:append': z
    .object({
      docId: id,
      update: z
        .custom<Uint8Array>((value) => value instanceof Uint8Array, { message: 'must be bytes' })
        .refine((bytes) => bytes.byteLength > 0 && bytes.byteLength <= MAX_UPDATE_BYTES, 'has an invalid size'),
    })
    .strict(),
  'room:load': z.object({ docId: id }).strict(),
  'room:commit': z.object({ docId: id, update: bytesOf(2, MAX_UPDATE_BYTES), acrossLoss: z.boolean().optional() }).strict(),
  'room:store': z.object({ docId: id, envelopes: z.array(bytesOf(66, MAX_UPDATE_BYTES + 64 * 1024)).min(1).max(10_000) }).strict(),
  'room:newClient': z.object({ docId: id }).strict(),
  'room:signAuth': z.object({ docKey: id, epoch: z.number().int().nonnegative(), theirNonce: nonce, ourNonce: nonce }).strict(),
  'room:signPresence': z.object({ docKey: id, state: z.string().max(4096), at: z.number().int().nonnegative() }).strict(),
  'identity:create': z.object({ name: personName }).strict(),
  'member:add': z.object({ name: personName }).strict(),
  'member:remove': z.object({ memberId: id }).strict(),
  'member:seen': z.object({ publicKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'is not a public key') }).strict(),
  'share:createInvite': z
    .object({
      bookId: id,
      chapterIds: z.array(id).min(1, 'must name at least one chapter').max(1000),
      reviewer: z.union([z.object({ memberId: id }).strict(), z.object({ name: personName }).strict()]),
      /** Put the author's TURN servers, with credentials, into the invite. */
      includeTurn: z.boolean().optional(),
    })
    .strict(),
  'invite:join': z
    .object({
      link: z.string().max(MAX_INVITE_LINK_LENGTH, 'is too long to be an invite'),
      /** The user saw that this author's key is not the one they trusted under that name before, and joins anyway. */
      trustNewKey: z.boolean().optional(),
    })
    .strict(),
  'joined:leave': z.object({ shareId: id }).strict(),
  'share:bind': z.object({ shareId: id, memberId: id, key: publicKey, inviteKey: publicKey, signature }).strict(),
  'share:bindingProof': z.object({ shareId: id }).strict(),
  'share:adoptManifest': z.object({ shareId: id, manifest: signedText }).strict(),
  'share:rekey': z.object({ shareId: id, text: signedText }).strict(),
  'settings:set': networkSettingsPatch
    .extend({ workOffline: z.boolean().optional(), manuscript: manuscriptSettingsSchema.optional(), shareReadingProgress: z.boolean().optional() })
    .strict(),
  'export:pdf': z
    .object({
      html: z.string().min(1, 'must not be empty').max(MAX_PRINT_HTML_CHARS, 'is too long to print'),
      fileName: z.string().trim().min(1, 'must not be empty').max(200, 'is too long (200 characters at most)'),
    })
    .strict(),
  'network:info': z.object({}).strict(),
  'network:status': z.object({}).strict(),
  'sealed:open': z
    .object({
      sealed: z
        .array(z.string().min(1, 'must not be empty').max(MAX_SEALED_CHARS, 'is too long to be sealed to you'))
        .min(1, 'must hold at least one sealed message')
        .max(MAX_SEALED_BATCH, `holds more than ${MAX_SEALED_BATCH} sealed messages`),
    })
    .strict(),
  'version:save': z
    .object({
      chapterId: id,
      name: title,
      update: z
        .custom<Uint8Array>((value) => value instanceof Uint8Array, { message: 'must be bytes' })
        .refine((bytes) => bytes.byteLength > 0 && bytes.byteLength <= MAX_UPDATE_BYTES, 'has an invalid size'),
      draft: z.number().int().min(1).max(10_000).optional(),
    })
    .strict(),
  'version:delete': z.object({ versionId: id }).strict(),
  'share:setReview': z.object({ shareId: id, mode: z.enum(['round-table', 'blind']) }).strict(),
  'feedback:save': z.object({ docId: id }).strict(),
  'package:save': z.object({ link: z.string().max(MAX_INVITE_LINK_LENGTH, 'is too long to be an invite') }).strict(),
} satisfies Record<CallChannel, z.ZodType>

/** What each call resolves to. */
export interface CallResults {
  'library:get': LibrarySnapshot
  'book:create': LibrarySnapshot
  'book:rename': LibrarySnapshot
  'book:trash': LibrarySnapshot
  'chapter:create': LibrarySnapshot
  'chapter:rename': LibrarySnapshot
  'chapter:move': LibrarySnapshot
  'chapter:trash': LibrarySnapshot
  'chapter:setWords': LibrarySnapshot
  'trash:restore': LibrarySnapshot
  'trash:purge': LibrarySnapshot
  /** The deleted comment's Trash item, to forget once it is restored. */
  'trash:keepComment': { itemId: string; snapshot: LibrarySnapshot }
  'trash:forgetComment': LibrarySnapshot
  'session:open': LibrarySnapshot
  'session:setSelection': void
  /** Null when every one of them was already seen. */
  'session:markSeen': LibrarySnapshot | null
  'notice:dismiss': LibrarySnapshot
  /** The chapter's whole state as one Yjs update (empty document: a zero-length array). */
  'doc:load': Uint8Array
  'doc:append': void
  /** A shared chapter's starting state from before signing, and its signed envelopes. */
  'room:load': { legacy: Uint8Array; envelopes: Uint8Array[]; signedUpTo: number }
  /** The user's change, sealed into an envelope (stored already), for sending. */
  'room:commit': Uint8Array
  'room:store': void
  /** A client id for a new editing session, derived from the user's key. */
  'room:newClient': number
  'room:signAuth': Uint8Array
  'room:signPresence': Uint8Array
  'identity:create': LibrarySnapshot
  'member:add': LibrarySnapshot
  'member:remove': LibrarySnapshot
  'member:seen': LibrarySnapshot
  'share:createInvite': { link: string; snapshot: LibrarySnapshot }
  'invite:join': LibrarySnapshot
  'joined:leave': LibrarySnapshot
  'share:bind': LibrarySnapshot
  /** The invite's proof for this user's key, until the author has bound it. */
  'share:bindingProof': { memberId: string; key: Uint8Array; inviteKey: Uint8Array; signature: Uint8Array } | null
  'share:adoptManifest': LibrarySnapshot
  'share:rekey': LibrarySnapshot
  'settings:set': LibrarySnapshot
  /** Electron prints the page to PDF and asks where to save it; false when the user cancelled. */
  'export:pdf': { saved: boolean }
  'network:info': NetworkLinkInfo
  'network:status': NetworkStatus
  /**
   * What peers sealed to this user's key, opened with the secret key (which
   * stays in main), as text; null for each one that was not sealed to this
   * user, was changed, or is not text.
   */
  'sealed:open': Array<string | null>
  'version:save': { versionId: string; snapshot: LibrarySnapshot }
  'version:delete': LibrarySnapshot
  'share:setReview': LibrarySnapshot
  /** The user's own signed changes to a chapter they review, as a feedback file (src/shared/trust/feedbackFile.ts). */
  'feedback:save': Uint8Array
  /** The user's invite and the signed text of the chapters it names, as a chapter package (src/shared/trust/chapterPackage.ts). */
  'package:save': Uint8Array
}

export type CallArgs<C extends CallChannel> = z.input<(typeof callArgs)[C]>
export type ValidCallArgs<C extends CallChannel> = z.output<(typeof callArgs)[C]>
export type CallResult<C extends CallChannel> = CallResults[C]

/** Events main sends to the renderer. */
export interface EventPayloads {
  'library:changed': LibrarySnapshot
  /** The operating system handed Quire a quire: link; the renderer asks before joining. */
  'invite:opened': { link: string }
  /** A rendezvous connected, failed or changed; also sent when the settings change. */
  'network:changed': NetworkStatus
}

/** Main's side: one handler per call channel, given validated arguments. */
export type CallHandlers = {
  [C in CallChannel]: (args: ValidCallArgs<C>) => Promise<CallResult<C>> | CallResult<C>
}

/** The renderer's side: the same calls as promises, events as subscriptions returning a disposer. */
export type QuireApi = {
  [C in CallChannel]: (args: CallArgs<C>) => Promise<CallResult<C>>
} & {
  on<E extends EventChannel>(event: E, listener: (payload: EventPayloads[E]) => void): () => void
}

// Compile-time check: every channel has a result type and an event payload, and nothing else does.
type Missing =
  | Exclude<keyof CallResults, CallChannel>
  | Exclude<CallChannel, keyof CallResults>
  | Exclude<keyof EventPayloads, EventChannel>
  | Exclude<EventChannel, keyof EventPayloads>
const contractIsComplete: Missing extends never ? true : never = true
void contractIsComplete
