import { useEffect, useState, useSyncExternalStore } from 'react'
import type { QuireApi } from '../../shared/contract'
import type { LibrarySnapshot } from '../../shared/library'
import { SyncHub, type SyncStatus } from './syncHub'
import { createPeerGuard } from './transport'

/** One SyncHub for the window, kept in line with the library, and its live status. */
export function useSyncHub(api: QuireApi, snapshot: LibrarySnapshot | null, onError: (error: unknown) => void) {
  const [hub] = useState(() => {
    // One guard (and one validation worker) for every room of the window; y-webrtc only carries an empty document.
    const guard = createPeerGuard({ carrierOnly: true, onRejected: (reason) => console.warn(`Ignored a message from a peer: ${reason}`) })
    return new SyncHub({
      api,
      onError,
      peerOpts: (onChannel) => guard.forRoom(onChannel),
      verify: (envelope, authorKey, lane) => guard.verifyEnvelope(envelope, authorKey, lane),
      onPeerSeen: (publicKey) => void api['member:seen']({ publicKey }).catch(() => {}),
    })
  })
  useEffect(() => () => void hub.destroy(), [hub])
  useEffect(() => {
    if (snapshot) hub.update(snapshot)
  }, [hub, snapshot])
  const status: SyncStatus = useSyncExternalStore(
    (listener) => hub.subscribe(listener),
    () => hub.getStatus(),
  )
  return { hub, status }
}
