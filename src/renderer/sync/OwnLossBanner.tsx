import { useCallback, useSyncExternalStore } from 'react'
import type { SyncHub } from './syncHub'

/**
 * Says so while this computer lacks some of the user's own shared changes to
 * the chapter and holds back what they write since: signing it now would give
 * reviewers who hold the lost changes a second, different version of them.
 * It goes out by itself once a peer hands the lost changes back; the button
 * shares it without them.
 */
export function OwnLossBanner({ hub, id, onMessage }: { hub: SyncHub; id: string; onMessage: (message: string, tone: 'info' | 'error') => void }) {
  // A string, so the snapshot is the same value while nothing changed.
  const state = useSyncExternalStore(
    useCallback((listener: () => void) => hub.subscribe(listener), [hub]),
    () => {
      const loss = hub.ownLoss(id)
      return loss?.waiting ? String(loss.missing) : null
    },
  )
  if (state === null) return null
  const missing = Number(state)
  return (
    <div className="notice own-loss" role="alert">
      <p>
        What you write here is not shared yet: this computer lost {missing === 1 ? 'one of your earlier changes' : `${missing} of your earlier changes`} to this
        chapter. Quire shares your new ones as soon as a reviewer’s Quire hands those back, so your copies stay the same.
      </p>
      <button
        type="button"
        title="Reviewers who hold the lost changes keep them; this computer goes on without them."
        onClick={() =>
          hub.shareAcrossLoss(id).then(
            () => onMessage('Your new changes are shared, without the ones this computer lost.', 'info'),
            (error: unknown) => onMessage(error instanceof Error ? error.message : String(error), 'error'),
          )
        }
      >
        Share without them
      </button>
    </div>
  )
}
