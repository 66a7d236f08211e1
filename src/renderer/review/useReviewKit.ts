/**
 * The window's means to read and write sealed review data: one Unsealer for
 * the user's key, re-created when the user's identity changes, and a counter
 * that moves whenever it can read more (so contexts built on it refresh).
 */
import { useEffect, useMemo, useSyncExternalStore } from 'react'
import type { QuireApi } from '../../shared/contract'
import type { LibrarySnapshot } from '../../shared/library'
import { Unsealer } from './unsealer'

export interface ReviewKit {
  unsealer: Unsealer
  /** Moves when the unsealer opened more. */
  version: number
}

export function useReviewKit(api: QuireApi, snapshot: LibrarySnapshot | null): ReviewKit {
  const memberId = snapshot?.profile?.memberId ?? null
  const unsealer = useMemo(() => new Unsealer(api, memberId), [api, memberId])
  useEffect(() => () => unsealer.dispose(), [unsealer])
  const version = useSyncExternalStore(unsealer.subscribe, unsealer.getVersion)
  return useMemo(() => ({ unsealer, version }), [unsealer, version])
}
