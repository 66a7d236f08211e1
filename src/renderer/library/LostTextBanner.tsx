import { useCallback, useSyncExternalStore } from 'react'
import { wordsLabel } from '../../shared/words'
import type { SyncHub } from '../sync/syncHub'

/**
 * Says so when the open chapter lost text on disk that its shared copy (and
 * every reviewer) still holds, and brings it back on request. Without it the
 * author would write on beside a page their reviewers see differently.
 */
export function LostTextBanner({ hub, chapterId, onMessage }: { hub: SyncHub; chapterId: string; onMessage: (message: string, tone: 'info') => void }) {
  const lost = useSyncExternalStore(
    useCallback((listener: () => void) => hub.subscribe(listener), [hub]),
    () => hub.lostText(chapterId),
  )
  if (!lost) return null
  return (
    <div className="notice lost-text" role="alert">
      <p>
        This chapter lost text on disk that its shared copy still holds ({wordsLabel(lost.words)}), and your reviewers still see it. Restore it to
        have the same chapter as they do; what you wrote since stays.
      </p>
      <button
        type="button"
        onClick={() => {
          lost.restore()
          onMessage(`Restored ${wordsLabel(lost.words)} from the shared copy.`, 'info')
        }}
      >
        Restore lost text
      </button>
    </div>
  )
}
