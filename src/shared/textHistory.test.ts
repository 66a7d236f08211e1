import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { chapterDoc, edit, find, textOf } from './testing/editor'
import { memberRoot } from './trust/updateRules'
import { TEXT_ROOT } from './ydoc'

import { textAhead, textClients } from './textHistory'

const fragment = (doc: Y.Doc) => doc.getXmlFragment(TEXT_ROOT)

/** A manuscript written over two sessions, each a Y.Doc of its own as in the app, and a replica fed from both. */
function writtenTwice() {
  const first = chapterDoc(['The ferry came in at six.', 'Nobody met it.'])
  const replica = new Y.Doc()
  const feed = (from: Y.Doc) => {
    const forward = (update: Uint8Array) => Y.applyUpdate(replica, update)
    forward(Y.encodeStateAsUpdate(from))
    from.on('update', forward)
  }
  feed(first)
  const afterFirst = Y.encodeStateAsUpdate(first)
  const second = new Y.Doc()
  Y.applyUpdate(second, afterFirst)
  feed(second)
  edit(fragment(second), (tr) => tr.insertText(' Not even the harbourmaster.', find(tr.doc, 'Nobody met it.').to))
  edit(fragment(second), (tr) => tr.setNodeMarkup(0, tr.doc.type.schema.nodes.heading, { level: 2 }))
  // Comments beside the text: a reviewer's and the author's own, each under a client of their own.
  const reviewer = new Y.Doc()
  reviewer.getMap(memberRoot('rita')).set('t1', 'Who is the harbourmaster?')
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(reviewer))
  const authorComments = new Y.Doc()
  Y.applyUpdate(authorComments, Y.encodeStateAsUpdate(replica))
  authorComments.getMap(memberRoot('ada')).set('t2', 'Check the timetable.')
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(authorComments))
  return { first, second, afterFirst, replica, reviewer, authorComments }
}

describe('textAhead', () => {
  it('is null when the target holds all of the text', () => {
    const { second, replica } = writtenTwice()
    expect(textAhead(replica, second)).toBeNull()
  })

  it('finds only the clients that wrote the text', () => {
    const { first, second, replica, reviewer, authorComments } = writtenTwice()
    const clients = textClients(replica)
    expect(clients).toEqual(new Set([first.clientID, second.clientID]))
    expect(clients.has(reviewer.clientID)).toBe(false)
    expect(clients.has(authorComments.clientID)).toBe(false)
  })

  it('brings an emptied manuscript back to the replica’s text, with none of the comments', () => {
    const { second, replica, reviewer } = writtenTwice()
    const lost = new Y.Doc()
    const update = textAhead(replica, lost)!
    Y.applyUpdate(lost, update)
    expect(textOf(fragment(lost))).toBe(textOf(fragment(second)))
    expect([...lost.share.keys()]).toEqual([TEXT_ROOT])
    expect(Y.decodeStateVector(Y.encodeStateVector(lost)).has(reviewer.clientID)).toBe(false)
    expect(textAhead(replica, lost)).toBeNull()
  })

  it('keeps one history: what the author typed after the loss and the restored text, the same on both sides', () => {
    const { afterFirst, replica } = writtenTwice()
    // The second session's changes were lost; the author goes on writing in a new session.
    const damaged = new Y.Doc()
    Y.applyUpdate(damaged, afterFirst)
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(damaged))
    damaged.on('update', (update: Uint8Array) => Y.applyUpdate(replica, update))
    edit(fragment(damaged), (tr) => tr.insertText('Later: ', find(tr.doc, 'Nobody').from))
    expect(textOf(fragment(damaged))).not.toBe(textOf(fragment(replica)))

    const replicaBefore = Y.encodeStateVector(replica)
    Y.applyUpdate(damaged, textAhead(replica, damaged)!)
    expect(textOf(fragment(damaged))).toBe(textOf(fragment(replica)))
    expect(textOf(fragment(damaged))).toBe('The ferry came in at six.\nLater: Nobody met it. Not even the harbourmaster.')
    // Nothing new reached the replica: the manuscript gained only what the replica already held.
    expect(Y.encodeStateVector(replica)).toEqual(replicaBefore)
  })

  it('carries a lost deletion', () => {
    const { second, replica } = writtenTwice()
    const beforeCut = Y.encodeStateAsUpdate(second)
    edit(fragment(second), (tr) => {
      const { from, to } = find(tr.doc, ' Not even the harbourmaster.')
      tr.delete(from, to)
    })
    const stale = new Y.Doc()
    Y.applyUpdate(stale, beforeCut)
    expect(Y.encodeStateVector(stale)).toEqual(Y.encodeStateVector(second))
    const update = textAhead(replica, stale)
    expect(update).not.toBeNull()
    Y.applyUpdate(stale, update!)
    expect(textOf(fragment(stale))).toBe('The ferry came in at six.\nNobody met it.')
  })

  it('carries a heading level changed in a later session', () => {
    const { second, replica } = writtenTwice()
    const third = new Y.Doc()
    Y.applyUpdate(third, Y.encodeStateAsUpdate(second))
    third.on('update', (update: Uint8Array) => Y.applyUpdate(replica, update))
    edit(fragment(third), (tr) => tr.setNodeMarkup(0, undefined, { level: 3 }))
    expect(textClients(replica).has(third.clientID)).toBe(true)
    Y.applyUpdate(second, textAhead(replica, second)!)
    expect(fragment(second).toJSON()).toBe(fragment(third).toJSON())
    expect(fragment(second).toJSON()).toContain('level="3"')
  })

  it('never carries the deletion of a comment', () => {
    const { second, replica, reviewer } = writtenTwice()
    reviewer.getMap(memberRoot('rita')).delete('t1')
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(reviewer))
    expect(textAhead(replica, second)).toBeNull()
  })
})
