/**
 * Comment threads as Word comments: where each range opens and closes in the
 * text, and the comments themselves. A thread becomes a comment on its
 * passage, its replies comments threaded under it (Word's `parentId`), all
 * with their authors' names and dates. Positions are ProseMirror positions in
 * the chapter, as the caller resolved them.
 */
import { CommentRangeEnd, CommentRangeStart, CommentReference, Paragraph, TextRun, type ICommentOptions, type ParagraphChild } from 'docx'
import { initialsOf } from './format'
import type { ManuscriptChapter, ManuscriptComment } from './model'

interface Marker {
  pos: number
  kind: 'end' | 'start'
  ids: number[]
}

/** The markers of the chapter being written, consumed in document order. */
export interface CommentMarkers {
  enterChapter(index: number): void
  /** Every marker due at or before `pos`. */
  upTo(pos: number): ParagraphChild[]
  /** Positions strictly between `from` and `to` where a marker is due: text runs are cut there. */
  cutsWithin(from: number, to: number): number[]
  /** The ends due at or before `pos` (a block's end): a start there belongs to the next block's text. */
  endsUpTo(pos: number): ParagraphChild[]
  /** Threads whose passage was deleted wrap the chapter title. */
  aroundTitle(title: TextRun): ParagraphChild[]
  /** What is left at the end of the chapter. */
  rest(): ParagraphChild[]
  /** Every comment of every chapter, for the document's comments part. */
  definitions(): ICommentOptions[]
}

const plain = { spacing: { line: 240 }, indent: { firstLine: 0 } }
const bodyParagraphs = (body: string) => body.split(/\r?\n/).map((line) => new Paragraph({ ...plain, children: [new TextRun(line)] }))

const opening = (ids: number[]) => ids.map((id) => new CommentRangeStart(id))
const closing = (ids: number[]) => ids.flatMap((id) => [new CommentRangeEnd(id), new TextRun({ children: [new CommentReference(id)] })])

export function commentMarkers(chapters: readonly ManuscriptChapter[]): CommentMarkers {
  const definitions: ICommentOptions[] = []
  let nextId = 0
  const perChapter = chapters.map((chapter) => {
    const markers: Marker[] = []
    const detached: number[] = []
    const sorted = [...chapter.comments].sort((a, b) => (a.range?.from ?? -1) - (b.range?.from ?? -1) || a.date - b.date)
    for (const comment of sorted) {
      const ids = define(comment)
      if (comment.range && comment.range.to > comment.range.from) {
        markers.push({ pos: comment.range.from, kind: 'start', ids }, { pos: comment.range.to, kind: 'end', ids })
      } else detached.push(...ids)
    }
    // Ends before starts at one position: a passage that ends where another begins closes first.
    markers.sort((a, b) => a.pos - b.pos || (a.kind === b.kind ? 0 : a.kind === 'end' ? -1 : 1))
    return { markers, detached }
  })

  function define(comment: ManuscriptComment): number[] {
    const root = nextId++
    const body = comment.range ? comment.body : `On a passage since deleted: “${comment.quote}”\n${comment.body}`
    definitions.push({ id: root, author: comment.author, initials: initialsOf(comment.author), date: new Date(comment.date), children: bodyParagraphs(body) })
    const ids = [root]
    for (const reply of comment.replies) {
      const id = nextId++
      definitions.push({ id, parentId: root, author: reply.author, initials: initialsOf(reply.author), date: new Date(reply.date), children: bodyParagraphs(reply.body) })
      ids.push(id)
    }
    return ids
  }

  let current: { markers: Marker[]; detached: number[] } = { markers: [], detached: [] }
  let next = 0
  const render = (marker: Marker) => (marker.kind === 'start' ? opening(marker.ids) : closing(marker.ids))
  const take = (until: (marker: Marker) => boolean): ParagraphChild[] => {
    const out: ParagraphChild[] = []
    while (next < current.markers.length && until(current.markers[next]!)) out.push(...render(current.markers[next++]!))
    return out
  }

  return {
    enterChapter(index) {
      current = perChapter[index] ?? { markers: [], detached: [] }
      next = 0
    },
    upTo: (pos) => take((m) => m.pos <= pos),
    cutsWithin(from, to) {
      const cuts: number[] = []
      for (let i = next; i < current.markers.length && current.markers[i]!.pos < to; i++) {
        const pos = current.markers[i]!.pos
        if (pos > from && cuts[cuts.length - 1] !== pos) cuts.push(pos)
      }
      return cuts
    },
    endsUpTo: (pos) => take((m) => m.pos <= pos && m.kind === 'end'),
    aroundTitle: (title) => [...opening(current.detached), title, ...closing(current.detached)],
    rest: () => take(() => true),
    definitions: () => definitions,
  }
}
