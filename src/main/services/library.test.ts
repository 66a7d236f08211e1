import { afterEach, beforeEach, expect, test } from 'vitest'
import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import * as Y from 'yjs'
import { QuireError } from '../../shared/contract'
import { CARETS_FILE } from './viewState'
import { DOCS_DIR, LIBRARY_FILE, openServices, type QuireServices } from './services'
import { makeTempDir, type TempDir } from './testing/tempDir'

let dir: TempDir
let services: QuireServices
let clock = 1_000

beforeEach(async () => {
  dir = await makeTempDir()
  services = await openServices(dir.dir, { now: () => clock++ })
})
afterEach(async () => {
  await services.close()
  await dir.cleanup()
})

const h = () => services.handlers

async function bookWith(titles: string[]) {
  let snapshot = await h()['book:create']({ title: 'Book' })
  const bookId = snapshot.books[0]!.id
  for (const title of titles) snapshot = await h()['chapter:create']({ bookId, title })
  return { bookId, ids: snapshot.books[0]!.chapters.map((c) => c.id) }
}

const titles = () => services.library.snapshot().books[0]!.chapters.map((c) => c.title)

test('chapters keep their order through moves, and a move past the end goes last', async () => {
  const { ids } = await bookWith(['One', 'Two', 'Three'])
  await h()['chapter:move']({ chapterId: ids[2]!, toIndex: 0 })
  expect(titles()).toEqual(['Three', 'One', 'Two'])
  await h()['chapter:move']({ chapterId: ids[2]!, toIndex: 99 })
  expect(titles()).toEqual(['One', 'Two', 'Three'])
})

test('a trashed chapter comes back in its place; the open chapter moves to a neighbour meanwhile', async () => {
  const { bookId, ids } = await bookWith(['One', 'Two', 'Three'])
  await h()['session:open']({ bookId, chapterId: ids[1]! })
  let snapshot = await h()['chapter:trash']({ chapterId: ids[1]! })
  expect(titles()).toEqual(['One', 'Three'])
  expect(snapshot.session.chapterId).toBe(ids[2])
  expect(snapshot.trash[0]).toMatchObject({ kind: 'chapter', id: ids[1], bookTitle: 'Book', index: 1 })
  snapshot = await h()['trash:restore']({ itemId: ids[1]! })
  expect(titles()).toEqual(['One', 'Two', 'Three'])
  expect(snapshot.trash).toEqual([])
})

test('a chapter whose book was deleted for good comes back in a book of the old title', async () => {
  const { bookId, ids } = await bookWith(['One', 'Two'])
  await h()['chapter:trash']({ chapterId: ids[0]! })
  await h()['book:trash']({ bookId })
  await h()['trash:purge']({ itemId: bookId })
  const snapshot = await h()['trash:restore']({ itemId: ids[0]! })
  expect(snapshot.books.map((b) => b.title)).toEqual(['Book'])
  expect(snapshot.books[0]!.chapters.map((c) => c.title)).toEqual(['One'])
})

test('deleting for good removes the chapter text; the library forgets the ids', async () => {
  const { ids } = await bookWith(['One'])
  const doc = new Y.Doc()
  doc.getText('t').insert(0, 'words')
  await h()['doc:append']({ docId: ids[0]!, update: Y.encodeStateAsUpdate(doc) })
  await h()['chapter:trash']({ chapterId: ids[0]! })
  expect(await services.docs.has(ids[0]!)).toBe(true)
  await h()['trash:purge']({ itemId: ids[0]! })
  expect(await services.docs.has(ids[0]!)).toBe(false)
  await expect(h()['doc:load']({ docId: ids[0]! })).rejects.toBeInstanceOf(QuireError)
})

test('documents the library does not know cannot be read or written', async () => {
  await expect(h()['doc:load']({ docId: 'unknown-doc-id' })).rejects.toThrow(/no longer exists/)
  await expect(h()['doc:append']({ docId: 'unknown-doc-id', update: new Uint8Array([0, 0]) })).rejects.toThrow(/no longer exists/)
})

test('everything is on disk when a call returns, and comes back after reopening', async () => {
  const { bookId, ids } = await bookWith(['One', 'Two'])
  await h()['book:rename']({ bookId, title: 'Renamed' })
  await h()['session:setSelection']({ chapterId: ids[1]!, anchor: 3, head: 7 })
  const onDisk = JSON.parse(await readFile(join(dir.dir, LIBRARY_FILE), 'utf8'))
  expect(onDisk.books[0].title).toBe('Renamed')
  await services.close()
  services = await openServices(dir.dir)
  const snapshot = services.library.snapshot()
  expect(snapshot.books[0]!.title).toBe('Renamed')
  expect(snapshot.session.selections[ids[1]!]).toEqual({ anchor: 3, head: 7 })
})

test('a library file with some bad records keeps the good ones and says so', async () => {
  const { ids } = await bookWith(['Good'])
  await services.close()
  const file = join(dir.dir, LIBRARY_FILE)
  const data = JSON.parse(await readFile(file, 'utf8'))
  data.books[0].chapters.push({ id: '../../etc', title: 5 })
  data.books.push({ nonsense: true })
  await writeFile(file, JSON.stringify(data))
  services = await openServices(dir.dir)
  const snapshot = services.library.snapshot()
  expect(snapshot.books).toHaveLength(1)
  expect(snapshot.books[0]!.chapters.map((c) => c.id)).toEqual(ids)
  expect(snapshot.notices.map((n) => n.message).join(' ')).toMatch(/library\.json/)
})

test('typing pauses do not rewrite library.json: carets go to their own file, word counts wait for the next write', async () => {
  const { ids } = await bookWith(['One'])
  const file = join(dir.dir, LIBRARY_FILE)
  const before = await readFile(file, 'utf8')
  await h()['session:setSelection']({ chapterId: ids[0]!, anchor: 5, head: 5 })
  const counted = await h()['chapter:setWords']({ chapterId: ids[0]!, words: 42 })
  await h()['chapter:setWords']({ chapterId: ids[0]!, words: 43 })
  expect(counted.books[0]!.chapters[0]!.words).toBe(42)
  expect(services.library.snapshot().session.selections[ids[0]!]).toEqual({ anchor: 5, head: 5 })
  expect(await readFile(file, 'utf8')).toBe(before)

  // Another change writes the waiting count with it; quitting writes the caret.
  await h()['chapter:rename']({ chapterId: ids[0]!, title: 'First' })
  expect(JSON.parse(await readFile(file, 'utf8')).books[0].chapters[0].words).toBe(43)
  await h()['chapter:setWords']({ chapterId: ids[0]!, words: 44 })
  await services.close()
  expect(JSON.parse(await readFile(file, 'utf8')).session.selections).toEqual({})
  services = await openServices(dir.dir, { now: () => clock++ })
  const reopened = services.library.snapshot()
  expect(reopened.books[0]!.chapters[0]!.words).toBe(44)
  expect(reopened.session.selections[ids[0]!]).toEqual({ anchor: 5, head: 5 })
})

test('seen comments are kept beside the carets, never in library.json, and survive a restart', async () => {
  const { ids } = await bookWith(['One'])
  const docId = ids[0]!
  const before = await readFile(join(dir.dir, LIBRARY_FILE), 'utf8')
  const marked = await h()['session:markSeen']({ docId, messageIds: ['rita/1', 'rita/2'] })
  expect(marked?.seen[docId]).toEqual(['rita/1', 'rita/2'])
  // Seen again changes nothing, and says so.
  expect(await h()['session:markSeen']({ docId, messageIds: ['rita/2'] })).toBeNull()
  expect((await h()['session:markSeen']({ docId, messageIds: ['rita/2', 'sam/1'] }))?.seen[docId]).toEqual(['rita/1', 'rita/2', 'sam/1'])
  await expect(h()['session:markSeen']({ docId: 'NoSuchDoc123', messageIds: ['rita/3'] })).rejects.toThrow(QuireError)
  expect(await readFile(join(dir.dir, LIBRARY_FILE), 'utf8')).toBe(before)
  await services.close()
  services = await openServices(dir.dir, { now: () => clock++ })
  expect(services.library.snapshot().seen[docId]).toEqual(['rita/1', 'rita/2', 'sam/1'])
})

test('carets an older Quire kept in library.json survive the move to their own file', async () => {
  const { ids } = await bookWith(['One'])
  await services.close()
  const file = join(dir.dir, LIBRARY_FILE)
  const data = JSON.parse(await readFile(file, 'utf8'))
  data.session.selections = { [ids[0]!]: { anchor: 2, head: 4 } }
  await writeFile(file, JSON.stringify(data))
  services = await openServices(dir.dir, { now: () => clock++ })
  expect(services.library.snapshot().session.selections[ids[0]!]).toEqual({ anchor: 2, head: 4 })
  await services.close()
  services = await openServices(dir.dir, { now: () => clock++ })
  expect(services.library.snapshot().session.selections[ids[0]!]).toEqual({ anchor: 2, head: 4 })
})

test('a damaged caret file costs the carets only: the library opens and the next caret is kept', async () => {
  const { ids } = await bookWith(['One'])
  await services.close()
  await writeFile(join(dir.dir, CARETS_FILE), '{"v": 1, "selections": {"x": {"anchor": -3')
  services = await openServices(dir.dir, { now: () => clock++ })
  const snapshot = services.library.snapshot()
  expect(snapshot.books[0]!.chapters[0]!.title).toBe('One')
  expect(snapshot.session.selections).toEqual({})
  await h()['session:setSelection']({ chapterId: ids[0]!, anchor: 1, head: 1 })
  await services.close()
  expect(JSON.parse(await readFile(join(dir.dir, CARETS_FILE), 'utf8'))).toEqual({ v: 1, selections: { [ids[0]!]: { anchor: 1, head: 1 } }, seen: {} })
  services = await openServices(dir.dir, { now: () => clock++ })
})

test('an imported chapter’s text is on disk before any snapshot names the chapter', async () => {
  const { bookId } = await bookWith([])
  const doc = new Y.Doc()
  doc.getText('t').insert(0, 'Imported text.')
  const content = Y.encodeStateAsUpdate(doc)
  // Whatever a window hears while the chapter is being made (another change's snapshot), the chapter it names has its text.
  const firstSeen: { id: string; onDisk: boolean }[] = []
  const watch = setInterval(() => {
    const chapter = services.library.snapshot().books[0]!.chapters[0]
    if (chapter && firstSeen.length === 0) firstSeen.push({ id: chapter.id, onDisk: existsSync(join(dir.dir, DOCS_DIR, `${chapter.id}.log`)) })
  }, 0)
  const created = await h()['chapter:create']({ bookId, title: 'Imported', content })
  clearInterval(watch)
  const chapterId = created.session.chapterId!
  const loaded = new Y.Doc()
  Y.applyUpdate(loaded, await h()['doc:load']({ docId: chapterId }))
  expect(loaded.getText('t').toString()).toBe('Imported text.')
  expect(firstSeen.every((seen) => seen.id === chapterId && seen.onDisk)).toBe(true)
})
