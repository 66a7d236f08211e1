/**
 * A Word document's content as chapters: the importer (in the renderer,
 * where mammoth's HTML meets a DOM) cuts the document at each Heading 1 and
 * parses each part into ProseMirror blocks; this turns those parts into
 * chapters. Pure, so the rules are tested without a DOM.
 *
 * - A Heading 1 becomes the chapter's title (an empty one: "Chapter N").
 * - Text before the first Heading 1 becomes a chapter named after the file,
 *   flagged as front matter so the preview can offer to leave it out.
 * - A paragraph holding only a scene-break sign (`#`, `*`, `* * *`, `***`,
 *   `~`, `⁂`…) becomes a scene break.
 * - Empty paragraphs (Word's way of adding space) are dropped.
 */
import type { Node } from 'prosemirror-model'
import { schema } from '../schema'
import { wordsIn } from './format'

/** One part of the document: the text under a Heading 1, or (title null) the text before the first. */
export interface WordSection {
  title: string | null
  blocks: Node[]
}

export interface ImportedChapter {
  title: string
  doc: Node
  words: number
  /** The chapter's first lines, for the preview. */
  opening: string[]
  /** The text that came before the first Heading 1. */
  frontMatter: boolean
}

/** Longest chapter title the library accepts. */
export const MAX_TITLE_CHARS = 200
const OPENING_LINES = 2
const OPENING_CHARS = 160

const SCENE_BREAK_TEXT = /^(?:#(?:\s*#){0,2}|\*(?:\s*\*){0,4}|~(?:\s*~){0,4}|⁂|§|•(?:\s*•){0,4}|-\s*-\s*-)$/u

export function isSceneBreakText(text: string): boolean {
  return SCENE_BREAK_TEXT.test(text.replace(/\u00a0/g, ' ').trim())
}

const clean = (text: string) => text.replace(/\s+/g, ' ').trim()

/** The file name without folders and extension, or "Imported document". */
export function documentName(fileName: string): string {
  const base = String(fileName).split(/[\\/]/).pop() ?? ''
  return clean(base.replace(/\.[^.]*$/, '')).slice(0, MAX_TITLE_CHARS) || 'Imported document'
}

function chapterBlocks(blocks: readonly Node[]): Node[] {
  const out: Node[] = []
  for (const block of blocks) {
    if (block.type.name === 'paragraph') {
      const text = block.textContent
      if (isSceneBreakText(text)) {
        // Two breaks in a row, or a break opening the chapter, say nothing more than one or none.
        if (out.length > 0 && out[out.length - 1]!.type.name !== 'scene_break') out.push(schema.node('scene_break'))
        continue
      }
      // Blank paragraphs (hard breaks included) are spacing.
      if (!/\S/.test(text)) continue
    }
    out.push(block)
  }
  while (out[out.length - 1]?.type.name === 'scene_break') out.pop()
  return out
}

function openingOf(doc: Node): string[] {
  const lines: string[] = []
  doc.descendants((node) => {
    if (lines.length >= OPENING_LINES) return false
    if (!node.isTextblock) return true
    const text = clean(node.textContent)
    if (text) lines.push(text.length > OPENING_CHARS ? `${text.slice(0, OPENING_CHARS - 1).trimEnd()}…` : text)
    return false
  })
  return lines
}

/** The chapters of a Word document, in order; empty when it holds no text at all. */
export function chaptersFromSections(sections: readonly WordSection[], fileName: string): ImportedChapter[] {
  const chapters: ImportedChapter[] = []
  for (const section of sections) {
    const blocks = chapterBlocks(section.blocks)
    const frontMatter = section.title === null
    // Front matter with no words (a blank first page, a lone scene break) is not worth a chapter.
    if (frontMatter && !blocks.some((b) => /\S/.test(b.textContent))) continue
    const doc = schema.node('doc', null, blocks.length > 0 ? blocks : [schema.node('paragraph')])
    const title = frontMatter ? documentName(fileName) : clean(section.title ?? '').slice(0, MAX_TITLE_CHARS) || `Chapter ${chapters.filter((c) => !c.frontMatter).length + 1}`
    chapters.push({ title, doc, words: wordsIn(doc), opening: openingOf(doc), frontMatter })
  }
  return chapters
}
