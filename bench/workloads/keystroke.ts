/**
 * 10. A keystroke to a peer, signed against unsigned. An author and a
 * reviewer in one process, each with their own data folder and Quire's real
 * services and SignedRoom (src/integration/signedPeers.ts), joined by an
 * in-memory channel instead of WebRTC. One character typed into the author's
 * replica goes the whole signed way: main signs and stores it (fsync), it
 * crosses the channel, the reviewer checks it (signature, client ids, update
 * rules, trial apply) and applies it. The baseline, in the same run and
 * interleaved: the same character between two plain Y.Docs over the same
 * kind of channel, applied with Y.applyUpdate, as an unsigned y-webrtc peer
 * does. The network itself is left out (workload 8 measures it).
 */
import * as Y from 'yjs'
import { channelPair, Network, shared, until } from '../../src/integration/signedPeers'
import { TEXT_ROOT } from '../../src/shared/ydoc'
import { count, ms, times, type WorkloadResult } from '../lib/report'
import type { Session } from '../lib/session'
import { distribution, median, ratio } from '../lib/stats'

/** Resolves on the next change `doc` applies. */
const nextChange = (doc: Y.Doc) => new Promise<void>((resolve) => doc.once('update', () => resolve()))

export async function keystrokeWorkload(session: Session, config: { keystrokes: number }): Promise<WorkloadResult> {
  const net = new Network()
  try {
    const { people, authorRoom } = await shared(net, ['Rita Reviewer'])
    const ritaRoom = await net.reviewerRoom(people[0]!, 'Dawn')
    net.connect(authorRoom, ritaRoom)
    await until(() => ritaRoom.doc.getXmlFragment(TEXT_ROOT).length === 2, 'the text at the reviewer', 60_000)

    // The unsigned pair: the same starting text, updates over the same in-memory channel.
    const plainAuthor = new Y.Doc()
    const plainPeer = new Y.Doc()
    Y.applyUpdate(plainAuthor, Y.encodeStateAsUpdate(authorRoom.doc))
    Y.applyUpdate(plainPeer, Y.encodeStateAsUpdate(plainAuthor))
    const [left, right] = channelPair()
    await until(() => left.readyState === 'open', 'the plain channel')
    plainAuthor.on('update', (update: Uint8Array, origin: unknown) => origin !== 'peer' && left.send(update))
    right.addEventListener('message', (event) => Y.applyUpdate(plainPeer, new Uint8Array((event as MessageEvent).data as ArrayBuffer), 'peer'))

    session.log(`  ${count(config.keystrokes)} keystrokes, signed and plain interleaved`)
    const signed: number[] = []
    const plain: number[] = []
    const type = (doc: Y.Doc, i: number) => {
      const paragraph = doc.getXmlFragment(TEXT_ROOT).get(1) as Y.XmlElement
      const text = paragraph.get(0) as Y.XmlText
      text.insert(text.length, 'abcdefghijklmnopqrstuvwxyz '[i % 27]!)
    }
    for (let i = 0; i < config.keystrokes; i++) {
      let arrived = nextChange(plainPeer)
      let t0 = performance.now()
      type(plainAuthor, i)
      await arrived
      plain.push(performance.now() - t0)

      arrived = nextChange(ritaRoom.doc)
      t0 = performance.now()
      // As the author's workspace feeds the replica from the manuscript.
      authorRoom.doc.transact(() => type(authorRoom.doc, i), 'manuscript')
      await arrived
      signed.push(performance.now() - t0)
    }
    const text = (doc: Y.Doc) => (doc.getXmlFragment(TEXT_ROOT).get(1) as Y.XmlElement).toString()
    if (text(ritaRoom.doc) !== text(plainPeer)) throw new Error('the signed and plain peers ended with different text')

    const figures = { signedP50Ms: median(signed), signedP95Ms: distribution(signed).p95 }
    const baseline = { plainP50Ms: median(plain), plainP95Ms: distribution(plain).p95 }
    const ratios = { p50: ratio(figures.signedP50Ms, baseline.plainP50Ms), p95: ratio(figures.signedP95Ms, baseline.plainP95Ms) }
    return {
      id: 10,
      name: 'keystroke',
      title: `A keystroke to a peer, signed vs unsigned (${count(config.keystrokes)} keystrokes)`,
      params: { keystrokes: config.keystrokes },
      figures,
      baseline,
      ratio: ratios,
      notes: [
        'Signed: the author\'s change is signed and stored by main (through the IPC dispatcher, with fsync) before it is sent; the reviewer checks it before Yjs sees it. Unsigned: Y.applyUpdate on arrival. Both over an in-memory channel, one keystroke at a time.',
      ],
      rows: [
        { measure: 'keystroke → peer\'s document (p50)', quire: ms(figures.signedP50Ms), baseline: ms(baseline.plainP50Ms), ratio: times(ratios.p50) },
        { measure: 'keystroke → peer\'s document (p95)', quire: ms(figures.signedP95Ms), baseline: ms(baseline.plainP95Ms), ratio: times(ratios.p95) },
      ],
    }
  } finally {
    await net.close()
  }
}
