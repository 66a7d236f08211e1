/**
 * The author's round actions on the open chapter: saving a named version
 * (a copy of the manuscript's Yjs state, kept by main), and sharing a new
 * draft (freezing the text in the shared chapter, recording what became of
 * every earlier thread, and saving the same text as a version).
 */
import type { EditorState } from 'prosemirror-state'
import { ySyncPluginKey } from 'y-prosemirror'
import * as Y from 'yjs'
import type { QuireApi } from '../../shared/contract'
import { readThreads, recordCarried } from '../../shared/comments'
import { carryThreads, shareDraft } from '../../shared/review/drafts'
import { privacyAbout } from '../../shared/review/privacy'
import { placedNow, resolveIn } from '../comments/binding'
import type { ChapterRound } from './useRound'

/** The manuscript's whole state, from the editor bound to it. */
export function manuscriptUpdate(state: EditorState): Uint8Array {
  const sync = ySyncPluginKey.getState(state) as { doc?: Y.Doc } | undefined
  if (!sync?.doc) throw new Error('The chapter is not open in the editor yet.')
  return Y.encodeStateAsUpdate(sync.doc)
}

export async function saveVersion(api: QuireApi, chapterId: string, state: EditorState, name: string) {
  return api['version:save']({ chapterId, name, update: manuscriptUpdate(state) })
}

export interface SharedDraft {
  number: number
  carried: { anchored: number; changed: number; removed: number }
}

/** Shares the editor's text as the next draft. */
export async function shareNewDraft(api: QuireApi, round: ChapterRound, chapterId: string, state: EditorState, name: string): Promise<SharedDraft> {
  const { doc, me, context } = round
  const number = (round.drafts[round.drafts.length - 1]?.number ?? 0) + 1
  const threads = readThreads(doc, context)
  // Placed as the author sees them now: anchors catch up with edits only after a pause in typing.
  const byAnchor = new Map(threads.map((thread) => [thread.anchor, thread]))
  const carried = carryThreads(
    threads,
    number,
    (anchor) => {
      const thread = byAnchor.get(anchor)
      return thread ? placedNow(state, thread) : resolveIn(state, anchor)
    },
    (from, to) => state.doc.textBetween(from, to, '\n', '\n'),
  )
  // A thread removed by an earlier draft stays removed (carryThreads keeps it so).
  const entries = carried.flatMap(({ thread, carried }) => {
    const privacy = privacyAbout(thread, me.id, round.mode, context.bookAuthorId, round.sealing)
    return privacy === 'unavailable' ? [] : [{ threadId: thread.id, carried, privacy }]
  })
  const update = manuscriptUpdate(state)
  doc.transact(() => {
    recordCarried(doc, me, entries)
    shareDraft(doc, me, { number, text: state.doc, sharedAt: Date.now(), ...(name.trim() ? { name: name.trim() } : {}) })
  })
  await api['version:save']({ chapterId, name: name.trim() || `Draft ${number} (shared)`, update, draft: number })
  const count = (s: string) => carried.filter((c) => c.carried.state === s).length
  return { number, carried: { anchored: count('anchored'), changed: count('changed'), removed: count('removed') } }
}
