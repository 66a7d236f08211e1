/**
 * Cleans what word processors put on the clipboard before ProseMirror reads
 * it against the manuscript schema: Word's list paragraphs become real lists,
 * footnotes move into their paragraphs, tables and images (which a chapter
 * cannot hold) are left out and counted so the user can be told, and the
 * spacing Word and Google Docs add between blocks does not become empty
 * paragraphs.
 */
import { inlineFootnotes } from './footnotes'
import { rebuildWordLists } from './wordLists'

export interface Dropped {
  tables: number
  images: number
}

export interface CleanedPaste {
  html: string
  dropped: Dropped
}

/** What was left out, in one line for a notice; null when nothing was. */
export function droppedNotice({ tables, images }: Dropped): string | null {
  const parts = [
    tables ? `${tables} ${tables === 1 ? 'table' : 'tables'}` : '',
    images ? `${images} ${images === 1 ? 'image' : 'images'}` : '',
  ].filter(Boolean)
  if (!parts.length) return null
  return `Pasted without ${parts.join(' and ')}: chapters hold text only.`
}

const isBlank = (element: Element) => !(element.textContent ?? '').replace(/\u00a0/g, ' ').trim()

/** Parses clipboard HTML, cleans it, and returns it with a count of what was left out. */
export function cleanPastedHtml(html: string): CleanedPaste {
  const doc = new DOMParser().parseFromString(html, 'text/html')
  const body = doc.body
  const fromWord = /urn:schemas-microsoft-com|class="?Mso|mso-/i.test(html)

  inlineFootnotes(doc)
  if (fromWord) rebuildWordLists(body)

  const tables = [...body.querySelectorAll('table')].filter((t) => !t.parentElement?.closest('table'))
  const images = [...body.querySelectorAll('img, svg, picture, video, canvas')].filter((i) => !i.closest('table'))
  for (const element of [...tables, ...images]) {
    let holder = element.parentElement
    element.remove()
    // The paragraph (and the spans and wrappers) that held only the image or table go too.
    while (holder && holder !== body && !holder.id.startsWith('docs-internal-guid') && isBlank(holder) && !holder.querySelector('br, hr, li')) {
      const parent: HTMLElement | null = holder.parentElement
      holder.remove()
      holder = parent
    }
  }

  // Google Docs separates blocks with <br> inside its wrapper; Word, with paragraphs of a lone &nbsp;.
  for (const br of body.querySelectorAll('b[id^="docs-internal-guid"] > br')) br.remove()
  if (fromWord) for (const p of body.querySelectorAll('p')) if (isBlank(p) && !p.querySelector('br, img')) p.remove()

  // Google Docs nests a list as a <ul> directly inside the parent <ul>; it belongs in the item before it.
  for (const list of [...body.querySelectorAll('ul > ul, ul > ol, ol > ul, ol > ol')]) {
    const item = list.previousElementSibling
    if (item?.tagName === 'LI') item.append(list)
  }

  return { html: body.innerHTML, dropped: { tables: tables.length, images: images.length } }
}
