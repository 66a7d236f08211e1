/**
 * mammoth's HTML as document sections: cut at each top-level Heading 1 and
 * parsed into ProseMirror blocks with the manuscript schema's own parse rules
 * (so bold, italic, quotes, lists and breaks map as a paste would), headings
 * shifted one level down: Word's Heading 1 is the chapter title, Heading 2 a
 * chapter's first heading level, anything deeper its second.
 *
 * A long manuscript is parsed in slices of a few milliseconds with a pause
 * in between, so the window keeps painting and the progress bar moves.
 */
import { DOMParser as ProseMirrorParser, type Node, type ParseRule } from 'prosemirror-model'
import type { WordSection } from '../../shared/manuscript/importChapters'
import { schema } from '../../shared/schema'

const HEADING_TAG = /^h[1-6]$/i

const rules: ParseRule[] = [
  ...ProseMirrorParser.fromSchema(schema).rules.filter((rule) => !('tag' in rule && rule.tag && HEADING_TAG.test(rule.tag))),
  { tag: 'h2', node: 'heading', attrs: { level: 1 } },
  ...['h3', 'h4', 'h5', 'h6'].map((tag) => ({ tag, node: 'heading', attrs: { level: 2 } })),
]
const parser = new ProseMirrorParser(schema, rules)

/** Elements parsed at once; slices end on time, batches on size. */
const BATCH_ELEMENTS = 64
const SLICE_MS = 12

export interface SectionOptions {
  /** Told how many of the top-level elements are done, after each slice. */
  onProgress?: (done: number, total: number) => void
  /** Lets the browser paint between slices. */
  pause?: () => Promise<void>
  /** True once the user cancelled: parsing stops at the next slice. */
  cancelled?: () => boolean
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0))

/** Cuts `body` (mammoth's output, parsed into a DOM) into sections; moves its children while doing so. */
export async function sectionsFromHtml(body: Element, options: SectionOptions = {}): Promise<WordSection[]> {
  const pause = options.pause ?? nextTask
  const elements = Array.from(body.children)
  const sections: WordSection[] = [{ title: null, blocks: [] }]
  const doc = body.ownerDocument
  let batch = doc.createElement('div')
  const flush = () => {
    if (!batch.firstChild) return
    const parsed: Node = parser.parse(batch)
    parsed.forEach((block) => sections[sections.length - 1]!.blocks.push(block))
    batch = doc.createElement('div')
  }
  let sliceStart = performance.now()
  for (let i = 0; i < elements.length; i++) {
    const element = elements[i]!
    if (element.tagName.toLowerCase() === 'h1') {
      flush()
      sections.push({ title: element.textContent ?? '', blocks: [] })
    } else {
      batch.appendChild(element)
      if (batch.childElementCount >= BATCH_ELEMENTS) flush()
    }
    if (performance.now() - sliceStart > SLICE_MS) {
      flush()
      options.onProgress?.(i + 1, elements.length)
      await pause()
      if (options.cancelled?.()) throw new ImportCancelled()
      sliceStart = performance.now()
    }
  }
  flush()
  options.onProgress?.(elements.length, elements.length)
  return sections
}

/** Thrown when the user cancels an import half-way. */
export class ImportCancelled extends Error {
  constructor() {
    super('Import cancelled.')
    this.name = 'ImportCancelled'
  }
}
