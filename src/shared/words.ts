/** Counts words the way writers expect: runs of letters, digits and inner apostrophes or hyphens. */
export function countWords(text: string): number {
  const matches = text.match(/[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*/gu)
  return matches ? matches.length : 0
}

/** "1 word", "1,234 words". */
export function wordsLabel(words: number): string {
  return `${words.toLocaleString('en-US')} ${words === 1 ? 'word' : 'words'}`
}
