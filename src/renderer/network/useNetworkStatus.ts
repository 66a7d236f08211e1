import { useEffect, useState } from 'react'
import type { QuireApi } from '../../shared/contract'
import type { NetworkStatus } from '../../shared/networkStatus'

/** How every rendezvous is doing, from main: asked once, then kept current by `network:changed`. */
export function useNetworkStatus(api: QuireApi): NetworkStatus | null {
  const [status, setStatus] = useState<NetworkStatus | null>(null)
  useEffect(() => {
    let live = true
    const dispose = api.on('network:changed', (next) => setStatus(next))
    api['network:status']({}).then(
      (first) => live && setStatus((current) => current ?? first),
      () => {},
    )
    return () => {
      live = false
      dispose()
    }
  }, [api])
  return status
}
