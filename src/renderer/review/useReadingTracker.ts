/**
 * A reviewer's reading progress, measured from the reading view's scroll:
 * the paragraph at the top of the page is where they are, the farthest one
 * that came into view is how far they got, and the chapter's end coming
 * into view finishes it. Written (sealed, see src/shared/review/progress.ts)
 * to the reviewer's own root a moment after scrolling stops; read back when
 * the chapter opens again, to pick up where they stopped.
 */
import type { EditorView } from 'prosemirror-view'
import { useEffect, useRef, useState } from 'react'
import { absolutePositionToRelativePosition, ySyncPluginKey } from 'y-prosemirror'
import * as Y from 'yjs'
import { toBase64 } from 'lib0/buffer'
import type { ProsemirrorMapping } from '../../shared/anchors'
import { readProgress, writeProgress, type ReadingProgress } from '../../shared/review/progress'
import type { ChapterRound } from './useRound'

const WRITE_DELAY_MS = 1500

/** Top-level blocks' positions in the document, in order. */
function blockStarts(view: EditorView): number[] {
  const starts: number[] = []
  view.state.doc.forEach((_node, offset) => starts.push(offset))
  return starts
}

/** Where the reader is: the block at the top of the page, the last one in view, and whether the end is in view. */
export function measure(view: EditorView, page: HTMLElement): { top: number; last: number; atEnd: boolean; blocks: number } {
  const box = page.getBoundingClientRect()
  const children = [...view.dom.children] as HTMLElement[]
  let top = 0
  let last = 0
  children.forEach((child, index) => {
    const rect = child.getBoundingClientRect()
    if (rect.bottom <= box.top + 8) top = Math.min(index + 1, children.length - 1)
    if (rect.top < box.bottom - 8) last = index
  })
  const end = children[children.length - 1]?.getBoundingClientRect()
  return { top, last, atEnd: !end || end.bottom <= box.bottom + 1, blocks: children.length }
}

function positionOf(view: EditorView, block: number): string | undefined {
  const sync = ySyncPluginKey.getState(view.state) as { type: Y.XmlFragment; binding: { mapping: ProsemirrorMapping } } | undefined
  const start = blockStarts(view)[block]
  if (!sync?.binding || start === undefined) return undefined
  try {
    return toBase64(Y.encodeRelativePosition(absolutePositionToRelativePosition(start + 1, sync.type, sync.binding.mapping)))
  } catch {
    return undefined
  }
}

export function useReadingTracker(round: ChapterRound | null, view: EditorView | null, shareProgress: boolean): string | null {
  const [notice, setNotice] = useState<string | null>(null)
  const latest = useRef({ round, shareProgress })
  latest.current = { round, shareProgress }
  const doc = round?.doc ?? null
  const draft = round?.draft ?? 1

  useEffect(() => {
    const page = view?.dom.closest<HTMLElement>('.page')
    if (!view || !page || !doc) return
    let timer: ReturnType<typeof setTimeout> | undefined
    let saved: ReadingProgress | null = null
    let restored = false

    const current = () => {
      const r = latest.current.round
      const view = r ? readProgress(r.doc, r.me.id, draft, r.context, r.me.id) : null
      return view?.kind === 'read' ? view.progress : null
    }
    // Pick up where the reader stopped, once their own (sealed) progress opens.
    const restore = () => {
      if (restored) return
      const progress = current()
      if (progress === null && latest.current.round && readProgress(latest.current.round.doc, latest.current.round.me.id, draft, latest.current.round.context, latest.current.round.me.id).kind === 'opening') return
      restored = true
      saved = progress
      const target = progress ? (view.dom.children[progress.stopped] as HTMLElement | undefined) : undefined
      if (target && progress!.stopped > 0) {
        page.scrollTop += target.getBoundingClientRect().top - page.getBoundingClientRect().top - 16
        setNotice(progress!.finished ? 'You finished this draft.' : `Picked up where you stopped, paragraph ${progress!.stopped + 1} of ${progress!.blocks}.`)
      }
    }
    const write = () => {
      const r = latest.current.round
      const author = r?.context.bookAuthorId
      if (!r || !author || view.isDestroyed || !restored) return
      const { top, last, atEnd, blocks } = measure(view, page)
      if (blocks === 0 || view.state.doc.textContent.trim() === '') return
      const next: ReadingProgress = {
        stopped: top,
        furthest: Math.max(saved?.furthest ?? 0, last),
        blocks,
        finished: (saved?.finished ?? false) || atEnd,
        at: Date.now(),
      }
      const position = positionOf(view, top)
      if (position) next.position = position
      if (saved && saved.stopped === next.stopped && saved.furthest === next.furthest && saved.finished === next.finished && saved.blocks === next.blocks) return
      const share = latest.current.shareProgress
      if (writeProgress(r.doc, r.me, draft, next, share, { sealing: r.sealing, recipients: share ? [author, r.me.id] : [r.me.id] })) saved = next
    }
    const onScroll = () => {
      restore()
      clearTimeout(timer)
      timer = setTimeout(write, WRITE_DELAY_MS)
    }
    const stopUnsealer = latest.current.round?.unsealer.subscribe(() => {
      if (!restored) restore()
    })
    restore()
    page.addEventListener('scroll', onScroll, { passive: true })
    timer = setTimeout(write, WRITE_DELAY_MS)
    return () => {
      page.removeEventListener('scroll', onScroll)
      stopUnsealer?.()
      clearTimeout(timer)
      write()
    }
  }, [view, doc, draft])

  return notice
}
