import { describe, expect, it } from 'vitest'
import { defaultSettings } from '../../shared/sharing'
import { emptyLibraryData, repairLibraryData, sanitizeLibraryData, type LibraryData } from './libraryData'

const book = (id: string, title: string, chapters: string[]) => ({
  id,
  title,
  chapters: chapters.map((c, i) => ({ id: `${id}-c${i}`, title: c, words: 10, createdAt: 1, updatedAt: 1 })),
  createdAt: 1,
  updatedAt: 1,
})

function previousLibrary(): LibraryData {
  return {
    ...emptyLibraryData(),
    books: [book('harbour', 'Harbour', ['Dawn', 'Noon', 'Dusk']), book('field1', 'Field', ['One'])],
    members: [{ id: 'member-rita', name: 'Rita Reviewer', addedAt: 1 }],
    settings: { ...defaultSettings(), rendezvous: [{ kind: 'signal', url: 'wss://signal.example.org' }], workOffline: true },
  }
}

describe('repairing library.json from its previous generation', () => {
  it('takes back exactly what the damage took, and names it', () => {
    const damaged = previousLibrary() as unknown as Record<string, unknown>
    const books = structuredClone(previousLibrary().books) as unknown[]
    ;(books[0] as { chapters: unknown[] }).chapters[1] = { id: 'harbour-c1', title: 42 }
    books[1] = 'garbage'
    const current = sanitizeLibraryData({ ...damaged, books, members: 'nope', settings: { workOffline: 'maybe' } })
    expect(current.damagedParts?.sort()).toEqual(['books', 'members', 'settings'])

    const { value, restored } = repairLibraryData(current, previousLibrary())

    expect(value.books.map((b) => [b.title, b.chapters.map((c) => c.title)])).toEqual([
      ['Harbour', ['Dawn', 'Noon', 'Dusk']],
      ['Field', ['One']],
    ])
    expect(value.members.map((m) => m.name)).toEqual(['Rita Reviewer'])
    expect(value.settings.workOffline).toBe(true)
    expect(restored).toEqual(['the book “Field”', 'the chapter “Noon” of “Harbour”', 'Rita Reviewer in your network', 'your settings'])
  })

  it('leaves parts that were read whole alone, even where the previous copy differs', () => {
    const current = sanitizeLibraryData({ ...previousLibrary(), members: [], trash: 'garbage' })
    const { value, restored } = repairLibraryData(current, previousLibrary())
    expect(value.members).toEqual([])
    expect(restored).toEqual([])
  })

  it('repairs from a previous generation still in version 1, migrating what it takes back', () => {
    const versionOne = {
      ...previousLibrary(),
      version: 1,
      settings: { signalingUrls: ['wss://signal.example.org'], workOffline: true, iceServers: ['stun:stun.example.org:3478'] },
    }
    const previous = sanitizeLibraryData(versionOne)
    expect(previous.dropped).toBe(0)
    const current = sanitizeLibraryData({ ...previousLibrary(), settings: { workOffline: 'maybe' } })

    const { value, restored } = repairLibraryData(current, previous.value)

    expect(restored).toEqual(['your settings'])
    expect(value.settings.workOffline).toBe(true)
    expect(value.settings.rendezvous[0]).toEqual({ kind: 'signal', url: 'wss://signal.example.org' })
    expect(value.settings.stunServers).toEqual(['stun:stun.example.org:3478'])
  })
})
