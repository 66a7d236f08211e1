/**
 * Where an editor's state comes from: built fresh from the chapter's Y.Doc,
 * or (for the author's chapters) kept from an earlier visit this session, so
 * the undo history and the caret survive switching chapters.
 */
import { EditorState, type Plugin } from 'prosemirror-state'
import { initProseMirrorDoc } from 'y-prosemirror'
import type * as Y from 'yjs'
import { schema } from '../../shared/schema'
import { chapterPlugins, readingPlugins } from './plugins'

/** A chapter document to edit or read, and how to let go of it. */
export interface DocSource {
  doc: Y.Doc
  fragment: Y.XmlFragment
  /** This view's state, with `extra` plugins; `fresh` when nothing was kept from a previous view. */
  createState(extra: Plugin[], readOnly: boolean): { state: EditorState; fresh: boolean }
  /** Called with the view's last state when it closes. */
  release(last: EditorState | null): Promise<void>
}

/** The state of a new view on the fragment; `base` builds the binding's plugins from its mapping. */
export function stateFromFragment(fragment: Y.XmlFragment, readOnly: boolean, extra: Plugin[]): { state: EditorState; base: Plugin[] } {
  const initial = initProseMirrorDoc(fragment, schema)
  // An empty fragment (a reviewer's chapter before the text arrives) still needs one block to show.
  const doc = initial.doc.childCount > 0 ? initial.doc : schema.topNodeType.createAndFill()!
  const base = readOnly ? readingPlugins(fragment, initial.mapping) : chapterPlugins(fragment, initial.mapping)
  return { state: EditorState.create({ schema, doc, plugins: [...base, ...extra] }), base }
}

/** A source that builds a fresh state for every view and keeps nothing. */
export function plainSource(doc: Y.Doc, fragment: Y.XmlFragment, release: () => Promise<void> = async () => {}): DocSource {
  return {
    doc,
    fragment,
    createState: (extra, readOnly) => ({ state: stateFromFragment(fragment, readOnly, extra).state, fresh: true }),
    release: () => release(),
  }
}
