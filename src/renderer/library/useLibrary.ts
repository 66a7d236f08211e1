/**
 * The library as React state: the latest snapshot from main, and actions that
 * call main and adopt the snapshot it returns. Errors become a message for the
 * user; nothing here throws into components.
 */
import { useCallback, useEffect, useMemo, useState } from 'react'
import type { LibrarySnapshot } from '../../shared/library'
import type { QuireApi } from '../../shared/contract'

export interface Toast {
  id: number
  message: string
  tone: 'info' | 'error'
  action?: { label: string; run: () => void }
}

/** `onFirst` sees the first snapshot as soon as it arrives, before React renders it. */
export function useLibrary(api: QuireApi, onFirst?: (snapshot: LibrarySnapshot) => void) {
  const [snapshot, setSnapshot] = useState<LibrarySnapshot | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [toasts, setToasts] = useState<Toast[]>([])

  const dismissToast = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), [])
  const toast = useCallback((message: string, tone: Toast['tone'] = 'info', action?: Toast['action']) => {
    const id = Date.now() + Math.random()
    setToasts((all) => [...all.slice(-2), { id, message, tone, action }])
    setTimeout(() => setToasts((all) => all.filter((t) => t.id !== id)), tone === 'error' ? 10_000 : 6_000)
  }, [])

  useEffect(() => {
    let live = true
    api['library:get']({}).then(
      (first) => {
        if (!live) return
        onFirst?.(first)
        setSnapshot(first)
      },
      (error: unknown) => live && setLoadError(messageOf(error)),
    )
    const off = api.on('library:changed', (next) => live && setSnapshot(next))
    return () => {
      live = false
      off()
    }
    // onFirst only matters for the first snapshot: a new function must not load the library again.
  }, [api])

  /** Runs a call that returns a snapshot; adopts it, or tells the user what went wrong. */
  const run = useCallback(
    async (call: Promise<LibrarySnapshot>): Promise<LibrarySnapshot | null> => {
      try {
        const next = await call
        setSnapshot(next)
        return next
      } catch (error) {
        toast(messageOf(error), 'error')
        return null
      }
    },
    [toast],
  )

  return useMemo(
    () => ({ snapshot, loadError, toasts, toast, dismissToast, run }),
    [snapshot, loadError, toasts, toast, dismissToast, run],
  )
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
