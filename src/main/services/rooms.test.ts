import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { readdir, rm, writeFile } from 'node:fs/promises'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { fromBase64Url, keyPairFromSeed, memberIdFor, signBytes } from '../../shared/identity'
import { openEnvelope, sealEnvelope } from '../../shared/trust/envelope'
import { verifyEnvelopeBytes } from '../../shared/trust/verify'
import { memberRoot } from '../../shared/trust/updateRules'
import { TEXT_ROOT } from '../../shared/ydoc'
import { IdentityStore } from './identity'
import { Rooms, signedEnvelopes, type SharedDocInfo } from './rooms'
import { makeTempDir, type TempDir } from './testing/tempDir'
import { DocStore } from './updateLog'

let temp: TempDir
beforeEach(async () => {
  temp = await makeTempDir()
})
afterEach(() => temp.cleanup())

const DOC = 'chapter-doc-1'
const random = (n: number) => new Uint8Array(randomBytes(n))

/** A reviewer's Rooms for one shared chapter, with the author's key for checking what it signs. */
async function reviewerRooms() {
  const identity = await IdentityStore.open(path.join(temp.dir, 'rita'))
  const profile = await identity.create('Rita Reviewer')
  const author = await IdentityStore.open(path.join(temp.dir, 'ada'))
  const authorKey = fromBase64Url((await author.create('Ada Author')).publicKey)!
  const info: SharedDocInfo = { docKey: 'chapter-key', isAuthor: false, feeders: [] }
  const open = () =>
    Rooms.open(temp.dir, path.join(temp.dir, 'signed'), { identity, info: () => info, legacy: new DocStore(path.join(temp.dir, 'docs')), now: Date.now, randomBytes: random })
  return { open, memberId: memberIdFor(fromBase64Url(profile.publicKey)!), authorKey }
}

/** A Y.Doc editing as one session of the user: its client id comes from Rooms. */
async function session(rooms: Rooms, state?: Uint8Array): Promise<Y.Doc> {
  const doc = new Y.Doc()
  doc.clientID = await rooms.newClient(DOC)
  if (state) Y.applyUpdate(doc, state)
  return doc
}

function changeOf(doc: Y.Doc, edit: () => void): Uint8Array {
  const before = Y.encodeStateVector(doc)
  edit()
  return Y.encodeStateAsUpdate(doc, before)
}

it('signs a reviewer’s change inside what an earlier session of theirs made, after a restart', async () => {
  const { open, memberId, authorKey } = await reviewerRooms()
  const first = await open()
  const before = await session(first.rooms)
  const root = before.getMap(memberRoot(memberId))
  const created = changeOf(before, () => root.set('threads', new Y.Map()))
  const sealed = await first.rooms.commit(DOC, created)
  expect(verifyEnvelopeBytes(sealed, authorKey)).toMatchObject({ ok: true })
  await first.rooms.flush()

  // Restarted: a new session id, writing into the map the old session created.
  const again = await open()
  const after = await session(again.rooms, Y.encodeStateAsUpdate(before))
  const threads = after.getMap(memberRoot(memberId)).get('threads') as Y.Map<string>
  const reply = changeOf(after, () => threads.set('t1', 'Who is “they”?'))
  const bytes = await again.rooms.commit(DOC, reply)
  const verdict = verifyEnvelopeBytes(bytes, authorKey)
  expect(verdict).toMatchObject({ ok: true })
  expect(openEnvelope(bytes)).toMatchObject({ ok: true, envelope: { seq: 2 } })
})

it('refuses to sign a reviewer’s change to the author’s text, says why, and stores nothing', async () => {
  const { open } = await reviewerRooms()
  const { rooms } = await open()
  const doc = await session(rooms)
  const change = changeOf(doc, () => doc.getXmlFragment(TEXT_ROOT).insert(0, [new Y.XmlText('mine now')]))
  await expect(rooms.commit(DOC, change)).rejects.toThrow(/outside your part of the chapter .*"prosemirror".*will not sign it/)
  expect((await rooms.load(DOC)).envelopes).toEqual([])
})

describe('the user’s own counters, after the envelope log is lost', () => {
  /** Signs `count` changes, then deletes the chapter's envelope log and its saved generations. */
  async function signThenLoseLog(count: number) {
    const { open, memberId, authorKey } = await reviewerRooms()
    const first = await open()
    const doc = await session(first.rooms)
    const root = doc.getMap(memberRoot(memberId))
    for (let i = 0; i < count; i++) await first.rooms.commit(DOC, changeOf(doc, () => root.set(`t${i}`, 'note')))
    await first.rooms.flush()
    const signed = path.join(temp.dir, 'signed')
    for (const name of await readdir(signed)) if (name.startsWith(DOC)) await rm(path.join(signed, name))
    // The same editing session goes on writing (its client id is on record).
    return { rooms: (await open()).rooms, doc, root, authorKey }
  }

  it('knows how far the user signed, refuses to repeat a counter, and goes on past it only when asked', async () => {
    const { rooms, doc, root, authorKey } = await signThenLoseLog(3)
    expect(await rooms.load(DOC)).toMatchObject({ envelopes: [], signedUpTo: 3 })
    const change = changeOf(doc, () => root.set('after', 'written after the loss'))
    await expect(rooms.commit(DOC, change)).rejects.toThrow(/lost 3 of your earlier changes .* waits for a peer/)
    expect((await rooms.load(DOC)).envelopes).toEqual([])

    const bytes = await rooms.commit(DOC, change, true)
    expect(verifyEnvelopeBytes(bytes, authorKey)).toMatchObject({ ok: true })
    // Past every counter used before, as a checkpoint, so peers holding 1–3 take it without waiting for a gap.
    expect(openEnvelope(bytes)).toMatchObject({ ok: true, envelope: { seq: 4, checkpoint: true } })
    const next = await rooms.commit(DOC, changeOf(doc, () => root.set('next', 'and on')))
    expect(openEnvelope(next)).toMatchObject({ ok: true, envelope: { seq: 5, checkpoint: false } })
  })

  it('an unreadable counters file only means the counters are unknown: the log is trusted, as before', async () => {
    const { open, memberId } = await reviewerRooms()
    const first = await open()
    const doc = await session(first.rooms)
    await first.rooms.commit(DOC, changeOf(doc, () => doc.getMap(memberRoot(memberId)).set('t', 'note')))
    await first.rooms.flush()
    await writeFile(path.join(temp.dir, 'signed-counters.json'), '{"v":1,"docs":{"chapter-doc-1":')
    const again = (await open()).rooms
    expect(await again.load(DOC)).toMatchObject({ signedUpTo: 1 })
    const next = await again.commit(DOC, changeOf(doc, () => doc.getMap(memberRoot(memberId)).set('u', 'more')))
    expect(openEnvelope(next)).toMatchObject({ ok: true, envelope: { seq: 2 } })
  })
})

it('a flood of envelopes waiting for a missing one is stored once, not rewritten with each of the user’s changes', async () => {
  const { open, memberId } = await reviewerRooms()
  const { rooms } = await open()
  // Another member's envelopes from counter 2 on: they wait for the first, which never comes.
  const mallory = keyPairFromSeed(new Uint8Array(32).fill(9))
  const theirs = new Y.Doc()
  const part = theirs.getMap(memberRoot(memberIdFor(mallory.publicKey)))
  const flood = Array.from({ length: 24 }, (_, i) => {
    const update = changeOf(theirs, () => part.set(`n${i}`, 'x'.repeat(100_000)))
    const fields = { docKey: 'chapter-key', writer: mallory.publicKey, seq: i + 2, checkpoint: false, clients: [{ id: theirs.clientID, nonce: null }], update }
    return sealEnvelope(fields, (bytes) => signBytes(mallory.secretKey, bytes)).bytes
  })
  await rooms.store(DOC, flood)

  const compact = vi.spyOn(signedEnvelopes, 'compact')
  const doc = await session(rooms)
  const root = doc.getMap(memberRoot(memberId))
  for (let i = 0; i < 40; i++) await rooms.commit(DOC, changeOf(doc, () => root.set(`t${i}`, 'note')))
  // The 2.4 MB that wait are kept through at most one compaction, not one per change.
  expect(compact.mock.calls.length).toBeLessThanOrEqual(1)
  compact.mockRestore()
  await rooms.flush()
  const { envelopes } = await (await open()).rooms.load(DOC)
  expect(envelopes).toHaveLength(24 + 40)
})
