import { useEffect, useState, useSyncExternalStore } from 'react'
import type { QuireApi } from '../../shared/contract'
import type { LibrarySnapshot } from '../../shared/library'
import { SyncHub, type SyncStatus } from './syncHub'
import { createPeerGuard } from './transport'

/** One SyncHub for the window, kept in line with the library, and its live status. */
export function useSyncHub(api: QuireApi, snapshot: LibrarySnapshot | null, onError: (error: unknown) => void) {
  const [hub] = useState(() => {
    // One guard (and one validation worker) for every room of the window.
    const guard = createPeerGuard({ onRejected: (reason) => console.warn(`Ignored a message from a peer: ${reason}`) })
    return new SyncHub({
      api,
      onError,
      peerOpts: () => guard.peerOpts,
      onPeerSeen: (user) => {
        if (user.role === 'reviewer') {
          void api['member:seen']({
            peerId: user.peerId,
            name: user.name,
            fingerprint: user.fingerprint,
            ...(user.invitedAs ? { invitedAs: user.invitedAs } : {}),
          }).catch(() => {})
        }
      },
    })
  })
  // The hub runs while the window is mounted; StrictMode's second mount starts it again.
  useEffect(() => hub.start(), [hub])
  useEffect(() => {
    if (snapshot) hub.update(snapshot)
  }, [hub, snapshot])
  const status: SyncStatus = useSyncExternalStore(
    (listener) => hub.subscribe(listener),
    () => hub.getStatus(),
  )
  return { hub, status }
}
