import { describe, expect, it } from 'vitest'
import { manuscriptDocx } from './docx'
import type { ManuscriptComment } from './model'
import { commentedPassages, docxParts, plainText, wordComments } from './testing/docxXml'
import { find } from '../testing/editor'
import { doc, manuscriptOf, p, richChapter } from './testing/fixtures'

const AT = Date.UTC(2026, 10, 3, 9, 30)

function commentOn(chapter: ReturnType<typeof doc>, passage: string, body: string, replies: ManuscriptComment['replies'] = []): ManuscriptComment {
  return { range: find(chapter, passage), quote: passage, author: 'Rita Reviewer', date: AT, body, replies }
}

describe('manuscriptDocx: standard manuscript format', () => {
  it('writes page 1, the running header from page 2, and the format', async () => {
    const one = richChapter()
    const parts = await docxParts(await manuscriptDocx(manuscriptOf([{ title: 'The Storm', doc: one, comments: [] }, { title: 'After', doc: doc(p('Calm.')), comments: [] }])))
    const text = plainText(parts['word/document.xml']!)
    // Contact block with the rounded word count on the first line, then the title and byline.
    expect(text.startsWith('Ada Lovelace\t26 words\n12 St James’s Square\nLondon SW1Y 4JH\n+44 20 7946 0000\nada@example.org\nThe Analytical Engine\nby Ada Lovelace\n')).toBe(true)
    // Different first page: the header with "Surname / Title / page" applies from page 2.
    expect(parts['word/document.xml']).toContain('<w:titlePg/>')
    const headers = Object.keys(parts).filter((name) => /^word\/header\d+\.xml$/.test(name)).map((name) => parts[name]!)
    const running = headers.find((xml) => xml.includes('Lovelace / The Analytical Engine / '))
    expect(running).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/)
    expect(headers.filter((xml) => plainText(xml).trim() === '')).toHaveLength(1)
    // 12 pt Times New Roman, double-spaced, half-inch first-line indents, 1-inch margins on Letter paper.
    const styles = parts['word/styles.xml']!
    expect(styles).toContain('w:ascii="Times New Roman"')
    expect(styles).toMatch(/<w:docDefaults>[\s\S]*<w:sz w:val="24"\/>[\s\S]*<w:spacing [^>]*w:line="480"[\s\S]*w:firstLine="720"/)
    expect(parts['word/document.xml']).toMatch(/<w:pgSz w:w="12240" w:h="15840"[^>]*\/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440"/)
  })

  it('maps chapters, headings, marks, quotes, lists and scene breaks', async () => {
    const parts = await docxParts(await manuscriptDocx(manuscriptOf([{ title: 'The Storm', doc: richChapter(), comments: [] }, { title: 'After', doc: doc(p('Calm.')), comments: [] }])))
    const xml = parts['word/document.xml']!
    const paragraphs = [...xml.matchAll(/<w:p>([\s\S]*?)<\/w:p>/g)].map((m) => m[1]!)
    const find = (text: string) => paragraphs.find((para) => plainText(para + '</w:p>').trim() === text) ?? ''
    // Every chapter starts on a new page under a Heading 1.
    for (const title of ['The Storm', 'After']) expect(find(title)).toMatch(/<w:pStyle w:val="Heading1"\/>[\s\S]*<w:pageBreakBefore\/>/)
    expect(find('Morning')).toContain('<w:pStyle w:val="Heading2"/>')
    expect(find('Later')).toContain('<w:pStyle w:val="Heading3"/>')
    expect(find('Stay inside, she said.')).toContain('<w:pStyle w:val="Quote"/>')
    expect(find('#')).toContain('<w:jc w:val="center"/>')
    expect(find('Rain came sideways and hard.')).toMatch(/<w:i\/>[\s\S]*<w:t[^>]*>sideways<\/w:t>/)
    expect(find('Rain came sideways and hard.')).toMatch(/<w:b\/>[\s\S]*<w:t[^>]*>hard<\/w:t>/)
    expect(find('A lineand the next.')).toContain('<w:br/>')
    expect(find('matches')).toMatch(/<w:ilvl w:val="1"\/>/)
    expect(find('first')).toMatch(/<w:numPr>/)
    expect(parts['word/numbering.xml']).toContain('w:val="decimal"')
  })

  it('starts a single chapter on page 1 under the title', async () => {
    const parts = await docxParts(await manuscriptDocx(manuscriptOf([{ title: 'The Storm', doc: doc(p('Rain.')), comments: [] }], { kind: 'chapter', font: 'courier' })))
    expect(parts['word/document.xml']).not.toContain('<w:pageBreakBefore/>')
    expect(parts['word/styles.xml']).toContain('w:ascii="Courier New"')
    expect(plainText(parts['word/document.xml']!)).toContain('by Ada Lovelace\nThe Storm\nRain.')
  })
})

describe('manuscriptDocx: comments', () => {
  it('writes each open thread as a Word comment on its passage, replies threaded under it', async () => {
    const one = richChapter()
    const two = doc(p('Calm after the storm, and the harbour quiet.'))
    const comments = [
      commentOn(one, 'sideways', 'Lovely verb.', [
        { author: 'Ada Lovelace', date: AT + 60_000, body: 'Thank you!' },
        { author: 'Rita Reviewer', date: AT + 120_000, body: 'Keep it.' },
      ]),
      // Across two paragraphs, and overlapping another passage.
      { ...commentOn(one, 'and hard.', 'Across a break'), range: { from: find(one, 'hard').from, to: find(one, 'A line').to }, quote: 'hard.\nA line' },
      commentOn(one, 'Rain came sideways', 'Overlaps the first.'),
      { range: null, quote: 'a cut line', author: 'Rita Reviewer', date: AT, body: 'Where did it go?', replies: [] },
    ]
    const bytes = await manuscriptDocx(manuscriptOf([
      { title: 'The Storm', doc: one, comments },
      { title: 'After', doc: two, comments: [commentOn(two, 'the harbour quiet', 'Second chapter.')] },
    ]))
    const parts = await docxParts(bytes)
    const defined = wordComments(parts['word/comments.xml']!)
    const passages = commentedPassages(parts['word/document.xml']!)
    const byBody = (body: string) => defined.find((c) => c.text.endsWith(body))!
    expect(defined).toHaveLength(7)
    expect(passages.get(byBody('Lovely verb.').id)).toBe('sideways')
    expect(passages.get(byBody('Overlaps the first.').id)).toBe('Rain came sideways')
    expect(passages.get(byBody('Across a break').id)).toBe('hard.\nA line')
    expect(passages.get(byBody('Second chapter.').id)).toBe('the harbour quiet')
    // Replies sit on the same passage, with their own author and date, threaded to the comment.
    expect(passages.get(byBody('Thank you!').id)).toBe('sideways')
    expect(byBody('Thank you!')).toMatchObject({ author: 'Ada Lovelace', initials: 'AL', date: '2026-11-03T09:31:00.000Z' })
    expect(byBody('Lovely verb.')).toMatchObject({ author: 'Rita Reviewer', initials: 'RR', date: '2026-11-03T09:30:00.000Z' })
    const extended = parts['word/commentsExtended.xml']!
    expect([...extended.matchAll(/w15:paraIdParent=/g)]).toHaveLength(2)
    // A thread whose passage was deleted is kept, on the chapter title, with its quote.
    const detached = byBody('Where did it go?')
    expect(detached.text).toContain('On a passage since deleted: “a cut line”')
    expect(passages.get(detached.id)).toBe('The Storm')
    // Every comment is referenced from the text.
    for (const comment of defined) expect(parts['word/document.xml']).toContain(`<w:commentReference w:id="${comment.id}"/>`)
  })

  it('writes no comments when they are not wanted', async () => {
    const one = doc(p('Rain came sideways.'))
    const parts = await docxParts(await manuscriptDocx(manuscriptOf([{ title: 'One', doc: one, comments: [commentOn(one, 'sideways', 'x')] }], { includeComments: false })))
    expect(parts['word/document.xml']).not.toContain('commentRangeStart')
    expect(wordComments(parts['word/comments.xml'] ?? '')).toHaveLength(0)
  })
})
