import { useEffect, useState } from 'react'
import type { LibrarySnapshot } from '../../shared/library'
import type { SyncHub } from '../sync/syncHub'
import { pathOf, roomLinks, type PeerPath } from './roomLinks'

export interface PeerConnection {
  /** The person's name once known; null while only their connection is. */
  name: string | null
  connected: boolean
  /** How long a connection attempt has been going on without success. */
  waitingMs: number
  path: PeerPath | null
  /** Protocol and addresses of the selected candidate pair. */
  detail: string | null
}

export interface ChapterConnections {
  docId: string
  title: string
  peers: PeerConnection[]
}

const POLL_MS = 1500

/** Who each shared chapter is connected with, and by which path, read every moment while the view is open. */
export function useChapterConnections(hub: SyncHub, snapshot: LibrarySnapshot): ChapterConnections[] | null {
  const [chapters, setChapters] = useState<ChapterConnections[] | null>(null)
  useEffect(() => {
    let live = true
    const titles = chapterTitles(snapshot)
    const waitingSince = new Map<string, number>()
    const read = async () => {
      const next: ChapterConnections[] = []
      for (const { docId, provider, personOn } of hub.providers()) {
        const peers = await Promise.all(
          roomLinks(provider, personOn).map(async (link): Promise<PeerConnection> => {
            const report = link.connected && link.pc ? await pathOf(link.pc).catch(() => null) : null
            const key = `${docId} ${link.signalId}`
            if (link.connected) waitingSince.delete(key)
            else if (!waitingSince.has(key)) waitingSince.set(key, Date.now())
            const waitingMs = link.connected ? 0 : Date.now() - waitingSince.get(key)!
            return { name: link.user?.name ?? null, connected: link.connected, waitingMs, path: report?.path ?? null, detail: report?.detail ?? null }
          }),
        )
        next.push({ docId, title: titles.get(docId) ?? 'A shared chapter', peers })
      }
      if (live) setChapters(next)
    }
    void read()
    const timer = setInterval(() => void read(), POLL_MS)
    return () => {
      live = false
      clearInterval(timer)
    }
  }, [hub, snapshot])
  return chapters
}

function chapterTitles(snapshot: LibrarySnapshot): Map<string, string> {
  const titles = new Map<string, string>()
  const byChapter = new Map(snapshot.books.flatMap((b) => b.chapters.map((c) => [c.id, c.title] as const)))
  for (const share of snapshot.shares) {
    for (const c of share.chapters) titles.set(c.replicaId, byChapter.get(c.chapterId) ?? 'A shared chapter')
  }
  for (const joined of snapshot.joined) for (const c of joined.chapters) titles.set(c.docId, c.title)
  return titles
}
