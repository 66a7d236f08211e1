// @vitest-environment happy-dom
import { DOMParser as ProseMirrorParser, Fragment, type Node } from 'prosemirror-model'
import { describe, expect, test } from 'vitest'
import { schema } from '../../../shared/schema'
import { cleanPastedHtml, droppedNotice } from './cleanPaste'
import googleDocs from './fixtures/google-docs.html?raw'
import word from './fixtures/word.html?raw'

/** What ProseMirror makes of the cleaned clipboard HTML in the manuscript schema. */
function pasted(html: string): { doc: Node; notice: string | null } {
  const cleaned = cleanPastedHtml(html)
  const container = document.createElement('div')
  container.innerHTML = cleaned.html
  return { doc: ProseMirrorParser.fromSchema(schema).parse(container), notice: droppedNotice(cleaned.dropped) }
}

type Inline = Node | string
const text = (content: Inline[]) => content.map((c) => (typeof c === 'string' ? schema.text(c) : c))
const marked = (mark: string, attrs?: Record<string, unknown>) => (s: string) => schema.text(s, [schema.marks[mark]!.create(attrs)])
const em = marked('em')
const strong = marked('strong')
const link = (href: string) => marked('link', { href })
const p = (...c: Inline[]) => schema.node('paragraph', null, Fragment.from(text(c)))
const h1 = (...c: Inline[]) => schema.node('heading', { level: 1 }, Fragment.from(text(c)))
const li = (...blocks: Node[]) => schema.node('list_item', null, blocks)
const ul = (...items: Node[]) => schema.node('bullet_list', null, items)
const ol = (order: number, ...items: Node[]) => schema.node('ordered_list', { order }, items)
const doc = (...blocks: Node[]) => schema.node('doc', null, blocks)

// Both apps' clipboards hold the same little chapter: a link, a footnote, two lists, a table and an image.
const chapter = doc(
  h1('The Harbour'),
  p(
    'The harbour was quiet before dawn, as ',
    link('https://example.org/tides')('the tide tables'),
    ' promised. Gulls ',
    strong('argued'),
    ' over the ',
    em('nets'),
    '. [Footnote: Tide tables for 1923, kept at the harbour office.]',
  ),
  ul(li(p('Nets'), ul(li(p('Mended ', em('twice'))))), li(p('Floats'))),
  ol(1, li(p('Check the ', link('https://example.org/tides')('tide'))), li(p('Cast off'))),
  p('They rowed out at six.'),
)

describe.each([
  ['Word', word],
  ['Google Docs', googleDocs],
])('paste from %s', (_app, html) => {
  test('keeps headings, links, bold and italic, and real nested lists', () => {
    const { doc: got } = pasted(html)
    expect(got.toString()).toBe(chapter.toString())
    expect(got.eq(chapter)).toBe(true)
  })

  test('moves the footnote into its paragraph and leaves no stray paragraph or rule behind', () => {
    const { doc: got } = pasted(html)
    const paragraphs: string[] = []
    got.descendants((node) => {
      if (node.isTextblock) paragraphs.push(node.textContent)
      return !node.isTextblock
    })
    expect(paragraphs.filter((t) => t.includes('Tide tables for 1923'))).toHaveLength(1)
    expect(paragraphs.some((t) => /^\s*(\[1\])?\s*$/.test(t))).toBe(false)
    let rules = 0
    got.descendants((node) => void (node.type.name === 'scene_break' && rules++))
    expect(rules).toBe(0)
  })

  test('leaves out the table and the image, and says so in one line', () => {
    const { doc: got, notice } = pasted(html)
    expect(got.textContent).not.toContain('High tide')
    expect(notice).toBe('Pasted without 1 table and 1 image: chapters hold text only.')
  })
})

describe('Word lists', () => {
  const item = (list: string, level: number, marker: string, body: string) =>
    `<p class=MsoListParagraph style='mso-list:${list} level${level} lfo1'><![if !supportLists]><span><span style='mso-list:Ignore'>${marker}<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;</span></span></span><![endif]>${body}<o:p></o:p></p>`

  test('numbering keeps its start, letters and roman numerals count as ordered, and depth follows the level', () => {
    const html = [item('l0', 1, '3.', 'three'), item('l0', 2, 'a)', 'three a'), item('l0', 3, 'i.', 'deep'), item('l0', 1, '4.', 'four')].join('\n')
    const deep = ol(1, li(p('deep')))
    const expected = doc(ol(3, li(p('three'), ol(1, li(p('three a'), deep))), li(p('four'))))
    expect(pasted(html).doc.toString()).toBe(expected.toString())
    expect(pasted(html).doc.eq(expected)).toBe(true)
  })

  test('two lists one after the other stay two lists, and a paragraph between ends a list', () => {
    const html = [item('l0', 1, '·', 'a'), item('l1', 1, '1.', 'one'), '<p class=MsoNormal>Between.</p>', item('l1', 1, '·', 'b')].join('\n')
    expect(pasted(html).doc.eq(doc(ul(li(p('a'))), ol(1, li(p('one'))), p('Between.'), ul(li(p('b')))))).toBe(true)
  })
})

test('nothing left out, nothing said; plain HTML passes through', () => {
  const { doc: got, notice } = pasted('<p>Just <a href="https://example.org">a link</a> and <a href="javascript:alert(1)">a trap</a>.</p>')
  expect(notice).toBeNull()
  expect(got.eq(doc(p('Just ', link('https://example.org')('a link'), ' and a trap.')))).toBe(true)
})

test('the notice counts what it left out', () => {
  expect(droppedNotice({ tables: 2, images: 0 })).toBe('Pasted without 2 tables: chapters hold text only.')
  expect(droppedNotice({ tables: 0, images: 3 })).toBe('Pasted without 3 images: chapters hold text only.')
  expect(droppedNotice({ tables: 0, images: 0 })).toBeNull()
})
