/**
 * Colleagues reviewers proposed, across every chapter the author shares,
 * for the Network view; live as proposals and decisions arrive.
 */
import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import type { LibrarySnapshot } from '../../shared/library'
import { readProposals, type Proposal } from '../../shared/review/proposals'
import { useCommentsContext } from '../comments/commentsContext'
import type { SyncHub } from '../sync/syncHub'
import type { ReviewKit } from './useReviewKit'
import { onRootsChange } from './useRound'

export interface PlacedProposal {
  proposal: Proposal
  doc: Y.Doc
  bookId: string
  chapterId: string
}

export function useProposals(hub: SyncHub, snapshot: LibrarySnapshot | null, kit: ReviewKit): PlacedProposal[] {
  const [proposals, setProposals] = useState<PlacedProposal[]>([])
  const context = useCommentsContext(snapshot, null, kit)
  const chapters = (snapshot?.shares ?? []).flatMap((s) => s.chapters.map((c) => ({ bookId: s.bookId, chapterId: c.chapterId, replicaId: c.replicaId })))
  const key = chapters.map((c) => c.replicaId).join(',')
  useEffect(() => {
    let live = true
    const disposers: Array<() => void> = []
    void Promise.all(chapters.map(async (c) => ({ ...c, doc: await hub.doc(c.replicaId) }))).then((loaded) => {
      if (!live) return
      const read = () =>
        setProposals(
          loaded.flatMap(({ doc, bookId, chapterId }) => (doc ? readProposals(doc, context).proposals.map((proposal) => ({ proposal, doc, bookId, chapterId })) : [])),
        )
      for (const { doc } of loaded) if (doc) disposers.push(onRootsChange(doc, read))
      read()
    })
    return () => {
      live = false
      for (const dispose of disposers) dispose()
    }
    // `chapters` is derived from `key`.
  }, [hub, key, context])
  return proposals
}
