/**
 * A .docx file to HTML with mammoth, plus the checks that come first: a
 * password-protected document, an old .doc and anything that is not a zip
 * are recognised by their bytes; a zip mammoth cannot read is damaged.
 * No DOM needed, so it runs in the import worker (and in Node for tests).
 */
import mammoth from 'mammoth'
import { sniffWordFile, type ImportFailure } from '../../shared/manuscript/wordFile'

/** Word's quotation styles become block quotes; everything else keeps mammoth's defaults (Heading N → hN, lists, bold, italic). */
export const STYLE_MAP = [
  "p[style-name='Quote'] => blockquote > p:fresh",
  "p[style-name='Intense Quote'] => blockquote > p:fresh",
  "p[style-name='Block Text'] => blockquote > p:fresh",
]

export type WordConversion = { ok: true; html: string } | { ok: false; reason: ImportFailure }

export async function wordToHtml(bytes: Uint8Array): Promise<WordConversion> {
  const kind = sniffWordFile(bytes)
  if (kind !== 'docx') return { ok: false, reason: kind }
  try {
    // mammoth reads `arrayBuffer` in browsers and `buffer` in Node.
    const arrayBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
    const input = { arrayBuffer, buffer: bytes } as unknown as { arrayBuffer: ArrayBuffer }
    const result = await mammoth.convertToHtml(input, {
      styleMap: STYLE_MAP,
      // Images are not part of a manuscript here: skip them without decoding them.
      convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
    })
    return { ok: true, html: result.value }
  } catch (error) {
    // A zip that holds no Word document (a spreadsheet, an archive) is not damaged, just something else.
    const message = error instanceof Error ? error.message : String(error)
    return { ok: false, reason: /main document part/i.test(message) ? 'not-word' : 'damaged' }
  }
}
