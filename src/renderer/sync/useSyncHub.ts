import { useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import type { QuireApi } from '../../shared/contract'
import type { LibrarySnapshot } from '../../shared/library'
import { NetworkLink } from '../network/networkLink'
import { SyncHub, type SyncStatus } from './syncHub'
import { createPeerGuard } from './transport'

/** One SyncHub for the window, kept in line with the library, and its live status. */
export function useSyncHub(api: QuireApi, snapshot: LibrarySnapshot | null, onError: (error: unknown) => void) {
  const [link] = useState(() => new NetworkLink(api))
  const [linkReady, setLinkReady] = useState(false)
  const [hub] = useState(() => {
    // One guard (and one validation worker) for every room of the window; y-webrtc only carries an empty document.
    const guard = createPeerGuard({ carrierOnly: true, onRejected: (reason) => console.warn(`Ignored a message from a peer: ${reason}`) })
    return new SyncHub({
      api,
      onError,
      network: link,
      peerOpts: (onChannel) => guard.forRoom(onChannel),
      verify: (envelope, authorKey, lane) => guard.verifyEnvelope(envelope, authorKey, lane),
      onPeerSeen: (publicKey) => void api['member:seen']({ publicKey }).catch(() => {}),
    })
  })
  // The hub runs while the window is mounted; StrictMode's second mount starts it again.
  useEffect(() => hub.start(), [hub])
  useEffect(() => {
    const stop = link.start()
    const unlisten = link.onReady(() => setLinkReady(true))
    if (link.ready) setLinkReady(true)
    return () => {
      unlisten()
      stop()
    }
  }, [link])
  // Main's plan depends on the settings and on what each invite brought: ask again when they change.
  const networkKey = useMemo(
    () => (snapshot ? JSON.stringify([snapshot.settings, snapshot.joined.map((j) => [j.id, j.rendezvous, j.turn])]) : null),
    [snapshot],
  )
  useEffect(() => {
    if (networkKey !== null) link.refresh().catch(onError)
  }, [link, networkKey, onError])
  // Rooms wait for main's plan (it answers within a couple of seconds even without DNS): a room opened
  // before it would keep a plan without a signaling address.
  useEffect(() => {
    if (snapshot && linkReady) hub.update(snapshot)
  }, [hub, snapshot, linkReady])
  const status: SyncStatus = useSyncExternalStore(
    (listener) => hub.subscribe(listener),
    () => hub.getStatus(),
  )
  return { hub, status }
}
