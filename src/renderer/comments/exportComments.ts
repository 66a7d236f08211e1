/**
 * The one place that turns stored comment threads into what the manuscript
 * exporters take: open threads only, in reading order, each with its
 * passage resolved to positions in the chapter being exported, its author,
 * date, body and replies. Everything past this point is independent of how
 * threads are stored.
 */
import type * as Y from 'yjs'
import type { Anchor, ResolvedAnchor } from '../../shared/anchors'
import { readThreads, threadsInOrder, type CommentsContext } from '../../shared/comments'
import type { ManuscriptComment } from '../../shared/manuscript/model'

export function commentsForExport(threadsDoc: Y.Doc | null, context: CommentsContext, resolve: (anchor: Anchor) => ResolvedAnchor): ManuscriptComment[] {
  if (!threadsDoc) return []
  const open = readThreads(threadsDoc, context).filter((thread) => !thread.resolved)
  return threadsInOrder(open, resolve).flatMap(({ thread, place }) => {
    // A deleted comment leaves a placeholder; its replies still stand, the first of them in its place.
    const [first, ...replies] = thread.messages.filter((message) => !message.deleted)
    if (!first) return []
    return [
      {
        range: place.detached ? null : { from: place.from, to: place.to },
        quote: thread.quote,
        author: first.authorName,
        date: first.createdAt,
        body: first.body,
        replies: replies.map((message) => ({ author: message.authorName, date: message.createdAt, body: message.body })),
      },
    ]
  })
}
