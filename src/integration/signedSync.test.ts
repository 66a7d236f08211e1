// @vitest-environment jsdom
/**
 * Signed sync between people in one process, with crafted attacks: every
 * change is signed by its writer and checked by every peer, so forged,
 * rewritten, hijacked or oversized changes are refused and honest peers
 * converge. (The same over real WebRTC: e2e/trust.test.ts.)
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { anchorOn } from '../shared/testing/comments'
import { addThread, readThreads, reply } from '../shared/comments'
import { fromBase64Url, toBase64Url } from '../shared/identity'
import { newClientId } from '../shared/trust/clientIds'
import { sealEnvelope } from '../shared/trust/envelope'
import { memberRoot } from '../shared/trust/updateRules'
import { decodeMessage } from '../shared/trust/protocol'
import { TEXT_ROOT } from '../shared/ydoc'
import { contextOf, meOf, Network, roomText, shared, TEXT, until, type Person } from './signedPeers'

let net: Network
beforeEach(() => {
  net = new Network()
})
afterEach(async () => {
  await net.close()
})



const text = roomText



describe('signed sync', () => {
  test('a reviewer gets the text, the author binds them on first contact, and comments travel both ways', async () => {
    const { author, people, authorRoom } = await shared(net, ['Rita Reviewer'])
    const [rita] = people as [Person]
    const ritaRoom = await net.reviewerRoom(rita, 'Dawn')
    net.connect(authorRoom, ritaRoom)
    await until(() => text(ritaRoom) === TEXT.join('\n'), 'the text at the reviewer')
    // The author's Quire bound Rita's key from her invite proof, and she adopted the new manifest.
    await until(async () => (await author.snapshot()).members[0]!.publicKey === (await rita.snapshot()).profile!.publicKey, 'the binding')
    await until(async () => (await rita.snapshot()).joined[0]!.inviteSecret === null, 'the reviewer to see herself bound')

    const me = await meOf(rita)
    expect(addThread(ritaRoom.doc, me, { id: 'thread-1', anchor: anchorOn(ritaRoom.doc, 'missing hulls'), body: 'Which hulls?', now: 1 }).ok).toBe(true)
    await until(async () => readThreads(authorRoom.doc, await contextOf(author)).length === 1, 'the comment at the author')
    const [thread] = readThreads(authorRoom.doc, await contextOf(author))
    expect(thread).toMatchObject({ authorId: me.id, quote: 'missing hulls' })
    const authorMe = await meOf(author)
    reply(authorRoom.doc, authorMe, thread!.id, { id: 'reply-1', body: 'The ones in chapter one.', now: 2 }, await contextOf(author))
    await until(async () => readThreads(ritaRoom.doc, await contextOf(rita))[0]?.messages.length === 2, 'the reply at the reviewer')
    expect(author.notices).toEqual([])
  })

  test('a change the author makes while a reviewer is still proving who they are reaches the reviewer with everything before it', async () => {
    const { author, people, authorRoom } = await shared(net, ['Rita Reviewer'])
    const [rita] = people as [Person]
    const ritaRoom = await net.reviewerRoom(rita, 'Dawn')
    // The author's signature for the handshake is slow (a busy main process): Rita is let in before she has it.
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    const signAuth = author.api['room:signAuth']
    author.api['room:signAuth'] = async (arg) => {
      await held
      return signAuth(arg)
    }
    net.connect(authorRoom, ritaRoom)
    await until(() => [...authorRoom.sessions].some((s) => s.admission?.kind === 'full'), 'Rita let in at the author')
    const reach = () => authorRoom.have().find((h) => h.writer.every((b, i) => b === authorRoom.ourKey()[i]))?.seq ?? 0
    const before = reach()
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.insert(0, [new Y.XmlText('A third line.')])
    authorRoom.doc.transact(() => authorRoom.doc.getXmlFragment(TEXT_ROOT).push([paragraph]), 'manuscript')
    await until(() => reach() > before, 'the author’s change signed')
    release()
    await until(() => text(ritaRoom) === [...TEXT, 'A third line.'].join('\n'), 'the whole text at the reviewer')
  })

  test('a change of a reviewer’s that the author lost on the way is sent again once a later one arrives', async () => {
    const { author, people, authorRoom } = await shared(net, ['Rita Reviewer'])
    const [rita] = people as [Person]
    const ritaRoom = await net.reviewerRoom(rita, 'Dawn')
    const [, ritaEnd] = net.connect(authorRoom, ritaRoom)
    await until(() => text(ritaRoom) === TEXT.join('\n'), 'the text at the reviewer')
    await until(async () => (await author.snapshot()).members[0]!.publicKey !== null, 'Rita bound')
    // Rita's next batch of changes never reaches the author (as if refused or lost); she does not know.
    let drop = true
    ritaEnd.tap = (data) => {
      const decoded = decodeMessage(data)
      if (drop && decoded.ok && decoded.message.type === 'envelopes') {
        drop = false
        return null
      }
      return data
    }
    const me = await meOf(rita)
    addThread(ritaRoom.doc, me, { id: 'thread-1', anchor: anchorOn(ritaRoom.doc, 'harbour'), body: 'First.', now: 1 })
    await until(() => !drop, 'the first comment lost')
    addThread(ritaRoom.doc, me, { id: 'thread-2', anchor: anchorOn(ritaRoom.doc, 'missing hulls'), body: 'Second.', now: 2 })
    await until(async () => readThreads(authorRoom.doc, await contextOf(author)).length === 2, 'both comments at the author')
  })

  test('a new reviewer who has only met another reviewer gets their comment to the author once the author learns their key', async () => {
    const { author, people, authorRoom } = await shared(net, ['Rita Reviewer', 'Olu Other'])
    const [rita, olu] = people as [Person, Person]
    const ritaRoom = await net.reviewerRoom(rita, 'Dawn')
    const oluRoom = await net.reviewerRoom(olu, 'Dawn')
    net.connect(authorRoom, ritaRoom)
    await until(async () => (await author.snapshot()).members.some((m) => m.name === 'Rita Reviewer' && m.publicKey), 'Rita bound')
    // Olu has never met the author: he comments, and Rita passes on both his comment and his invite proof.
    net.connect(ritaRoom, oluRoom)
    await until(() => text(oluRoom) === TEXT.join('\n'), 'the text at Olu, from Rita')
    addThread(oluRoom.doc, await meOf(olu), { id: 'thread-1', anchor: anchorOn(oluRoom.doc, 'harbour'), body: 'Lovely opening.', now: 1 })
    await until(async () => readThreads(ritaRoom.doc, await contextOf(rita)).length === 1, 'Olu’s comment at Rita')
    await until(async () => readThreads(authorRoom.doc, await contextOf(author)).length === 1, 'Olu’s comment at the author')
    expect((await author.snapshot()).members.find((m) => m.name === 'Olu Other')!.publicKey).toBe((await olu.snapshot()).profile!.publicKey)
  })

  test('a comment reaches the author through another reviewer, with its writer’s signature', async () => {
    const { author, people, authorRoom } = await shared(net, ['Rita Reviewer', 'Olu Other'])
    const [rita, olu] = people as [Person, Person]
    const ritaRoom = await net.reviewerRoom(rita, 'Dawn')
    const oluRoom = await net.reviewerRoom(olu, 'Dawn')
    net.connect(authorRoom, ritaRoom)
    net.connect(authorRoom, oluRoom)
    await until(async () => (await author.snapshot()).members.every((m) => m.publicKey), 'both bound')
    await until(() => text(oluRoom) === TEXT.join('\n'), 'text at Olu')
    // Now the author leaves; Olu comments while only Rita hears him; the author comes back to Rita only.
    for (const session of [...authorRoom.sessions]) session.close()
    net.connect(ritaRoom, oluRoom)
    addThread(oluRoom.doc, await meOf(olu), { id: 'thread-1', anchor: anchorOn(oluRoom.doc, 'harbour'), body: 'Lovely opening.', now: 1 })
    await until(async () => readThreads(ritaRoom.doc, await contextOf(rita)).length === 1, 'Olu’s comment at Rita')
    net.connect(authorRoom, ritaRoom)
    await until(async () => readThreads(authorRoom.doc, await contextOf(author)).length === 1, 'Olu’s comment at the author, relayed')
    expect(readThreads(authorRoom.doc, await contextOf(author))[0]!.authorId).toBe((await meOf(olu)).id)
  })
})

describe('a member holding the share key cannot', () => {
  /** Rita, Olu (the attacker, a bound member) and the author, all connected. */
  async function scene() {
    const base = await shared(net, ['Rita Reviewer', 'Olu Other'])
    const [rita, olu] = base.people as [Person, Person]
    const ritaRoom = await net.reviewerRoom(rita, 'Dawn')
    const oluRoom = await net.reviewerRoom(olu, 'Dawn')
    net.connect(base.authorRoom, ritaRoom)
    net.connect(base.authorRoom, oluRoom)
    net.connect(ritaRoom, oluRoom)
    await until(async () => (await base.author.snapshot()).members.every((m) => m.publicKey), 'both bound')
    await until(() => text(oluRoom) === TEXT.join('\n') && text(ritaRoom) === TEXT.join('\n'), 'text everywhere')
    addThread(ritaRoom.doc, await meOf(rita), { id: 'thread-1', anchor: anchorOn(ritaRoom.doc, 'missing hulls'), body: 'Which hulls?', now: 1 })
    await until(async () => readThreads(oluRoom.doc, await contextOf(olu)).length === 1 && readThreads(base.authorRoom.doc, await contextOf(base.author)).length === 1, 'Rita’s comment everywhere')
    const oluKey = fromBase64Url((await olu.snapshot()).profile!.publicKey)!
    const docKey = (await olu.snapshot()).joined[0]!.chapters[0]!.docKey
    /** Sends an envelope Olu signed (with his real key, through his own main) but crafted by hand. */
    let seq = 1000
    const send = (update: Uint8Array, clients = [{ ...newClientId(oluKey, (n) => crypto.getRandomValues(new Uint8Array(n))) }]) => {
      const proofs = clients.map(({ id, nonce }) => ({ id, nonce }))
      const envelope = sealEnvelope({ docKey, writer: oluKey, seq: ++seq, checkpoint: false, clients: proofs, update }, (bytes) => olu.services.identity.sign(bytes))
      for (const session of oluRoom.sessions) session.send({ type: 'envelopes', envelopes: [envelope.bytes] })
      return envelope
    }
    return { ...base, rita, olu, ritaRoom, oluRoom, oluKey, docKey, send, craft: (clientId: number) => craftDoc(oluRoom.doc, clientId) }
  }

  /** A copy of a room's doc writing under a chosen client id, and the updates it makes. */
  function craftDoc(source: Y.Doc, clientId: number) {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(source))
    doc.clientID = clientId
    const updates: Uint8Array[] = []
    doc.on('update', (u: Uint8Array, origin: unknown) => origin !== 'load' && updates.push(u))
    return { doc, updates }
  }

  test('rewrite, delete or impersonate another reviewer’s comment, or touch the text', async () => {
    const s = await scene()
    const ritaId = (await meOf(s.rita)).id
    const forged = s.craft(newClientId(s.oluKey, (n) => crypto.getRandomValues(new Uint8Array(n))).id)
    // The crafted doc's client id must match the proof we send with it.
    const proof = newClientId(s.oluKey, (n) => crypto.getRandomValues(new Uint8Array(n)))
    forged.doc.clientID = proof.id
    const threads = forged.doc.getMap(memberRoot(ritaId)).get('threads') as Y.Map<Y.Map<unknown>>
    threads.get('thread-1')!.set('body', 'Rewritten by Olu')
    threads.delete('thread-1')
    forged.doc.getMap(memberRoot(ritaId)).set('threads-2', 'a thread under Rita’s name')
    ;((forged.doc.getXmlFragment(TEXT_ROOT).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Forged: ')
    for (const update of forged.updates) s.send(update, [proof])
    await until(() => s.author.notices.length >= forged.updates.length && s.rita.notices.length >= forged.updates.length, 'every forgery refused at the author and at Rita')
    for (const person of [s.author, s.rita]) for (const notice of person.notices) expect(notice).toMatch(/^A change from a peer was refused: envelope refused: it /)
    for (const room of [s.authorRoom, s.ritaRoom]) {
      expect(text(room)).toBe(TEXT.join('\n'))
      expect(readThreads(room.doc, await contextOf(s.author)).map((t) => t.messages[0]!.body)).toEqual(['Which hulls?'])
    }
  })

  test('send two versions of one change, so copies differ: each peer keeps the first and says so', async () => {
    const s = await scene()
    const oluRoot = memberRoot((await meOf(s.olu)).id)
    const seq = (s.authorRoom.have().find((entry) => toBase64Url(entry.writer) === toBase64Url(s.oluKey))?.seq ?? 0) + 1
    const proof = newClientId(s.oluKey, (n) => crypto.getRandomValues(new Uint8Array(n)))
    const version = (note: string) => {
      const crafted = s.craft(proof.id)
      crafted.doc.getMap(oluRoot).set('note', note)
      return sealEnvelope({ docKey: s.docKey, writer: s.oluKey, seq, checkpoint: false, clients: [proof], update: crafted.updates[0]! }, (bytes) => s.olu.services.identity.sign(bytes)).bytes
    }
    const [first, second] = [version('first'), version('second')]
    for (const session of s.oluRoom.sessions) session.send({ type: 'envelopes', envelopes: [first] })
    await until(() => [s.authorRoom, s.ritaRoom].every((room) => room.doc.getMap(oluRoot).get('note') === 'first'), 'the first version everywhere')
    for (const session of s.oluRoom.sessions) session.send({ type: 'envelopes', envelopes: [second] })
    for (const person of [s.author, s.rita]) await until(() => person.notices.some((n) => /Olu Other sent two different versions of the same change/.test(n)), `the fork reported to ${person.name}`)
    for (const room of [s.authorRoom, s.ritaRoom]) expect(room.doc.getMap(oluRoot).get('note')).toBe('first')
  })

  test('write under another member’s client id, so their later changes would be lost', async () => {
    const s = await scene()
    // Rita's current client id: a struct under it would make her next one look like a duplicate.
    const hijack = s.craft(s.ritaRoom.doc.clientID)
    hijack.doc.getMap(memberRoot((await meOf(s.olu)).id)).set('note', 'innocent-looking')
    s.send(hijack.updates[0]!, [{ id: s.ritaRoom.doc.clientID, nonce: crypto.getRandomValues(new Uint8Array(16)) }])
    await until(() => s.author.notices.length > 0, 'the hijack refused')
    expect(s.author.notices[0]).toMatch(/not derived from its writer's key/)
    // Rita's next comment still reaches everyone.
    reply(s.ritaRoom.doc, await meOf(s.rita), `${(await meOf(s.rita)).id}/thread-1`, { id: 'reply-1', body: 'Still here.', now: 5 }, await contextOf(s.rita))
    await until(async () => readThreads(s.authorRoom.doc, await contextOf(s.author))[0]?.messages.length === 2, 'Rita’s reply at the author')
  })

  test('flood or poison the chapter: nesting bombs, huge runs and envelopes with a gap are refused or held in a budget', async () => {
    const s = await scene()
    const proof = newClientId(s.oluKey, (n) => crypto.getRandomValues(new Uint8Array(n)))
    const bomb = s.craft(proof.id)
    let parent: Y.Map<unknown> = bomb.doc.getMap(memberRoot((await meOf(s.olu)).id))
    bomb.doc.transact(() => {
      for (let i = 0; i < 200; i++) {
        const child = new Y.Map<unknown>()
        parent.set('x', child)
        parent = child
      }
    })
    s.send(bomb.updates[0]!, [proof])
    await until(() => s.author.notices.some((n) => /nests types/.test(n)), 'the nesting bomb refused')

    const oluRoot = memberRoot((await meOf(s.olu)).id)
    const huge = s.craft(proof.id)
    huge.doc.getMap(oluRoot).set('notes', new Y.Text('x'.repeat(4_100_000)))
    s.send(huge.updates[0]!, [proof])
    await until(() => s.author.notices.some((n) => /carries a run of 4100000 characters/.test(n)), 'the huge run refused')

    // Honest-looking changes that all skip ahead of Olu's counter wait for the gap, within a budget.
    const gapped = s.craft(proof.id)
    for (let i = 0; i < 6; i++) gapped.doc.getMap(oluRoot).set(`chunk-${i}`, new Y.Text('y'.repeat(3_000_000)))
    for (const update of gapped.updates) s.send(update, [proof])
    await until(() => s.author.notices.some((n) => /too many envelopes waiting for earlier ones/.test(n)), 'the gapped flood dropped')

    expect(readThreads(s.authorRoom.doc, await contextOf(s.author))).toHaveLength(1)
    expect([...s.authorRoom.doc.getMap(oluRoot).keys()]).toEqual([])
  })

  test('follow a removed member back in: their later changes are refused, the new epoch is sealed to those who stay', async () => {
    const s = await scene()
    const oluMember = (await s.author.snapshot()).members.find((m) => m.name === 'Olu Other')!
    await s.author.api['member:remove']({ memberId: oluMember.id })
    const share = (await s.author.snapshot()).shares[0]!
    expect(share.epoch).toBe(1)
    // Rita can open the new key; Olu cannot.
    const rekey = share.retired[0]!.rekey
    await s.rita.api['share:rekey']({ shareId: share.id, text: rekey })
    await s.olu.api['share:rekey']({ shareId: share.id, text: rekey })
    expect((await s.rita.snapshot()).joined[0]!.epoch).toBe(1)
    expect((await s.rita.snapshot()).joined[0]!.key).toBe(share.key)
    expect((await s.olu.snapshot()).joined[0]!.epoch).toBe(0)
    // The author's room (still the old epoch's here) lets Olu go at once.
    await net.refresh(s.author)
    await until(() => [...s.authorRoom.sessions].every((session) => !session.peerKey || session.admission?.kind !== 'full' || !sameKey(session.peerKey, s.oluKey)), 'Olu let go')
  })
})

function sameKey(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}
