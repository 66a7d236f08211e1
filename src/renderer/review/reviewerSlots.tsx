/** The review round around a reviewer's open chapter: drafts, the earlier one beside, questions, reading progress. */
import { useMemo, useState } from 'react'
import type * as Y from 'yjs'
import type { CommentsContext, Person } from '../../shared/comments'
import type { LibrarySnapshot } from '../../shared/library'
import type { JoinedShare } from '../../shared/sharing'
import type { RoundSlots } from '../editor/ChapterView'
import { DraftBeside } from './DraftBeside'
import { QuestionsSection } from './QuestionsSection'
import { ReviewerRoundBar } from './ReviewerRoundBar'
import type { ReviewKit } from './useReviewKit'
import { useRound } from './useRound'

export function useReviewerRound(options: {
  snapshot: LibrarySnapshot
  share: JoinedShare
  doc: Y.Doc | null
  me: Person
  context: CommentsContext
  kit: ReviewKit
  onMessage: (message: string) => void
}): RoundSlots | undefined {
  const { snapshot, share, doc, me, context, kit } = options
  const profile = snapshot.profile
  const known = useMemo(
    () => new Map([...(profile ? [[profile.memberId, profile.publicKey] as const] : []), [share.author.memberId, share.author.publicKey] as const]),
    [profile, share.author.memberId, share.author.publicKey],
  )
  const round = useRound(doc, me, context, known, kit.unsealer)
  const [beside, setBeside] = useState<number | null>(null)
  if (!round) return undefined
  const besideDraft = beside === null ? undefined : round.drafts.find((d) => d.number === beside && d.number < round.draft)
  return {
    comments: { mode: round.mode, draft: round.draft, sealing: round.sealing },
    isBookAuthor: false,
    bar: (editor) => (
      <ReviewerRoundBar
        round={round}
        view={editor.view}
        authorName={share.author.name}
        shareProgress={snapshot.settings.shareReadingProgress !== false}
        beside={besideDraft ? besideDraft.number : null}
        onBeside={setBeside}
      />
    ),
    panel: (editor) => <QuestionsSection round={round} known={known} view={editor.view} onError={options.onMessage} />,
    ...(besideDraft ? { beside: <DraftBeside round={round} draft={besideDraft} onClose={() => setBeside(null)} /> } : {}),
  }
}
