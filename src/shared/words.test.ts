import { expect, test } from 'vitest'
import { countWords } from './words'

test.each([
  ['', 0],
  ['   \n ', 0],
  ['One.', 1],
  ['It’s a well-known fact — truly.', 5],
  ['Ça va, Zoë? 1984 was long.', 6],
  ['line one\nline two', 4],
  ['— … —', 0],
])('%j has %i words', (text, words) => {
  expect(countWords(text)).toBe(words)
})
