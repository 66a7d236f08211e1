import { useEffect, useMemo, useRef, useState } from 'react'
import type { Thread } from '../../shared/comments'
import { unseenMessages } from '../sharing/useCommentCounts'

/** How long comments must be on screen before they count as seen (so a chapter merely passed through keeps its marks). */
export const SEEN_AFTER_MS = 1500
const NONE: ReadonlySet<string> = new Set()

/**
 * The comments by others that are new since the user last looked at this
 * chapter, and marking them seen once the panel has shown them a moment.
 * What was new when the chapter opened, or arrived while it is open, stays
 * marked until the next visit, so the user can still find it.
 */
export function useNewMarks(threads: readonly Thread[], meId: string, seen: readonly string[] | undefined, onSeen: ((ids: string[]) => void) | undefined, shown: boolean): ReadonlySet<string> {
  const [before] = useState(() => new Set(seen))
  const marked = unseenMessages(threads, meId, before).join('\n')
  const unseen = useMemo(() => unseenMessages(threads, meId, new Set(seen)).join('\n'), [threads, meId, seen])
  const report = useRef(onSeen)
  report.current = onSeen
  useEffect(() => {
    if (!shown || !unseen) return
    const timer = setTimeout(() => report.current?.(unseen.split('\n')), SEEN_AFTER_MS)
    return () => clearTimeout(timer)
  }, [shown, unseen])
  return useMemo(() => (marked ? new Set(marked.split('\n')) : NONE), [marked])
}
