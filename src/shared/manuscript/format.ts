/**
 * Standard manuscript format, the one agents and editors expect (after
 * William Shunn's "Proper Manuscript Format"), in numbers both exporters
 * share: 12 pt Times New Roman or Courier, double-spaced, 1-inch margins,
 * half-inch first-line indents, "Surname / Title / page" at the top right
 * from page 2, contact details and a rounded word count on page 1, `#`
 * between scenes, every chapter on a new page a third of the way down.
 */
import type { Node } from 'prosemirror-model'
import { countWords } from '../words'
import type { ContactDetails, Manuscript, ManuscriptFont } from './model'

export const FONT_FAMILY: Record<ManuscriptFont, string> = { times: 'Times New Roman', courier: 'Courier New' }
/** Fallbacks for the print document, where the named font may be missing. */
export const FONT_STACK: Record<ManuscriptFont, string> = {
  times: '"Times New Roman", Times, "Liberation Serif", serif',
  courier: '"Courier New", Courier, "Liberation Mono", monospace',
}
export const FONT_SIZE_PT = 12
export const MARGIN_IN = 1
export const INDENT_IN = 0.5
/** US Letter; A4 readers get the same margins. */
export const PAGE_WIDTH_IN = 8.5
export const PAGE_HEIGHT_IN = 11
/** Where a chapter title sits on its new page: about a third of the way down. */
export const CHAPTER_DROP_IN = 2.5
/** Where the title sits on page 1: about halfway down. */
export const TITLE_DROP_IN = 3
export const SCENE_BREAK = '#'

/** Words in a chapter document, counted as the editor counts them. */
export function wordsIn(doc: Node): number {
  return countWords(doc.textBetween(0, doc.content.size, '\n', ' '))
}

export function manuscriptWords(manuscript: Manuscript): number {
  return manuscript.chapters.reduce((sum, c) => sum + wordsIn(c.doc), 0)
}

/**
 * The word count as page 1 gives it: rounded, the way agents read it —
 * to the nearest 100 under 10,000 words, to the nearest 1,000 above.
 */
export function wordCountLine(words: number): string {
  if (words < 100) return `${words} ${words === 1 ? 'word' : 'words'}`
  const step = words < 10_000 ? 100 : 1000
  return `about ${(Math.round(words / step) * step).toLocaleString('en-US')} words`
}

/** The byline's last word: "Ada Lovelace" → "Lovelace". */
export function surnameOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean)
  return words[words.length - 1] ?? ''
}

/** The running header's text before the page number: "Surname / Title / ". */
export function headerPrefix(manuscript: Pick<Manuscript, 'title' | 'contact'>): string {
  const surname = surnameOf(manuscript.contact.name)
  const title = manuscript.title.trim()
  return [surname, title].filter(Boolean).map((part) => `${part} / `).join('')
}

/** The contact block's lines, top left of page 1: name, address lines, phone, email. */
export function contactLines(contact: ContactDetails): string[] {
  return [contact.name, ...contact.address.split(/\r?\n/), contact.phone, contact.email].map((line) => line.trim()).filter(Boolean)
}

/** Initials for a comment's author: "Rita Reviewer" → "RR". */
export function initialsOf(name: string): string {
  const letters = name
    .trim()
    .split(/\s+/)
    .map((word) => [...word][0] ?? '')
    .join('')
  return letters.slice(0, 4).toUpperCase() || '?'
}
