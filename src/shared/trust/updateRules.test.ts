import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { TEXT_ROOT } from '../ydoc'
import { checkUpdate, memberRoot, rootsFor, type WriterRights } from './updateRules'

const AUTHOR = 'author-key-id'
const RITA = 'rita-key-id'
const OLU = 'olu-key-id'

/** A peer's document under a chosen client id, recording what it emits. */
function peer(clientId: number, base?: Y.Doc): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc()
  doc.clientID = clientId
  if (base) Y.applyUpdate(doc, Y.encodeStateAsUpdate(base))
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  return { doc, updates }
}

const rights = (memberId: string, clients: number[], isAuthor = false): WriterRights => ({ clients: new Set(clients), roots: rootsFor(memberId, isAuthor) })

/** A shared chapter where the author wrote text and Olu commented. */
function sharedChapter(): Y.Doc {
  const author = peer(1)
  const paragraph = new Y.XmlElement('paragraph')
  author.doc.getXmlFragment(TEXT_ROOT).insert(0, [paragraph])
  paragraph.insert(0, [new Y.XmlText('The boat left at dawn.')])
  const olu = peer(3, author.doc)
  const thread = new Y.Map<unknown>()
  olu.doc.getMap(memberRoot(OLU)).set('thread-1', thread)
  thread.set('body', 'Lovely.')
  Y.applyUpdate(author.doc, Y.encodeStateAsUpdate(olu.doc))
  return author.doc
}

describe('what a reviewer may write', () => {
  test('their own root: threads, edits and deletions of their own', () => {
    const rita = peer(2, sharedChapter())
    const root = rita.doc.getMap(memberRoot(RITA))
    const thread = new Y.Map<unknown>()
    root.set('thread-2', thread)
    thread.set('body', 'Too slow here.')
    thread.set('body', 'A little slow here.')
    root.delete('thread-2')
    for (const update of rita.updates) expect(checkUpdate(update, rights(RITA, [2]))).toBeNull()
  })

  test('not the chapter text', () => {
    const rita = peer(2, sharedChapter())
    const paragraph = rita.doc.getXmlFragment(TEXT_ROOT).get(0) as Y.XmlElement
    ;(paragraph.get(0) as Y.XmlText).insert(0, 'Forged: ')
    expect(checkUpdate(rita.updates[0]!, rights(RITA, [2]))).toMatch(/inside another writer's structure|next to another writer's/)
    const fresh = peer(2, sharedChapter())
    fresh.doc.getXmlFragment(TEXT_ROOT).insert(0, [new Y.XmlElement('paragraph')])
    expect(checkUpdate(fresh.updates[0]!, rights(RITA, [2]))).toMatch(/next to another writer's/)
    const empty = peer(2)
    empty.doc.getXmlFragment(TEXT_ROOT).insert(0, [new Y.XmlElement('paragraph')])
    expect(checkUpdate(empty.updates[0]!, rights(RITA, [2]))).toMatch(/writes into "prosemirror", which the writer does not own/)
  })

  test("not another member's root, thread or message", () => {
    const rita = peer(2, sharedChapter())
    rita.doc.getMap(memberRoot(OLU)).set('thread-9', 'claimed as Olu')
    expect(checkUpdate(rita.updates[0]!, rights(RITA, [2]))).toMatch(/writes into "m:olu-key-id"/)
    const rewrite = peer(2, sharedChapter())
    ;(rewrite.doc.getMap(memberRoot(OLU)).get('thread-1') as Y.Map<unknown>).set('body', 'Rewritten by Rita')
    expect(checkUpdate(rewrite.updates[0]!, rights(RITA, [2]))).toMatch(/another writer's/)
    const removal = peer(2, sharedChapter())
    removal.doc.getMap(memberRoot(OLU)).delete('thread-1')
    expect(checkUpdate(removal.updates[0]!, rights(RITA, [2]))).toMatch(/deletes another writer's structs \(client 3\)/)
  })

  test('not under a client id that is not theirs', () => {
    // Olu writes in his own root, but under Rita's client id: Rita's own next struct would look like a duplicate.
    const impostor = peer(2)
    impostor.doc.getMap(memberRoot(OLU)).set('thread-5', 'hello')
    expect(checkUpdate(impostor.updates[0]!, rights(OLU, [3]))).toMatch(/client id 2, which is not the writer's/)
  })
})

describe('what the author may write', () => {
  test('the text and their own root', () => {
    // A later session of the author's: a new client id, next to the text written under the first.
    const author = peer(4, sharedChapter())
    const paragraph = author.doc.getXmlFragment(TEXT_ROOT).get(0) as Y.XmlElement
    ;(paragraph.get(0) as Y.XmlText).insert(9, ' quietly')
    author.doc.getMap(memberRoot(AUTHOR)).set('resolutions', new Y.Map())
    for (const update of author.updates) expect(checkUpdate(update, rights(AUTHOR, [1, 4], true))).toBeNull()
  })

  test('not a reviewer’s thread', () => {
    const author = peer(4, sharedChapter())
    author.doc.getMap(memberRoot(OLU)).delete('thread-1')
    expect(checkUpdate(author.updates[0]!, rights(AUTHOR, [1, 4], true))).toMatch(/deletes another writer's/)
  })

  test('nothing nested deeper than the limit, no 5 MB run of text, no subdocument', () => {
    const bomb = peer(1)
    let parent: Y.XmlFragment | Y.XmlElement = bomb.doc.getXmlFragment(TEXT_ROOT)
    bomb.doc.transact(() => {
      for (let i = 0; i < 60; i++) {
        const quote = new Y.XmlElement('blockquote')
        parent.insert(0, [quote])
        parent = quote
      }
    })
    expect(checkUpdate(bomb.updates[0]!, rights(AUTHOR, [1], true))).toMatch(/nests types 49 deep/)

    const huge = peer(1)
    const paragraph = new Y.XmlElement('paragraph')
    huge.doc.getXmlFragment(TEXT_ROOT).insert(0, [paragraph])
    paragraph.insert(0, [new Y.XmlText('x'.repeat(5_000_000))])
    expect(checkUpdate(Y.encodeStateAsUpdate(huge.doc), rights(AUTHOR, [1], true))).toMatch(/a run of 5000000 characters/)

    const sub = peer(1)
    sub.doc.getMap(memberRoot(AUTHOR)).set('doc', new Y.Doc())
    expect(checkUpdate(sub.updates[0]!, rights(AUTHOR, [1], true))).toBe('it embeds a subdocument')
  })
})

test('garbage is refused with a reason, never thrown', () => {
  for (const bytes of [new Uint8Array([]), new Uint8Array([255, 255, 255, 255, 1]), new TextEncoder().encode('not an update at all')]) {
    expect(checkUpdate(bytes, rights(RITA, [2]))).toEqual(expect.any(String))
  }
})
