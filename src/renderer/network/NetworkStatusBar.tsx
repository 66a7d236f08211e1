import type { ComponentProps } from 'react'
import type { QuireApi } from '../../shared/contract'
import { StatusBar } from '../sync/StatusBar'
import { useNetworkStatus } from './useNetworkStatus'

/**
 * The status bar, told by main whether any meeting place is reachable. It
 * listens to network events itself, so they re-render the bar, not the
 * window (and never the editor).
 */
export function NetworkStatusBar({ api, ...props }: Omit<ComponentProps<typeof StatusBar>, 'reachable'> & { api: QuireApi }) {
  const status = useNetworkStatus(api)
  return <StatusBar {...props} reachable={status?.reachable ?? null} />
}
