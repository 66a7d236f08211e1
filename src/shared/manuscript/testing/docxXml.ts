/**
 * Reads a .docx the way a test checks it: its XML parts, and for each
 * comment the document text between its range start and end.
 */
import JSZip from 'jszip'

export async function docxParts(bytes: Uint8Array): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(bytes)
  const parts: Record<string, string> = {}
  for (const name of Object.keys(zip.files)) if (name.endsWith('.xml') || name.endsWith('.rels')) parts[name] = await zip.file(name)!.async('string')
  return parts
}

const unescape = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')

/** Comment id → the document text its range encloses (paragraph ends as `\n`). */
export function commentedPassages(documentXml: string): Map<string, string> {
  const open = new Set<string>()
  const passages = new Map<string, string>()
  const token = /<w:commentRangeStart w:id="(\d+)"\/>|<w:commentRangeEnd w:id="(\d+)"\/>|<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<\/w:p>/g
  for (const m of documentXml.matchAll(token)) {
    if (m[1] !== undefined) {
      open.add(m[1])
      passages.set(m[1], '')
    } else if (m[2] !== undefined) open.delete(m[2])
    else {
      const text = m[3] !== undefined ? unescape(m[3]) : '\n'
      for (const id of open) passages.set(id, passages.get(id)! + text)
    }
  }
  return passages
}

export interface WordComment {
  id: string
  author: string
  initials: string
  date: string
  text: string
}

export function wordComments(commentsXml: string): WordComment[] {
  return [...commentsXml.matchAll(/<w:comment ([^>]*)>([\s\S]*?)<\/w:comment>/g)].map((m) => {
    const attr = (name: string) => new RegExp(`w:${name}="([^"]*)"`).exec(m[1]!)?.[1] ?? ''
    const text = [...m[2]!.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<\/w:p>/g)].map((t) => (t[1] !== undefined ? unescape(t[1]) : '\n')).join('')
    return { id: attr('id'), author: unescape(attr('author')), initials: attr('initials'), date: attr('date'), text: text.trim() }
  })
}

/** The plain text of a part: paragraphs on lines. */
export function plainText(xml: string): string {
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<\/w:p>|<w:tab\/>/g)]
    .map((m) => (m[1] !== undefined ? unescape(m[1]) : m[0] === '<w:tab/>' ? '\t' : '\n'))
    .join('')
}
