/**
 * A word diff as people read track changes: removed words struck through,
 * added words underlined. Screen readers hear "removed" and "added" before
 * each change, since the styling alone says nothing to them.
 */
import { memo } from 'react'
import { diffWords, type DiffPart } from '../../shared/review/diff'

export const DiffParts = memo(function DiffParts({ parts, className }: { parts: readonly DiffPart[]; className?: string }) {
  return (
    <span className={`diff ${className ?? ''}`}>
      {parts.map((part, i) =>
        part.op === 'same' ? (
          <span key={i}>{part.text}</span>
        ) : part.op === 'delete' ? (
          <del key={i}>
            <span className="visually-hidden">removed: </span>
            {part.text}
          </del>
        ) : (
          <ins key={i}>
            <span className="visually-hidden">added: </span>
            {part.text}
          </ins>
        ),
      )}
    </span>
  )
})

/** The diff from `before` to `after`, by words. */
export function DiffText({ before, after, className }: { before: string; after: string; className?: string }) {
  return <DiffParts parts={diffWords(before, after)} className={className} />
}
