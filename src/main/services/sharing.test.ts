import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { QuireError } from '../../shared/contract'
import { createDispatcher } from '../../shared/dispatch'
import { fromBase64Url } from '../../shared/identity'
import { parseInvite } from '../../shared/invite'
import { parseManifest } from '../../shared/trust/manifest'
import { openServices, type QuireServices } from './services'
import { makeTempDir, type TempDir } from './testing/tempDir'

let dirs: TempDir[] = []
let services: QuireServices[] = []

async function person(name: string) {
  const dir = await makeTempDir()
  dirs.push(dir)
  const opened = await openServices(dir.dir, { network: { rendezvous: [{ kind: 'signal', url: 'ws://127.0.0.1:4444' }] }, log: () => {} })
  services.push(opened)
  const h = opened.handlers
  await h['identity:create']({ name })
  return { dir: dir.dir, services: opened, h }
}

beforeEach(() => {
  dirs = []
  services = []
})
afterEach(async () => {
  for (const s of services) await s.close()
  for (const d of dirs) await d.cleanup()
})

async function authorWithChapters(titles: string[]) {
  const author = await person('Ada Author')
  let snapshot = await author.h['book:create']({ title: 'Tidewater' })
  const bookId = snapshot.books[0]!.id
  for (const title of titles) snapshot = await author.h['chapter:create']({ bookId, title })
  return { author, bookId, chapterIds: snapshot.books[0]!.chapters.map((c) => c.id) }
}

describe('sharing', () => {
  test('an invite names the chosen chapters, the reviewer and the author, signed by the author', async () => {
    const { author, bookId, chapterIds } = await authorWithChapters(['One', 'Two', 'Three'])
    const { link, snapshot } = await author.h['share:createInvite']({
      bookId,
      chapterIds: [chapterIds[2]!, chapterIds[0]!],
      reviewer: { name: 'Rita' },
    })
    const parsed = parseInvite(link, { expectedAuthorKey: snapshot.profile!.publicKey })
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    expect(parsed.invite.chapters.map((c) => c.title)).toEqual(['Three', 'One'])
    expect(parsed.invite.reviewer.name).toBe('Rita')
    expect(parsed.invite.author.name).toBe('Ada Author')
    expect(parsed.invite.rendezvous).toEqual([{ kind: 'signal', url: 'ws://127.0.0.1:4444' }])
    expect(parsed.invite.turn).toEqual([])
    expect(snapshot.members.map((m) => m.name)).toEqual(['Rita'])
    expect(snapshot.shares[0]!.reviewers[0]!.chapterIds.sort()).toEqual([chapterIds[2], chapterIds[0]].sort())
    // Rooms are opaque: nothing of the book or chapter in them.
    for (const chapter of parsed.invite.chapters) expect(chapter.room).not.toMatch(/One|Three|Tidewater/)
  })

  test('one share per book: a second invite reuses the key and rooms and adds chapters', async () => {
    const { author, bookId, chapterIds } = await authorWithChapters(['One', 'Two'])
    const first = await author.h['share:createInvite']({ bookId, chapterIds: [chapterIds[0]!], reviewer: { name: 'Rita' } })
    const second = await author.h['share:createInvite']({ bookId, chapterIds: chapterIds, reviewer: { name: 'Sam' } })
    const a = parseInvite(first.link)
    const b = parseInvite(second.link)
    if (!a.ok || !b.ok) throw new Error('invites must parse')
    expect(b.invite.key).toBe(a.invite.key)
    expect(b.invite.chapters[0]!.room).toBe(a.invite.chapters[0]!.room)
    expect(second.snapshot.shares).toHaveLength(1)
    expect(second.snapshot.shares[0]!.chapters).toHaveLength(2)
  })

  test('the manifest lists shared chapters in the book’s order, with their titles, and drops trashed ones', async () => {
    const { author, bookId, chapterIds } = await authorWithChapters(['One', 'Two', 'Three'])
    // Shared in another order than the book's.
    await author.h['share:createInvite']({ bookId, chapterIds: [chapterIds[2]!, chapterIds[0]!], reviewer: { name: 'Rita' } })
    const listed = () => {
      const share = author.services.library.snapshot().shares[0]!
      const manifest = parseManifest(share.manifest)
      if (!manifest.ok) throw new Error(manifest.reason)
      return manifest.manifest.chapters.map((c) => c.title)
    }
    expect(listed()).toEqual(['One', 'Three'])
    await author.h['chapter:move']({ chapterId: chapterIds[2]!, toIndex: 0 })
    await author.h['chapter:rename']({ chapterId: chapterIds[0]!, title: 'Uno' })
    expect(listed()).toEqual(['Three', 'Uno'])
    await author.h['chapter:trash']({ chapterId: chapterIds[2]! })
    expect(listed()).toEqual(['Uno'])
  })

  test('a reviewer joins, gets local documents for each chapter, and can join again for more', async () => {
    const { author, bookId, chapterIds } = await authorWithChapters(['One', 'Two'])
    const reviewer = await person('Rita')
    const first = await author.h['share:createInvite']({ bookId, chapterIds: [chapterIds[0]!], reviewer: { name: 'Rita' } })
    let snapshot = await reviewer.h['invite:join']({ link: first.link })
    expect(snapshot.joined).toHaveLength(1)
    expect(snapshot.joined[0]!.author.name).toBe('Ada Author')
    expect(snapshot.joined[0]!.chapters.map((c) => c.title)).toEqual(['One'])
    expect(snapshot.session.chapterId).toBe(snapshot.joined[0]!.chapters[0]!.docId)

    // The joined chapter's document can be written and read like any other.
    const doc = new Y.Doc()
    doc.getText('t').insert(0, 'hello')
    const docId = snapshot.joined[0]!.chapters[0]!.docId
    await reviewer.h['doc:append']({ docId, update: Y.encodeStateAsUpdate(doc) })
    expect((await reviewer.h['doc:load']({ docId })).byteLength).toBeGreaterThan(0)

    const second = await author.h['share:createInvite']({ bookId, chapterIds: chapterIds, reviewer: { name: 'Rita' } })
    snapshot = await reviewer.h['invite:join']({ link: second.link })
    expect(snapshot.joined).toHaveLength(1)
    expect(snapshot.joined[0]!.chapters.map((c) => c.title)).toEqual(['One', 'Two'])
    expect(snapshot.joined[0]!.chapters[0]!.docId).toBe(docId)

    snapshot = await reviewer.h['joined:leave']({ shareId: snapshot.joined[0]!.id })
    expect(snapshot.joined).toEqual([])
    expect(await reviewer.services.docs.has(docId)).toBe(false)
  })

  test.each([
    ['garbage', 'hello there'],
    ['an empty link', ''],
    ['a cut-off link', 'quire://invite#eyJ2Ijox'],
  ])('joining %s is refused with a message and joins nothing', async (_name, link) => {
    const reviewer = await person('Rita')
    const error = await Promise.resolve(reviewer.h['invite:join']({ link })).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(QuireError)
    expect((error as QuireError).message.length).toBeGreaterThan(20)
    expect(reviewer.services.library.snapshot().joined).toEqual([])
  })

  test('an author cannot join their own invite, and another author cannot take over a share id', async () => {
    const { author, bookId, chapterIds } = await authorWithChapters(['One'])
    const { link } = await author.h['share:createInvite']({ bookId, chapterIds, reviewer: { name: 'Rita' } })
    await expect(author.h['invite:join']({ link })).rejects.toThrow(/your own/)

    const reviewer = await person('Rita')
    await reviewer.h['invite:join']({ link })
    const impostor = await authorWithChapters(['Fake'])
    const parsed = parseInvite(link)
    if (!parsed.ok) throw new Error('invite must parse')
    // The impostor signs an invite that claims the same share id with their own key.
    const { createInvite } = await import('../../shared/invite')
    const forged = createInvite(
      { ...parsed.invite, author: { name: 'Ada Author', publicKey: impostor.author.services.identity.profile!.publicKey } },
      (bytes) => impostor.author.services.identity.sign(bytes),
    )
    await expect(reviewer.h['invite:join']({ link: forged })).rejects.toThrow(/signed by a different key than the one you trusted/)
  })

  test('a member is bound by their invite proof, never by a claim, and removal starts a new epoch', async () => {
    const { author, bookId, chapterIds } = await authorWithChapters(['One'])
    const { link, snapshot: invited } = await author.h['share:createInvite']({ bookId, chapterIds, reviewer: { name: 'Rita' } })
    const shareId = invited.shares[0]!.id
    const reviewer = await person('Rita Reviewer')
    const joined = await reviewer.h['invite:join']({ link })
    expect(joined.joined[0]).toMatchObject({ id: shareId, epoch: 0, inviteSecret: expect.any(String) })
    const proof = (await reviewer.h['share:bindingProof']({ shareId }))!
    expect(fromBase64Url(joined.profile!.publicKey)).toEqual(proof.key)

    // A forged proof, or a key that is not the one signed, binds nothing.
    const impostor = await person('Impostor')
    const impostorKey = fromBase64Url(impostor.services.identity.profile!.publicKey)!
    await expect(author.h['share:bind']({ shareId, ...proof, key: impostorKey })).rejects.toThrow(/does not check out/)
    const bound = await author.h['share:bind']({ shareId, ...proof })
    const rita = bound.members.find((m) => m.name === 'Rita')!
    expect(rita.publicKey).toBe(joined.profile!.publicKey)
    expect(rita.fingerprint).toBe(joined.profile!.fingerprint)
    // Once bound, the member keeps that key: the same invite cannot bind another.
    await expect(author.h['share:bind']({ shareId, ...proof, key: impostorKey })).rejects.toThrow()
    // The manifest says so, and the reviewer adopts it (and forgets the invite secret).
    const manifest = bound.shares[0]!.manifest!
    const adopted = await reviewer.h['share:adoptManifest']({ shareId, manifest })
    expect(adopted.joined[0]!.inviteSecret).toBeNull()

    // Only a proven key counts as seen.
    await author.h['member:seen']({ publicKey: impostor.services.identity.profile!.publicKey })
    const seen = await author.h['member:seen']({ publicKey: joined.profile!.publicKey })
    expect(seen.members.find((m) => m.name === 'Rita')!.lastSeenAt).toBeGreaterThan(0)

    const before = seen.shares[0]!
    const removed = await author.h['member:remove']({ memberId: rita.id })
    const after = removed.shares[0]!
    expect(after.epoch).toBe(1)
    expect(after.key).not.toBe(before.key)
    expect(after.chapters[0]!.room).not.toBe(before.chapters[0]!.room)
    expect(after.reviewers).toEqual([])
    expect(removed.members.find((m) => m.name === 'Rita')!.removedAt).toBeGreaterThan(0)
    expect(after.retired).toEqual([expect.objectContaining({ epoch: 0, key: before.key, rooms: [{ docKey: before.chapters[0]!.docKey, room: before.chapters[0]!.room }] })])
    // The removed reviewer cannot follow: the new key is sealed to no one (no one else is bound).
    const rekeyed = await reviewer.h['share:rekey']({ shareId, text: after.retired[0]!.rekey })
    expect(rekeyed.joined[0]!.epoch).toBe(0)
    // And the manifest that removes her ends her part in the share.
    const gone = await reviewer.h['share:adoptManifest']({ shareId, manifest: after.manifest! })
    expect(gone.joined[0]!.removedAt).toBeGreaterThan(0)
  })

  test('sharing needs an identity', async () => {
    const dir = await makeTempDir()
    dirs.push(dir)
    const opened = await openServices(dir.dir)
    services.push(opened)
    const snapshot = await opened.handlers['book:create']({ title: 'B' })
    const bookId = snapshot.books[0]!.id
    const withChapter = await opened.handlers['chapter:create']({ bookId })
    await expect(
      opened.handlers['share:createInvite']({ bookId, chapterIds: [withChapter.books[0]!.chapters[0]!.id], reviewer: { name: 'R' } }),
    ).rejects.toThrow(/your name/)
  })
})

describe('where the invite says to meet', () => {
  const turnSecret = { url: 'turn:turn.my-press.example:3478', auth: { kind: 'secret' as const, secret: 'north-wind', name: 'ada' } }

  test('the invite carries the author’s TURN servers only when asked, with expiring credentials instead of the secret', async () => {
    const { author, bookId, chapterIds } = await authorWithChapters(['One'])
    await author.h['settings:set']({ turnServers: [turnSecret, { url: 'turns:t2.example:5349', auth: { kind: 'password', username: 'ada', credential: 'pw' } }] })
    const without = await author.h['share:createInvite']({ bookId, chapterIds, reviewer: { name: 'Rita' } })
    expect((parseInvite(without.link) as { invite: { turn: unknown[] } }).invite.turn).toEqual([])
    const withTurn = await author.h['share:createInvite']({ bookId, chapterIds, reviewer: { name: 'Rita' }, includeTurn: true })
    expect(withTurn.link).not.toContain('north-wind')
    const parsed = parseInvite(withTurn.link)
    if (!parsed.ok) throw new Error(parsed.message)
    const [fromSecret, fixed] = parsed.invite.turn
    expect(fromSecret!.urls).toBe('turn:turn.my-press.example:3478')
    const expiry = Number(fromSecret!.username!.split(':')[0])
    // Thirty days from now, give or take the test's own duration.
    expect(expiry * 1000 - Date.now()).toBeGreaterThan(29 * 24 * 3600 * 1000)
    expect(fromSecret!.username).toMatch(/:ada$/)
    expect(fixed).toEqual({ urls: 'turns:t2.example:5349', username: 'ada', credential: 'pw' })

    // The reviewer uses them, on top of their own servers, for that share only.
    const reviewer = await person('Rita')
    const joined = await reviewer.h['invite:join']({ link: withTurn.link })
    const info = await reviewer.h['network:info']({})
    expect(info.joinedIceServers[joined.joined[0]!.id]).toEqual(expect.arrayContaining([expect.objectContaining({ urls: 'turns:t2.example:5349' })]))
    expect(info.iceServers).not.toEqual(expect.arrayContaining([expect.objectContaining({ urls: 'turns:t2.example:5349' })]))
    expect(info.signalingUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/signal\//)
  })

  test('in privacy mode the invite names only the author’s own servers', async () => {
    const { author, bookId, chapterIds } = await authorWithChapters(['One'])
    await author.h['settings:set']({
      privacyMode: true,
      rendezvous: [{ kind: 'signal', url: 'wss://signal.my-press.example' }, { kind: 'mqtt', url: 'mqtts://broker.emqx.io:8883' }],
    })
    const { link } = await author.h['share:createInvite']({ bookId, chapterIds, reviewer: { name: 'Rita' } })
    expect((parseInvite(link) as { invite: { rendezvous: unknown[] } }).invite.rendezvous).toEqual([{ kind: 'signal', url: 'wss://signal.my-press.example' }])
  })

  test('the status lists every meeting place: the user’s, the invites’, skipped ones and the local network', async () => {
    const { author, bookId, chapterIds } = await authorWithChapters(['One'])
    await author.h['settings:set']({ rendezvous: [{ kind: 'mqtt', url: 'mqtt://mqtt.author.example' }] })
    const { link } = await author.h['share:createInvite']({ bookId, chapterIds, reviewer: { name: 'Rita' } })
    const reviewer = await person('Rita')
    await reviewer.h['settings:set']({ privacyMode: true, localNetwork: false, rendezvous: [{ kind: 'signal', url: 'wss://signal.rita.example' }] })
    await reviewer.h['invite:join']({ link })
    const status = await reviewer.h['network:status']({})
    expect(status.rendezvous.map((r) => [r.kind, r.url, r.source, r.state, r.skipped])).toEqual([
      ['signal', 'wss://signal.rita.example', 'settings', 'idle', undefined],
      ['mqtt', 'mqtt://mqtt.author.example', 'invite', 'skipped', 'privacy'],
      ['lan', expect.stringMatching(/^udp:\/\/239\./), 'settings', 'skipped', 'off'],
    ])
    expect(status.reachable).toBe(true)
    expect(status.privacyMode).toBe(true)
  })

  test('settings that are not addresses are refused with a clear message and nothing is saved', async () => {
    const { author } = await authorWithChapters(['One'])
    const dispatch = createDispatcher(author.services.handlers)
    const before = (await author.h['library:get']({})).settings
    const bad = await dispatch('settings:set', { rendezvous: [{ kind: 'mqtt', url: 'gopher://x.org' }] })
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringMatching(/MQTT broker address must start with mqtt:\/\//) } })
    const badTurn = await dispatch('settings:set', { turnServers: [{ url: 'turn:t.org', auth: { kind: 'password', username: '', credential: 'x' } }] })
    expect(badTurn).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
    expect((await author.h['library:get']({})).settings).toEqual(before)
  })
})
