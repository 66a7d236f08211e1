/**
 * A disk that lost the user's own signed changes to a shared chapter (its
 * envelope log and every saved generation gone), while a reviewer still
 * holds them. Signing the next change with the counters the log suggests
 * would give the reviewer a second version of changes she already has, and
 * the copies would split; instead what the author writes waits until the
 * lost changes come back, or until she shares it without them.
 */
import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, test } from 'vitest'
import * as Y from 'yjs'
import { TEXT_ROOT } from '../shared/ydoc'
import { SIGNED_DIR } from '../main/services/services'
import { addThread, readThreads } from '../shared/comments'
import { anchorOn } from '../shared/testing/comments'
import { equalBytes } from '../shared/trust/bytes'
import { openEnvelope } from '../shared/trust/envelope'
import type { SignedRoom } from '../renderer/sync/signed/signedRoom'
import { contextOf, meOf, Network, roomText, shared, TEXT, until, type Person } from './signedPeers'

const fail = (): never => {
  throw new Error('an envelope could not be read')
}

let net: Network
beforeEach(() => {
  net = new Network()
})
afterEach(async () => {
  await net.close()
})

const text = roomText

/** The author writes a paragraph, as her manuscript feeds the replica. */
function write(room: SignedRoom, line: string): void {
  const paragraph = new Y.XmlElement('paragraph')
  paragraph.insert(0, [new Y.XmlText(line)])
  room.doc.transact(() => room.doc.getXmlFragment(TEXT_ROOT).push([paragraph]), 'manuscript')
}

/** Quits `person`'s Quire, deletes the envelope log of the shared chapter `docId` and its saved generations, and starts it again. */
async function loseLog(person: Person, room: SignedRoom, docId: string): Promise<void> {
  await room.flush()
  await room.destroy()
  await net.restart(person, async (dir) => {
    const signed = join(dir, SIGNED_DIR)
    for (const name of await readdir(signed)) if (name.startsWith(docId)) await rm(join(signed, name))
  })
}

/** The author's replica of her one shared chapter. */
const replicaOf = async (author: Person) => (await author.snapshot()).shares[0]!.chapters[0]!.replicaId

test('what the author writes after her disk lost her shared changes waits for the reviewer to hand them back, then reaches her as one history', async () => {
  const { author, people, authorRoom, chapterId } = await shared(net, ['Rita Reviewer'])
  const [rita] = people as [Person]
  const ritaRoom = await net.reviewerRoom(rita, 'Dawn')
  const [wire] = net.connect(authorRoom, ritaRoom)
  write(authorRoom, 'A third line.')
  await until(() => text(ritaRoom) === [...TEXT, 'A third line.'].join('\n'), 'the third line at the reviewer')
  wire.close()

  await loseLog(author, authorRoom, await replicaOf(author))
  const again = await net.authorRoom(author, chapterId)
  write(again, 'A fourth line, written offline.')
  expect(again.ownLoss()).toMatchObject({ waiting: true })
  expect(again.ownLoss()!.missing).toBeGreaterThan(0)

  net.connect(again, ritaRoom)
  // Both lines were written at the end, on copies that did not know of each other: Yjs picks their order, the same on both.
  const both = (room: SignedRoom) => text(room).includes('A third line.') && text(room).includes('A fourth line, written offline.')
  await until(() => both(ritaRoom), 'the offline line at the reviewer')
  await until(() => both(again) && text(again) === text(ritaRoom), 'the author’s lost line back at the author, in the same order')
  expect(again.ownLoss()).toBeNull()
  write(again, 'A fifth line.')
  await until(() => text(ritaRoom).endsWith('\nA fifth line.') && text(again) === text(ritaRoom), 'the next line at the reviewer')
  // One history: no second version of any change was sent, so nobody was told of a fork.
  expect([...author.notices, ...rita.notices]).toEqual([])
})

test('changes that never left the lost disk: the author shares what she writes without them, and both copies show the same text', async () => {
  const { author, people, authorRoom, chapterId } = await shared(net, ['Rita Reviewer'])
  const [rita] = people as [Person]
  const ritaRoom = await net.reviewerRoom(rita, 'Dawn')
  const [wire] = net.connect(authorRoom, ritaRoom)
  await until(() => text(ritaRoom) === TEXT.join('\n'), 'the text at the reviewer')
  wire.close()
  // Written offline, then lost with the disk: no one else ever had it.
  write(authorRoom, 'A line nobody saw.')

  await loseLog(author, authorRoom, await replicaOf(author))
  const again = await net.authorRoom(author, chapterId)
  write(again, 'A line written after the loss.')
  net.connect(again, ritaRoom)
  // Rita handed back what she had; the line nobody saw is still missing, so the new line still waits.
  await until(() => [...again.sessions].some((s) => s.ready), 'the author and the reviewer connected')
  await until(() => again.ownLoss()?.missing === 1, 'the author’s changes Rita held back at the author')
  expect(again.ownLoss()).toMatchObject({ waiting: true })
  expect(text(ritaRoom)).toBe(TEXT.join('\n'))

  await again.shareAcrossLoss()
  const now = [...TEXT, 'A line written after the loss.']
  await until(() => text(ritaRoom) === now.join('\n'), 'the new line at the reviewer')
  expect(text(again)).toBe(now.join('\n'))
  expect(again.ownLoss()).toBeNull()
  expect([...author.notices, ...rita.notices]).toEqual([])
})

test('a reviewer who quits while her new comment waits for her lost ones keeps it: it is signed without them', async () => {
  const { author, people, authorRoom } = await shared(net, ['Rita Reviewer'])
  const [rita] = people as [Person]
  const ritaRoom = await net.reviewerRoom(rita, 'Dawn')
  const [wire] = net.connect(authorRoom, ritaRoom)
  await until(() => text(ritaRoom) === TEXT.join('\n'), 'the text at the reviewer')
  const me = await meOf(rita)
  expect(addThread(ritaRoom.doc, me, { id: 'thread-1', anchor: anchorOn(ritaRoom.doc, 'missing hulls'), body: 'Which hulls?', now: 1 }).ok).toBe(true)
  await until(async () => readThreads(authorRoom.doc, await contextOf(author)).length === 1, 'the comment at the author')
  wire.close()

  await loseLog(rita, ritaRoom, (await rita.snapshot()).joined[0]!.chapters[0]!.docId)
  const again = await net.reviewerRoom(rita, 'Dawn')
  // She gets the author's text again from a chapter file (the author's envelopes only): her own comment is still lost.
  const authorKey = authorRoom.ourKey()
  const authorEnvelopes = authorRoom.missingFor(new Map()).filter((e) => equalBytes(e.writer, authorKey)).map((e) => openEnvelope(e.bytes))
  expect(await again.receiveFile({ writer: authorKey, binding: null, envelopes: authorEnvelopes.map((o) => (o.ok ? o.envelope : fail())) }, 'file')).toMatchObject({ ok: true })
  expect(addThread(again.doc, me, { id: 'thread-2', anchor: anchorOn(again.doc, 'quiet before dawn'), body: 'Written after the loss.', now: 2 }).ok).toBe(true)
  await until(() => again.ownLoss()?.waiting === true, 'the new comment waiting')
  await again.destroy()

  const reopened = await net.reviewerRoom(rita, 'Dawn')
  expect(readThreads(reopened.doc, await contextOf(rita)).map((t) => t.id.split('/').pop())).toEqual(['thread-2'])
  expect(reopened.ownLoss()).toBeNull()
})
