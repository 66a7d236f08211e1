/** Ids of books, chapters and documents: also used as file names, so kept to a safe alphabet. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{6,64}$/

export function isId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value)
}
