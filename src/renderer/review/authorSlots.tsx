/** The review round around the author's open chapter: its bar, questions, reading map and how comments are written. */
import { useEffect, useMemo, useState } from 'react'
import type * as Y from 'yjs'
import type { CommentsContext, Person } from '../../shared/comments'
import type { QuireApi } from '../../shared/contract'
import type { Chapter, LibrarySnapshot } from '../../shared/library'
import { readProgress } from '../../shared/review/progress'
import type { RoundSlots } from '../editor/ChapterView'
import { AuthorRoundBar } from './AuthorRoundBar'
import { QuestionsSection } from './QuestionsSection'
import { readingMapPlugin, ReadingStops, type ReadingStop } from './readingMap'
import { reviewersOf } from './reviewers'
import type { ReviewKit } from './useReviewKit'
import { useRound, type ChapterRound } from './useRound'

/** Where each reviewer of the current draft stopped. */
function stopsOf(round: ChapterRound, reviewers: ReadonlyArray<{ id: string; name: string }>): ReadingStop[] {
  return reviewers.flatMap(({ id, name }) => {
    const view = readProgress(round.doc, id, round.draft, round.context, round.me.id)
    if (view.kind !== 'read' || view.progress.finished) return []
    return [{ names: [name], block: view.progress.stopped, ...(view.progress.position ? { position: view.progress.position } : {}) }]
  })
}

export function useAuthorRound(options: {
  api: QuireApi
  snapshot: LibrarySnapshot
  chapter: Chapter | null
  threadsDoc: Y.Doc | null
  me: Person
  context: CommentsContext
  kit: ReviewKit
  onAdopt: (snapshot: LibrarySnapshot) => void
  onMessage: (message: string, tone?: 'info' | 'error') => void
}): RoundSlots | undefined {
  const { api, snapshot, chapter, threadsDoc, me, context, kit } = options
  const profile = snapshot.profile
  const known = useMemo(() => new Map(profile ? [[profile.memberId, profile.publicKey]] : []), [profile])
  const round = useRound(threadsDoc, me, context, known, kit.unsealer)
  const reviewers = useMemo(() => (chapter ? reviewersOf(snapshot, chapter.id) : []), [snapshot, chapter])
  const [stops] = useState(() => new ReadingStops())
  const [plugins] = useState(() => [readingMapPlugin(stops)])
  useEffect(() => stops.set(round ? stopsOf(round, reviewers) : []), [round, reviewers, stops])
  if (!chapter || !profile) return undefined
  const share = snapshot.shares.find((s) => s.chapters.some((c) => c.chapterId === chapter.id)) ?? null
  const versions = snapshot.versions.filter((v) => v.chapterId === chapter.id)
  return {
    comments: round ? { mode: round.mode, draft: round.draft, sealing: round.sealing } : null,
    isBookAuthor: true,
    plugins,
    bar: (editor) => (
      <AuthorRoundBar
        api={api}
        round={round}
        chapter={chapter}
        editor={editor}
        versions={versions}
        reviewers={reviewers}
        share={share}
        publicKey={profile.publicKey}
        onAdopt={options.onAdopt}
        onMessage={options.onMessage}
      />
    ),
    panel: (editor) => round && <QuestionsSection round={round} known={known} view={editor.view} onError={(m) => options.onMessage(m)} />,
  }
}
