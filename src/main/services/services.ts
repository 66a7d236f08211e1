/**
 * Opens everything Quire keeps in one data folder and implements the IPC
 * contract over it. Both hosts — Electron main and the browser host — call
 * this; only the transport in front of it differs.
 */
import { randomBytes } from 'node:crypto'
import { chmod, mkdir, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import * as Y from 'yjs'
import type { CallHandlers, EventChannel, EventPayloads } from '../../shared/contract'
import { QuireError } from '../../shared/contract'
import { fragmentWords } from '../../shared/fragmentText'
import { TEXT_ROOT } from '../../shared/ydoc'
import { lockDataFolder } from './dataFolderLock'
import { FILE_MODE } from './durableFile'
import { ViewStateFile, CARETS_FILE } from './viewState'
import { Library } from './library'
import { emptyLibraryData, repairLibraryData, sanitizeLibraryData } from './libraryData'
import { openJsonFile } from './metaFile'
import { describeLogDamage, type LogProblem } from './problems'
import { DocStore } from './updateLog'
import { Rooms } from './rooms'
import { IdentityStore, type SecretProtector } from './identity'
import { ReviewRounds } from './reviewRounds'
import { Sharing } from './sharing'
import { AuthorSharing } from './authorSharing'
import { ReviewerSharing } from './reviewerSharing'
import { saveChapterPackage, saveFeedback } from './reviewFiles'
import { NetworkService } from './rendezvous/networkService'
import type { LanOptions } from './rendezvous/lanUplink'
import type { UplinkOptions } from './rendezvous/uplink'
import type { NetworkSettings } from '../../shared/network'

export type Emit = <E extends EventChannel>(event: E, payload: EventPayloads[E]) => void

export interface ServiceOptions {
  emit?: Emit
  now?: () => number
  newId?: () => string
  /** Encrypts the private key at rest (Electron's safeStorage); without it the key file is readable only by the user. */
  protector?: SecretProtector
  /**
   * Prints a manuscript's print document to PDF and saves it where the user
   * says (Electron). Without it, `export:pdf` is unavailable: the browser host
   * prints through the browser's own dialog instead.
   */
  savePdf?: (html: string, fileName: string) => Promise<{ saved: boolean }>
  /** Network settings to apply at start, saved like any change (the browser host's --signaling, --mqtt, --stun … flags). */
  network?: Partial<NetworkSettings>
  /** Where the rendezvous bridge reports what it refused and what failed. */
  log?: (line: string) => void
  /** Rendezvous timing, and the local network's interfaces (tests). */
  uplink?: UplinkOptions
  lan?: LanOptions
}

export interface QuireServices {
  handlers: CallHandlers
  library: Library
  docs: DocStore
  identity: IdentityStore
  network: NetworkService
  /** Waits for every pending write, then releases the folder. */
  close(): Promise<void>
}

export const LIBRARY_FILE = 'library.json'
export const DOCS_DIR = 'docs'
/** Signed envelopes of shared chapters, one log each. */
export const SIGNED_DIR = 'signed'

export function newId(): string {
  return randomBytes(12).toString('base64url')
}

/** Manuscripts, keys and share keys: the folder and its files are readable by their owner only. */
async function makePrivate(dataDir: string): Promise<void> {
  if (process.platform === 'win32') return
  await mkdir(join(dataDir, SIGNED_DIR), { recursive: true, mode: 0o700 })
  for (const dir of [dataDir, join(dataDir, DOCS_DIR), join(dataDir, SIGNED_DIR)]) {
    await chmod(dir, 0o700)
    for (const entry of await readdir(dir, { withFileTypes: true })) if (entry.isFile()) await chmod(join(dir, entry.name), FILE_MODE)
  }
}

/** The words in a stored document, for chapters recovered without their metadata, and any damage found reading it. */
async function storedWords(docs: DocStore, docId: string): Promise<{ words: number; problems: LogProblem[] }> {
  const doc = new Y.Doc()
  try {
    const { update, problems } = await docs.load(docId)
    if (update.length > 0) Y.applyUpdate(doc, update)
    return { words: fragmentWords(doc.getXmlFragment(TEXT_ROOT)), problems }
  } finally {
    doc.destroy()
  }
}

export async function openServices(dataDir: string, options: ServiceOptions = {}): Promise<QuireServices> {
  const emit: Emit = options.emit ?? (() => {})
  const now = options.now ?? Date.now
  const makeId = options.newId ?? newId
  await mkdir(join(dataDir, DOCS_DIR), { recursive: true, mode: 0o700 })
  const unlock = await lockDataFolder(dataDir, now)
  try {
    return await openLocked(dataDir, options, { emit, now, makeId, unlock })
  } catch (error) {
    await unlock()
    throw error
  }
}

async function openLocked(
  dataDir: string,
  options: ServiceOptions,
  { emit, now, makeId, unlock }: { emit: Emit; now: () => number; makeId: () => string; unlock: () => Promise<void> },
): Promise<QuireServices> {
  await makePrivate(dataDir)
  const docs = new DocStore(join(dataDir, DOCS_DIR), { now })
  await docs.removeStaleTempFiles()
  const { db, problems } = await openJsonFile(join(dataDir, LIBRARY_FILE), emptyLibraryData, sanitizeLibraryData, { now, repair: repairLibraryData })
  const identity = await IdentityStore.open(dataDir, options.protector, { now })
  const carets = await ViewStateFile.open(join(dataDir, CARETS_FILE), db.data.session.selections)
  const library = new Library(db, { now, newId: makeId, profile: () => identity.profile }, carets)
  const random = (n: number) => new Uint8Array(randomBytes(n))
  const sharing = new Sharing(library, identity)
  // Filled in below: Rooms and the author's side of sharing need each other (a shared doc's identity; a writer's reach on removal).
  let rooms: Rooms | null = null
  const authorSharing = new AuthorSharing(library, identity, { now, newId: makeId, randomBytes: random, reachOf: (docId, writer) => rooms!.reachOf(docId, writer) })
  const reviewerSharing = new ReviewerSharing(library, identity, { now, newId: makeId })
  const opened = await Rooms.open(dataDir, join(dataDir, SIGNED_DIR), { identity, info: (docId) => sharing.docInfo(docId), legacy: docs, now, randomBytes: random })
  rooms = opened.rooms
  for (const message of opened.problems) await library.addNotice('warning', message)
  const rounds = new ReviewRounds(library, identity, docs, { now, newId: makeId })

  for (const problem of [...problems, ...identity.problems]) await library.addNotice('warning', problem.message)
  await library.expireDeletedComments()
  if (options.network && Object.keys(options.network).length > 0) await sharing.setSettings(options.network)
  const network = await NetworkService.start({
    source: () => library.data,
    onStatus: (status) => emit('network:changed', status),
    log: options.log ?? ((line) => console.log(line)),
    now,
    ...(options.uplink ? { uplink: options.uplink } : {}),
    ...(options.lan ? { lan: options.lan } : {}),
  })
  /** Runs a change that may alter where rooms meet, then lets the network follow. */
  const replanning = async <T>(result: Promise<T>): Promise<T> => {
    const value = await result
    network.refresh()
    return value
  }
  const known = library.docIds()
  const orphans = (await docs.list()).filter((docId) => !known.has(docId))
  if (orphans.length > 0) {
    const counted = []
    for (const docId of orphans) {
      const { words, problems: damage } = await storedWords(docs, docId)
      for (const problem of damage) await library.addNotice('warning', describeLogDamage(problem.log, 'A chapter the library had lost track of', problem.keptAs))
      counted.push({ docId, words })
    }
    await library.adoptOrphans(counted)
    await library.addNotice(
      'info',
      `Quire found ${orphans.length === 1 ? 'a chapter' : `${orphans.length} chapters`} the library had lost track of and put ${orphans.length === 1 ? 'it' : 'them'} in the book “Recovered chapters”.`,
    )
  }

  /** A change to a shared book's chapters reaches reviewers through a new manifest. */
  const bookChanged = async <T>(snapshot: Promise<T>, bookId: string | undefined): Promise<T> => {
    const result = await snapshot
    if (bookId) await authorSharing.bookChanged(bookId)
    return bookId ? (library.snapshot() as T) : result
  }
  const bookOf = (chapterId: string): string | undefined => library.data.books.find((b) => b.chapters.some((c) => c.id === chapterId))?.id

  const changed = <T>(snapshot: T): T => {
    emit('library:changed', library.snapshot())
    return snapshot
  }
  const requireChapter = (docId: string): void => {
    if (!library.hasDoc(docId)) throw new QuireError('not-found', 'That chapter no longer exists.')
  }

  const handlers: CallHandlers = {
    'library:get': () => library.snapshot(),
    'book:create': ({ title }) => library.createBook(title),
    'book:rename': ({ bookId, title }) => bookChanged(library.renameBook(bookId, title), bookId),
    'book:trash': ({ bookId }) => library.trashBook(bookId),
    'chapter:create': ({ bookId, title, content }) => library.createChapter(bookId, title, content && ((chapterId) => docs.append(chapterId, content))),
    'chapter:rename': ({ chapterId, title }) => bookChanged(library.renameChapter(chapterId, title), bookOf(chapterId)),
    'chapter:move': ({ chapterId, toIndex }) => bookChanged(library.moveChapter(chapterId, toIndex), bookOf(chapterId)),
    'chapter:trash': ({ chapterId }) => {
      const bookId = bookOf(chapterId)
      return bookChanged(library.trashChapter(chapterId), bookId)
    },
    'chapter:setWords': ({ chapterId, words }) => library.setChapterWords(chapterId, words),
    'trash:restore': ({ itemId }) => library.restore(itemId),
    'trash:purge': async ({ itemId }) => {
      const { chapterIds } = await library.purge(itemId)
      const versionIds = rounds.forgetChapters(chapterIds)
      const snapshot = await library.commit()
      for (const docId of [...chapterIds, ...versionIds]) await docs.remove(docId)
      return snapshot
    },
    'trash:keepComment': (item) => library.keepDeletedComment(item),
    'trash:forgetComment': ({ itemId }) => library.forgetDeletedComment(itemId),
    'session:open': ({ bookId, chapterId }) => library.openSession(bookId, chapterId),
    'session:setSelection': ({ chapterId, anchor, head }) => library.setSelection(chapterId, anchor, head),
    'session:markSeen': async ({ docId, messageIds }) => library.markSeen(docId, messageIds),
    'notice:dismiss': ({ noticeId }) => library.dismissNotice(noticeId),
    'doc:load': async ({ docId }) => {
      requireChapter(docId)
      const { update, problems: damage } = await docs.load(docId)
      if (damage.length > 0) {
        for (const problem of damage) await library.addNotice('warning', describeDamage(problem))
        changed(null)
      }
      return update
    },
    'doc:append': async ({ docId, update }) => {
      requireChapter(docId)
      if (rounds.isVersion(docId)) throw new QuireError('forbidden', 'A saved version cannot be changed.')
      await docs.append(docId, update)
    },
    'identity:create': ({ name }) => sharing.createIdentity(name),
    'member:add': ({ name }) => authorSharing.addMember(name),
    'member:remove': ({ memberId }) => authorSharing.removeMember(memberId),
    // Reported by the sync layer in the background, so every window hears of it.
    'member:seen': async (seen) => changed(await authorSharing.memberSeen(seen)),
    'room:load': async ({ docId }) => {
      requireChapter(docId)
      const { legacy, envelopes, signedUpTo, problems: damage } = await rooms.load(docId)
      if (damage.length > 0) {
        for (const problem of damage) await library.addNotice('warning', describeDamage(problem))
        changed(null)
      }
      return { legacy, envelopes, signedUpTo }
    },
    'room:commit': ({ docId, update, acrossLoss }) => rooms.commit(docId, update, acrossLoss),
    'room:store': ({ docId, envelopes }) => rooms.store(docId, envelopes),
    'room:newClient': ({ docId }) => {
      requireChapter(docId)
      return rooms.newClient(docId)
    },
    'room:signAuth': ({ docKey, epoch, theirNonce, ourNonce }) => rooms.signAuth(docKey, epoch, theirNonce, ourNonce),
    'room:signPresence': ({ docKey, state, at }) => rooms.signPresence(docKey, state, at),
    'share:bind': async (args) => changed(await authorSharing.bind(args)),
    'share:bindingProof': ({ shareId }) => reviewerSharing.bindingProof(shareId),
    'share:adoptManifest': async ({ shareId, manifest }) => changed(await reviewerSharing.adoptManifest(shareId, manifest)),
    'share:rekey': async ({ shareId, text }) => changed(await reviewerSharing.applyRekey(shareId, text)),
    'share:createInvite': (args) => authorSharing.createInvite(args),
    'invite:join': ({ link, trustNewKey }) => replanning(reviewerSharing.join(link, trustNewKey)),
    'joined:leave': async ({ shareId }) => {
      const { snapshot, docIds } = await replanning(reviewerSharing.leave(shareId))
      for (const docId of docIds) {
        await docs.remove(docId)
        await rooms.remove(docId)
      }
      return snapshot
    },
    'settings:set': (patch) => replanning(sharing.setSettings(patch)),
    'export:pdf': ({ html, fileName }) => {
      if (!options.savePdf) throw new QuireError('unavailable', 'Saving a PDF this way needs the desktop app; here, choose “Save as PDF” in the print dialog.')
      return options.savePdf(html, fileName)
    },
    'network:info': () => network.info(),
    'network:status': () => network.status(),
    'sealed:open': ({ sealed }) => rounds.openSealed(sealed),
    'version:save': (args) => rounds.saveVersion(args),
    'version:delete': ({ versionId }) => rounds.deleteVersion(versionId),
    'share:setReview': ({ shareId, mode }) => rounds.setReviewMode(shareId, mode),
    'feedback:save': ({ docId }) => saveFeedback(docId, { library, identity, rooms, reviewerSharing, now }),
    'package:save': ({ link }) => saveChapterPackage(link, { library, identity, rooms }),
  }

  /** The damage notice, naming the chapter and book instead of a file. */
  const describeDamage = (problem: LogProblem): string => describeLogDamage(problem.log, library.describeDoc(problem.log.docId), problem.keptAs)

  return {
    handlers,
    library,
    docs,
    identity,
    network,
    close: async () => {
      await network.close()
      await rooms.flush()
      await library.flush()
      await docs.flush()
      await docs.compactTouched()
      await unlock()
    },
  }
}
