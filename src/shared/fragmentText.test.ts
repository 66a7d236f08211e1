import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { prosemirrorJSONToYXmlFragment } from 'y-prosemirror'
import { schema } from './schema'
import { fragmentText, fragmentWords } from './fragmentText'

function fragmentOf(content: unknown[]): Y.XmlFragment {
  const doc = new Y.Doc()
  const fragment = doc.getXmlFragment('prosemirror')
  prosemirrorJSONToYXmlFragment(schema, { type: 'doc', content }, fragment)
  return fragment
}

const p = (...content: unknown[]) => ({ type: 'paragraph', content })
const t = (text: string, marks?: string[]) => ({ type: 'text', text, ...(marks ? { marks: marks.map((type) => ({ type })) } : {}) })

describe('fragmentText', () => {
  test('one line per block, formatting and nesting flattened', () => {
    const fragment = fragmentOf([
      { type: 'heading', attrs: { level: 1 }, content: [t('Dawn')] },
      p(t('The '), t('boat', ['strong']), t(' left.')),
      { type: 'blockquote', content: [p(t('Said the fox.'))] },
      { type: 'bullet_list', content: [{ type: 'list_item', content: [p(t('one'))] }, { type: 'list_item', content: [p(t('two'))] }] },
      p(),
    ])
    expect(fragmentText(fragment)).toBe('Dawn\nThe boat left.\nSaid the fox.\none\ntwo\n')
    expect(fragmentWords(fragment)).toBe(9)
  })

  test('an empty chapter has no words', () => {
    expect(fragmentWords(new Y.Doc().getXmlFragment('prosemirror'))).toBe(0)
  })
})
