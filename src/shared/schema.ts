import { Schema, type DOMOutputSpec, type NodeSpec, type MarkSpec } from 'prosemirror-model'
import { isSafeExternalUrl } from './urls'

/** What the parse rules read of a pasted element; src/shared does not see the DOM's own types. */
interface PastedElement {
  getAttribute(name: string): string | null
  style: { fontWeight: string }
}
const element = (node: unknown): PastedElement => node as PastedElement

/**
 * The manuscript schema. Deliberately small: what a book draft needs and what
 * Markdown can carry, so import, export and paste never lose meaning.
 * Anything a word processor pastes beyond this is dropped by the parse rules.
 */
const nodes: Record<string, NodeSpec> = {
  doc: { content: 'block+' },
  paragraph: {
    content: 'inline*',
    group: 'block',
    parseDOM: [{ tag: 'p' }],
    toDOM: (): DOMOutputSpec => ['p', 0],
  },
  heading: {
    attrs: { level: { default: 1, validate: 'number' } },
    content: 'inline*',
    group: 'block',
    defining: true,
    parseDOM: [
      { tag: 'h1', attrs: { level: 1 } },
      { tag: 'h2', attrs: { level: 2 } },
      // Deeper headings from pasted documents fold into the second level.
      { tag: 'h3', attrs: { level: 2 } },
      { tag: 'h4', attrs: { level: 2 } },
      { tag: 'h5', attrs: { level: 2 } },
      { tag: 'h6', attrs: { level: 2 } },
    ],
    toDOM: (node): DOMOutputSpec => [`h${node.attrs.level as number}`, 0],
  },
  blockquote: {
    content: 'block+',
    group: 'block',
    defining: true,
    parseDOM: [{ tag: 'blockquote' }],
    toDOM: (): DOMOutputSpec => ['blockquote', 0],
  },
  /** A scene break: the `* * *` between scenes of a chapter. */
  scene_break: {
    group: 'block',
    parseDOM: [{ tag: 'hr' }],
    toDOM: (): DOMOutputSpec => ['hr', { class: 'scene-break' }],
  },
  ordered_list: {
    attrs: { order: { default: 1, validate: 'number' } },
    content: 'list_item+',
    group: 'block',
    parseDOM: [
      {
        tag: 'ol',
        getAttrs: (dom) => {
          const start = element(dom).getAttribute('start')
          return { order: start ? Number.parseInt(start, 10) || 1 : 1 }
        },
      },
    ],
    toDOM: (node): DOMOutputSpec =>
      node.attrs.order === 1 ? ['ol', 0] : ['ol', { start: node.attrs.order as number }, 0],
  },
  bullet_list: {
    content: 'list_item+',
    group: 'block',
    parseDOM: [{ tag: 'ul' }],
    toDOM: (): DOMOutputSpec => ['ul', 0],
  },
  list_item: {
    content: 'paragraph block*',
    defining: true,
    parseDOM: [{ tag: 'li' }],
    toDOM: (): DOMOutputSpec => ['li', 0],
  },
  text: { group: 'inline' },
  hard_break: {
    inline: true,
    group: 'inline',
    selectable: false,
    parseDOM: [{ tag: 'br' }],
    toDOM: (): DOMOutputSpec => ['br'],
  },
}

const marks: Record<string, MarkSpec> = {
  em: {
    parseDOM: [
      { tag: 'i' },
      { tag: 'em' },
      { style: 'font-style=italic' },
      { style: 'font-style=normal', clearMark: (m) => m.type.name === 'em' },
    ],
    toDOM: (): DOMOutputSpec => ['em', 0],
  },
  strong: {
    parseDOM: [
      { tag: 'strong' },
      // Google Docs wraps whole pastes in <b style="font-weight:normal">.
      { tag: 'b', getAttrs: (node) => element(node).style.fontWeight !== 'normal' && null },
      { style: 'font-weight=400', clearMark: (m) => m.type.name === 'strong' },
      {
        style: 'font-weight',
        getAttrs: (value) => /^(bold(er)?|[5-9]\d{2,})$/.test(value as string) && null,
      },
    ],
    toDOM: (): DOMOutputSpec => ['strong', 0],
  },
  /**
   * A link to a web page or an e-mail address. Only http, https and mailto
   * links come in (from paste or Markdown); anything else keeps its text and
   * loses the link. The href is checked again where it is drawn and where it
   * is opened, because a peer's copy of the text is untrusted: there an
   * unsafe one is drawn without an href. In a Y.Doc it is the text's
   * formatting attribute `link: { href }` (y-prosemirror stores marks so).
   */
  link: {
    attrs: { href: {} },
    inclusive: false,
    parseDOM: [
      {
        tag: 'a[href]',
        getAttrs: (dom) => {
          const href = element(dom).getAttribute('href')?.trim() ?? ''
          return isSafeExternalUrl(href) ? { href } : false
        },
      },
    ],
    toDOM: (mark): DOMOutputSpec => {
      const href = String(mark.attrs.href)
      return ['a', isSafeExternalUrl(href) ? { href, title: href, rel: 'noopener noreferrer nofollow' } : {}, 0]
    },
  },
  /**
   * Inline code, from Markdown's backticks. Last in the list so it is the
   * innermost mark, as Markdown writes it; bold and italic cannot apply
   * inside it (Markdown has no way to say that).
   */
  code: {
    excludes: 'em strong code',
    parseDOM: [{ tag: 'code' }],
    toDOM: (): DOMOutputSpec => ['code', 0],
  },
}

export const schema = new Schema({ nodes, marks })
