import { useEffect, useState } from 'react'
import { observeThreads, readThreads } from '../../shared/comments'
import type { LibrarySnapshot } from '../../shared/library'
import { countByAuthor } from '../comments/useComments'
import type { SyncHub } from '../sync/syncHub'

/** Comments per person (by key-derived id) across every chapter the author shares; live. */
export function useCommentCounts(hub: SyncHub, snapshot: LibrarySnapshot | null): ReadonlyMap<string, number> {
  const [counts, setCounts] = useState<ReadonlyMap<string, number>>(new Map())
  const replicaIds = (snapshot?.shares ?? []).flatMap((s) => s.chapters.map((c) => c.replicaId)).join(',')
  useEffect(() => {
    let live = true
    const disposers: Array<() => void> = []
    void Promise.all(replicaIds ? replicaIds.split(',').map((id) => hub.doc(id)) : []).then((docs) => {
      if (!live) return
      const present = docs.filter((doc) => doc !== null)
      const recount = () => {
        const next = new Map<string, number>()
        for (const doc of present) countByAuthor(readThreads(doc), next)
        setCounts(next)
      }
      for (const doc of present) disposers.push(observeThreads(doc, recount))
      recount()
    })
    return () => {
      live = false
      for (const dispose of disposers) dispose()
    }
  }, [hub, replicaIds])
  return counts
}
