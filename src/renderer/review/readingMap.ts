/**
 * The author's quiet map of where reviewers stopped reading: a small mark in
 * the margin of each paragraph someone stopped at, named in its tooltip.
 * Node decorations, like every drawing over the text; the plugin listens to
 * a source of stops and maps its marks through the author's edits.
 */
import type { Node } from 'prosemirror-model'
import { Plugin, PluginKey, type EditorState } from 'prosemirror-state'
import { Decoration, DecorationSet } from 'prosemirror-view'
import { relativePositionToAbsolutePosition, ySyncPluginKey } from 'y-prosemirror'
import * as Y from 'yjs'
import { fromBase64 } from 'lib0/buffer'
import type { ProsemirrorMapping } from '../../shared/anchors'

export interface ReadingStop {
  names: string[]
  /** The paragraph's index when they read it. */
  block: number
  /** Base64 Yjs relative position on that paragraph, which survives the author's edits. */
  position?: string
}

export const readingMapKey = new PluginKey<DecorationSet>('quire-reading-map')

/** Stops to draw; the plugin subscribes. */
export class ReadingStops {
  private stops: readonly ReadingStop[] = []
  private readonly listeners = new Set<() => void>()
  current(): readonly ReadingStop[] {
    return this.stops
  }
  set(stops: readonly ReadingStop[]): void {
    this.stops = stops
    for (const listener of this.listeners) listener()
  }
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}

/** The top-level block a stop is in, in this editor's document. */
function blockOf(state: EditorState, stop: ReadingStop): { from: number; node: Node } | null {
  const sync = ySyncPluginKey.getState(state) as { doc: Y.Doc; type: Y.XmlFragment; binding: { mapping: ProsemirrorMapping } | null } | undefined
  if (stop.position && sync?.binding) {
    try {
      const pos = relativePositionToAbsolutePosition(sync.doc, sync.type, Y.decodeRelativePosition(fromBase64(stop.position)), sync.binding.mapping)
      if (pos !== null && pos > 0 && pos <= state.doc.content.size) {
        const $pos = state.doc.resolve(pos)
        if ($pos.depth >= 1) return { from: $pos.before(1), node: $pos.node(1) }
      }
    } catch {
      // An unreadable position: fall back to the paragraph's index.
    }
  }
  if (stop.block < 0 || stop.block >= state.doc.childCount) return null
  let from = 0
  for (let i = 0; i < stop.block; i++) from += state.doc.child(i).nodeSize
  return { from, node: state.doc.child(stop.block) }
}

function decorate(state: EditorState, stops: readonly ReadingStop[]): DecorationSet {
  const byBlock = new Map<number, { node: Node; names: string[] }>()
  for (const stop of stops) {
    const block = blockOf(state, stop)
    if (!block) continue
    const entry = byBlock.get(block.from) ?? { node: block.node, names: [] }
    entry.names.push(...stop.names)
    byBlock.set(block.from, entry)
  }
  const decorations = [...byBlock].map(([from, { node, names }]) =>
    Decoration.node(from, from + node.nodeSize, { class: 'reading-stop', 'data-readers': String(names.length), title: `${names.join(', ')} stopped reading here` }),
  )
  return DecorationSet.create(state.doc, decorations)
}

export function readingMapPlugin(source: ReadingStops): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: readingMapKey,
    state: {
      init: (_config, state) => decorate(state, source.current()),
      apply: (tr, set, _old, state) => (tr.getMeta(readingMapKey) ? decorate(state, source.current()) : set.map(tr.mapping, tr.doc)),
    },
    view(view) {
      const redraw = () => !view.isDestroyed && view.dispatch(view.state.tr.setMeta(readingMapKey, true).setMeta('addToHistory', false))
      const stop = source.subscribe(redraw)
      // Once the Yjs binding exists, positions resolve: draw again then.
      const first = setTimeout(redraw)
      return {
        destroy: () => {
          stop()
          clearTimeout(first)
        },
      }
    },
    props: { decorations: (state) => readingMapKey.getState(state) },
  })
}
