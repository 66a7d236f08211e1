import { useEffect, useState, useSyncExternalStore, type RefObject } from 'react'

/** Below this window width the comments panel folds into a toggle and book actions into a menu. */
export const NARROW_QUERY = '(max-width: 1099px)'

/** True while the window matches `query`, e.g. `(max-width: 1099px)`. */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (listener) => {
      const list = window.matchMedia(query)
      list.addEventListener('change', listener)
      return () => list.removeEventListener('change', listener)
    },
    () => window.matchMedia(query).matches,
  )
}

/** The element's width in CSS pixels, kept up to date; 0 before it is laid out. */
export function useElementWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0)
  useEffect(() => {
    const element = ref.current
    if (!element) return
    const observer = new ResizeObserver(([entry]) => setWidth(entry?.contentRect.width ?? 0))
    observer.observe(element)
    return () => observer.disconnect()
  }, [ref])
  return width
}
