/** Counts words the way writers expect: runs of letters, digits and inner apostrophes or hyphens. */
export function countWords(text: string): number {
  const matches = text.match(/[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*/gu)
  return matches ? matches.length : 0
}
