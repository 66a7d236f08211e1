import MarkdownIt, { type StateCore, type Token } from 'markdown-it'
import { MarkdownParser, MarkdownSerializer, type MarkdownSerializerState } from 'prosemirror-markdown'
import { Fragment, type Mark, type Node, type NodeType } from 'prosemirror-model'
import { schema } from './schema'
import { isSafeExternalUrl } from './urls'

/**
 * Markdown import and export for the manuscript schema (CommonMark, via markdown-it and prosemirror-markdown).
 *
 * Heading scheme: a chapter file is `# Chapter title`, then the body with its headings one level down (`##`,
 * `###`), so a file has a single top heading. A book file is `# Book title`, then each chapter as `## Chapter
 * title` with body headings two levels down (`###`, `####`): a chapter cut out of it is a chapter file one level
 * deeper. {@link importChapter} takes a leading heading of any level as the title and reads the other headings
 * relative to it, so both import back exactly, and a hand-written `# Title`/`##`/`###` file gives levels 1 and 2.
 *
 * What Markdown cannot say is lost on export: empty paragraphs (but an empty list item or document stays), hard
 * breaks ending a block, whitespace at either end of a line, marks on whitespace or on hard breaks, line breaks in
 * headings written as `###` or deeper (they become spaces), and, rarely, bold and italic overlapping with no space
 * where one ends and the other goes on (`***a*b**` survives, `*a**b*c**` does not).
 */

type Env = { rebase?: boolean; titleLevel?: number }

/** A token that opens what `open` opened, for reopening a mark after something that must not carry it. */
function reopen(state: StateCore, open: Token): Token {
  const token = new state.Token(open.type, open.tag, 1)
  token.attrs = open.attrs ? open.attrs.map(([k, v]) => [k, v] as [string, string]) : null
  return token
}

/**
 * Rewrites inline tokens the schema cannot hold into ones it can, keeping their text: images become their alt
 * text, links to anything but web pages and e-mail lose the link, and hard breaks (all marks) and code spans
 * (emphasis) step outside the marks they cannot carry, as the serializer writes them.
 */
function flattenInline(tokens: Token[], state: StateCore): Token[] {
  const out: Token[] = []
  const open: Token[] = [] // em, strong and kept links, outermost first
  const links: boolean[] = [] // for each link_open, whether it was kept
  const around = (t: Token, names: string[]) => {
    const shut = open.filter((o) => names.includes(o.type.replace(/_open$/, '')))
    out.push(...shut.toReversed().map((o) => new state.Token(o.type.replace(/_open$/, '_close'), o.tag, -1)), t, ...shut.map((o) => reopen(state, o)))
  }
  for (const t of tokens) {
    if (t.type === 'image') for (const c of flattenInline(t.children ?? [], state)) out.push(c)
    else if (t.type === 'html_inline') continue
    else if (t.type === 'link_open') {
      const keep = isSafeExternalUrl(String(t.attrGet('href') ?? ''))
      links.push(keep)
      if (keep) {
        open.push(t)
        out.push(t)
      }
    } else if (t.type === 'link_close') {
      if (links.pop()) {
        open.splice(open.findLastIndex((o) => o.type === 'link_open'), 1)
        out.push(t)
      }
    } else if (t.type === 'hardbreak') around(t, ['em', 'strong', 'link'])
    else if (t.type === 'code_inline') around(t, ['em', 'strong'])
    else {
      if (t.type === 'em_open' || t.type === 'strong_open') open.push(t)
      else if (t.type === 'em_close' || t.type === 'strong_close') {
        const at = open.findLastIndex((o) => o.type === t.type.replace(/_close$/, '_open'))
        if (at >= 0) open.splice(at, 1)
      }
      out.push(t)
    }
  }
  return out
}

/** markdown-it core rule: code to plain paragraphs, inline clean-up, heading levels folded to the schema's two. */
function quireRule(state: StateCore): void {
  const tokens: Token[] = []
  for (const t of state.tokens) {
    if (t.type === 'code_block' || t.type === 'fence') {
      const inline = Object.assign(new state.Token('inline', '', 0), { children: [] as Token[] })
      t.content.replace(/\n$/, '').split('\n').forEach((line, i) => {
        if (i) inline.children.push(new state.Token('hardbreak', 'br', 0))
        inline.children.push(Object.assign(new state.Token('text', '', 0), { content: line }))
      })
      tokens.push(new state.Token('paragraph_open', 'p', 1), inline, new state.Token('paragraph_close', 'p', -1))
    } else if (t.type !== 'html_block') {
      if (t.type === 'inline') t.children = flattenInline(t.children ?? [], state)
      tokens.push(t)
    }
  }
  // `#` → 1 and deeper → 2; or, importing a chapter, relative to a leading title heading.
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
    link: { mark: 'link', getAttrs: (t) => ({ href: String(t.attrGet('href')) }) },
    code_inline: { mark: 'code', noCloseToken: true },
  },
)

function parse(text: string, env: Env): Node {
  const source = String(text ?? '')
  try {
    return parser.parse(source, env)
  } catch {
    // Not expected: a safety net so that an import never fails outright.
    const paras = source.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean)
    return schema.node('doc', null, (paras.length ? paras : ['']).map((p) => schema.node('paragraph', null, p ? schema.text(p) : [])))
  }
}

/**
 * Parses CommonMark into a manuscript doc: `#` is a level-1 heading, `##` and deeper level 2, a thematic break
 * (`***`, `---`, `* * *`) a scene break. Code becomes plain paragraphs (lines kept as hard breaks), images their alt
 * text, links their text; HTML is not interpreted and stays as literal text. Never throws; empty or blank input
 * gives a doc with one empty paragraph.
 */
export function parseMarkdown(text: string): Node {
  return parse(text, {})
}

/** Escapes text so it reads back as exactly this text; `lineStart`: it begins a line; `atx`: in a `#` heading. */
function escapeText(text: string, lineStart: boolean, atx: boolean): string {
  const src = text.replace(/\r\n?|\n/g, ' ')
  // `_` between two letters (or digits) can neither open nor close emphasis and is left as is.
  let s = src.replace(/[\\`*~[\]<]/g, '\\$&').replace(/(?<![^\s\p{P}\p{S}])_|_(?![^\s\p{P}\p{S}])/gu, '\\_')
  s = s.replace(/&(?=#?[a-z0-9]+;)/gi, '\\&')
  if (lineStart) {
    const block = /^([ \t]*)(?:([-+>=]|#{1,6}(?=[ \t]|$))|(\d{1,9})([.)])(?=[ \t]|$))/ // `- `, `> `, `# `, `1. `…
    s = s.replace(block, (_m, ws: string, ch?: string, num?: string, d?: string) => (ch ? `${ws}\\${ch}` : `${ws}${num}\\${d}`))
  }
  return atx ? s.replace(/(^|[ \t])(#+[ \t]*)$/, '$1\\$2') : s
}

const blank = (n: Node | null | undefined) => !n || (n.type.name === 'paragraph' && !/\S/.test(n.textContent))

/** How many lists of this type precede `index`, with nothing but empty paragraphs between them. */
function run(parent: Node, index: number, type: NodeType): number {
  let n = 0
  for (let i = index - 1; i >= 0 && (parent.child(i).type === type || blank(parent.child(i))); i--) n += Number(parent.child(i).type === type)
  return n
}

/**
 * Prepares inline content for writing: drops spaces and tabs starting a line (four would start a code block),
 * whitespace ending one, and marks on hard breaks and on runs of whitespace alone; orders each child's marks outermost first (the one whose run
 * began earlier, or at the same start lasts longer), the order the serializer opens them in, so that `***a*b**`
 * is not written as the unreadable `***a*****b**`.
 */
function prepareInline(node: Node): Node {
  const kids: Node[] = []
  node.forEach((c) => {
    const lineStart = !kids.length || !kids[kids.length - 1]!.isText
    const text = c.isText && lineStart ? c.text!.replace(/^[ \t]+/, '') : c.text
    if (!c.isText) kids.push(c.mark([]))
    // Marks on a run of only whitespace cannot be written reliably (and read back as none): drop them.
    else if (text) kids.push(schema.text(text, /\S/.test(text) ? c.marks : []))
  })
  for (let i = kids.length - 1; i >= 0; i--) {
    if (!kids[i]!.isText || kids[i + 1]?.isText) continue
    const text = kids[i]!.text!.replace(/\s+$/u, '')
    if (text) kids[i] = schema.text(text, kids[i]!.marks)
    else kids.splice(i, 1)
  }
  const spans = kids.map(() => new Map<string, [number, number]>())
  kids.forEach((c, i) => c.marks.forEach((m) => spans[i]!.set(m.type.name, [spans[i - 1]?.get(m.type.name)?.[0] ?? i, i])))
  for (let i = kids.length - 2; i >= 0; i--) for (const [k, s] of spans[i]!) s[1] = spans[i + 1]!.get(k)?.[1] ?? i
  // Code is always innermost: its text is written raw between backticks.
  const innermost = (m: Mark) => Number(m.type.name === 'code')
  const sorted = kids.map((c, i) => {
    const at = (m: Mark) => spans[i]!.get(m.type.name)!
    return c.marks.length < 2 ? c : c.mark([...c.marks].sort((a, b) => innermost(a) - innermost(b) || at(a)[0] - at(b)[0] || at(b)[1] - at(a)[1]))
  })
  return node.copy(Fragment.from(sorted))
}

/** Marks written with `*` delimiters, whose meaning depends on the characters either side. */
const DELIMITED = new Set(['em', 'strong'])

type Serialize = (state: MarkdownSerializerState, node: Node, parent: Node, index: number) => void

/** A link destination that reads back as `href`: bare when it can be, else in angle brackets. */
function linkDestination(href: string): string {
  return /^[^\s()<>\\]+$/.test(href) ? href : `<${href.replace(/[<>\\]/g, '\\$&')}>`
}

/**
 * One side of a code span around `text`: one backtick more than the longest run inside, and a space when the
 * text starts or ends with a backtick, or with spaces at both ends (CommonMark strips one from each side).
 */
function codeFence(text: string, opening: boolean): string {
  const ticks = '`'.repeat(Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length)) + 1)
  const pad = /^`|`$/.test(text) || (/^ [^]*[^ ][^]* $/.test(text)) ? ' ' : ''
  return opening ? ticks + pad : pad + ticks
}

/** A serializer writing headings `shift` levels deeper than their level. */
function serializer(shift: number): MarkdownSerializer {
  let lineStart = false // the next text begins a line
  let atx = false // inside a one-line `#` heading
  const list = (state: MarkdownSerializerState, node: Node, parent: Node, index: number, weak: boolean, indent: string, marker: (i: number) => string) => {
    // A list that cannot interrupt a paragraph (empty first item, or not starting at 1) needs a blank line before it.
    let after = false
    for (let i = 0; i < index; i++) after ||= !blank(parent.child(i))
    if ((weak || blank(node.firstChild?.firstChild)) && after) state.write()
    state.renderList(node, indent, marker)
  }
  const nodes: Record<string, Serialize> = {
    paragraph(state, node, parent, index) {
      // An item opening with an empty paragraph puts its next block on the next line: a blank one would end it.
      if (blank(node) && parent.type.name === 'list_item' && index === 0 && parent.childCount > 1) return state.ensureNewLine()
      lineStart = true
      state.renderInline(prepareInline(node))
      state.closeBlock(node)
    },
    heading(state, node) {
      const level = Math.max(1, Math.min(6, Number(node.attrs.level) + shift))
      let breaks = false
      node.forEach((c) => (breaks ||= c.type.name === 'hard_break'))
      // Setext headings (underlined with `===`/`---`) may span lines; `#` ones may not.
      const setext = level <= 2 && breaks && /\S/.test(node.textContent)
      if (!setext) state.write(`${'#'.repeat(level)} `)
      atx = !setext
      lineStart = setext
      state.renderInline(prepareInline(node), setext)
      atx = false
      if (setext) state.ensureNewLine()
      if (setext) state.write(level === 1 ? '===' : '---')
      state.closeBlock(node)
    },
    blockquote: (state, node) => state.wrapBlock('> ', null, node, () => state.renderContent(node)),
    scene_break(state, node) {
      state.write('* * *')
      state.closeBlock(node)
    },
    // Adjacent lists alternate markers (`*`/`-`, `.`/`)`), or they would read back as one list.
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
    list_item: (state, node) => state.renderContent(node),
    text(state, node, parent, index) {
      let s = escapeText(node.text ?? '', lineStart, atx)
      // A mark delimiter with punctuation inside and a letter outside does not count: write that letter as a
      // character reference, punctuation to the parser (`*a.*&#98;` is an italic "a." then "b").
      const own = parent.child(index).text ?? ''
      const [prev, next] = [index > 0 ? parent.child(index - 1) : null, parent.maybeChild(index + 1)]
      // Beside a link or code span the character next to the delimiter is its bracket or backtick: punctuation.
      const edge = (sib: Node | null, theirs: string) => (sib?.marks.some((m) => m.type.name === 'link' || m.type.name === 'code') ? '`' : theirs)
      const flanks = (sib: Node | null, mine = '', theirs = '') =>
        !!sib?.isText && sib.marks.some((m) => !m.isInSet(node.marks) && DELIMITED.has(m.type.name)) &&
        /^[^\s\p{P}\p{S}]$/u.test(mine) && /^[\p{P}\p{S}]$/u.test(edge(sib, theirs))
      const ref = (c: string) => `&#${c.codePointAt(0)};`
      if (flanks(prev, own.match(/^./u)?.[0], prev?.text?.match(/.$/u)?.[0])) s = s.replace(/^./u, ref)
      if (flanks(next, own.match(/.$/u)?.[0], next?.text?.match(/^./u)?.[0])) s = s.replace(/.$/u, ref)
      state.text(s, false)
      lineStart = false
    },
    hard_break(state, node, parent, index) {
      // Markdown has no hard break at the end of a block: those are dropped.
      for (let i = index + 1; i < parent.childCount; i++) {
        if (parent.child(i).type === node.type) continue
        state.write(atx ? ' ' : '\\\n')
        lineStart = !atx
        return
      }
    },
  }
  const em = { open: '*', close: '*', mixable: true, expelEnclosingWhitespace: true }
  const link = { open: '[', close: (_s: MarkdownSerializerState, mark: Mark) => `](${linkDestination(String(mark.attrs.href))})` }
  const codeText = (parent: Node, index: number) => parent.child(index).text ?? ''
  const code = {
    open: (_s: MarkdownSerializerState, _m: Mark, parent: Node, index: number) => codeFence(codeText(parent, index), true),
    close: (_s: MarkdownSerializerState, _m: Mark, parent: Node, index: number) => codeFence(codeText(parent, index - 1), false),
    escape: false,
  }
  return new MarkdownSerializer(nodes, { em, strong: { ...em, open: '**', close: '**' }, link, code })
}

/**
 * Serializes a doc with headings `shift` levels down. Long docs go in chunks cut before paragraphs and headings:
 * prosemirror-markdown's output buffer makes one pass quadratic in the document's length.
 */
function body(doc: Node, shift: number): string {
  const out = serializer(shift)
  const chunks: Node[][] = [[]]
  doc.forEach((b) => {
    if (chunks.at(-1)!.length >= 200 && (b.type.name === 'heading' || !blank(b))) chunks.push([])
    chunks.at(-1)!.push(b)
  })
  return chunks.map((c) => out.serialize(doc.copy(Fragment.from(c)), { tightLists: true })).filter(Boolean).join('\n\n')
}

/**
 * Serializes a manuscript doc as CommonMark that {@link parseMarkdown} reads back as an equal doc (but for what
 * Markdown cannot say, see the top of this module): `#`/`##` headings, `* * *` scene breaks, tight lists, `>`
 * quotes, `*em*`, `**strong**`, backslash hard breaks, and escaping wherever needed. No trailing newline.
 */
export function serializeMarkdown(doc: Node): string {
  return body(doc, 0)
}

function titleHeading(title: string, level: number): string {
  const text = String(title ?? '').replace(/\s+/g, ' ').trim()
  return body(schema.node('doc', null, schema.node('heading', { level: 1 }, text ? schema.text(text) : [])), level - 1)
}

const file = (parts: string[]) => `${parts.map((p) => p.trimEnd()).filter(Boolean).join('\n\n')}\n`

/** A chapter as a Markdown file: `# Title`, then the body with headings one level down (`##`, `###`). */
export function chapterMarkdown(title: string, doc: Node): string {
  return file([titleHeading(title, 1), body(doc, 1)])
}

/**
 * A book as one Markdown file: `# Book title`, then each chapter as `## Chapter title` with its body's headings two
 * levels down (`###`, `####`). A chapter's section cut out on its own imports with {@link importChapter} as that
 * chapter; the whole file imports as one chapter named after the book, chapter titles becoming level-1 headings.
 */
export function bookMarkdown(bookTitle: string, chapters: { title: string; doc: Node }[]): string {
  return file([titleHeading(bookTitle, 1), ...chapters.flatMap((c) => [titleHeading(c.title, 2), body(c.doc, 2)])])
}

const headingText = (node: Node) => node.textBetween(0, node.content.size, ' ', ' ').replace(/\s+/g, ' ').trim()

/** YAML front matter at the very start of a file: a `---` line, the YAML, then a `---` or `...` line. */
const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n(?:([^]*?)\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/

/** True when every line reads as YAML (`key: value`, indented, a list item or a comment), not as prose. */
const looksLikeYaml = (yaml: string) => yaml.split(/\r?\n/).every((l) => !l.trim() || /^(#|[ \t]|- )/.test(l) || /^[^\s:#][^:]*:([ \t]|$)/.test(l))

/** A one-line YAML scalar's text: plain (a trailing ` # comment` dropped), 'single' or "double" quoted. */
function yamlScalar(raw: string): string {
  const value = raw.trim()
  const double = /^"((?:[^"\\]|\\.)*)"/.exec(value)
  if (double) {
    try {
      return JSON.parse(`"${double[1]}"`) as string
    } catch {
      return double[1]!.replace(/\\(.)/g, '$1')
    }
  }
  const single = /^'((?:[^']|'')*)'/.exec(value)
  if (single) return single[1]!.replace(/''/g, "'")
  // Block scalars (`|`, `>`), lists and maps are not a one-line title.
  if (/^[|>[{]/.test(value)) return ''
  return value.replace(/\s+#.*$/, '').trim()
}

/**
 * Splits YAML front matter (as static site generators and note apps write it) from the Markdown after it. Only
 * its top-level `title:` is read; everything else in it is ignored. Text without front matter comes back whole.
 */
export function splitFrontMatter(text: string): { title: string | null; body: string } {
  const source = String(text ?? '')
  const match = FRONT_MATTER.exec(source)
  // A scene break, a line of prose and another break is not front matter.
  if (!match || !looksLikeYaml(match[1] ?? '')) return { title: null, body: source }
  const line = /^title[ \t]*:(.*)$/m.exec(match[1] ?? '')
  const title = line ? yamlScalar(line[1]!).replace(/\s+/g, ' ').trim() : ''
  return { title: title || null, body: source.slice(match[0].length) }
}

/**
 * The title of a Markdown file: its front matter's `title`, else the text of the heading it starts with
 * (`# Title`, or any level), else `fallback`.
 */
export function titleFromMarkdown(text: string, fallback: string): string {
  const { title, body } = splitFrontMatter(text)
  if (title) return title
  const env: Env = { rebase: true }
  const first = parse(body, env).firstChild
  return (env.titleLevel !== undefined && first?.type.name === 'heading' && headingText(first)) || fallback
}

/**
 * Imports a Markdown file as a chapter. YAML front matter at the top is read for its `title` (the chapter's
 * title) and otherwise left out. A leading heading of any level (usually `# Title`) is the title and leaves
 * the body (with front matter, only when it repeats that title); headings one level below it become level 1,
 * deeper ones level 2 (if the body has headings as high as the title, levels count from the title's own). If
 * the leading heading is empty, or there is none, the title is the file name without folders and extension
 * ("Untitled" if that is empty); with none, headings are read as {@link parseMarkdown} reads them. Never throws.
 */
export function importChapter(text: string, fileName: string): { title: string; doc: Node } {
  const { title: declared, body } = splitFrontMatter(text)
  const env: Env = { rebase: true }
  let doc = parse(body, env)
  const base = String(fileName ?? '').split(/[\\/]/).pop() ?? ''
  const named = (base.replace(/\.[^.]*$/, '') || base).trim() || 'Untitled'
  const first = doc.firstChild
  const leading = env.titleLevel !== undefined && first?.type.name === 'heading'
  if (declared && !(leading && headingText(first) === declared)) {
    // The front matter names the chapter and the text starts some other way: keep all of it.
    if (leading) doc = parse(body, {})
    return { title: declared, doc }
  }
  if (!leading) return { title: named, doc }
  const rest = doc.content.cut(first.nodeSize)
  return { title: declared ?? (headingText(first) || named), doc: rest.childCount ? doc.copy(rest) : schema.node('doc', null, schema.node('paragraph')) }
}
