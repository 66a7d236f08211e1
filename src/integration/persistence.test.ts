// @vitest-environment jsdom
/**
 * Persistence attaches to a Y.Doc it did not create, as Yjs providers do,
 * against main's real services: it loads what is stored, writes back only
 * what changed afterwards, and leaves the doc to its owner.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, test } from 'vitest'
import * as Y from 'yjs'
import { openServices, type QuireServices } from '../main/services/services'
import type { QuireApi } from '../shared/contract'
import { createDispatcher } from '../shared/dispatch'
import { createApi } from '../renderer/ipc/createApi'
import { Persistence } from '../renderer/editor/persistence'

let dataDir: string
let services: QuireServices
let api: QuireApi
let appends: number
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'quire-persistence-'))
  services = await openServices(dataDir)
  const dispatch = createDispatcher(services.handlers)
  appends = 0
  api = createApi({
    call: (channel, arg) => {
      if (channel === 'doc:append') appends++
      return dispatch(channel, arg)
    },
    on: () => () => {},
  })
})
afterEach(async () => {
  await services.close()
  await rm(dataDir, { recursive: true, force: true })
})

async function newChapter(): Promise<string> {
  const bookId = (await api['book:create']({ title: 'Book' })).session.bookId!
  return (await api['chapter:create']({ bookId })).session.chapterId!
}

async function stored(docId: string): Promise<string> {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, await api['doc:load']({ docId }))
  return doc.getText('t').toString()
}

test('a doc made elsewhere is loaded and persisted; what came from disk is not written back', async () => {
  const chapterId = await newChapter()
  const writer = new Y.Doc()
  const first = new Persistence(chapterId, writer, api)
  await first.whenLoaded
  writer.getText('t').insert(0, 'Hello')
  await first.destroy()
  expect(await stored(chapterId)).toBe('Hello')

  const reader = new Y.Doc()
  const before = appends
  const second = new Persistence(chapterId, reader, api)
  await second.whenLoaded
  expect(reader.getText('t').toString()).toBe('Hello')
  await second.flush()
  expect(appends).toBe(before)

  reader.getText('t').insert(5, ', world')
  await second.flush()
  expect(await stored(chapterId)).toBe('Hello, world')
  await second.destroy()
  // The doc is still its owner's, and no longer persisted.
  reader.getText('t').insert(0, '> ')
  expect(reader.getText('t').toString()).toBe('> Hello, world')
  expect(await stored(chapterId)).toBe('Hello, world')
})

test('a burst of changes is one write', async () => {
  const chapterId = await newChapter()
  const doc = new Y.Doc()
  const persistence = new Persistence(chapterId, doc, api)
  await persistence.whenLoaded
  const before = appends
  for (const ch of 'typing fast') doc.getText('t').insert(doc.getText('t').length, ch)
  await persistence.flush()
  expect(appends - before).toBe(1)
  expect(await stored(chapterId)).toBe('typing fast')
  await persistence.destroy()
})

test('a document main cannot load is refused with its reason', async () => {
  const persistence = new Persistence('../escape', new Y.Doc(), api)
  await expect(persistence.whenLoaded).rejects.toThrow()
  await persistence.destroy()
})
