/**
 * Opens everything Quire keeps in one data folder and implements the IPC
 * contract over it. Both hosts — Electron main and the browser host — call
 * this; only the transport in front of it differs.
 */
import { randomBytes } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { CallHandlers, EventChannel, EventPayloads } from '../../shared/contract'
import { QuireError } from '../../shared/contract'
import { Library } from './library'
import { emptyLibraryData, sanitizeLibraryData } from './libraryData'
import { openJsonFile } from './metaFile'
import { DocStore } from './updateLog'
import { IdentityStore, type SecretProtector } from './identity'
import { Sharing } from './sharing'
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

export function newId(): string {
  return randomBytes(12).toString('base64url')
}

export async function openServices(dataDir: string, options: ServiceOptions = {}): Promise<QuireServices> {
  const emit: Emit = options.emit ?? (() => {})
  const now = options.now ?? Date.now
  const makeId = options.newId ?? newId
  await mkdir(join(dataDir, DOCS_DIR), { recursive: true })

  const { db, problems } = await openJsonFile(join(dataDir, LIBRARY_FILE), emptyLibraryData, sanitizeLibraryData)
  const identity = await IdentityStore.open(dataDir, options.protector, { now })
  const library = new Library(db, { now, newId: makeId, profile: () => identity.profile })
  const sharing = new Sharing(library, identity, { now, newId: makeId, randomBytes: (n) => new Uint8Array(randomBytes(n)) })
  const docs = new DocStore(join(dataDir, DOCS_DIR), { now })

  for (const problem of [...problems, ...identity.problems]) await library.addNotice('warning', problem.message)
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
    await library.adoptOrphans(orphans)
    await library.addNotice(
      'info',
      `Quire found ${orphans.length === 1 ? 'a chapter' : `${orphans.length} chapters`} the library had lost track of and put ${orphans.length === 1 ? 'it' : 'them'} in the book “Recovered chapters”.`,
    )
  }

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
    'book:rename': ({ bookId, title }) => library.renameBook(bookId, title),
    'book:trash': ({ bookId }) => library.trashBook(bookId),
    'chapter:create': ({ bookId, title }) => library.createChapter(bookId, title),
    'chapter:rename': ({ chapterId, title }) => library.renameChapter(chapterId, title),
    'chapter:move': ({ chapterId, toIndex }) => library.moveChapter(chapterId, toIndex),
    'chapter:trash': ({ chapterId }) => library.trashChapter(chapterId),
    'chapter:setWords': ({ chapterId, words }) => library.setChapterWords(chapterId, words),
    'trash:restore': ({ itemId }) => library.restore(itemId),
    'trash:purge': async ({ itemId }) => {
      const { snapshot, chapterIds } = await library.purge(itemId)
      for (const chapterId of chapterIds) await docs.remove(chapterId)
      return snapshot
    },
    'session:open': ({ bookId, chapterId }) => library.openSession(bookId, chapterId),
    'session:setSelection': ({ chapterId, anchor, head }) => library.setSelection(chapterId, anchor, head),
    'notice:dismiss': ({ noticeId }) => library.dismissNotice(noticeId),
    'doc:load': async ({ docId }) => {
      requireChapter(docId)
      const { update, problems: damage } = await docs.load(docId)
      if (damage.length > 0) {
        for (const problem of damage) await library.addNotice('warning', problem.message)
        changed(null)
      }
      return update
    },
    'doc:append': async ({ docId, update }) => {
      requireChapter(docId)
      await docs.append(docId, update)
    },
    'identity:create': ({ name }) => sharing.createIdentity(name),
    'member:add': ({ name }) => sharing.addMember(name),
    'member:remove': ({ memberId }) => sharing.removeMember(memberId),
    // Reported by the sync layer in the background, so every window hears of it.
    'member:seen': async (seen) => changed(await sharing.memberSeen(seen)),
    'share:createInvite': (args) => sharing.createInvite(args),
    'invite:join': ({ link }) => replanning(sharing.join(link)),
    'joined:leave': async ({ shareId }) => {
      const { snapshot, docIds } = await replanning(sharing.leave(shareId))
      for (const docId of docIds) await docs.remove(docId)
      return snapshot
    },
    'settings:set': (patch) => replanning(sharing.setSettings(patch)),
    'network:info': () => network.info(),
    'network:status': () => network.status(),
  }

  return {
    handlers,
    library,
    docs,
    identity,
    network,
    close: async () => {
      await network.close()
      await docs.flush()
    },
  }
}
