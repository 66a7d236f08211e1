/**
 * The author's review bar under the chapter bar: versions for any chapter;
 * for a shared one also the draft reviewers read, their reading progress and
 * addressed points, and Share new draft, Ask reviewers, Feedback summary and
 * (for a blind review) Open to round table.
 */
import { useMemo, useState } from 'react'
import { anchorableRange, createAnchor, type ProsemirrorMapping } from '../../shared/anchors'
import { readThreads } from '../../shared/comments'
import type { QuireApi } from '../../shared/contract'
import { fromBase64Url, keyPairFromSeed, toBase64Url } from '../../shared/identity'
import type { Chapter, ChapterVersion, LibrarySnapshot } from '../../shared/library'
import { askQuestion } from '../../shared/review/questions'
import { progressWords } from '../../shared/review/summary'
import type { Share } from '../../shared/sharing'
import { seal } from '../../shared/trust/sealed'
import { ySyncPluginKey } from 'y-prosemirror'
import type * as Y from 'yjs'
import type { ChapterEditor } from '../editor/useChapterEditor'
import { messageOf } from '../library/useLibrary'
import { Dialog } from '../ui/Dialog'
import { randomId } from '../ui/ids'
import { PromptDialog } from '../ui/PromptDialog'
import { AskDialog } from './AskDialog'
import { CompareDialog } from './CompareDialog'
import { saveVersion, shareNewDraft } from './draftActions'
import { chapterSummary } from './reviewers'
import { randomBytes } from './sealing'
import { ShareDraftDialog } from './ShareDraftDialog'
import { SummaryDialog } from './SummaryDialog'
import type { ChapterRound } from './useRound'

interface AuthorRoundBarProps {
  api: QuireApi
  round: ChapterRound | null
  chapter: Chapter
  editor: ChapterEditor
  versions: readonly ChapterVersion[]
  reviewers: ReadonlyArray<{ id: string; name: string }>
  share: Share | null
  publicKey: string
  onAdopt: (snapshot: LibrarySnapshot) => void
  onMessage: (message: string, tone?: 'info' | 'error') => void
}

type Open = 'save' | 'compare' | 'draft' | 'ask' | 'summary' | 'roundTable' | null

export function AuthorRoundBar({ api, round, chapter, editor, versions, reviewers, share, publicKey, onAdopt, onMessage }: AuthorRoundBarProps) {
  const [open, setOpen] = useState<Open>(null)
  const close = () => setOpen(null)
  const state = editor.state
  const threads = useMemo(() => (round ? readThreads(round.doc, round.context) : []), [round])
  const summary = useMemo(() => (round ? chapterSummary(round, reviewers, threads) : []), [round, reviewers, threads])
  const current = summary[0]
  const earlier = threads.filter((t) => round && t.draft < round.draft + 1).length

  const selectedPassage = (() => {
    if (!state) return null
    const range = anchorableRange(state.doc, state.selection.from, state.selection.to)
    return range && !state.selection.empty ? state.doc.textBetween(range.from, range.to, '\n', '\n') : null
  })()

  const ask = (question: string, pinned: boolean): string | null => {
    if (!round || !state) return 'Share this chapter first.'
    let anchor
    if (pinned) {
      const sync = ySyncPluginKey.getState(state) as { type: Y.XmlFragment; binding: { mapping: ProsemirrorMapping } }
      anchor = createAnchor(sync.type, sync.binding.mapping, state.selection.from, state.selection.to, state.doc)
    }
    const seed = randomBytes(32)
    const key = keyPairFromSeed(seed)
    const author = fromBase64Url(publicKey)
    if (!author) return 'Your key could not be read.'
    const secret = seal(author, new TextEncoder().encode(toBase64Url(seed)), randomBytes)
    const result = askQuestion(
      round.doc,
      round.me,
      { id: randomId(), body: question, ...(anchor ? { anchor } : {}), now: Date.now(), draft: round.draft, publicKey: toBase64Url(key.publicKey), secret },
      round.context,
    )
    return result.ok ? null : 'The question could not be asked: it needs some text (10,000 characters at most).'
  }

  return (
    <div className="round-bar" role="toolbar" aria-label="Review round">
      {round && (
        <p className="round-status">
          <span>
            Draft {round.draft}
            {round.mode === 'blind' ? ' · blind review' : ''}
          </span>
          {current && current.reviewers.length > 0 && (
            <span className="round-reading" aria-label="Reading progress">
              {current.reviewers.map((r) => (
                <span key={r.id} className="round-reader">
                  {r.name}: {progressWords(r.progress)}
                  {r.earlierPoints > 0 ? ` · ${r.addressed} of ${r.earlierPoints} points addressed` : ''}
                </span>
              ))}
            </span>
          )}
        </p>
      )}
      <div className="round-actions">
        <button type="button" disabled={!state} onClick={() => setOpen('save')}>
          Save version
        </button>
        <button type="button" disabled={!state} onClick={() => setOpen('compare')}>
          Compare versions
        </button>
        {round && (
          <>
            <button type="button" disabled={!state} onClick={() => setOpen('draft')}>
              Share new draft
            </button>
            <button type="button" disabled={!state} onMouseDown={(event) => event.preventDefault()} onClick={() => setOpen('ask')}>
              Ask reviewers
            </button>
            <button type="button" onClick={() => setOpen('summary')}>
              Feedback summary
            </button>
            {share?.review === 'blind' && (
              <button type="button" onClick={() => setOpen('roundTable')}>
                Open to round table
              </button>
            )}
          </>
        )}
      </div>
      {open === 'save' && state && (
        <PromptDialog
          title="Save version"
          label="Version name"
          submitLabel="Save version"
          initial={`${chapter.title}, ${new Date().toLocaleString()}`}
          onCancel={close}
          onSubmit={(name) => {
            close()
            saveVersion(api, chapter.id, state, name).then(
              ({ snapshot }) => (onAdopt(snapshot), onMessage(`Saved the version “${name}”.`, 'info')),
              (error: unknown) => onMessage(messageOf(error)),
            )
          }}
        />
      )}
      {open === 'compare' && state && <CompareDialog api={api} versions={versions} current={state.doc} onClose={close} />}
      {open === 'draft' && round && state && (
        <ShareDraftDialog
          number={(round.drafts[round.drafts.length - 1]?.number ?? 0) + 1}
          threads={earlier}
          onClose={close}
          onShare={async (name) => {
            try {
              const shared = await shareNewDraft(api, round, chapter.id, state, name)
              onAdopt(await api['library:get']({}))
              const { anchored, changed, removed } = shared.carried
              onMessage(`Shared draft ${shared.number}. Threads carried over: ${anchored} anchored, ${changed} changed, ${removed} removed.`, 'info')
              return null
            } catch (error) {
              return messageOf(error)
            }
          }}
        />
      )}
      {open === 'ask' && <AskDialog passage={selectedPassage} onAsk={ask} onClose={close} />}
      {open === 'summary' && <SummaryDialog title={chapter.title} summaries={summary} onClose={close} />}
      {open === 'roundTable' && share && (
        <Dialog
          title="Open to a round table?"
          submitLabel="Open to round table"
          onCancel={close}
          onSubmit={() => {
            close()
            api['share:setReview']({ shareId: share.id, mode: 'round-table' }).then(onAdopt, (error: unknown) => onMessage(messageOf(error)))
          }}
        >
          <p>
            Every reviewer will read the others’ comments, and answers to your questions open to those who answered. Each reviewer’s Quire
            unseals their own comments the next time it is online. This cannot be undone.
          </p>
        </Dialog>
      )}
    </div>
  )
}
