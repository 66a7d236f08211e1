/** Word documents for the end-to-end tests, written with `docx` the way Word lays them out. */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx'

/** Three chapters under Heading 1s, with italic, bold, a heading, a quote, a list and a scene break. */
export async function threeChapterDocx(): Promise<Uint8Array> {
  const document = new Document({
    styles: { paragraphStyles: [{ id: 'Quote', name: 'Quote', basedOn: 'Normal', paragraph: { indent: { left: 720 } } }] },
    sections: [
      {
        children: [
          new Paragraph({ text: 'The Ferry', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ children: [new TextRun('The ferry left at six, '), new TextRun({ text: 'whether or not', italics: true }), new TextRun(' anyone was on it.')] }),
          new Paragraph({ children: [new TextRun('Marta was '), new TextRun({ text: 'always', bold: true }), new TextRun(' early.')] }),
          new Paragraph({ text: '#', alignment: AlignmentType.CENTER }),
          new Paragraph({ text: 'Across the bay, the island was already awake.' }),
          new Paragraph({ text: 'Salt', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: 'On the pier', heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ text: 'The sea keeps no appointments.', style: 'Quote' }),
          new Paragraph({ text: 'rope', bullet: { level: 0 } }),
          new Paragraph({ text: 'lantern', bullet: { level: 0 } }),
          new Paragraph({ text: 'The Lighthouse Keeper', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: 'He kept the lamp and the ledger, and he kept to himself.' }),
        ],
      },
    ],
  })
  return new Uint8Array(await Packer.toBuffer(document))
}

export async function writeFixture(dir: string, name: string, bytes: Uint8Array): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, bytes)
  return path
}

const WORDS = 'the ferry left at six whether or not anyone was on it marta had learned this the hard way standing on the pier with her bag while the lights slid out across the water'.split(' ')

/** A long manuscript: `chapters` Heading 1s, `words` words in all, in paragraphs of about a hundred words. */
export async function longManuscriptDocx(words: number, chapters: number): Promise<Uint8Array> {
  const children: Paragraph[] = []
  let n = 0
  for (let c = 0; c < chapters; c++) {
    children.push(new Paragraph({ text: `Chapter ${c + 1}`, heading: HeadingLevel.HEADING_1 }))
    const end = Math.round(((c + 1) * words) / chapters)
    while (n < end) {
      const size = Math.min(100, end - n)
      const text = Array.from({ length: size }, (_, i) => WORDS[(n + i) % WORDS.length]).join(' ')
      children.push(new Paragraph(`${text[0]!.toUpperCase()}${text.slice(1)}.`))
      n += size
    }
  }
  return new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children }] })))
}
