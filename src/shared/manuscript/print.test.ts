import { describe, expect, it } from 'vitest'
import { contactLines, headerPrefix, initialsOf, surnameOf, wordCountLine } from './format'
import { printDocument, printPage } from './print'
import { doc, manuscriptOf, p, richChapter } from './testing/fixtures'

describe('printDocument', () => {
  it('lays out the same manuscript format as the Word export', () => {
    const { css, body } = printDocument(manuscriptOf([{ title: 'The Storm', doc: richChapter(), comments: [] }, { title: 'After', doc: doc(p('Calm.')), comments: [] }]))
    expect(css).toContain('@page { size: 8.5in 11in; margin: 1in;')
    expect(css).toContain('@top-right { content: "Lovelace / The Analytical Engine / " counter(page);')
    expect(css).toContain('@page :first { @top-right { content: none; } }')
    expect(css).toMatch(/font-size: 12pt; line-height: 2;/)
    expect(css).toContain('text-indent: 0.5in')
    expect(css).toContain('.quire-print.book .chapter { break-before: page; }')
    expect(body).toContain('<p class="words">26 words</p>')
    expect(body).toContain('<h2 class="chapter-title">The Storm</h2><p>Rain came <em>sideways</em> and <strong>hard</strong>.</p><p>A line<br>and the next.</p><p class="scene-break">#</p><h3>Morning</h3><blockquote><p>Stay inside, she said.</p></blockquote>')
    expect(body).toContain('<ul><li><p>shutters</p></li><li><p>candles</p><ul><li><p>matches</p></li></ul></li></ul><h4>Later</h4><ol><li><p>first</p></li>')
  })

  it('escapes every piece of text, in the HTML and in the CSS header', () => {
    const hostile = '<img src=x onerror=alert(1)> & "quotes" \\ \n'
    const page = printPage(manuscriptOf([{ title: hostile, doc: doc(p(hostile)), comments: [] }], { title: `Book ${hostile}` }))
    expect(page).not.toContain('<img')
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;')
    expect(page).toContain('content: "Lovelace / Book \\3c img src=x onerror=alert(1)\\3e  \\26  \\"quotes\\" \\\\ / " counter(page)')
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`)
  })
})

describe('manuscript format helpers', () => {
  it('rounds the word count the way agents read it', () => {
    expect(wordCountLine(1)).toBe('1 word')
    expect(wordCountLine(99)).toBe('99 words')
    expect(wordCountLine(3_333)).toBe('about 3,300 words')
    expect(wordCountLine(100_000)).toBe('about 100,000 words')
    expect(wordCountLine(87_640)).toBe('about 88,000 words')
  })

  it('takes the surname, initials and contact lines from what the author typed', () => {
    expect(surnameOf('  Ursula K. Le  ')).toBe('Le')
    expect(headerPrefix({ title: 'Title', contact: { name: '', address: '', email: '', phone: '' } })).toBe('Title / ')
    expect(initialsOf('Rita Reviewer')).toBe('RR')
    expect(initialsOf('  ')).toBe('?')
    expect(contactLines({ name: 'A', address: ' 1 Road \r\n\nTown ', email: 'a@b.c', phone: '' })).toEqual(['A', '1 Road', 'Town', 'a@b.c'])
  })
})
