/** Builders for manuscript tests: documents in the manuscript schema, and a reader for .docx parts. */
import { Fragment, type Node } from 'prosemirror-model'
import { schema } from '../../schema'
import type { ContactDetails, Manuscript, ManuscriptChapter } from '../model'

type Inline = Node | string
const inline = (content: Inline[]): Node[] => content.filter((c) => c !== '').map((c) => (typeof c === 'string' ? schema.text(c) : c))
const marked = (name: 'em' | 'strong') => (text: string) => schema.text(text, [schema.marks[name]!.create()])
export const em = marked('em')
export const strong = marked('strong')
export const emStrong = (text: string) => schema.text(text, [schema.marks.em!.create(), schema.marks.strong!.create()])
export const br = () => schema.node('hard_break')
export const p = (...c: Inline[]) => schema.node('paragraph', null, Fragment.from(inline(c)))
export const h = (level: 1 | 2, ...c: Inline[]) => schema.node('heading', { level }, Fragment.from(inline(c)))
export const quote = (...blocks: Node[]) => schema.node('blockquote', null, blocks)
export const sceneBreak = () => schema.node('scene_break')
export const li = (...blocks: Node[]) => schema.node('list_item', null, blocks)
export const ul = (...items: Node[]) => schema.node('bullet_list', null, items)
export const ol = (...items: Node[]) => schema.node('ordered_list', { order: 1 }, items)
export const doc = (...blocks: Node[]) => schema.node('doc', null, blocks)

export const CONTACT: ContactDetails = { name: 'Ada Lovelace', address: '12 St James’s Square\nLondon SW1Y 4JH', email: 'ada@example.org', phone: '+44 20 7946 0000' }

/** A chapter using every node and mark the schema has. */
export function richChapter(): Node {
  return doc(
    p('Rain came ', em('sideways'), ' and ', strong('hard'), '.'),
    p('A line', br(), 'and the next.'),
    sceneBreak(),
    h(1, 'Morning'),
    quote(p('Stay inside, she said.')),
    ul(li(p('shutters')), li(p('candles'), ul(li(p('matches'))))),
    h(2, 'Later'),
    ol(li(p('first')), li(p('second'))),
    p('The end of ', emStrong('it'), '.'),
  )
}

export function manuscriptOf(chapters: ManuscriptChapter[], overrides: Partial<Manuscript> = {}): Manuscript {
  return { title: 'The Analytical Engine', kind: 'book', contact: CONTACT, font: 'times', chapters, includeComments: true, ...overrides }
}

