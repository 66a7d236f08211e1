// @vitest-environment jsdom
/**
 * Feedback by file: a reviewer's comments reach the author in a file rather
 * than over a connection, through the same checks as a peer's changes. (The
 * same through the app's buttons and two browsers: e2e/feedback-file.test.ts.)
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { addThread, readThreads } from '../shared/comments'
import { fromBase64Url, memberIdFor } from '../shared/identity'
import { anchorOn } from '../shared/testing/comments'
import { newClientId } from '../shared/trust/clientIds'
import { sealEnvelope } from '../shared/trust/envelope'
import { openChapterPackage } from '../shared/trust/chapterPackage'
import { openFeedback, sealFeedback, type FeedbackFile } from '../shared/trust/feedbackFile'
import { memberRoot } from '../shared/trust/updateRules'
import type { SignedRoom } from '../renderer/sync/signed/signedRoom'
import { contextOf, meOf, Network, shared, until, type Person } from './signedPeers'

let net: Network
beforeEach(() => {
  net = new Network()
})
afterEach(async () => {
  await net.close()
})





/** Drops every connection of a room, as Work offline does. */
function offline(room: SignedRoom): void {
  for (const session of [...room.sessions]) session.close()
}

/** The reviewer's feedback file on the one chapter they review, read back as the author's Quire reads it. */
async function feedbackOf(reviewer: Person, room: SignedRoom): Promise<{ bytes: Uint8Array; file: FeedbackFile }> {
  await room.flush()
  const docId = (await reviewer.snapshot()).joined[0]!.chapters[0]!.docId
  const bytes = await reviewer.api['feedback:save']({ docId })
  const opened = openFeedback(bytes)
  if (!opened.ok) throw new Error(opened.message)
  return { bytes, file: opened.file }
}

const threadsAt = async (room: SignedRoom, person: Person) => readThreads(room.doc, await contextOf(person))

describe('feedback files', () => {
  test('comments made offline merge at the author as if they came over the network, and a second time add nothing', async () => {
    const { author, people, authorRoom } = await shared(net, ['Rita Reviewer'])
    const [rita] = people as [Person]
    const ritaRoom = await net.reviewerRoom(rita, 'Dawn')
    net.connect(authorRoom, ritaRoom)
    await until(async () => (await rita.snapshot()).joined[0]!.inviteSecret === null, 'Rita bound')
    await until(() => ritaRoom.doc.getXmlFragment('prosemirror').length === 2, 'the text at Rita')
    offline(ritaRoom)
    offline(authorRoom)
    const me = await meOf(rita)
    addThread(ritaRoom.doc, me, { id: 'thread-1', anchor: anchorOn(ritaRoom.doc, 'missing hulls'), body: 'Which hulls?', now: 1 })
    addThread(ritaRoom.doc, me, { id: 'thread-2', anchor: anchorOn(ritaRoom.doc, 'quiet'), body: 'Too quiet?', now: 2 })
    const { file } = await feedbackOf(rita, ritaRoom)
    // She is bound already: the file carries no invite proof.
    expect(file.binding).toBeNull()

    expect(await authorRoom.receiveFile(file, 'file')).toEqual({ ok: true, added: file.envelopes.length })
    const threads = await threadsAt(authorRoom, author)
    expect(threads.map((t) => [t.authorId, t.quote, t.messages[0]!.body]).sort()).toEqual([
      [me.id, 'missing hulls', 'Which hulls?'],
      [me.id, 'quiet', 'Too quiet?'],
    ])
    expect(await authorRoom.receiveFile(file, 'file')).toEqual({ ok: true, added: 0 })
    expect(await threadsAt(authorRoom, author)).toHaveLength(2)

    // Stored like a peer's changes: the author's Quire has them after a restart.
    await authorRoom.flush()
    const reopened = await net.authorRoom(author, (await author.snapshot()).books[0]!.chapters[0]!.id)
    await until(async () => (await threadsAt(reopened, author)).length === 2, 'the merged threads from disk')
    // And when Rita comes back online, nothing is sent twice or lost.
    net.connect(authorRoom, ritaRoom)
    addThread(ritaRoom.doc, me, { id: 'thread-3', anchor: anchorOn(ritaRoom.doc, 'dawn'), body: 'Which dawn?', now: 3 })
    await until(async () => (await threadsAt(authorRoom, author)).length === 3, 'her next comment over the network')
    expect(author.notices).toEqual([])
  })

  test('a reviewer who never met the author: the file’s invite proof binds their key, as a peer’s would', async () => {
    const { author, people, authorRoom } = await shared(net, ['Rita Reviewer', 'Olu Other'])
    const [rita, olu] = people as [Person, Person]
    const ritaRoom = await net.reviewerRoom(rita, 'Dawn')
    const oluRoom = await net.reviewerRoom(olu, 'Dawn')
    net.connect(authorRoom, ritaRoom)
    await until(async () => (await author.snapshot()).members.some((m) => m.name === 'Rita Reviewer' && m.publicKey), 'Rita bound')
    await until(() => ritaRoom.doc.getXmlFragment('prosemirror').length === 2, 'the text at Rita')
    // Olu gets the text from Rita only, comments, and saves his feedback.
    offline(authorRoom)
    net.connect(ritaRoom, oluRoom)
    await until(() => oluRoom.doc.getXmlFragment('prosemirror').length === 2, 'the text at Olu')
    offline(oluRoom)
    addThread(oluRoom.doc, await meOf(olu), { id: 'thread-1', anchor: anchorOn(oluRoom.doc, 'harbour'), body: 'Lovely opening.', now: 1 })
    const { file } = await feedbackOf(olu, oluRoom)
    expect(file.binding).not.toBeNull()

    expect(await authorRoom.receiveFile(file, 'file')).toMatchObject({ ok: true, added: 1 })
    expect((await threadsAt(authorRoom, author)).map((t) => t.messages[0]!.body)).toEqual(['Lovely opening.'])
    await until(async () => (await author.snapshot()).members.find((m) => m.name === 'Olu Other')!.publicKey === (await olu.snapshot()).profile!.publicKey, 'Olu bound')
  })

  test('a file from someone who is not a member, or with one change that breaks the rules, merges nothing', async () => {
    const { author, people, authorRoom } = await shared(net, ['Rita Reviewer', 'Olu Other'])
    const [rita, olu] = people as [Person, Person]
    const ritaRoom = await net.reviewerRoom(rita, 'Dawn')
    net.connect(authorRoom, ritaRoom)
    await until(async () => (await rita.snapshot()).joined[0]!.inviteSecret === null, 'Rita bound')
    await until(() => ritaRoom.doc.getXmlFragment('prosemirror').length === 2, 'the text at Rita')
    offline(ritaRoom)
    addThread(ritaRoom.doc, await meOf(rita), { id: 'thread-1', anchor: anchorOn(ritaRoom.doc, 'harbour'), body: 'Lovely opening.', now: 1 })
    const { file } = await feedbackOf(rita, ritaRoom)

    // Someone outside the share, with their own key, writing only in their own part.
    const stan = await net.person('Stan Stranger')
    const stanKey = fromBase64Url((await stan.snapshot()).profile!.publicKey)!
    const { file: stranger } = craft(stan, stanKey, file, [(doc) => doc.getMap(memberRoot(memberIdFor(stanKey))).set('threads', new Y.Map())])
    expect(await authorRoom.receiveFile(stranger, 'file')).toEqual({ ok: false, refusal: { kind: 'stranger' } })

    // Rita's real changes, then one of hers that writes into Olu's part: the whole file is refused.
    const ritaKey = file.writer
    const oluId = (await meOf(olu)).id
    const { file: mixed } = craft(rita, ritaKey, file, [(doc) => doc.getMap(memberRoot(oluId)).set('threads', new Y.Map())], file.envelopes.length + 1)
    const result = await authorRoom.receiveFile({ ...mixed, envelopes: [...file.envelopes, ...mixed.envelopes] }, 'file')
    expect(result).toMatchObject({ ok: false, refusal: { kind: 'invalid' } })
    expect(await threadsAt(authorRoom, author)).toEqual([])
    // The honest file still merges afterwards.
    expect(await authorRoom.receiveFile(file, 'file')).toMatchObject({ ok: true })
    expect(await threadsAt(authorRoom, author)).toHaveLength(1)
  })
})

describe('saving review files', () => {
  test('main says plainly when there is nothing to save, or the chapter or invite is not the user’s', async () => {
    const { author, people } = await shared(net, ['Rita Reviewer'])
    const [rita] = people as [Person]
    const ritaDoc = (await rita.snapshot()).joined[0]!.chapters[0]!.docId
    await expect(rita.api['feedback:save']({ docId: ritaDoc })).rejects.toThrow('You have not commented on this chapter yet, so there is no feedback to save.')
    const replica = (await author.snapshot()).shares[0]!.chapters[0]!.replicaId
    await expect(author.api['feedback:save']({ docId: replica })).rejects.toThrow('That chapter is not one you review.')

    // A chapter package names only the author's own invites, and holds the chapter's signed text.
    const link = (await author.snapshot()).shares[0]!.invites[0]!.link
    await expect(rita.api['package:save']({ link })).rejects.toThrow('That invite is not one of yours.')
    const opened = openChapterPackage(await author.api['package:save']({ link }))
    expect(opened.ok && opened.pkg.chapters.map((c) => c.envelopes.length > 0)).toEqual([true])
  })
})

/** A feedback file signed by `person`, for the same share and chapter as `like`, holding one envelope per change. */
function craft(person: Person, key: Uint8Array, like: FeedbackFile, changes: Array<(doc: Y.Doc) => void>, firstSeq = 1): { file: FeedbackFile } {
  const sign = (bytes: Uint8Array) => person.services.identity.sign(bytes)
  const envelopes = changes.map((change, i) => {
    const { id, nonce } = newClientId(key, (n) => crypto.getRandomValues(new Uint8Array(n)))
    const doc = new Y.Doc()
    doc.clientID = id
    change(doc)
    return sealEnvelope({ docKey: like.docKey, writer: key, seq: firstSeq + i, checkpoint: false, clients: [{ id, nonce }], update: Y.encodeStateAsUpdate(doc) }, sign).bytes
  })
  const bytes = sealFeedback({ ...like, writer: key, binding: null, envelopes }, sign)
  const opened = openFeedback(bytes)
  if (!opened.ok) throw new Error(opened.message)
  return { file: opened.file }
}
