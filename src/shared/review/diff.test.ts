import { describe, expect, test } from 'vitest'
import { diffBlocks, diffSequences, diffWords, tokenize, unchanged } from './diff'

/** Applies a diff to its first text: the second must come out. */
const apply = (parts: ReturnType<typeof diffWords>) => parts.filter((p) => p.op !== 'delete').map((p) => p.text).join('')
const original = (parts: ReturnType<typeof diffWords>) => parts.filter((p) => p.op !== 'insert').map((p) => p.text).join('')

describe('diffWords', () => {
  test('a replaced word shows as the old word out and the new one in, the rest kept', () => {
    expect(diffWords('The harbour was quiet before dawn.', 'The port was quiet before dawn.')).toEqual([
      { op: 'same', text: 'The ' },
      { op: 'delete', text: 'harbour' },
      { op: 'insert', text: 'port' },
      { op: 'same', text: ' was quiet before dawn.' },
    ])
  })

  test('never splits a word, and keeps punctuation apart', () => {
    const parts = diffWords('gulls argued', 'gull argued!')
    expect(parts).toContainEqual({ op: 'delete', text: 'gulls' })
    expect(parts).toContainEqual({ op: 'insert', text: 'gull' })
    expect(parts).toContainEqual({ op: 'insert', text: '!' })
  })

  test('identical texts are unchanged; empty on either side is a pure insert or delete', () => {
    expect(unchanged(diffWords('same words', 'same words'))).toBe(true)
    expect(diffWords('', 'new')).toEqual([{ op: 'insert', text: 'new' }])
    expect(diffWords('old', '')).toEqual([{ op: 'delete', text: 'old' }])
  })

  test('random edits: the diff always rebuilds both texts', () => {
    let seed = 7
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    const words = ['sea', 'boat', 'the', 'harbour', 'quiet', ',', 'dawn', 'gulls', 'nets', 'storm']
    for (let round = 0; round < 200; round++) {
      const make = () => Array.from({ length: Math.floor(random() * 30) }, () => words[Math.floor(random() * words.length)]).join(' ')
      const a = make()
      const b = random() < 0.5 ? make() : a.replace(/boat/g, 'ship').slice(0, Math.floor(random() * a.length))
      const parts = diffWords(a, b)
      expect(original(parts)).toBe(a)
      expect(apply(parts)).toBe(b)
    }
  })

  test('a diff that would take too many edits gives up gracefully: all out, all in', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `a${i}`).join(' ')
    const b = Array.from({ length: 3000 }, (_, i) => `b${i}`).join(' ')
    const parts = diffWords(a, b)
    expect(original(parts)).toBe(a)
    expect(apply(parts)).toBe(b)
  })
})

test('tokenize keeps words with apostrophes and hyphens whole', () => {
  expect(tokenize('it’s a well-known  harbour.')).toEqual(['it’s', ' ', 'a', ' ', 'well-known', '  ', 'harbour', '.'])
})

test('diffSequences keeps the order of equal runs', () => {
  expect(diffSequences([1, 2, 3, 4], [1, 3, 4, 5])).toEqual([
    { op: 'same', items: [1] },
    { op: 'delete', items: [2] },
    { op: 'same', items: [3, 4] },
    { op: 'insert', items: [5] },
  ])
})

describe('diffBlocks', () => {
  test('an edited paragraph is a change diffed by words; added and removed paragraphs stand alone', () => {
    const before = ['Chapter one.', 'The harbour was quiet.', 'Gulls argued over the nets.', 'The end.']
    const after = ['Chapter one.', 'The harbour was silent.', 'The end.', 'A new ending.']
    expect(diffBlocks(before, after)).toEqual([
      { op: 'same', text: 'Chapter one.' },
      {
        op: 'change',
        parts: [
          { op: 'same', text: 'The harbour was ' },
          { op: 'delete', text: 'quiet' },
          { op: 'insert', text: 'silent' },
          { op: 'same', text: '.' },
        ],
      },
      { op: 'delete', text: 'Gulls argued over the nets.' },
      { op: 'same', text: 'The end.' },
      { op: 'insert', text: 'A new ending.' },
    ])
  })

  test('a paragraph replaced by something unrelated reads as one out, one in', () => {
    expect(diffBlocks(['Completely different words here.'], ['Nothing alike at all, really.'])).toEqual([
      { op: 'change', parts: [{ op: 'delete', text: 'Completely different words here.' }, { op: 'insert', text: 'Nothing alike at all, really.' }] },
    ])
  })
})
