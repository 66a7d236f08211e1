/**
 * A manuscript as a print document (HTML and CSS) in the same standard
 * manuscript format as the Word export (`format.ts`), for Chromium to print
 * to PDF: Electron's printToPDF loads it as a page of its own, the browser
 * host prints it from a print-only view. Pure string building, so every
 * character of the text is escaped here and nothing in it can run.
 *
 * The running header uses CSS page-margin boxes (`@top-right`), which
 * Chromium prints since version 131.
 */
import type { Mark, Node } from 'prosemirror-model'
import {
  CHAPTER_DROP_IN,
  contactLines,
  FONT_SIZE_PT,
  FONT_STACK,
  headerPrefix,
  INDENT_IN,
  manuscriptWords,
  MARGIN_IN,
  PAGE_HEIGHT_IN,
  PAGE_WIDTH_IN,
  SCENE_BREAK,
  TITLE_DROP_IN,
  wordCountLine,
} from './format'
import type { Manuscript } from './model'

/** The class every rule of the print CSS hangs under, so it can live inside another page. */
export const PRINT_ROOT_CLASS = 'quire-print'

export interface PrintDocument {
  css: string
  /** The `.quire-print` element, as HTML. */
  body: string
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!)
/** A CSS string literal: quotes, backslashes and line ends escaped, and `<` too, so no `</style>` can end the sheet. */
const cssString = (text: string) =>
  `"${text
    .replace(/[\\"]/g, '\\$&')
    .replace(/[\r\n\f]/g, ' ')
    .replace(/[<>&]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`

function inline(node: Node): string {
  let html = ''
  node.forEach((child) => {
    if (child.type.name === 'hard_break') html += '<br>'
    else if (child.isText) html += wrapMarks(escapeHtml(child.text ?? ''), child.marks)
  })
  return html
}

function wrapMarks(html: string, marks: readonly Mark[]): string {
  let out = html
  for (const mark of marks) {
    if (mark.type.name === 'em') out = `<em>${out}</em>`
    else if (mark.type.name === 'strong') out = `<strong>${out}</strong>`
  }
  return out
}

function blocks(node: Node): string {
  let html = ''
  node.forEach((child) => {
    switch (child.type.name) {
      case 'paragraph':
        html += `<p>${inline(child)}</p>`
        break
      case 'heading':
        // Chapter titles are the top level; a chapter's own headings sit below them.
        html += child.attrs.level === 1 ? `<h3>${inline(child)}</h3>` : `<h4>${inline(child)}</h4>`
        break
      case 'scene_break':
        html += `<p class="scene-break">${SCENE_BREAK}</p>`
        break
      case 'blockquote':
        html += `<blockquote>${blocks(child)}</blockquote>`
        break
      case 'bullet_list':
        html += `<ul>${blocks(child)}</ul>`
        break
      case 'ordered_list': {
        const order = Math.floor(Number(child.attrs.order))
        html += Number.isFinite(order) && order !== 1 ? `<ol start="${order}">${blocks(child)}</ol>` : `<ol>${blocks(child)}</ol>`
        break
      }
      case 'list_item':
        html += `<li>${blocks(child)}</li>`
        break
      default:
        html += blocks(child)
    }
  })
  return html
}

export function printDocument(manuscript: Manuscript): PrintDocument {
  const root = `.${PRINT_ROOT_CLASS}`
  const font = FONT_STACK[manuscript.font]
  const css = `
@page { size: ${PAGE_WIDTH_IN}in ${PAGE_HEIGHT_IN}in; margin: ${MARGIN_IN}in;
  @top-right { content: ${cssString(headerPrefix(manuscript))} counter(page); font-family: ${font}; font-size: ${FONT_SIZE_PT}pt; vertical-align: middle; } }
@page :first { @top-right { content: none; } }
${root} { font-family: ${font}; font-size: ${FONT_SIZE_PT}pt; line-height: 2; color: #000; background: #fff; }
${root} p { margin: 0; text-indent: ${INDENT_IN}in; orphans: 2; widows: 2; }
${root} .first-page { display: flex; justify-content: space-between; gap: 1in; line-height: 1.2; }
${root} .first-page p { text-indent: 0; }
${root} .title { margin: ${TITLE_DROP_IN}in 0 0; font-size: ${FONT_SIZE_PT}pt; font-weight: normal; text-align: center; }
${root} .byline { text-align: center; text-indent: 0; }
${root} .chapter-title { margin: 0 0 2em; padding-top: 0.33in; font-size: ${FONT_SIZE_PT}pt; text-align: center; break-after: avoid; }
${root}.book .chapter { break-before: page; }
${root}.book .chapter-title { padding-top: ${CHAPTER_DROP_IN}in; }
${root} h3, ${root} h4 { margin: 0; font-size: ${FONT_SIZE_PT}pt; break-after: avoid; }
${root} h4 { font-weight: normal; font-style: italic; }
${root} .scene-break { text-align: center; text-indent: 0; }
${root} blockquote { margin: 0 ${INDENT_IN}in; }
${root} blockquote p, ${root} li p { text-indent: 0; }
${root} ul, ${root} ol { margin: 0; padding-left: ${INDENT_IN}in; }
`.trim()
  const contact = contactLines(manuscript.contact).map((line) => `<p>${escapeHtml(line)}</p>`).join('')
  const byline = manuscript.contact.name.trim()
  const chapters = manuscript.chapters
    .map((chapter) => `<section class="chapter"><h2 class="chapter-title">${escapeHtml(chapter.title)}</h2>${blocks(chapter.doc)}</section>`)
    .join('')
  const body =
    `<div class="${PRINT_ROOT_CLASS} ${manuscript.kind}">` +
    `<div class="first-page"><div class="contact">${contact}</div><p class="words">${escapeHtml(wordCountLine(manuscriptWords(manuscript)))}</p></div>` +
    `<h1 class="title">${escapeHtml(manuscript.title)}</h1>` +
    (byline ? `<p class="byline">by ${escapeHtml(byline)}</p>` : '') +
    chapters +
    `</div>`
  return { css, body }
}

/** A whole HTML page for the print document; nothing in it runs, loads or links anywhere. */
export function printPage(manuscript: Manuscript): string {
  const { css, body } = printDocument(manuscript)
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">` +
    `<title>${escapeHtml(manuscript.title)}</title><style>${css}</style></head><body style="margin:0">${body}</body></html>`
  )
}
