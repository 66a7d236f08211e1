/** Main's part in review rounds, through the real services and the IPC dispatcher. */
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { createDispatcher } from '../../shared/dispatch'
import { fromBase64Url, keyPairFromSeed } from '../../shared/identity'
import { seal } from '../../shared/trust/sealed'
import { TEXT_ROOT } from '../../shared/ydoc'
import { LIBRARY_FILE, openServices, type QuireServices } from './services'
import { makeTempDir, type TempDir } from './testing/tempDir'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

let dir: TempDir
let services: QuireServices
let call: ReturnType<typeof createDispatcher>

beforeEach(async () => {
  dir = await makeTempDir()
  services = await openServices(dir.dir)
  call = createDispatcher(services.handlers)
  await services.handlers['identity:create']({ name: 'Ada Author' })
})
afterEach(async () => {
  await services.close()
  await dir.cleanup()
})

const random = (n: number) => crypto.getRandomValues(new Uint8Array(n))

async function chapter(): Promise<{ bookId: string; chapterId: string }> {
  const book = await services.handlers['book:create']({ title: 'Tidewater' })
  const bookId = book.books[0]!.id
  const snapshot = await services.handlers['chapter:create']({ bookId, title: 'The Harbour' })
  return { bookId, chapterId: snapshot.books[0]!.chapters[0]!.id }
}

function textUpdate(text: string): Uint8Array {
  const doc = new Y.Doc()
  const paragraph = new Y.XmlElement('paragraph')
  paragraph.insert(0, [new Y.XmlText(text)])
  doc.getXmlFragment(TEXT_ROOT).insert(0, [paragraph])
  return Y.encodeStateAsUpdate(doc)
}

describe('sealed:open', () => {
  test('opens what was sealed to the user’s key; anything else is null, never an error', async () => {
    const me = fromBase64Url(services.identity.profile!.publicKey)!
    const other = keyPairFromSeed(new Uint8Array(32).fill(7))
    const forMe = seal(me, new TextEncoder().encode('the content key'), random)
    const notForMe = seal(other.publicKey, new TextEncoder().encode('x'), random)
    const result = await call('sealed:open', { sealed: [forMe, notForMe, 'garbage'] })
    expect(result).toEqual({ ok: true, value: ['the content key', null, null] })
  })

  test('a wrong argument gets a plain message', async () => {
    expect(await call('sealed:open', { sealed: [] })).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringContaining('at least one') } })
    expect(await call('sealed:open', { sealed: ['x'.repeat(301)] })).toMatchObject({ ok: false, error: { message: expect.stringContaining('too long') } })
    expect(await call('sealed:open', { sealed: 'nope' })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
  })
})

describe('saved versions', () => {
  test('a version keeps the text as it was, is listed with its chapter, and cannot be written to', async () => {
    const { chapterId } = await chapter()
    const saved = await services.handlers['version:save']({ chapterId, name: 'Before the storm scene', update: textUpdate('Draft one text.') })
    expect(saved.snapshot.versions).toEqual([{ id: saved.versionId, chapterId, name: 'Before the storm scene', savedAt: expect.any(Number) }])
    const loaded = new Y.Doc()
    Y.applyUpdate(loaded, await services.handlers['doc:load']({ docId: saved.versionId }))
    expect(loaded.getXmlFragment(TEXT_ROOT).toString()).toContain('Draft one text.')
    expect(await call('doc:append', { docId: saved.versionId, update: textUpdate('changed') })).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'A saved version cannot be changed.' } })
    // Listed in library.json, so it is never mistaken for a lost chapter.
    expect(await readFile(join(dir.dir, LIBRARY_FILE), 'utf8')).toContain('Before the storm scene')
  })

  test('bytes that are not a chapter, or a chapter that is gone, are refused and nothing is saved', async () => {
    const { chapterId } = await chapter()
    expect(await call('version:save', { chapterId, name: 'Broken', update: new Uint8Array([1, 2, 3, 4, 5]) })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('not a chapter’s text') },
    })
    expect(await call('version:save', { chapterId: 'no-such-chapter', name: 'X', update: textUpdate('x') })).toMatchObject({ ok: false, error: { code: 'not-found' } })
    expect(await call('version:save', { chapterId, name: '', update: textUpdate('x') })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
    expect((await services.handlers['library:get']({})).versions).toEqual([])
  })

  test('deleting the chapter for good deletes its versions; a version can also be deleted alone', async () => {
    const { chapterId } = await chapter()
    const first = await services.handlers['version:save']({ chapterId, name: 'One', update: textUpdate('one') })
    await services.handlers['version:save']({ chapterId, name: 'Two', update: textUpdate('two') })
    expect((await services.handlers['version:delete']({ versionId: first.versionId })).versions.map((v) => v.name)).toEqual(['Two'])
    expect(await call('version:delete', { versionId: first.versionId })).toMatchObject({ ok: false, error: { message: 'That version is already gone.' } })
    await services.handlers['chapter:trash']({ chapterId })
    const after = await services.handlers['trash:purge']({ itemId: chapterId })
    expect(after.versions).toEqual([])
    expect(await services.docs.list()).toEqual([])
  })
})

describe('review mode', () => {
  test('chosen when sharing; a blind review may open to a round table, never back', async () => {
    const { bookId, chapterId } = await chapter()
    const { snapshot } = await services.handlers['share:createInvite']({ bookId, chapterIds: [chapterId], reviewer: { name: 'Rita' } })
    const shareId = snapshot.shares[0]!.id
    expect(snapshot.shares[0]!.review).toBeUndefined()
    expect((await services.handlers['share:setReview']({ shareId, mode: 'blind' })).shares[0]!.review).toBe('blind')
    expect((await services.handlers['share:setReview']({ shareId, mode: 'round-table' })).shares[0]!.review).toBe('round-table')
    expect(await call('share:setReview', { shareId, mode: 'blind' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('cannot become blind') } })
    expect(await call('share:setReview', { shareId, mode: 'secret' })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
  })

  test('survives a restart, as does the reading-progress setting', async () => {
    const { bookId, chapterId } = await chapter()
    const { snapshot } = await services.handlers['share:createInvite']({ bookId, chapterIds: [chapterId], reviewer: { name: 'Rita' } })
    await services.handlers['share:setReview']({ shareId: snapshot.shares[0]!.id, mode: 'blind' })
    await services.handlers['settings:set']({ shareReadingProgress: false })
    await services.close()
    services = await openServices(dir.dir)
    const reopened = await services.handlers['library:get']({})
    expect(reopened.shares[0]!.review).toBe('blind')
    expect(reopened.settings.shareReadingProgress).toBe(false)
  })
})
