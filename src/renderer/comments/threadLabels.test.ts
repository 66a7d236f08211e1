import { expect, test } from 'vitest'
import type { Thread } from '../../shared/comments'
import { messageSubject, shortQuote, threadLabel, threadSubject } from './threadLabels'

const thread = (quote: string): Thread =>
  ({
    id: 't1',
    anchor: { quote } as Thread['anchor'],
    quote,
    authorId: 'rita',
    authorName: 'Rita',
    createdAt: 0,
    resolved: false,
    messages: [
      { id: 't1', authorId: 'rita', authorName: 'Rita', body: 'Where did they go?', createdAt: 0, deleted: false },
      { id: 'm2', authorId: 'ada', authorName: 'Ada', body: 'Sunk.', createdAt: 1, deleted: false },
    ],
  }) as Thread

test('buttons name whose comment they act on and the passage it is on', () => {
  expect(threadSubject(thread('the missing hulls'), 'ada')).toBe('Rita’s comment on “the missing hulls”')
  expect(threadSubject(thread('the missing hulls'), 'rita')).toBe('your comment on “the missing hulls”')
  expect(messageSubject(thread('the missing hulls'), 1, 'ada')).toBe('your reply on “the missing hulls”')
  expect(messageSubject(thread('the missing hulls'), 0, 'ada')).toBe('Rita’s comment on “the missing hulls”')
  expect(threadLabel(thread('the missing hulls'))).toBe('Comment by Rita on “the missing hulls”: Where did they go?')
})

test('long passages are cut at a word, with an ellipsis; line breaks become spaces', () => {
  expect(shortQuote('The harbour was quiet before dawn.\nGulls argued over the nets.')).toBe('The harbour was quiet before dawn. Gulls…')
  expect(shortQuote('x'.repeat(50))).toBe(`${'x'.repeat(40)}…`)
})

test('a suggested edit is named as one, with the words it proposes', () => {
  const suggested = { ...thread('quiet'), suggestion: { text: 'silent' } }
  expect(threadLabel(suggested)).toBe('Suggestion by Rita on “quiet”: silent')
  expect(threadSubject(suggested, 'ada')).toBe('Rita’s suggestion on “quiet”')
  expect(threadLabel({ ...thread('quiet'), suggestion: { text: '' } })).toBe('Suggestion by Rita on “quiet”: delete it')
})
