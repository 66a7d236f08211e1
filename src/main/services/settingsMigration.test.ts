import { writeFile, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { PUBLIC_BROKERS, PUBLIC_STUN_SERVERS } from '../../shared/network'
import { LIBRARY_FILE_VERSION, sanitizeLibraryData } from './libraryData'
import { openServices } from './services'
import { makeTempDir, type TempDir } from './testing/tempDir'

/** A library.json as Quire wrote it before rendezvous kinds (file version 1). */
function v1File(settings: Record<string, unknown>, joined: unknown[] = []) {
  return {
    version: 1,
    books: [],
    trash: [],
    session: { bookId: null, chapterId: null, selections: {} },
    notices: [],
    members: [],
    shares: [],
    joined,
    settings,
  }
}

const joinedV1 = {
  id: 'share_Ab12Cd34',
  key: 'k'.repeat(43),
  author: { name: 'Ada', publicKey: 'p'.repeat(43), fingerprint: 'f', memberId: 'member_1234' },
  bookTitle: 'Tidewater',
  chapters: [{ room: 'room_Ab12Cd34Ef', title: 'One', docId: 'doc_Ab12Cd34' }],
  signaling: ['wss://signal.example.org'],
  invitedAs: 'Rita',
  joinedAt: 1,
}

describe('library.json version 1 → 2', () => {
  test('the old loopback default becomes the new defaults, with nothing dropped', () => {
    const { value, dropped } = sanitizeLibraryData(v1File({ signalingUrls: ['ws://127.0.0.1:4444'], workOffline: true, iceServers: [] }))
    expect(dropped).toBe(0)
    expect(value.version).toBe(LIBRARY_FILE_VERSION)
    expect(value.settings).toEqual({
      rendezvous: PUBLIC_BROKERS,
      localNetwork: true,
      stunServers: PUBLIC_STUN_SERVERS,
      turnServers: [],
      privacyMode: false,
      workOffline: true,
    })
  })

  test('the user’s own signaling servers and STUN servers are kept; TURN URLs without credentials are not', () => {
    const { value, dropped } = sanitizeLibraryData(
      v1File({
        signalingUrls: ['wss://signal.my-press.example', 'ws://127.0.0.1:4444', 'http://not-a-signaling-server'],
        workOffline: false,
        iceServers: ['stun:stun.my-press.example:3478', 'turn:turn.my-press.example:3478'],
      }),
    )
    expect(dropped).toBe(0)
    expect(value.settings.rendezvous).toEqual([{ kind: 'signal', url: 'wss://signal.my-press.example' }, ...PUBLIC_BROKERS])
    expect(value.settings.stunServers).toEqual(['stun:stun.my-press.example:3478'])
    expect(value.settings.turnServers).toEqual([])
  })

  test('a joined share’s signaling servers become its rendezvous', () => {
    const { value, dropped } = sanitizeLibraryData(v1File({ signalingUrls: [], workOffline: false, iceServers: [] }, [joinedV1]))
    expect(dropped).toBe(0)
    expect(value.joined[0]).toMatchObject({ rendezvous: [{ kind: 'signal', url: 'wss://signal.example.org' }], turn: [] })
    expect(value.joined[0]).not.toHaveProperty('signaling')
  })

  test('the export dialog’s remembered details survive the migration; unreadable ones are forgotten, not the settings', () => {
    const manuscript = { name: 'Ada Quill', address: '1 Harbour Row', email: 'ada@example.org', phone: '', font: 'courier' }
    const migrated = sanitizeLibraryData(v1File({ signalingUrls: [], workOffline: false, iceServers: [], manuscript }))
    expect(migrated.dropped).toBe(0)
    expect(migrated.value.settings.manuscript).toEqual(manuscript)
    expect(sanitizeLibraryData(migrated.value).value.settings.manuscript).toEqual(manuscript)
    const garbled = sanitizeLibraryData({ ...migrated.value, settings: { ...migrated.value.settings, manuscript: { font: 'comic' } } })
    expect(garbled.dropped).toBe(0)
    expect(garbled.value.settings.manuscript).toBeUndefined()
    expect(garbled.value.settings.rendezvous).toEqual(migrated.value.settings.rendezvous)
  })

  test('version 2 settings are read as they are; broken ones are dropped and counted', () => {
    const v2 = sanitizeLibraryData(sanitizeLibraryData(v1File({ signalingUrls: [], workOffline: false, iceServers: [] })).value)
    expect(v2.dropped).toBe(0)
    const broken = { ...v2.value, settings: { ...v2.value.settings, rendezvous: [{ kind: 'mqtt', url: 'gopher://x' }] } }
    expect(sanitizeLibraryData(broken).dropped).toBe(1)
    expect(sanitizeLibraryData({ ...v2.value, version: 3 }).dropped).toBe(1)
  })
})

let dir: TempDir | undefined
afterEach(async () => {
  await dir?.cleanup()
  dir = undefined
})

test('Quire opens a version 1 library, keeps its shares, and writes version 2 on the next change', async () => {
  dir = await makeTempDir()
  await writeFile(join(dir.dir, 'library.json'), JSON.stringify(v1File({ signalingUrls: ['ws://127.0.0.1:4444'], workOffline: false, iceServers: [] }, [joinedV1])))
  const services = await openServices(dir.dir, { log: () => {} })
  try {
    const snapshot = await services.handlers['library:get']({})
    expect(snapshot.notices).toEqual([])
    expect(snapshot.joined[0]!.rendezvous).toEqual([{ kind: 'signal', url: 'wss://signal.example.org' }])
    await services.handlers['settings:set']({ privacyMode: true })
    const saved = JSON.parse(await readFile(join(dir.dir, 'library.json'), 'utf8'))
    expect(saved.version).toBe(2)
    expect(saved.settings.privacyMode).toBe(true)
    expect(saved.joined[0].rendezvous).toEqual([{ kind: 'signal', url: 'wss://signal.example.org' }])
  } finally {
    await services.close()
  }
})
