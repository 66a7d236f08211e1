import { describe, expect, it } from 'vitest'
import { chaptersFromSections, documentName, isSceneBreakText } from './importChapters'
import { doc, h, p, sceneBreak } from './testing/fixtures'

describe('chaptersFromSections', () => {
  it('names untitled chapters by their number and keeps a chapter with no text', () => {
    const chapters = chaptersFromSections(
      [
        { title: null, blocks: [p(''), p('   ')] },
        { title: '  The   Start ', blocks: [p('One.')] },
        { title: ' ', blocks: [p('Two.')] },
        { title: 'Empty', blocks: [] },
        { title: 'x'.repeat(300), blocks: [p('Long title.')] },
      ],
      'book.docx',
    )
    expect(chapters.map((c) => c.title)).toEqual(['The Start', 'Chapter 2', 'Empty', 'x'.repeat(200)])
    expect(chapters[2]!.doc.toString()).toBe(doc(p()).toString())
    expect(chapters[2]!.words).toBe(0)
  })

  it('makes scene breaks of scene-break signs, never two in a row, none at either end', () => {
    const [chapter] = chaptersFromSections([{ title: 'A', blocks: [p('***'), p('One.'), p('#'), p(' * * * '), p('Two.'), p('~'), p('⁂')] }], 'x.docx')
    expect(chapter!.doc.toString()).toBe(doc(p('One.'), sceneBreak(), p('Two.')).toString())
    for (const sign of ['#', '*', '* * *', '***', '~ ~ ~', '⁂', '§', '- - -', '\u00a0#\u00a0']) expect(isSceneBreakText(sign), sign).toBe(true)
    for (const text of ['#1', 'A * B', '', '**bold**', 'End.']) expect(isSceneBreakText(text), text).toBe(false)
  })

  it('keeps front matter that has words, named after the file', () => {
    const chapters = chaptersFromSections([{ title: null, blocks: [h(1, 'Prologue'), p('Before it all.')] }, { title: 'One', blocks: [p('a')] }], '/home/m/My Book.final.docx')
    expect(chapters.map((c) => [c.title, c.frontMatter])).toEqual([['My Book.final', true], ['One', false]])
    expect(chapters[0]!.opening).toEqual(['Prologue', 'Before it all.'])
    expect(documentName('.docx')).toBe('Imported document')
  })

  it('shortens long opening lines for the preview', () => {
    const [chapter] = chaptersFromSections([{ title: 'A', blocks: [p('word '.repeat(100))] }], 'x.docx')
    expect(chapter!.opening[0]!.length).toBeLessThanOrEqual(160)
    expect(chapter!.opening[0]!.endsWith('…')).toBe(true)
  })
})
