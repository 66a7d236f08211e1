/**
 * Footnotes, as Word and Google Docs put them on the clipboard: a small
 * reference in the text (`[1]`, a link to the note) and the notes themselves
 * at the end, each linking back. Quire has no footnotes, so each note's text
 * moves to the end of the paragraph that referred to it, as
 * "[Footnote: …]", and the notes at the end (and the rule above them) go:
 * nothing is lost and no stray paragraph is left.
 */

/** The element a `#name` link points at: by id, or by a Word-style `<a name>`. */
function target(root: Document, name: string): Element | null {
  if (!name) return null
  return root.getElementById(name) ?? [...root.querySelectorAll('a[name]')].find((a) => a.getAttribute('name') === name) ?? null
}

/** The block that holds one note: Word's footnote div, or the paragraph (in its own div) Google Docs uses. */
function noteBlock(anchor: Element): Element {
  const word = anchor.closest('[style*="mso-element:footnote"]:not([style*="list"]), [style*="mso-element:endnote"]:not([style*="list"])')
  if (word) return word
  const paragraph = anchor.closest('p')
  const wrapper = paragraph?.parentElement
  if (wrapper?.tagName === 'DIV' && wrapper.children.length === 1) return wrapper
  return paragraph ?? anchor
}

/** Moves each footnote's text to the end of the paragraph referring to it; returns how many moved. */
export function inlineFootnotes(root: Document): number {
  const notes = new Set<Element>()
  let moved = 0
  for (const reference of [...root.querySelectorAll('a[href^="#"]')]) {
    if (notes.has(noteBlock(reference)) || reference.closest('[style*="mso-element:footnote-list"], [style*="mso-element:endnote-list"]')) continue
    const note = target(root, reference.getAttribute('href')!.slice(1))
    if (!note || note === reference) continue
    // A real note links back to this reference (by its id or name).
    const names = [reference.id, reference.getAttribute('name')].filter(Boolean)
    const block = noteBlock(note)
    const backLink = [...block.querySelectorAll('a[href^="#"]')].find((a) => names.includes(a.getAttribute('href')!.slice(1)))
    if (!backLink) continue
    const text = noteText(block, backLink)
    const holder = reference.closest('p, li, h1, h2, h3, h4, h5, h6') ?? reference.parentElement
    ;(reference.closest('sup') ?? reference).remove()
    if (text && holder) holder.append(root.createTextNode(` [Footnote: ${text}]`))
    notes.add(block)
    moved++
  }
  for (const block of notes) block.remove()
  // Word's list of notes, and the rule both apps draw above the notes, go with them.
  for (const list of root.querySelectorAll('[style*="mso-element:footnote-list"], [style*="mso-element:endnote-list"]')) {
    if (!list.textContent?.trim()) list.remove()
  }
  if (moved) for (const rule of root.querySelectorAll('hr')) if (!hasContentAfter(rule)) rule.remove()
  return moved
}

/** A note's text without its back-link marker, on one line. */
function noteText(block: Element, backLink: Element): string {
  const copy = block.cloneNode(true) as Element
  const index = [...block.querySelectorAll('a[href^="#"]')].indexOf(backLink)
  copy.querySelectorAll('a[href^="#"]')[index]?.remove()
  return (copy.textContent ?? '').replace(/\s+/g, ' ').trim()
}

/** True when some text follows `element` in the document (notes are always last). */
function hasContentAfter(element: Element): boolean {
  for (let node: Element | null = element; node && node.tagName !== 'BODY'; node = node.parentElement) {
    for (let next = node.nextSibling; next; next = next.nextSibling) if (next.textContent?.trim()) return true
  }
  return false
}
