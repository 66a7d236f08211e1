import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { checkUpdate } from './updateValidation'

describe('checkUpdate', () => {
  test('accepts real updates, including the empty one', () => {
    const doc = new Y.Doc()
    doc.getText('t').insert(0, 'hello world')
    doc.getXmlFragment('prosemirror').insert(0, [new Y.XmlElement('paragraph')])
    expect(checkUpdate(Y.encodeStateAsUpdate(doc))).toBeNull()
    expect(checkUpdate(Y.encodeStateAsUpdate(new Y.Doc()))).toBeNull()
    expect(checkUpdate(Uint8Array.of(0, 0))).toBeNull()
  })

  test('accepts an update whose dependencies are missing (it stays pending)', () => {
    const doc = new Y.Doc()
    const text = doc.getText('t')
    text.insert(0, 'first ')
    const before = Y.encodeStateVector(doc)
    text.insert(6, 'second')
    expect(checkUpdate(Y.encodeStateAsUpdate(doc, before))).toBeNull()
  })

  test('refuses garbage and truncated updates', () => {
    const doc = new Y.Doc()
    doc.getText('t').insert(0, 'some text that makes the update long enough to cut')
    const update = Y.encodeStateAsUpdate(doc)
    expect(checkUpdate(new Uint8Array())).toMatch(/undecodable/)
    expect(checkUpdate(Uint8Array.from([0x9d, 0xaa, 0x0d, 0x5b, 0x2a, 0x47]))).toMatch(/undecodable|fails to apply/)
    for (let length = 1; length < update.length; length++) expect(checkUpdate(update.subarray(0, length))).not.toBeNull()
  })
})
