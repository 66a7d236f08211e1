/**
 * Comment highlights as ProseMirror decorations — never marks, so the text
 * itself is untouched and overlapping comments simply stack. Clicking a
 * highlight focuses its thread.
 */
import type { Node } from 'prosemirror-model'
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state'
import { Mapping, StepMap } from 'prosemirror-transform'
import { Decoration, DecorationSet } from 'prosemirror-view'
import { ySyncPluginKey } from 'y-prosemirror'
import { resolveAnchor, type ProsemirrorMapping, type ResolvedAnchor, type Anchor } from '../../shared/anchors'
import type { Thread } from '../../shared/comments'

export const commentsKey = new PluginKey<CommentsState>('quire-comments')

interface CommentsState {
  threads: readonly Thread[]
  activeId: string | null
  decorations: DecorationSet
  /** Mapped through a remote change but not yet resolved against it. */
  stale: boolean
}

/** Meta that replaces the threads or the active one. */
export interface CommentsMeta {
  threads?: readonly Thread[]
  activeId?: string | null
}

/** Where an anchor sits in this editor's document right now. */
export function resolveIn(state: EditorState, anchor: Anchor): ResolvedAnchor {
  const sync = ySyncPluginKey.getState(state) as { type: import('yjs').XmlFragment; binding: { mapping: ProsemirrorMapping } } | undefined
  if (!sync?.binding) return { detached: true }
  return resolveAnchor(anchor, sync.type, sync.binding.mapping, state.doc)
}

/** How long highlights may lag a remote change before every anchor is resolved again. */
const REMOTE_RESOLVE_DELAY_MS = 150

/** A mapping for a change that replaced the whole document: one step over the part that differs. */
function diffMapping(before: Node, after: Node): Mapping {
  const start = before.content.findDiffStart(after.content)
  if (start === null) return new Mapping()
  const end = before.content.findDiffEnd(after.content)!
  // When the change repeats text at its edge, the two ends can cross; keep the step well-formed.
  const endA = Math.max(end.a, start)
  const endB = Math.max(end.b, start)
  return new Mapping([new StepMap([start, endA - start, endB - start])])
}

function textblocks(doc: EditorState['doc']): number {
  let count = 0
  doc.descendants((node) => {
    if (node.isTextblock) count++
    return !node.isTextblock
  })
  return count
}

function isFromYjs(tr: Transaction): boolean {
  return (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin === true
}

function decorate(state: EditorState, threads: readonly Thread[], activeId: string | null): DecorationSet {
  const decorations: Decoration[] = []
  for (const thread of threads) {
    if (thread.resolved && thread.id !== activeId) continue
    const place = resolveIn(state, thread.anchor)
    if (place.detached || place.from >= place.to) continue
    decorations.push(
      Decoration.inline(
        place.from,
        place.to,
        { class: thread.id === activeId ? 'comment-highlight active' : 'comment-highlight', 'data-thread-id': thread.id },
        { threadId: thread.id },
      ),
    )
  }
  return DecorationSet.create(state.doc, decorations)
}

/**
 * `beforeRestructure` runs with the old state right before a local change
 * splits or joins blocks: y-prosemirror re-creates the moved text, so the
 * author's anchors are refreshed while they can still be found by position.
 */
export function commentsPlugin(
  onActivate: (threadId: string) => void,
  beforeRestructure?: (state: EditorState) => void,
): Plugin<CommentsState> {
  return new Plugin<CommentsState>({
    key: commentsKey,
    filterTransaction(tr, state) {
      if (beforeRestructure && tr.docChanged && !isFromYjs(tr) && textblocks(tr.doc) !== textblocks(state.doc)) {
        beforeRestructure(state)
      }
      return true
    },
    state: {
      init: () => ({ threads: [], activeId: null, decorations: DecorationSet.empty, stale: false }),
      apply(tr, previous, old, state) {
        const meta = tr.getMeta(commentsKey) as CommentsMeta | undefined
        if (!meta && !tr.docChanged) return previous
        if (!meta) {
          // Resolving every anchor on every change would cost a keystroke
          // milliseconds per hundred threads. The author's own typing moves
          // highlights exactly like the text, so mapping is enough. A change
          // from the Y.Doc replaces the whole document, so its mapping is
          // rebuilt from the diff, and the anchors are resolved for real
          // shortly after (see the plugin view).
          const mapping = isFromYjs(tr) ? diffMapping(old.doc, tr.doc) : tr.mapping
          return { ...previous, decorations: previous.decorations.map(mapping, tr.doc), stale: previous.stale || isFromYjs(tr) }
        }
        const threads = meta.threads ?? previous.threads
        const activeId = meta.activeId !== undefined ? meta.activeId : previous.activeId
        return { threads, activeId, decorations: decorate(state, threads, activeId), stale: false }
      },
    },
    view() {
      let timer: ReturnType<typeof setTimeout> | undefined
      return {
        update(view) {
          if (!commentsKey.getState(view.state)?.stale || timer) return
          timer = setTimeout(() => {
            timer = undefined
            if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(commentsKey, {}))
          }, REMOTE_RESOLVE_DELAY_MS)
        },
        destroy: () => clearTimeout(timer),
      }
    },
    props: {
      decorations: (state) => commentsKey.getState(state)?.decorations,
      handleClick(view, pos) {
        const found = commentsKey.getState(view.state)?.decorations.find(pos, pos)
        const threadId = found?.[found.length - 1]?.spec.threadId as string | undefined
        if (threadId) onActivate(threadId)
        return false
      },
    },
  })
}
