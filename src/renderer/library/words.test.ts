import { expect, test } from 'vitest'
import { schema } from '../../shared/schema'
import { countWords } from '../../shared/words'
import { wordsInDoc } from './words'

const { nodes } = schema
const p = (text: string) => nodes.paragraph!.create(null, text ? schema.text(text) : null)

test('counting block by block gives the count of the whole text, lists and quotes included', () => {
  const doc = nodes.doc!.create(null, [
    nodes.heading!.create({ level: 1 }, schema.text('Chapter one')),
    p('It was late—the ferry’s lamp was out.'),
    nodes.scene_break!.create(),
    nodes.blockquote!.create(null, [p('Keep the light'), p('burning, she wrote.')]),
    nodes.bullet_list!.create(null, [nodes.list_item!.create(null, [p('rope'), nodes.bullet_list!.create(null, [nodes.list_item!.create(null, [p('hemp-rope')])])])]),
    p(''),
  ])
  expect(wordsInDoc(doc)).toBe(countWords(doc.textBetween(0, doc.content.size, '\n', ' ')))
  expect(wordsInDoc(doc)).toBe(18)
})

test('an edit is counted: the changed block is counted again, the others are remembered', () => {
  const before = nodes.doc!.create(null, [p('one two'), p('three')])
  expect(wordsInDoc(before)).toBe(3)
  const after = before.copy(before.content.replaceChild(1, p('three four five')))
  expect(after.child(0)).toBe(before.child(0))
  expect(wordsInDoc(after)).toBe(5)
})
