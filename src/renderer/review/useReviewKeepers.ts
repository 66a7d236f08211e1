/**
 * One ReviewKeeper per shared chapter this user takes part in (the author's
 * replicas, the reviewer's joined chapters), kept in line with the library.
 */
import { useEffect, useRef } from 'react'
import type { QuireApi } from '../../shared/contract'
import type { LibrarySnapshot } from '../../shared/library'
import { commentsContextFor } from '../comments/commentsContext'
import type { SyncHub } from '../sync/syncHub'
import { ReviewKeeper } from './keeper'
import { sealingFor } from './sealing'
import type { ReviewKit } from './useReviewKit'

interface Target {
  docId: string
  /** The author's chapter the replica follows. */
  chapterId?: string
  shareId: string
  role: 'author' | 'reviewer'
}

function targetsOf(snapshot: LibrarySnapshot): Target[] {
  return [
    ...snapshot.shares.flatMap((share) => share.chapters.map((c) => ({ docId: c.replicaId, chapterId: c.chapterId, shareId: share.id, role: 'author' as const }))),
    ...snapshot.joined.flatMap((joined) => joined.chapters.map((c) => ({ docId: c.docId, shareId: joined.id, role: 'reviewer' as const }))),
  ]
}

export function useReviewKeepers(api: QuireApi, hub: SyncHub, snapshot: LibrarySnapshot | null, kit: ReviewKit, onError: (error: unknown) => void): void {
  const latest = useRef({ snapshot, onError })
  latest.current = { snapshot, onError }
  const keepers = useRef(new Map<string, ReviewKeeper>())
  const profile = snapshot?.profile ?? null
  const targets = snapshot && profile ? targetsOf(snapshot) : []
  const key = targets.map((t) => `${t.role}:${t.docId}`).join(',')
  const unsealer = kit.unsealer

  useEffect(() => {
    const running = keepers.current
    if (!profile) return
    let live = true
    const wanted = new Set(key ? key.split(',').map((k) => k.slice(k.indexOf(':') + 1)) : [])
    for (const [docId, keeper] of running) {
      if (!wanted.has(docId)) {
        keeper.destroy()
        running.delete(docId)
      }
    }
    for (const target of targetsOf(latest.current.snapshot!)) {
      if (running.has(target.docId)) continue
      void hub.doc(target.docId).then((doc) => {
        if (!live || !doc || running.has(target.docId)) return
        const current = () => latest.current.snapshot!
        const joined = () => current().joined.find((j) => j.id === target.shareId) ?? null
        const known = new Map([[profile.memberId, profile.publicKey]])
        const share = joined()
        if (share) known.set(share.author.memberId, share.author.publicKey)
        const keeper = new ReviewKeeper({
          doc,
          me: { id: profile.memberId, name: profile.name },
          publicKey: profile.publicKey,
          context: () => commentsContextFor(current().profile, current().members, joined(), unsealer.open),
          unsealer,
          sealing: sealingFor(doc, known, unsealer),
          onError: (error) => latest.current.onError(error),
          ...(target.role === 'author'
            ? {
                shareMode: () => current().shares.find((s) => s.id === target.shareId)?.review,
                onDraftFrozen: (draft: number) => {
                  if (!target.chapterId) return
                  const chapterId = target.chapterId
                  void api['doc:load']({ docId: chapterId })
                    .then((update) => (update.byteLength > 0 ? api['version:save']({ chapterId, name: `Draft ${draft} (shared)`, update, draft }) : null))
                    .catch((error: unknown) => latest.current.onError(error))
                },
              }
            : { shareProgress: () => current().settings.shareReadingProgress !== false }),
        })
        running.set(target.docId, keeper)
      })
    }
    return () => {
      live = false
    }
  }, [api, hub, key, profile, unsealer])

  // Settings and shares change what keepers do: let them look again.
  const settingsKey = `${snapshot?.settings.shareReadingProgress}|${snapshot?.shares.map((s) => s.review ?? '').join(',')}`
  useEffect(() => {
    for (const keeper of keepers.current.values()) keeper.schedule()
  }, [settingsKey])

  useEffect(() => {
    const running = keepers.current
    return () => {
      for (const keeper of running.values()) keeper.destroy()
      running.clear()
    }
  }, [unsealer])
}
