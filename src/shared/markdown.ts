import MarkdownIt, { type StateCore, type Token } from 'markdown-it'
import { MarkdownParser, MarkdownSerializer, type MarkdownSerializerState } from 'prosemirror-markdown'
import type { Node, NodeType } from 'prosemirror-model'
import { schema } from './schema'

/**
 * Markdown import and export for the manuscript schema.
 *
 * Heading scheme. A chapter file is `# Chapter title` followed by the body with
 * its headings one level down (`##` for level 1, `###` for level 2), so every
 * exported file has a single top-level heading. A book is `# Book title`, then
 * each chapter as `## Chapter title` with body headings two levels down (`###`,
 * `####`): a chapter section cut out of a book file is a chapter file one level
 * deeper. {@link importChapter} takes a leading heading of any level as the
 * title and reads the body's headings relative to it, so both kinds of file
 * import back exactly, and a hand-written `# Title` / `## Section` / `### Sub`
 * file gives levels 1 and 2.
 *
 * Known losses (Markdown cannot say these): empty paragraphs, hard breaks at the
 * end of a block, whitespace at the start or end of a line, hard breaks in
 * headings deeper than `##` (written as spaces), and emphasis whose inner edge is
 * punctuation directly touching a letter outside it (`*a.*b`).
 */

type Env = { rebase?: boolean; titleLevel?: number }

/** Rewrites what the schema cannot hold into what it can, keeping the text. */
function flattenInline(tokens: Token[]): Token[] {
  const out: Token[] = []
  for (const t of tokens) {
    if (t.type === 'code_inline') t.type = 'text'
    if (t.type === 'image') for (const c of flattenInline(t.children ?? [])) out.push(c)
    else if (!['link_open', 'link_close', 'html_inline'].includes(t.type)) out.push(t)
  }
  return out
}

function quireRule(state: StateCore): void {
  const tokens: Token[] = []
  for (const t of state.tokens) {
    if (t.type === 'code_block' || t.type === 'fence') {
      // Code becomes a plain paragraph; its lines are kept with hard breaks.
      const inline = new state.Token('inline', '', 0)
      inline.children = []
      t.content.replace(/\n$/, '').split('\n').forEach((line, i) => {
        if (i) inline.children!.push(new state.Token('hardbreak', 'br', 0))
        const text = new state.Token('text', '', 0)
        text.content = line
        inline.children!.push(text)
      })
      tokens.push(new state.Token('paragraph_open', 'p', 1), inline, new state.Token('paragraph_close', 'p', -1))
    } else if (t.type !== 'html_block') {
      if (t.type === 'inline') t.children = flattenInline(t.children ?? [])
      tokens.push(t)
    }
  }
  // Fold heading levels to the schema's two: absolutely (`#` → 1, deeper → 2),
  // or, when importing a chapter, relative to a leading title heading.
  const env = state.env as Env
  const level = (t: Token) => Number(t.tag.slice(1))
  const heads = tokens.filter((t) => t.type === 'heading_open')
  let top = 1
  if (env.rebase && tokens[0]?.type === 'heading_open') {
    const title = (env.titleLevel = level(tokens[0]))
    top = heads.slice(1).some((t) => level(t) <= title) ? title : title + 1
  }
  for (const t of heads) t.tag = level(t) <= top ? 'h1' : 'h2'
  state.tokens = tokens
}

const parser = new MarkdownParser(
  schema,
  MarkdownIt('commonmark', { html: false, maxNesting: 100 }).use((md) => md.core.ruler.push('quire', quireRule)),
  {
    paragraph: { block: 'paragraph' },
    heading: { block: 'heading', getAttrs: (t) => ({ level: t.tag === 'h1' ? 1 : 2 }) },
    blockquote: { block: 'blockquote' },
    hr: { node: 'scene_break' },
    bullet_list: { block: 'bullet_list' },
    ordered_list: { block: 'ordered_list', getAttrs: (t) => ({ order: Number(t.attrGet('start') ?? 1) }) },
    list_item: { block: 'list_item' },
    hardbreak: { node: 'hard_break' },
    em: { mark: 'em' },
    strong: { mark: 'strong' },
  },
)

function parse(text: string, env: Env): Node {
  const source = String(text ?? '')
  try {
    return parser.parse(source, env)
  } catch {
    // Not expected; a safety net so an import never fails outright.
    const paras = source.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean)
    return schema.node('doc', null, (paras.length ? paras : ['']).map((p) => schema.node('paragraph', null, p ? schema.text(p) : [])))
  }
}

/**
 * Parses CommonMark into a manuscript doc. `#` gives a level-1 heading, `##`
 * and deeper level 2; thematic breaks become scene breaks. Code becomes plain
 * paragraphs, images their alt text, links their text; raw HTML stays literal
 * text. Never throws; empty input gives one empty paragraph.
 */
export function parseMarkdown(text: string): Node {
  return parse(text, {})
}

/** Escapes text so it reads back as exactly this text in its position. */
function escapeText(text: string, lineStart: boolean, atx: boolean): string {
  const src = text.replace(/\r\n?|\n/g, ' ')
  let s = src.replace(/[\\`*_~[\]<]/g, (c, i: number) =>
    c === '_' && /\w/.test(src[i - 1] ?? '') && /\w/.test(src[i + 1] ?? '') ? c : `\\${c}`,
  )
  s = s.replace(/&(?=#?[a-z0-9]+;)/gi, '\\&')
  if (lineStart) {
    s = s.replace(/^([ \t]*)(?:([-+>=]|#{1,6}(?=[ \t]|$))|(\d{1,9})([.)])(?=[ \t]|$))/, (_m, ws: string, ch?: string, num?: string, d?: string) =>
      ch ? `${ws}\\${ch}` : `${ws}${num}\\${d}`,
    )
  }
  return atx ? s.replace(/(^|[ \t])(#+[ \t]*)$/, '$1\\$2') : s
}

type Serialize = (state: MarkdownSerializerState, node: Node, parent: Node, index: number) => void

/** How many siblings of the same type directly precede `index`. */
function run(parent: Node, index: number, type: NodeType): number {
  let n = 0
  while (index - n > 0 && parent.child(index - n - 1).type === type) n++
  return n
}

const blank = (n: Node | null | undefined) => !n || (n.type.name === 'paragraph' && !/\S/.test(n.textContent))

/** A serializer writing headings `shift` levels deeper than their level. */
function serializer(shift: number): MarkdownSerializer {
  let lineStart = false // the next text begins a line
  let atx = false // inside a one-line `#` heading
  const list = (state: MarkdownSerializerState, node: Node, parent: Node, index: number, weak: boolean, indent: string, marker: (i: number) => string) => {
    // A list that cannot interrupt a paragraph (empty first item, or numbered
    // from other than 1) needs a blank line before it, even in a tight list.
    weak ||= blank(node.firstChild?.firstChild)
    let before = false
    for (let i = 0; i < index; i++) before ||= !blank(parent.child(i))
    if (weak && before) state.write()
    state.renderList(node, indent, marker)
  }
  const nodes: Record<string, Serialize> = {
    paragraph(state, node) {
      lineStart = true
      state.renderInline(node)
      state.closeBlock(node)
    },
    heading(state, node) {
      const level = Math.max(1, Math.min(6, Number(node.attrs.level) + shift))
      let breaks = false
      node.forEach((c) => (breaks ||= c.type.name === 'hard_break'))
      // Setext (`===`/`---` underline) headings may span lines; `#` ones may not.
      const setext = level <= 2 && breaks && /\S/.test(node.textContent)
      if (!setext) state.write(`${'#'.repeat(level)} `)
      atx = !setext
      lineStart = setext
      state.renderInline(node, setext)
      atx = false
      if (setext) {
        state.ensureNewLine()
        state.write(level === 1 ? '===' : '---')
      }
      state.closeBlock(node)
    },
    blockquote(state, node) {
      state.wrapBlock('> ', null, node, () => state.renderContent(node))
    },
    scene_break(state, node) {
      state.write('* * *')
      state.closeBlock(node)
    },
    // Adjacent lists alternate markers (`*`/`-`, `.`/`)`) so they stay apart.
    bullet_list(state, node, parent, index) {
      const marker = run(parent, index, node.type) % 2 ? '- ' : '* '
      list(state, node, parent, index, false, '  ', () => marker)
    },
    ordered_list(state, node, parent, index) {
      const order = Number(node.attrs.order)
      const start = Number.isInteger(order) && order >= 0 && order + node.childCount <= 1e9 ? order : 1
      const delim = run(parent, index, node.type) % 2 ? ')' : '.'
      const width = String(start + node.childCount - 1).length
      list(state, node, parent, index, start !== 1, ' '.repeat(width + 2), (i) => `${String(start + i).padStart(width)}${delim} `)
    },
    list_item(state, node) {
      state.renderContent(node)
    },
    text(state, node) {
      state.text(escapeText(node.text ?? '', lineStart, atx), false)
      lineStart = false
    },
    hard_break(state, node, parent, index) {
      // Markdown has no hard break at the end of a block: those are dropped.
      for (let i = index + 1; i < parent.childCount; i++) {
        if (parent.child(i).type !== node.type) {
          state.write(atx ? ' ' : '\\\n')
          lineStart = !atx
          return
        }
      }
    },
  }
  return new MarkdownSerializer(nodes, {
    em: { open: '*', close: '*', mixable: true, expelEnclosingWhitespace: true },
    strong: { open: '**', close: '**', mixable: true, expelEnclosingWhitespace: true },
  })
}

/**
 * Serializes a manuscript doc as CommonMark: `#`/`##` headings, `* * *` scene
 * breaks, tight lists, `>` quotes, `*em*`, `**strong**`, backslash hard breaks,
 * with escaping such that {@link parseMarkdown} gives back an equal doc (up to
 * the losses listed at the top of this module). No trailing newline.
 */
export function serializeMarkdown(doc: Node): string {
  return serializer(0).serialize(doc, { tightLists: true })
}

function titleHeading(title: string, level: number): string {
  const text = String(title ?? '').replace(/\s+/g, ' ').trim()
  const heading = schema.node('heading', { level: 1 }, text ? schema.text(text) : [])
  return serializer(level - 1).serialize(schema.node('doc', null, heading)).trimEnd()
}

function file(parts: string[]): string {
  return `${parts.map((p) => p.trimEnd()).filter(Boolean).join('\n\n')}\n`
}

/**
 * A chapter as a Markdown file: `# Title`, then the body with its headings one
 * level down (`##`, `###`). {@link importChapter} reads it back exactly.
 */
export function chapterMarkdown(title: string, doc: Node): string {
  return file([titleHeading(title, 1), serializer(1).serialize(doc, { tightLists: true })])
}

/**
 * A whole book as one Markdown file: `# Book title`, then each chapter as
 * `## Chapter title` with body headings two levels down (`###`, `####`). Each
 * chapter's section, cut out on its own, imports with {@link importChapter} as
 * that chapter; the whole file imports as one chapter titled after the book,
 * chapter titles as level-1 headings and their sections as level 2.
 */
export function bookMarkdown(bookTitle: string, chapters: { title: string; doc: Node }[]): string {
  return file([titleHeading(bookTitle, 1), ...chapters.flatMap((c) => [titleHeading(c.title, 2), serializer(2).serialize(c.doc, { tightLists: true })])])
}

function headingText(node: Node): string {
  return node.textBetween(0, node.content.size, ' ', ' ').replace(/\s+/g, ' ').trim()
}

/**
 * The title of a Markdown file: the text of the heading it starts with (of any
 * level, `# Title` being usual), else `fallback`.
 */
export function titleFromMarkdown(text: string, fallback: string): string {
  const env: Env = { rebase: true }
  const first = parse(text, env).firstChild
  return (env.titleLevel !== undefined && first?.type.name === 'heading' && headingText(first)) || fallback
}

/**
 * Imports a Markdown file as a chapter. A leading heading (any level) becomes
 * the title and is removed from the body; headings one level below it become
 * level 1 and deeper ones level 2 (or, when the body has headings as high as
 * the title, levels count from the title's own). Without a leading heading, or
 * with an empty one, the title is the file name without directory and extension.
 */
export function importChapter(text: string, fileName: string): { title: string; doc: Node } {
  const env: Env = { rebase: true }
  const doc = parse(text, env)
  const base = String(fileName ?? '').split(/[\\/]/).pop() ?? ''
  const named = (base.replace(/\.[^.]*$/, '') || base).trim() || 'Untitled'
  const first = doc.firstChild
  if (env.titleLevel === undefined || !first || first.type.name !== 'heading') return { title: named, doc }
  const rest = doc.content.cut(first.nodeSize)
  return {
    title: headingText(first) || named,
    doc: rest.childCount ? doc.copy(rest) : schema.node('doc', null, schema.node('paragraph')),
  }
}
