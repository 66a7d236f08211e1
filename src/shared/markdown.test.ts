import { describe, expect, it } from 'vitest'
import { Fragment, type Mark, type Node } from 'prosemirror-model'
import { schema } from './schema'
import { bookMarkdown, chapterMarkdown, importChapter, parseMarkdown, serializeMarkdown, titleFromMarkdown } from './markdown'

// Builders. Strings become plain text; `em(...)`/`strong(...)` wrap text in marks. Fragment.from joins adjacent
// text with equal marks, as the parser does, so built docs compare with `eq` to parsed ones.
type Inline = Node | string
const mark = (name: 'em' | 'strong') => (...content: (Inline | Node[])[]) => inline(content).map((n) => n.mark(schema.marks[name]!.create().addToSet(n.marks)))
const em = mark('em')
const strong = mark('strong')
const code = (...content: (Inline | Node[])[]) => inline(content).map((n) => n.mark(schema.marks.code!.create().addToSet(n.marks)))
const link = (href: string) => (...content: (Inline | Node[])[]) =>
  inline(content).map((n) => n.mark(schema.marks.link!.create({ href }).addToSet(n.marks)))
const inline = (content: (Inline | Node[])[]): Node[] => content.flat().map((c) => (typeof c === 'string' ? schema.text(c) : c))
const br = () => schema.node('hard_break')
const p = (...c: (Inline | Node[])[]) => schema.node('paragraph', null, Fragment.from(inline(c)))
const h = (level: 1 | 2, ...c: (Inline | Node[])[]) => schema.node('heading', { level }, Fragment.from(inline(c)))
const quote = (...blocks: Node[]) => schema.node('blockquote', null, blocks)
const hr = () => schema.node('scene_break')
const li = (...blocks: Node[]) => schema.node('list_item', null, blocks)
const ul = (...items: Node[]) => schema.node('bullet_list', null, items)
const ol = (order: number, ...items: Node[]) => schema.node('ordered_list', { order }, items)
const doc = (...blocks: Node[]) => schema.node('doc', null, blocks)

function expectRoundTrip(d: Node): string {
  const md = serializeMarkdown(d)
  const back = parseMarkdown(md)
  expect(back.toString(), md).toBe(d.toString())
  expect(back.eq(d), md).toBe(true)
  return md
}

const rich = () =>
  doc(
    h(1, 'Chapter ', em('One'), ': the ', strong('storm')),
    p('Plain text with ', em('emphasis'), ', ', strong('strong'), ' and ', strong('bold ', em('both')), ' text.'),
    p(strong(em('Both at once')), ' then ', em('italic ', strong('and bold')), ' and ', strong(em('both'), ' then bold'), '.'),
    p('Line one', br(), 'line two', br(), em('italic'), br(), 'end'),
    hr(),
    h(2, 'Special ', em('characters')),
    p('Stars * and ** and _underscores_ and snake_case, back\\slash \\* and [brackets] and ![not an image](x).'),
    p('# not a heading'),
    p('1. not a list'),
    p('2) also not, - nor this, + nor this, > nor a quote'),
    p('*', br(), '# after a break', br(), '3. still no list', br(), '- no bullet', br(), '---', br(), '=== no heading'),
    p('Entities: &amp; &#42; <http://not.a.link> <b>not html</b> `not code` ~~not struck~~ | a | b |'),
    p('Trailing hashes ##'),
    h(2, 'Heading with trailing ##'),
    h(1, '#'),
    p('Non-ASCII: naïve café — “quotes” ‘single’ 日本語 Ελληνικά emoji 🙂 and a non-breaking\u00a0space.'),
    p(em('a.'), 'b and c', em('.d'), ' and ', strong('(x)'), 'y'),
    h(1, 'Multi', br(), 'line heading'),
    quote(p('A quote with ', em('emphasis')), ul(li(p('list in a quote')), li(p('second'), ol(1, li(p('nested ordered')))))),
    quote(quote(p('Nested quote')), p('back')),
    ul(li(p('one')), li(p('two'), ul(li(p('two.a')), li(p('two.b'), ul(li(p('deep')))))), li(p('three'), p('second paragraph'), hr())),
    ul(li(p('adjacent list, a different list'))),
    ol(3, li(p('three')), li(p('four'), ol(7, li(p('seven')))), li(p('five'), quote(p('quoted in an item'))), li(p())),
    ol(1, li(p('adjacent ordered list'))),
    ul(li(p(), ul(li(p('item whose first paragraph is empty'))))),
    ol(10, li(p('ten')), li(p('eleven')), li(p('twelve'), h(2, 'heading in an item'))),
    p('Links: ', link('https://example.org/a?b=1&c=2#d')('a page'), ', ', link('mailto:ada@example.org')('mail'), ' and ', link('https://example.org/(x)_y')('odd ', em('address'))),
    p(em('see ', link('https://example.org')('this')), ' and ', link('https://example.org')(strong('bold'), ' link'), ' wow!', link('https://example.org/2')('[not an image]'), '.'),
    p(link('https://a.example')('one'), link('https://b.example')('two'), ' ', link('https://example.org')('across'), br(), link('https://example.org')('a break')),
    p('Code: ', code('npm install'), ', ', code('a `tick`'), ', ', code('``'), ', ', code(' padded '), ' and ', link('https://example.org')(code('code'), ' in a link'), '.'),
    h(2, 'Heading with ', code('code'), ' and a ', link('https://example.org')('link')),
    p('The end.'),
  )

describe('serializeMarkdown / parseMarkdown round trip', () => {
  it('keeps a document with every node and mark exactly', () => {
    const d = rich()
    d.check()
    expectRoundTrip(d)
  })

  it('writes plain Markdown a person can read', () => {
    const md = serializeMarkdown(
      doc(h(1, 'Title'), p('A ', em('b'), ' ', strong('c'), br(), 'd'), hr(), h(2, 'Sub'), ul(li(p('x')), li(p('y'), ul(li(p('z'))))), ol(2, li(p('two'))), quote(p('q'))),
    )
    expect(md).toBe('# Title\n\nA *b* **c**\\\nd\n\n* * *\n\n## Sub\n\n* x\n* y\n  * z\n\n2. two\n\n> q')
  })

  it('escapes only where needed', () => {
    expect(serializeMarkdown(doc(p('# a #b 1. x 1.5 snake_case *', br(), '1. b')))).toBe('\\# a #b 1. x 1.5 snake_case \\*\\\n1\\. b')
    expect(serializeMarkdown(doc(p('AT&T &amp; [x] <b> a_b _c_ back\\slash')))).toBe('AT&T \\&amp; \\[x\\] \\<b> a_b \\_c\\_ back\\\\slash')
    // A closing `*` after punctuation and before a letter would not close: the letter goes as a character reference.
    expect(serializeMarkdown(doc(p(em('Stop.'), 'Go ', strong('on'), '.')))).toBe('*Stop.*&#71;o **on**.')
  })

  it('loses only what Markdown cannot say', () => {
    const d = doc(p('  spaced  '), p(), p('trailing break', br()), p(em('italic '), 'text'))
    expect(serializeMarkdown(d)).toBe('spaced\n\ntrailing break\n\n*italic* text')
    expect(parseMarkdown(serializeMarkdown(d)).eq(doc(p('spaced'), p('trailing break'), p(em('italic'), ' text')))).toBe(true)
    expect(chapterMarkdown('T', doc(h(2, 'two', br(), 'lines')))).toBe('# T\n\n### two lines\n')
    // A link's address comes back percent-encoded where Markdown needs it: the same address.
    const spaced = link('https://example.org/a b')('spaced')
    expect(parseMarkdown(serializeMarkdown(doc(p(spaced)))).eq(doc(p(link('https://example.org/a%20b')('spaced'))))).toBe(true)
  })

  it('keeps empty documents, empty list items and adjacent lists', () => {
    expectRoundTrip(doc(p()))
    expectRoundTrip(doc(ul(li(p()), li(p('b')))))
    expectRoundTrip(doc(ul(li(p('a'))), ul(li(p('b'))), ul(li(p('c'))), ol(1, li(p('1'))), ol(1, li(p('2')))))
    expectRoundTrip(doc(ul(li(p('a'), ol(5, li(p('e')))), li(p('b'), ul(li(p())))), ul(li(p('c')))))
    expectRoundTrip(doc(ul(li(p(), hr())), ol(1, li(p(), quote(p('q'))))))
  })

  it('keeps long documents (serialized in chunks) exactly', () => {
    const blocks: Node[] = []
    for (let i = 0; i < 1500; i++) blocks.push(i % 7 === 3 ? ul(li(p(`item ${i}`))) : i % 11 === 5 ? ol(1, li(p(`n ${i}`))) : p(`Paragraph ${i} `, em('text')))
    expectRoundTrip(doc(...blocks))
  })
})

describe('parseMarkdown', () => {
  it('reads Markdown as a writer would write it', () => {
    const md = [
      'Title', '=====', '',
      'Some *italic*, _also italic_, **bold**, __also bold__ and ***both***.', 'A soft break joins lines.  ', 'Two spaces break a line.\\', 'So does a backslash.', '',
      '## Scene', '', '### Deeper headings fold to level 2', '', '###### Even this', '',
      '***', '', '---', '', '* * *', '', '___', '',
      '- dash', '+ plus', '', '1) one', '2) two', '', '5. five', '   - nested', '', '> quoted', '> - item', '>', '> > nested quote', '',
      'Caf&eacute; &amp; &#8212; \\*literal\\*',
    ].join('\n')
    const expected = doc(
      h(1, 'Title'),
      p('Some ', em('italic'), ', ', em('also italic'), ', ', strong('bold'), ', ', strong('also bold'), ' and ', em(strong('both')), '.', ' A soft break joins lines.', br(), 'Two spaces break a line.', br(), 'So does a backslash.'),
      h(2, 'Scene'), h(2, 'Deeper headings fold to level 2'), h(2, 'Even this'),
      hr(), hr(), hr(), hr(),
      ul(li(p('dash'))), ul(li(p('plus'))), ol(1, li(p('one')), li(p('two'))), ol(5, li(p('five'), ul(li(p('nested'))))),
      quote(p('quoted'), ul(li(p('item'))), quote(p('nested quote'))),
      p('Café & — *literal*'),
    )
    expect(parseMarkdown(md).toString()).toBe(expected.toString())
    expect(parseMarkdown(md).eq(expected)).toBe(true)
  })

  it('gives one empty paragraph for empty or blank input', () => {
    for (const s of ['', ' ', '\n\n\t  \n', '\r\n']) expect(parseMarkdown(s).eq(doc(p()))).toBe(true)
  })

  it('drops what the schema cannot hold, keeping the text', () => {
    const d = (s: string) => parseMarkdown(s).toString()
    expect(d('```js\nconst a = 1\n\nreturn a\n```')).toBe(doc(p('const a = 1', br(), br(), 'return a')).toString())
    expect(d('    indented code\n    second line')).toBe(doc(p('indented code', br(), 'second line')).toString())
    expect(d('Use `npm *install*` now, *also `here`*')).toBe(doc(p('Use ', code('npm *install*'), ' now, ', em('also '), code('here'))).toString())
    expect(d('An ![alt *text*](pic.png "t") here ![](empty.png)')).toBe(doc(p('An alt ', em('text'), ' here ')).toString())
    expect(d('A [link **bold**](http://x.org "t"), <https://auto.link> and [ref][r]\n\n[r]: http://r.org')).toBe(
      doc(p('A ', link('http://x.org')('link ', strong('bold')), ', ', link('https://auto.link')('https://auto.link'), ' and ', link('http://r.org')('ref'))).toString(),
    )
    // Only web pages and e-mail stay links; the rest keep their text.
    // (markdown-it itself refuses javascript: and file: links and leaves their source as text.)
    expect(d('[rel](chapter-2.md) [js](javascript:alert(1)) [ftp](ftp://x.org) [mail](mailto:a@b.org)')).toBe(
      doc(p('rel [js](javascript:alert(1)) ftp ', link('mailto:a@b.org')('mail'))).toString(),
    )
    expect(d('Inline <span class="x">html</span>')).toBe(doc(p('Inline <span class="x">html</span>')).toString())
    expect(d('<div>\nblock html\n</div>')).toBe(doc(p('<div> block html </div>')).toString())
    expect(d('| a | b |\n|---|---|\n| 1 | 2 |')).toBe(doc(p('| a | b | |---|---| | 1 | 2 |')).toString())
    expect(d('~~struck~~ and [ ] task')).toBe(doc(p('~~struck~~ and [ ] task')).toString())
    expect(d('- ```\n  code in a list\n  ```')).toBe(doc(ul(li(p('code in a list')))).toString())
  })
})

describe('chapters and books', () => {
  const body = () => doc(p('Opening ', em('line'), '.'), h(1, 'Part one'), p('Text.'), h(2, 'A section'), p('More.'), hr(), p('After the break.'))

  it('exports a chapter with its title on top and headings one level down', () => {
    const md = chapterMarkdown('The *Storm*', body())
    expect(md).toBe('# The \\*Storm\\*\n\nOpening *line*.\n\n## Part one\n\nText.\n\n### A section\n\nMore.\n\n* * *\n\nAfter the break.\n')
    const back = importChapter(md, 'whatever.md')
    expect(back.title).toBe('The *Storm*')
    expect(back.doc.eq(body())).toBe(true)
  })

  it('exports a book with chapters at level 2, and each chapter section imports back as the chapter', () => {
    const chapters = [
      { title: 'One', doc: body() },
      { title: 'Two', doc: doc(ul(li(p('a list at the end')))) },
      { title: 'Three', doc: doc(p('Last.')) },
    ]
    const md = bookMarkdown('My Book', chapters)
    expect(md.startsWith('# My Book\n\n## One\n\nOpening *line*.\n\n### Part one\n\nText.\n\n#### A section\n\n')).toBe(true)
    expect(md).toContain('\n\n## Two\n\n* a list at the end\n\n## Three\n\nLast.\n')
    const sections = md.split(/\n(?=## )/).slice(1)
    expect(sections).toHaveLength(3)
    sections.forEach((section, i) => {
      const back = importChapter(section, 'x.md')
      expect(back.title).toBe(chapters[i]!.title)
      expect(back.doc.eq(chapters[i]!.doc)).toBe(true)
    })
    // The whole book imports as one chapter: chapter titles at level 1, their headings at level 2.
    const whole = importChapter(md, 'book.md')
    expect(whole.title).toBe('My Book')
    expect(whole.doc.child(0).eq(h(1, 'One'))).toBe(true)
    expect(whole.doc.child(2).eq(h(2, 'Part one'))).toBe(true)
  })

  it('handles empty titles and bodies', () => {
    expect(chapterMarkdown('', doc(p()))).toBe('#\n')
    expect(chapterMarkdown('  Spaced \n title ', doc(p('x')))).toBe('# Spaced title\n\nx\n')
    expect(importChapter('#\n\nText', 'notes/Draft 3.md')).toEqual({ title: 'Draft 3', doc: doc(p('Text')) })
    expect(importChapter('# Only a title', 'a.md').doc.eq(doc(p()))).toBe(true)
    expect(bookMarkdown('Book', [])).toBe('# Book\n')
  })
})

describe('importChapter and titleFromMarkdown', () => {
  it('takes the title from a leading heading and removes it from the body', () => {
    const c = importChapter('# The *Long* Night\n\nIt was dark.', 'ignored.md')
    expect(c.title).toBe('The Long Night')
    expect(c.doc.eq(doc(p('It was dark.')))).toBe(true)
    expect(importChapter('Setext title\n===\n\nText', 'x.md').title).toBe('Setext title')
    expect(importChapter('## Level two title\n\nText', 'x.md').title).toBe('Level two title')
  })

  it('falls back to the file name without folders and extension', () => {
    expect(importChapter('Just text.\n\n# Later heading', '/home/me/Drafts/03 The Storm.md')).toEqual({
      title: '03 The Storm',
      doc: doc(p('Just text.'), h(1, 'Later heading')),
    })
    expect(importChapter('text', 'C:\\Books\\chapter.one.markdown').title).toBe('chapter.one')
    expect(importChapter('text', 'README').title).toBe('README')
    expect(importChapter('text', '.md').title).toBe('.md')
    expect(importChapter('', '').title).toBe('Untitled')
    expect(importChapter('', 'empty.md').doc.eq(doc(p()))).toBe(true)
  })

  it('reads body headings relative to the title', () => {
    const levels = (md: string) => importChapter(md, 'x.md').doc.content.content.map((n) => n.attrs.level as number)
    expect(levels('# T\n\n## Section\n\n### Sub\n\n#### Deeper')).toEqual([1, 2, 2])
    expect(levels('# T\n\n# Part\n\n## Section\n\n### Sub')).toEqual([1, 2, 2])
    expect(levels('## T\n\n### Section\n\n#### Sub')).toEqual([1, 2])
    expect(levels('Text\n\n# A\n\n## B\n\n### C').slice(1)).toEqual([1, 2, 2])
  })

  it('reads the title from YAML front matter and ignores the rest of it', () => {
    const post = '---\ntitle: "The Storm: Part \\"One\\""\ndate: 2024-01-01\ntags: [sea, storm]\nauthor:\n  name: Ada\n---\n\nRain came [sideways](https://example.org/rain) and `hard`.\n'
    expect(importChapter(post, 'post.md')).toEqual({
      title: 'The Storm: Part "One"',
      doc: doc(p('Rain came ', link('https://example.org/rain')('sideways'), ' and ', code('hard'), '.')),
    })
    expect(titleFromMarkdown(post, 'fb')).toBe('The Storm: Part "One"')
    // Single quotes, plain values with a comment, Windows line ends, and `...` closing it.
    expect(importChapter("---\r\ntitle: 'Rock ''n'' Roll'\r\n---\r\nText", 'x.md').title).toBe("Rock 'n' Roll")
    expect(importChapter('---\ntitle: Plain title # draft\n...\nText', 'x.md')).toEqual({ title: 'Plain title', doc: doc(p('Text')) })
    // A heading repeating the title is not kept twice; a different one stays, as a heading.
    expect(importChapter('---\ntitle: Night\n---\n# Night\n\n## Part\n\nText', 'x.md')).toEqual({ title: 'Night', doc: doc(h(1, 'Part'), p('Text')) })
    expect(importChapter('---\ntitle: Night\n---\n# Dusk\n\nText', 'x.md')).toEqual({ title: 'Night', doc: doc(h(1, 'Dusk'), p('Text')) })
    // No title in it: the usual rules, without the front matter.
    expect(importChapter('---\ndate: 2024\n---\n# Heading title\n\nText', 'x.md')).toEqual({ title: 'Heading title', doc: doc(p('Text')) })
    expect(importChapter('---\n---\nText', 'empty-front.md')).toEqual({ title: 'empty-front', doc: doc(p('Text')) })
  })

  it('leaves scene breaks around prose alone: that is not front matter', () => {
    expect(importChapter('---\nSome prose here.\n\n---\n\nMore.', 'x.md').doc).toEqual(doc(hr(), p('Some prose here.'), hr(), p('More.')))
    expect(importChapter('---\ntitle: never closed\n\nText', 'x.md').title).toBe('x')
  })

  it('titleFromMarkdown', () => {
    expect(titleFromMarkdown('# Hello  *World*\n\nx', 'fb')).toBe('Hello World')
    expect(titleFromMarkdown('Line one\\\nline two\n---', 'fb')).toBe('Line one line two')
    expect(titleFromMarkdown('Intro\n\n# Heading', 'fb')).toBe('fb')
    expect(titleFromMarkdown('#', 'fb')).toBe('fb')
    expect(titleFromMarkdown('', 'fb')).toBe('fb')
  })
})

// Seeded random input.
function rng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = Math.imul(s ^ (s >>> 15), s | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const WORDS = ['a', 'word', 'Ünïcödé', '日本語', 'emoji🙂', '*', '**', '_', 'snake_case', '_x_', '#', '##', '#tag', '1.', '2)', '10.', '-', '--', '---']
  .concat(['+', '=', '==', '>', '<', '<b>', '<http://x.y>', '[', ']', '[x](y)', '![a](b)', '\\', '\\*', '`', '```', '~~~', '&amp;', '&#42;', '!', '"q"'])
  .concat(["it's", 'a.', '(b)', 'x*y', '|', '1.5', '***', '* * *', 'a_', '_a', '"', ','])

const HREFS = ['https://example.org', 'https://example.org/a_(b)', 'mailto:x@example.org', 'http://example.org/%20x?y=[1]', 'https://example.org/<a> b']

/** A random doc in the form Markdown can hold: words split by single spaces or hard breaks, no empty paragraphs. */
function randomDoc(r: () => number): Node {
  const pick = <T,>(xs: T[]) => xs[Math.floor(r() * xs.length)]!
  const text = (): Node[] => {
    const out: Node[] = []
    let prev: readonly Mark[] | null = null
    for (let i = 0, n = 1 + Math.floor(r() * 6); i < n; i++) {
      let marks: readonly Mark[] = []
      if (r() < 0.25) marks = schema.marks.em!.create().addToSet(marks)
      if (r() < 0.25) marks = schema.marks.strong!.create().addToSet(marks)
      if (r() < 0.15) marks = schema.marks.link!.create({ href: pick(HREFS) }).addToSet(marks)
      if (r() < 0.1) marks = schema.marks.code!.create().addToSet(marks)
      if (prev) out.push(r() < 0.2 ? br() : schema.text(' ', prev.filter((m) => m.isInSet(marks))))
      out.push(schema.text(pick(WORDS), marks))
      prev = marks
    }
    return out
  }
  const block = (depth: number): Node => {
    const kind = pick(depth > 3 ? ['p', 'p', 'h', 'hr'] : ['p', 'p', 'p', 'h', 'hr', 'bq', 'ul', 'ol'])
    if (kind === 'p') return p(text())
    if (kind === 'h') return h(pick([1, 2] as const), text())
    if (kind === 'hr') return hr()
    if (kind === 'bq') return quote(...blocks(depth + 1, 3))
    const items = Array.from({ length: 1 + Math.floor(r() * 3) }, () =>
      r() < 0.1 ? li(p(), ...[block(depth + 1)].filter((b) => b.type.name !== 'paragraph' && r() < 0.5)) : li(p(text()), ...(r() < 0.4 ? blocks(depth + 1, 2) : [])),
    )
    return kind === 'ul' ? ul(...items) : ol(pick([1, 1, 0, 3, 42]), ...items)
  }
  const blocks = (depth: number, max: number) => Array.from({ length: 1 + Math.floor(r() * max) }, () => block(depth))
  return doc(...blocks(0, 6))
}

/**
 * The form of a doc that survives Markdown: no marks on whitespace or hard breaks, no whitespace at either end of a
 * line, no empty paragraphs except where the schema needs one.
 */
function canon(node: Node): Node {
  const kids: Node[] = []
  if (node.inlineContent) {
    node.forEach((c) => {
      if (!c.isText) kids.push(c.mark([]))
      else for (const ch of c.text!) kids.push(schema.text(ch, /\s/.test(ch) ? [] : c.marks))
    })
    // Split into lines at hard breaks, trim each line, join again.
    const lines: Node[][] = [[]]
    for (const k of kids) if (k.isText) lines[lines.length - 1]!.push(k); else lines.push([k], [])
    kids.length = 0
    for (const line of lines) {
      const from = line.findIndex((k) => !k.isText || /\S/.test(k.text!))
      const to = line.findLastIndex((k) => !k.isText || /\S/.test(k.text!))
      if (from >= 0) kids.push(...line.slice(from, to + 1))
    }
    while (kids.length && !kids[kids.length - 1]!.isText) kids.pop()
    return node.copy(Fragment.from(kids))
  }
  node.forEach((c) => kids.push(canon(c)))
  const blank = (n: Node) => n.type.name === 'paragraph' && !n.textContent
  const kept = kids.filter((k) => !blank(k))
  if (node.type.name === 'list_item' ? kept[0]?.type.name !== 'paragraph' : !kept.length && node.type.name !== 'list_item') kept.unshift(schema.node('paragraph'))
  return node.copy(Fragment.from(kept))
}

const MD_ALPHABET = [...'*_#>-+=.)`~[]()!<>&;\\|: \n\n\t1a0Zé日🙂\u00a0\r'].concat(['* * *', '- ', '1. ', '    ', '```', '&amp;', '<b>', '](x)', '![', '\n> ', '\n- ', '\n  '])

describe('robustness', () => {
  it('round-trips random documents', () => {
    for (let seed = 0; seed < 1500; seed++) {
      const d = randomDoc(rng(seed))
      d.check()
      const md = serializeMarkdown(d)
      const back = parseMarkdown(md)
      back.check()
      expect(canon(back).toString(), `seed ${seed}: ${JSON.stringify(md)}`).toBe(canon(d).toString())
    }
  })

  it('never throws on random, huge or deeply nested input, and what it parses survives a round trip', () => {
    const inputs: string[] = []
    for (let seed = 0; seed < 1500; seed++) {
      const r = rng(seed)
      inputs.push(Array.from({ length: Math.floor(r() * 80) }, () => MD_ALPHABET[Math.floor(r() * MD_ALPHABET.length)]).join(''))
      inputs.push(String.fromCharCode(...Array.from({ length: 40 }, () => Math.floor(r() * 0x10000))))
    }
    inputs.push('> '.repeat(5000) + 'deep', '- '.repeat(5000) + 'deep', Array.from({ length: 500 }, (_, i) => `${' '.repeat(i * 2)}- item`).join('\n'))
    inputs.push('['.repeat(50000), '*'.repeat(50000), '*a '.repeat(20000), '`'.repeat(20000), '<'.repeat(20000), '&amp;'.repeat(20000), '\0\uD800x')
    inputs.push('Lorem *ipsum* dolor **sit** amet.\n\n'.repeat(20000))
    for (const input of inputs) {
      const d = parseMarkdown(input)
      d.check()
      expect(d.childCount).toBeGreaterThan(0)
      const md = serializeMarkdown(d)
      expect(canon(parseMarkdown(md)).toString(), JSON.stringify(input.slice(0, 200))).toBe(canon(d).toString())
    }
  })
})
