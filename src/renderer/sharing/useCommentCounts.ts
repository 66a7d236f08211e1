import { useEffect, useState } from 'react'
import { ThreadIndex } from '../../shared/comments'
import type { LibrarySnapshot } from '../../shared/library'
import { useCommentsContext } from '../comments/commentsContext'
import { countByAuthor } from '../comments/useComments'
import type { SyncHub } from '../sync/syncHub'
import type { ReviewKit } from '../review/useReviewKit'

/** Comments per person (by key-derived id) across every chapter the author shares; live. */
export function useCommentCounts(hub: SyncHub, snapshot: LibrarySnapshot | null, kit?: ReviewKit): ReadonlyMap<string, number> {
  const [counts, setCounts] = useState<ReadonlyMap<string, number>>(new Map())
  const context = useCommentsContext(snapshot, null, kit)
  const replicaIds = (snapshot?.shares ?? []).flatMap((s) => s.chapters.map((c) => c.replicaId)).join(',')
  useEffect(() => {
    let live = true
    const disposers: Array<() => void> = []
    void Promise.all(replicaIds ? replicaIds.split(',').map((id) => hub.doc(id)) : []).then((docs) => {
      if (!live) return
      const indexes = docs.filter((doc) => doc !== null).map((doc) => new ThreadIndex(doc, context))
      const recount = () => {
        const next = new Map<string, number>()
        for (const index of indexes) countByAuthor(index.all(), next)
        setCounts(next)
      }
      for (const index of indexes) {
        disposers.push(index.subscribe(recount))
        disposers.push(() => index.destroy())
      }
      recount()
    })
    return () => {
      live = false
      for (const dispose of disposers) dispose()
    }
  }, [hub, replicaIds, context])
  return counts
}
