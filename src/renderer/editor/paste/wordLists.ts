/**
 * Word puts list items on the clipboard as plain paragraphs: each carries
 * `mso-list:l0 level2 lfo1` in its style (list, depth, list instance) and
 * starts with the bullet or number as text, in a span styled
 * `mso-list:Ignore` inside `<![if !supportLists]>`. This turns runs of such
 * paragraphs back into real, nested <ul>/<ol> lists.
 */

interface ListParagraph {
  element: HTMLElement
  level: number
  /** `l0 lfo1`: which list the paragraph belongs to. */
  list: string
  ordered: boolean
  start: number
}

const MSO_LIST = /mso-list:\s*(l\d+)\s+level(\d+)\s+(lfo\d+)/i

/** Numbers ("1.", "a)", "iv.", "(2)") mean an ordered list; anything else (·, o, §, ▪, –) is a bullet. */
function readMarker(marker: string): { ordered: boolean; start: number } {
  const match = /^\(?(\d+|[a-z]|[ivxlcdm]+)[.)]$/i.exec(marker.replace(/\s+/g, ''))
  if (!match) return { ordered: false, start: 1 }
  const value = match[1]!
  return { ordered: true, start: /^\d+$/.test(value) ? Number(value) : 1 }
}

function asListParagraph(element: Element): ListParagraph | null {
  if (element.tagName !== 'P' && !/^H[1-6]$/.test(element.tagName)) return null
  const match = MSO_LIST.exec(element.getAttribute('style') ?? '')
  if (!match) return null
  const html = element as HTMLElement
  let marker = ''
  for (const ignored of [...html.querySelectorAll('[style*="mso-list"]')].filter((e) => /mso-list:\s*ignore/i.test(e.getAttribute('style') ?? ''))) {
    marker += ignored.textContent ?? ''
    ignored.remove()
  }
  return { element: html, level: Number(match[2]), list: `${match[1]} ${match[3]}`, ...readMarker(marker.replace(/\u00a0/g, ' ').trim()) }
}

/** Builds nested lists from consecutive list paragraphs and puts them where the first one was. */
function buildLists(run: ListParagraph[]): void {
  const doc = run[0]!.element.ownerDocument
  const root = doc.createElement('div')
  run[0]!.element.before(root)
  // The open lists, outermost first; each with the <li> that deeper items nest in.
  const stack: Array<{ list: HTMLElement; level: number; item: HTMLElement | null }> = []
  for (const entry of run) {
    while (stack.length && stack[stack.length - 1]!.level > entry.level) stack.pop()
    let top = stack[stack.length - 1]
    if (!top || top.level < entry.level) {
      const list = doc.createElement(entry.ordered ? 'ol' : 'ul')
      if (entry.ordered && entry.start !== 1) list.setAttribute('start', String(entry.start))
      const parent = top?.item ?? root
      parent.append(list)
      top = { list, level: entry.level, item: null }
      stack.push(top)
    }
    const item = doc.createElement('li')
    const paragraph = doc.createElement('p')
    paragraph.append(...entry.element.childNodes)
    item.append(paragraph)
    top.list.append(item)
    top.item = item
    entry.element.remove()
  }
  root.replaceWith(...root.childNodes)
}

/** Rewrites every run of Word list paragraphs under `root` as real lists. */
export function rebuildWordLists(root: ParentNode): void {
  let run: ListParagraph[] = []
  let list = ''
  const flush = () => {
    if (run.length) buildLists(run)
    run = []
  }
  for (const element of [...root.querySelectorAll('p, h1, h2, h3, h4, h5, h6')]) {
    const entry = asListParagraph(element)
    const previous = run[run.length - 1]?.element
    // A run is broken by anything between its paragraphs, or by another list starting at the top level.
    const adjacent = previous && nextElement(previous) === element
    if (!entry || !adjacent || (entry.level === 1 && entry.list !== list)) flush()
    if (entry) {
      if (entry.level === 1 || !run.length) list = entry.list
      run.push(entry)
    }
  }
  flush()
}

/** The next element sibling, skipping the comments Word leaves between paragraphs. */
function nextElement(element: Element): Element | null {
  return element.nextElementSibling
}
