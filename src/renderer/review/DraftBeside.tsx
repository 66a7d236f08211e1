/** An earlier draft, frozen, beside the current text: read-only, in the same typography. */
import { DOMSerializer } from 'prosemirror-model'
import { useEffect, useMemo, useRef } from 'react'
import { draftDocument, type DraftInfo } from '../../shared/review/drafts'
import { schema } from '../../shared/schema'
import type { ChapterRound } from './useRound'

export function DraftBeside({ round, draft, onClose }: { round: ChapterRound; draft: DraftInfo; onClose: () => void }) {
  const mount = useRef<HTMLDivElement>(null)
  const doc = useMemo(() => draftDocument(round.doc, round.context.bookAuthorId, draft.number), [round.doc, round.context.bookAuthorId, draft.number])
  useEffect(() => {
    const target = mount.current
    if (!target || !doc) return
    // The schema's own rendering, as the editor shows it: text only, no markup from peers.
    target.replaceChildren(DOMSerializer.fromSchema(schema).serializeFragment(doc.content))
  }, [doc])
  const title = `Draft ${draft.number}${draft.name ? `: ${draft.name}` : ''}`
  return (
    <aside className="draft-beside" aria-label={title}>
      <div className="draft-beside-head">
        <h2>{title}</h2>
        <button type="button" onClick={onClose} aria-label={`Hide draft ${draft.number}`}>
          Hide
        </button>
      </div>
      {doc ? (
        // Links in an old draft are shown, not followed: the window must not navigate away.
        <div ref={mount} className="manuscript reading draft-text" onClick={(event) => (event.target as HTMLElement).closest('a') && event.preventDefault()} />
      ) : (
        <p className="muted">This draft’s text has not arrived yet.</p>
      )}
    </aside>
  )
}
