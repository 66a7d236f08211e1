import { useEffect, useMemo, useState } from 'react'
import { ThreadIndex, type Thread } from '../../shared/comments'
import type { LibrarySnapshot } from '../../shared/library'
import { useCommentsContext } from '../comments/commentsContext'
import { countByAuthor } from '../comments/useComments'
import type { SyncHub } from '../sync/syncHub'
import type { ReviewKit } from '../review/useReviewKit'

/** Every shared chapter document the user has: the author's replicas and the chapters shared with them. */
function sharedDocIds(snapshot: LibrarySnapshot | null): string[] {
  const replicas = (snapshot?.shares ?? []).flatMap((s) => s.chapters.map((c) => c.replicaId))
  const joined = (snapshot?.joined ?? []).filter((j) => j.removedAt === undefined).flatMap((j) => j.chapters.map((c) => c.docId))
  return [...replicas, ...joined]
}

/** The threads of every shared chapter, by document id; live. */
function useSharedThreads(hub: SyncHub, snapshot: LibrarySnapshot | null, kit?: ReviewKit): ReadonlyMap<string, readonly Thread[]> {
  const [threads, setThreads] = useState<ReadonlyMap<string, readonly Thread[]>>(new Map())
  const context = useCommentsContext(snapshot, null, kit)
  const docIds = sharedDocIds(snapshot).join(',')
  useEffect(() => {
    let live = true
    const disposers: Array<() => void> = []
    const ids = docIds ? docIds.split(',') : []
    void Promise.all(ids.map((id) => hub.doc(id))).then((docs) => {
      if (!live) return
      const indexes = ids.flatMap((id, i) => (docs[i] ? [[id, new ThreadIndex(docs[i], context)] as const] : []))
      const refresh = () => setThreads(new Map(indexes.map(([id, index]) => [id, index.all()])))
      for (const [, index] of indexes) {
        disposers.push(index.subscribe(refresh))
        disposers.push(() => index.destroy())
      }
      refresh()
    })
    return () => {
      live = false
      for (const dispose of disposers) dispose()
    }
  }, [hub, docIds, context])
  return threads
}

export interface CommentCounts {
  /** Comments per person (by key-derived id) across every chapter the author shares. */
  byAuthor: ReadonlyMap<string, number>
  /** Comments by others the user has not seen yet, per shared chapter document. */
  unread: ReadonlyMap<string, number>
}

export function useCommentCounts(hub: SyncHub, snapshot: LibrarySnapshot | null, kit?: ReviewKit): CommentCounts {
  const threads = useSharedThreads(hub, snapshot, kit)
  const shares = snapshot?.shares
  const seen = snapshot?.seen
  const meId = snapshot?.profile?.memberId ?? ''
  return useMemo(() => {
    const replicas = new Set((shares ?? []).flatMap((s) => s.chapters.map((c) => c.replicaId)))
    const byAuthor = new Map<string, number>()
    const unread = new Map<string, number>()
    for (const [docId, list] of threads) {
      if (replicas.has(docId)) countByAuthor(list, byAuthor)
      const count = unseenMessages(list, meId, new Set(seen?.[docId])).length
      if (count > 0) unread.set(docId, count)
    }
    return { byAuthor, unread }
  }, [threads, shares, seen, meId])
}

/** The ids of messages by others, not deleted, that `seen` does not hold. */
export function unseenMessages(threads: readonly Thread[], meId: string, seen: ReadonlySet<string>): string[] {
  return threads.flatMap((thread) => thread.messages.filter((m) => !m.deleted && m.authorId !== meId && !seen.has(m.id)).map((m) => m.id))
}
