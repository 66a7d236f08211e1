import { useEffect, useState } from 'react'
import type { QuireApi } from '../../shared/contract'
import type { LibrarySnapshot } from '../../shared/library'
import { ChapterSessions } from './chapterSessions'

/** The window's chapter sessions, closed for chapters that leave the library and when the window goes. */
export function useChapterSessions(api: QuireApi, snapshot: LibrarySnapshot | null, onError: (error: unknown) => void): ChapterSessions {
  const [sessions] = useState(() => new ChapterSessions(api, onError))
  useEffect(() => () => void sessions.closeAll(), [sessions])
  useEffect(() => {
    if (!snapshot) return
    sessions.retain(new Set(snapshot.books.flatMap((book) => book.chapters.map((chapter) => chapter.id))))
  }, [sessions, snapshot])
  return sessions
}
