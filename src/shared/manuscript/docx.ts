/**
 * A manuscript as a Word document in standard manuscript format (see
 * `format.ts`), built with the `docx` package. Pure: plain data in, bytes
 * out, so it runs in a worker, in Node and in tests alike.
 *
 * Chapter titles are Word's "Heading 1" and headings inside a chapter
 * "Heading 2" and "Heading 3", block quotes the "Quote" style, lists Word
 * numbering, scene breaks a centred `#`: exactly what the importer reads,
 * so a document Quire wrote comes back as the same chapters.
 */
import {
  AlignmentType,
  Document,
  Header,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  TabStopType,
  TextRun,
  type ICommentOptions,
  type INumberingOptions,
  type IParagraphOptions,
  type ParagraphChild,
} from 'docx'
import type { Node } from 'prosemirror-model'
import { commentMarkers, type CommentMarkers } from './docxComments'
import {
  CHAPTER_DROP_IN,
  contactLines,
  FONT_FAMILY,
  FONT_SIZE_PT,
  headerPrefix,
  INDENT_IN,
  manuscriptWords,
  MARGIN_IN,
  PAGE_HEIGHT_IN,
  PAGE_WIDTH_IN,
  SCENE_BREAK,
  TITLE_DROP_IN,
  wordCountLine,
} from './format'
import type { Manuscript } from './model'

/** Word measures in twentieths of a point: 1440 to the inch. */
const twips = (inches: number) => Math.round(inches * 1440)
const SINGLE = 240
const DOUBLE = 480
const BULLETS = 'quire-bullets'
const numbersFrom = (start: number) => `quire-numbers-${start}`
const LIST_LEVELS = 9

/** Walks chapter documents into Word paragraphs, numbering each list as its own instance. */
class Writer {
  private listInstance = 0
  readonly orderedStarts = new Set<number>()

  constructor(private readonly markers: CommentMarkers) {}

  chapter(doc: Node): Paragraph[] {
    const out: Paragraph[] = []
    doc.forEach((child, offset) => this.block(child, offset, out, { quote: false }))
    const rest = this.markers.rest()
    if (rest.length > 0) out.push(new Paragraph({ children: rest }))
    return out
  }

  private block(node: Node, pos: number, out: Paragraph[], at: Place): void {
    const inner = (each: (child: Node, childPos: number) => void) => node.forEach((child, offset) => each(child, pos + 1 + offset))
    switch (node.type.name) {
      case 'paragraph':
        out.push(new Paragraph({ ...paragraphLayout(at), children: this.inline(node, pos) }))
        return
      case 'heading':
        out.push(new Paragraph({ heading: node.attrs.level === 1 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_3, children: this.inline(node, pos) }))
        return
      case 'scene_break':
        out.push(new Paragraph({ alignment: AlignmentType.CENTER, indent: { firstLine: 0 }, children: [...this.markers.upTo(pos), new TextRun(SCENE_BREAK)] }))
        return
      case 'blockquote':
        inner((child, childPos) => this.block(child, childPos, out, { ...at, quote: true }))
        return
      case 'bullet_list':
      case 'ordered_list': {
        const level = at.list ? Math.min(at.list.level + 1, LIST_LEVELS - 1) : 0
        let reference = BULLETS
        if (node.type.name === 'ordered_list') {
          const start = Math.max(0, Math.floor(Number(node.attrs.order) || 1))
          this.orderedStarts.add(start)
          reference = numbersFrom(start)
        }
        const list = { reference, level, instance: ++this.listInstance }
        inner((item, itemPos) => {
          // An item's first paragraph carries the number; the rest of it lines up under the text.
          item.forEach((child, offset) => {
            const numbered = offset === 0 && child.type.name === 'paragraph'
            this.block(child, itemPos + 1 + offset, out, { quote: at.quote, list: { ...list, numbered } })
          })
        })
        return
      }
      default:
        inner((child, childPos) => this.block(child, childPos, out, at))
    }
  }

  /** A textblock's runs, with comment ranges opened and closed between characters. */
  private inline(node: Node, pos: number): ParagraphChild[] {
    const runs: ParagraphChild[] = []
    const start = pos + 1
    node.forEach((child, offset) => {
      const from = start + offset
      runs.push(...this.markers.upTo(from))
      if (!child.isText) {
        if (child.type.name === 'hard_break') runs.push(new TextRun({ break: 1 }))
        return
      }
      const text = child.text ?? ''
      const style = { bold: child.marks.some((m) => m.type.name === 'strong'), italics: child.marks.some((m) => m.type.name === 'em') }
      let at = 0
      for (const cut of this.markers.cutsWithin(from, from + text.length)) {
        runs.push(new TextRun({ text: text.slice(at, cut - from), ...style }), ...this.markers.upTo(cut))
        at = cut - from
      }
      runs.push(new TextRun({ text: text.slice(at), ...style }))
    })
    runs.push(...this.markers.endsUpTo(start + node.content.size))
    return runs
  }
}

/** Where a block sits: inside a quote, inside a list (and whether it is the numbered first paragraph of its item). */
interface Place {
  quote: boolean
  list?: { reference: string; level: number; instance: number; numbered: boolean }
}

function paragraphLayout(at: Place): Partial<IParagraphOptions> {
  if (at.list?.numbered) return { numbering: { reference: at.list.reference, level: at.list.level, instance: at.list.instance } }
  if (at.list) return { indent: { left: twips(INDENT_IN * (at.list.level + 1)), firstLine: 0 } }
  if (at.quote) return { style: 'Quote' }
  return {}
}

function numbering(orderedStarts: ReadonlySet<number>): INumberingOptions {
  const levels = (format: (typeof LevelFormat)[keyof typeof LevelFormat], text: (level: number) => string, start = 1) =>
    Array.from({ length: LIST_LEVELS }, (_, level) => ({
      level,
      format,
      text: text(level),
      start: level === 0 ? start : 1,
      alignment: AlignmentType.START,
      style: { paragraph: { indent: { left: twips(INDENT_IN * (level + 1)), hanging: twips(0.25) } } },
    }))
  return {
    config: [
      { reference: BULLETS, levels: levels(LevelFormat.BULLET, (level) => ['•', '◦', '▪'][level % 3]!) },
      ...[...orderedStarts].map((start) => ({ reference: numbersFrom(start), levels: levels(LevelFormat.DECIMAL, (level) => `%${level + 1}.`, start) })),
    ],
  }
}

/** Page 1: contact block and word count at the top, then the title and byline halfway down. */
function titleBlock(manuscript: Manuscript): Paragraph[] {
  const lines = contactLines(manuscript.contact)
  const words = wordCountLine(manuscriptWords(manuscript))
  const plain = { spacing: { line: SINGLE }, indent: { firstLine: 0 } }
  const right = [{ type: TabStopType.RIGHT, position: twips(PAGE_WIDTH_IN - 2 * MARGIN_IN) }]
  const contact = (lines.length > 0 ? lines : ['']).map(
    (line, i) => new Paragraph({ ...plain, tabStops: right, children: [new TextRun(line), ...(i === 0 ? [new TextRun({ text: `\t${words}` })] : [])] }),
  )
  const byline = manuscript.contact.name.trim()
  return [
    ...contact,
    new Paragraph({ style: 'Title', spacing: { before: twips(TITLE_DROP_IN), line: DOUBLE }, children: [new TextRun(manuscript.title)] }),
    ...(byline ? [new Paragraph({ alignment: AlignmentType.CENTER, indent: { firstLine: 0 }, children: [new TextRun(`by ${byline}`)] })] : []),
  ]
}

/** The feedback summary after the chapters, on a page of its own: a heading per chapter and per draft. */
function summarySection(manuscript: Manuscript): Paragraph[] {
  const chapters = (manuscript.summary ?? []).filter((c) => c.drafts.length > 0)
  if (chapters.length === 0) return []
  const plain = { indent: { firstLine: 0 } }
  return [
    new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: true, children: [new TextRun('Feedback summary')] }),
    ...chapters.flatMap((chapter) => [
      new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(chapter.chapterTitle)] }),
      ...chapter.drafts.flatMap((draft) => [
        new Paragraph({ heading: HeadingLevel.HEADING_3, children: [new TextRun(draft.heading)] }),
        ...draft.lines.map((line) => new Paragraph({ ...plain, children: [new TextRun(line)] })),
      ]),
    ]),
  ]
}

/** The Word document for a manuscript. */
export function manuscriptDocument(manuscript: Manuscript): Document {
  const markers = commentMarkers(manuscript.includeComments ? manuscript.chapters : [])
  const writer = new Writer(markers)
  const body: Paragraph[] = titleBlock(manuscript)
  manuscript.chapters.forEach((chapter, index) => {
    markers.enterChapter(index)
    // A book starts each chapter on a new page, a third of the way down; a single chapter follows its title on page 1.
    const newPage = manuscript.kind === 'book'
    body.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_1,
        pageBreakBefore: newPage,
        spacing: { before: newPage ? twips(CHAPTER_DROP_IN) : twips(0.33) },
        children: markers.aroundTitle(new TextRun(chapter.title)),
      }),
      ...writer.chapter(chapter.doc),
    )
  })
  body.push(...summarySection(manuscript))
  const font = FONT_FAMILY[manuscript.font]
  const size = FONT_SIZE_PT * 2
  const heading = { run: { font, size, bold: true, color: '000000' }, paragraph: { spacing: { before: DOUBLE / 2, after: 0, line: DOUBLE }, indent: { firstLine: 0 }, keepNext: true } }
  return new Document({
    creator: manuscript.contact.name || 'Quire',
    title: manuscript.title,
    comments: { children: markers.definitions() as ICommentOptions[] },
    numbering: numbering(writer.orderedStarts),
    styles: {
      default: {
        document: { run: { font, size }, paragraph: { spacing: { line: DOUBLE, before: 0, after: 0 }, indent: { firstLine: twips(INDENT_IN) } } },
        heading1: { ...heading, paragraph: { ...heading.paragraph, alignment: AlignmentType.CENTER, spacing: { ...heading.paragraph.spacing, after: DOUBLE } } },
        heading2: heading,
        heading3: { ...heading, run: { ...heading.run, bold: false, italics: true } },
        title: { run: { font, size, bold: false, color: '000000' }, paragraph: { alignment: AlignmentType.CENTER, indent: { firstLine: 0 } } },
      },
      paragraphStyles: [
        { id: 'Quote', name: 'Quote', basedOn: 'Normal', next: 'Normal', paragraph: { indent: { left: twips(INDENT_IN), right: twips(INDENT_IN), firstLine: 0 } } },
      ],
    },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: twips(PAGE_WIDTH_IN), height: twips(PAGE_HEIGHT_IN) },
            margin: { top: twips(MARGIN_IN), right: twips(MARGIN_IN), bottom: twips(MARGIN_IN), left: twips(MARGIN_IN), header: twips(MARGIN_IN / 2) },
          },
        },
        headers: {
          // Page 1 carries the contact block instead; the running header starts on page 2.
          first: new Header({ children: [new Paragraph({ children: [] })] }),
          default: new Header({
            children: [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                spacing: { line: SINGLE },
                indent: { firstLine: 0 },
                children: [new TextRun({ children: [headerPrefix(manuscript), PageNumber.CURRENT] })],
              }),
            ],
          }),
        },
        children: body,
      },
    ],
  })
}

/** The manuscript as the bytes of a .docx file. */
export function manuscriptDocx(manuscript: Manuscript): Promise<Uint8Array> {
  return Packer.pack(manuscriptDocument(manuscript), 'uint8array')
}
