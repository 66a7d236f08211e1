/**
 * One conversion of workload 7 in a process of its own, so its peak resident
 * memory can be read from the operating system: `node --import tsx
 * bench/lib/manuscriptJob.ts <job> <input file>` prints `{ ms, maxRssBytes }`.
 * Every job loads the same modules first; `idle` stops there, which is the
 * floor the others are measured above.
 *
 * Quire's import here runs the app's own steps (mammoth, the HTML cut into
 * chapters with the app's parse rules, a Y.Doc per chapter), with linkedom
 * standing in for the browser's DOM.
 */
import { readFile } from 'node:fs/promises'
import { Document, HeadingLevel, Packer, Paragraph } from 'docx'
import { parseHTML } from 'linkedom'
import mammoth from 'mammoth'
import { prosemirrorToYXmlFragment } from 'y-prosemirror'
import * as Y from 'yjs'
import { wordToHtml } from '../../src/renderer/library/wordConvert'
import { sectionsFromHtml } from '../../src/renderer/library/wordHtml'
import { manuscriptDocx } from '../../src/shared/manuscript/docx'
import { chaptersFromSections } from '../../src/shared/manuscript/importChapters'
import { manuscriptFromData, type ManuscriptData } from '../../src/shared/manuscript/model'
import { TEXT_ROOT } from '../../src/shared/ydoc'

export type ManuscriptJob = 'idle' | 'quire-import' | 'mammoth' | 'quire-export' | 'docx'

const jobs: Record<ManuscriptJob, (input: Buffer) => Promise<unknown>> = {
  idle: async () => null,
  'quire-import': async (input) => {
    const converted = await wordToHtml(new Uint8Array(input))
    if (!converted.ok) throw new Error(converted.reason)
    const { document } = parseHTML(`<!doctype html><html><body>${converted.html}</body></html>`)
    const chapters = chaptersFromSections(await sectionsFromHtml(document.body as unknown as Element, { pause: async () => {} }), 'book.docx')
    return chapters.map((chapter) => {
      const doc = new Y.Doc()
      prosemirrorToYXmlFragment(chapter.doc, doc.getXmlFragment(TEXT_ROOT))
      return Y.encodeStateAsUpdate(doc).byteLength
    })
  },
  mammoth: async (input) => (await mammoth.convertToHtml({ buffer: input })).value.length,
  'quire-export': async (input) => (await manuscriptDocx(manuscriptFromData(JSON.parse(input.toString('utf8')) as ManuscriptData))).byteLength,
  docx: async (input) => {
    const chapters = JSON.parse(input.toString('utf8')) as Array<{ title: string; paragraphs: string[] }>
    const document = new Document({
      sections: [{ children: chapters.flatMap((c) => [new Paragraph({ text: c.title, heading: HeadingLevel.HEADING_1 }), ...c.paragraphs.map((text) => new Paragraph(text))]) }],
    })
    return (await Packer.pack(document, 'uint8array')).byteLength
  },
}

const [job, file] = process.argv.slice(2) as [ManuscriptJob, string | undefined]
const input = file ? await readFile(file) : Buffer.alloc(0)
const t0 = performance.now()
await jobs[job](input)
const ms = performance.now() - t0
process.stdout.write(`${JSON.stringify({ ms, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`)
