/** Fixtures for comment tests: people, and anchors on a chapter's text. */
import type * as Y from 'yjs'
import { createAnchor, resolveAnchor, type Anchor, type ResolvedAnchor } from '../anchors'
import type { Person } from '../comments'
import { TEXT_ROOT } from '../ydoc'
import { find, render } from './editor'

export const AUTHOR: Person = { id: 'author-key', name: 'Ada Author' }
export const REVIEWER: Person = { id: 'reviewer-key', name: 'Rui Reviewer' }
export const OTHER: Person = { id: 'other-key', name: 'Olu Other' }

/** An anchor on the first (or `occurrence`-th) appearance of `text` in the doc's chapter. */
export function anchorOn(doc: Y.Doc, text: string, occurrence = 0): Anchor {
  const fragment = doc.getXmlFragment(TEXT_ROOT)
  const { pmDoc, mapping } = render(fragment)
  const { from, to } = find(pmDoc, text, occurrence)
  return createAnchor(fragment, mapping, from, to, pmDoc)
}

/** Resolves anchors against the doc's chapter as it is now. */
export function resolverFor(doc: Y.Doc): (anchor: Anchor) => ResolvedAnchor {
  const fragment = doc.getXmlFragment(TEXT_ROOT)
  const { pmDoc, mapping } = render(fragment)
  return (anchor) => resolveAnchor(anchor, fragment, mapping, pmDoc)
}
