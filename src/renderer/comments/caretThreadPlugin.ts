/**
 * Moving the caret into a comment highlight brings up its thread, the way a
 * click on the highlight does, so keyboard readers find comments too. Reads
 * the highlights the comments binding already drew; owns nothing else.
 */
import { Plugin } from 'prosemirror-state'
import { commentsKey } from './binding'

/** The innermost highlight holding position `pos` (its start counts, its end does not). */
export function threadAt(state: Parameters<typeof commentsKey.getState>[0], pos: number): string | null {
  const found = commentsKey.getState(state)?.decorations.find(pos, pos, (spec) => typeof spec.threadId === 'string') ?? []
  const holding = found.filter((d) => d.from <= pos && pos < d.to)
  return (holding[holding.length - 1]?.spec.threadId as string | undefined) ?? null
}

export function caretThreadPlugin(onCaretInThread: (threadId: string) => void): Plugin {
  return new Plugin({
    view() {
      let current: string | null = null
      return {
        update(view, previous) {
          const { selection } = view.state
          if (selection.eq(previous.selection)) return
          const threadId = threadAt(view.state, selection.head)
          // Only the user's own caret moves count; a card choosing its passage moves the caret too.
          if (threadId && threadId !== current && view.hasFocus()) onCaretInThread(threadId)
          current = threadId
        },
      }
    },
  })
}
