/**
 * Comment highlights as ProseMirror decorations — never marks, so the text
 * itself is untouched and overlapping comments simply stack. Clicking a
 * highlight focuses its thread.
 */
import { Plugin, PluginKey, type EditorState } from 'prosemirror-state'
import { Decoration, DecorationSet } from 'prosemirror-view'
import { ySyncPluginKey } from 'y-prosemirror'
import { resolveAnchor, type ProsemirrorMapping, type ResolvedAnchor, type Anchor } from '../../shared/anchors'
import type { Thread } from '../../shared/comments'

export const commentsKey = new PluginKey<CommentsState>('quire-comments')

interface CommentsState {
  threads: readonly Thread[]
  activeId: string | null
  decorations: DecorationSet
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

export function commentsPlugin(onActivate: (threadId: string) => void): Plugin<CommentsState> {
  return new Plugin<CommentsState>({
    key: commentsKey,
    state: {
      init: () => ({ threads: [], activeId: null, decorations: DecorationSet.empty }),
      apply(tr, previous, _old, state) {
        const meta = tr.getMeta(commentsKey) as CommentsMeta | undefined
        if (!meta && !tr.docChanged) return previous
        const threads = meta?.threads ?? previous.threads
        const activeId = meta?.activeId !== undefined ? meta.activeId : previous.activeId
        return { threads, activeId, decorations: decorate(state, threads, activeId) }
      },
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
