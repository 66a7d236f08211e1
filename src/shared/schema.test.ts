import { expect, test } from 'vitest'
import { prosemirrorToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror'
import * as Y from 'yjs'
import type { Mark } from 'prosemirror-model'
import { schema } from './schema'
import { TEXT_ROOT } from './ydoc'

const link = (href: string) => schema.marks.link!.create({ href })
const linkDOM = (mark: Mark) => schema.marks.link!.spec.toDOM!(mark, true)

test('y-prosemirror stores a link as the text’s formatting attribute `link: { href }`, and reads it back', () => {
  const doc = schema.node('doc', null, [
    schema.node('paragraph', null, [schema.text('See '), schema.text('the log', [link('https://example.org/log')]), schema.text(' and '), schema.text('code', [schema.marks.code!.create()])]),
  ])
  const ydoc = new Y.Doc()
  prosemirrorToYXmlFragment(doc, ydoc.getXmlFragment(TEXT_ROOT))
  const text = (ydoc.getXmlFragment(TEXT_ROOT).get(0) as Y.XmlElement).get(0) as Y.XmlText
  expect(text.toDelta()).toEqual([
    { insert: 'See ' },
    { insert: 'the log', attributes: { link: { href: 'https://example.org/log' } } },
    { insert: ' and ' },
    { insert: 'code', attributes: { code: {} } },
  ])
  // Through an update, as a peer or the disk would hand it over.
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(ydoc))
  expect(yXmlFragmentToProseMirrorRootNode(copy.getXmlFragment(TEXT_ROOT), schema).eq(doc)).toBe(true)
})

test('a link whose address is not http, https or mailto is drawn without an address (a peer’s text is untrusted)', () => {
  const ydoc = new Y.Doc()
  const paragraph = new Y.XmlElement('paragraph')
  ydoc.getXmlFragment(TEXT_ROOT).insert(0, [paragraph])
  const text = new Y.XmlText()
  paragraph.insert(0, [text])
  text.insert(0, 'click me', { link: { href: 'javascript:alert(1)' } })
  const doc = yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(TEXT_ROOT), schema)
  const mark = doc.firstChild!.firstChild!.marks[0]!
  expect(mark.type.name).toBe('link')
  expect(linkDOM(mark)).toEqual(['a', {}, 0])
  expect(linkDOM(link('https://example.org'))).toEqual(['a', { href: 'https://example.org', title: 'https://example.org', rel: 'noopener noreferrer nofollow' }, 0])
})

test('pasted or dropped HTML keeps only safe links', () => {
  const rule = schema.marks.link!.spec.parseDOM![0]! as { getAttrs: (dom: unknown) => unknown }
  const anchor = (href: string) => ({ getAttribute: (name: string) => (name === 'href' ? href : null) })
  expect(rule.getAttrs(anchor(' https://example.org/a '))).toEqual({ href: 'https://example.org/a' })
  expect(rule.getAttrs(anchor('mailto:ada@example.org'))).toEqual({ href: 'mailto:ada@example.org' })
  for (const unsafe of ['javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd', '#_ftn1', 'chapter-2.html', 'quire://invite#x']) {
    expect(rule.getAttrs(anchor(unsafe)), unsafe).toBe(false)
  }
})

test('bold and italic cannot apply inside inline code (Markdown could not say it)', () => {
  const code = schema.marks.code!.create()
  expect(schema.marks.strong!.create().addToSet([code])).toEqual([code])
  expect(code.addToSet([schema.marks.em!.create()])).toEqual([code])
})
