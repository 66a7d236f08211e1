import { AlignmentType, Document, HeadingLevel, LevelFormat, Packer, Paragraph, TextRun } from 'docx'
import { parseHTML } from 'linkedom'
import { describe, expect, it } from 'vitest'
import { manuscriptDocx } from '../../shared/manuscript/docx'
import { chaptersFromSections } from '../../shared/manuscript/importChapters'
import { legacyWordDocument, notAWordDocument, passwordProtectedDocx, truncated } from '../../shared/manuscript/testing/badFiles'
import { doc, em, emStrong, h, li, manuscriptOf, ol, p, quote, richChapter, sceneBreak, strong, ul } from '../../shared/manuscript/testing/fixtures'
import { wordToHtml } from './wordConvert'
import { sectionsFromHtml } from './wordHtml'

/** Word → chapters, as the importer does it, with linkedom standing in for the browser's DOM. */
async function importDocx(bytes: Uint8Array, fileName = 'Novel.docx') {
  const converted = await wordToHtml(bytes)
  if (!converted.ok) throw new Error(converted.reason)
  const { document } = parseHTML(`<!doctype html><html><body>${converted.html}</body></html>`)
  return chaptersFromSections(await sectionsFromHtml(document.body as unknown as Element), fileName)
}

const pack = (children: Paragraph[], numbering = true) =>
  Packer.toBuffer(
    new Document({
      numbering: numbering ? { config: [{ reference: 'steps', levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }] }] } : { config: [] },
      styles: { paragraphStyles: [{ id: 'Quote', name: 'Quote', basedOn: 'Normal', paragraph: { indent: { left: 720 } } }] },
      sections: [{ children }],
    }),
  ).then((buffer) => new Uint8Array(buffer))

/** A manuscript as an author types it in Word: a title page, three chapters, Word's own styles. */
function wordManuscript(): Promise<Uint8Array> {
  return pack([
    new Paragraph({ text: 'The Crossing', alignment: AlignmentType.CENTER }),
    new Paragraph({ text: 'a novel by Marta Vale', alignment: AlignmentType.CENTER }),
    new Paragraph({ text: 'Chapter One: The Ferry', heading: HeadingLevel.HEADING_1 }),
    new Paragraph({ children: [new TextRun('The ferry left at '), new TextRun({ text: 'six', italics: true }), new TextRun(', '), new TextRun({ text: 'whether or not', bold: true }), new TextRun(' anyone was on it.')] }),
    new Paragraph({ text: '' }),
    new Paragraph({ text: '* * *', alignment: AlignmentType.CENTER }),
    new Paragraph({ text: 'On the pier', heading: HeadingLevel.HEADING_2 }),
    new Paragraph({ text: 'The sea keeps no appointments.', style: 'Quote' }),
    new Paragraph({ children: [new TextRun('She had packed'), new TextRun({ text: 'a coat', break: 1 })] }),
    new Paragraph({ text: 'Chapter Two', heading: HeadingLevel.HEADING_1 }),
    new Paragraph({ text: 'rope', bullet: { level: 0 } }),
    new Paragraph({ text: 'lantern', bullet: { level: 0 } }),
    new Paragraph({ text: 'wick', bullet: { level: 1 } }),
    new Paragraph({ text: 'Deep detail', heading: HeadingLevel.HEADING_4 }),
    new Paragraph({ text: 'untie', numbering: { reference: 'steps', level: 0 } }),
    new Paragraph({ text: 'push off', numbering: { reference: 'steps', level: 0 } }),
    new Paragraph({ text: 'Chapter Three', heading: HeadingLevel.HEADING_1 }),
    new Paragraph({ text: '#' }),
    new Paragraph({ text: 'Home.' }),
  ])
}

describe('importing a Word document', () => {
  it('splits at each Heading 1 and keeps headings, bold, italic, quotes, lists and scene breaks', async () => {
    const chapters = await importDocx(await wordManuscript(), 'The Crossing.docx')
    expect(chapters.map((c) => [c.title, c.frontMatter])).toEqual([
      ['The Crossing', true],
      ['Chapter One: The Ferry', false],
      ['Chapter Two', false],
      ['Chapter Three', false],
    ])
    expect(chapters[0]!.doc.eq(doc(p('The Crossing'), p('a novel by Marta Vale')))).toBe(true)
    const one = doc(
      p('The ferry left at ', em('six'), ', ', strong('whether or not'), ' anyone was on it.'),
      sceneBreak(),
      h(1, 'On the pier'),
      quote(p('The sea keeps no appointments.')),
      p('She had packed', schemaBreak(), 'a coat'),
    )
    expect(chapters[1]!.doc.toString()).toBe(one.toString())
    const two = doc(ul(li(p('rope')), li(p('lantern'), ul(li(p('wick'))))), h(2, 'Deep detail'), ol(li(p('untie')), li(p('push off'))))
    expect(chapters[2]!.doc.toString()).toBe(two.toString())
    // A scene break opening a chapter says nothing: it is dropped.
    expect(chapters[3]!.doc.toString()).toBe(doc(p('Home.')).toString())
    expect(chapters[1]!.words).toBe(25)
    expect(chapters[1]!.opening).toEqual(['The ferry left at six, whether or not anyone was on it.', 'On the pier'])
  })

  it('reads back what Quire exported: the same chapters and text', async () => {
    const chapters = [
      { title: 'The Storm', doc: richChapter(), comments: [] },
      { title: 'After', doc: doc(p('Calm ', emStrong('after'), ' the storm.'), quote(p('One'), p('Two'))), comments: [] },
    ]
    const imported = await importDocx(await manuscriptDocx(manuscriptOf(chapters)))
    const [front, ...rest] = imported
    // Page 1 (contact block, title, byline) comes before the first chapter: front matter, offered apart.
    expect(front!.frontMatter).toBe(true)
    expect(front!.doc.textContent).toContain('The Analytical Engine')
    expect(rest.map((c) => c.title)).toEqual(['The Storm', 'After'])
    rest.forEach((chapter, i) => expect(chapter.doc.toString()).toBe(chapters[i]!.doc.toString()))
  })

  it('turns a document with no Heading 1 into one chapter named after the file', async () => {
    const chapters = await importDocx(await pack([new Paragraph('Just a story.'), new Paragraph('The end.')], false), 'C:\\Drafts\\Short story.docx')
    expect(chapters.map((c) => c.title)).toEqual(['Short story'])
    expect(chapters[0]!.doc.toString()).toBe(doc(p('Just a story.'), p('The end.')).toString())
  })

  it('finds no chapters in a document without text', async () => {
    expect(await importDocx(await pack([new Paragraph(''), new Paragraph({ text: '* * *' })], false))).toEqual([])
  })

  it('names what is wrong with a file that is not a readable Word document', async () => {
    expect(await wordToHtml(notAWordDocument())).toEqual({ ok: false, reason: 'not-word' })
    expect(await wordToHtml(truncated(await wordManuscript()))).toEqual({ ok: false, reason: 'damaged' })
    expect(await wordToHtml(passwordProtectedDocx())).toEqual({ ok: false, reason: 'encrypted' })
    expect(await wordToHtml(legacyWordDocument())).toEqual({ ok: false, reason: 'legacy-doc' })
    expect(await wordToHtml(new Uint8Array(0))).toEqual({ ok: false, reason: 'not-word' })
  })
})

function schemaBreak() {
  return doc(p()).type.schema.node('hard_break')
}
