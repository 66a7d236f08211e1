/**
 * A manuscript as the exporters see it: plain data, independent of where the
 * text and the comments are stored. Chapters are ProseMirror documents;
 * comments carry ProseMirror positions in their chapter, already resolved by
 * the caller. Word (`docx.ts`) and the print document (`print.ts`) both take
 * this, so the two formats cannot drift apart.
 */
import type { Node } from 'prosemirror-model'
import { schema } from '../schema'

/** One reply under a comment. */
export interface ManuscriptReply {
  author: string
  /** Milliseconds since the epoch. */
  date: number
  body: string
}

/** An open comment thread on a passage of its chapter. */
export interface ManuscriptComment {
  /**
   * The passage as ProseMirror positions in the chapter's `doc`; null when
   * the passage was deleted (the comment then sits on the chapter title and
   * quotes what it was about).
   */
  range: { from: number; to: number } | null
  /** The passage as it read when the comment was made. */
  quote: string
  author: string
  date: number
  body: string
  replies: ManuscriptReply[]
}

export interface ManuscriptChapter {
  title: string
  doc: Node
  /** Open threads only, in reading order or not: the exporters sort them. */
  comments: ManuscriptComment[]
}

/** Who wrote it and how to reach them: page 1 of a standard manuscript. */
export interface ContactDetails {
  /** The author's name as on the byline; the header uses its last word. */
  name: string
  /** Postal address, one line per line. */
  address: string
  email: string
  phone: string
}

export type ManuscriptFont = 'times' | 'courier'

/** A chapter's feedback summary for the export: a section per draft, in sentences (src/shared/review/summary.ts). */
export interface ManuscriptSummary {
  chapterTitle: string
  drafts: Array<{ heading: string; lines: string[] }>
}

export interface Manuscript {
  /** The book's title: on page 1 and in the running header. */
  title: string
  /** A whole book starts on a title page; a single chapter starts right under the title. */
  kind: 'book' | 'chapter'
  contact: ContactDetails
  font: ManuscriptFont
  chapters: ManuscriptChapter[]
  /** Write each open thread as a comment. */
  includeComments: boolean
  /** The review's feedback summary, written after the chapters when chosen. */
  summary?: ManuscriptSummary[]
}

/** A manuscript as structured-clone data, to cross into a worker. */
export type ManuscriptData = Omit<Manuscript, 'chapters'> & {
  chapters: Array<Omit<ManuscriptChapter, 'doc'> & { doc: Record<string, unknown> }>
}

export function manuscriptToData(manuscript: Manuscript): ManuscriptData {
  return { ...manuscript, chapters: manuscript.chapters.map((c) => ({ ...c, doc: c.doc.toJSON() as Record<string, unknown> })) }
}

/** Rebuilds the documents; throws a RangeError on a document the schema does not allow. */
export function manuscriptFromData(data: ManuscriptData): Manuscript {
  return { ...data, chapters: data.chapters.map((c) => ({ ...c, doc: schema.nodeFromJSON(c.doc) })) }
}
