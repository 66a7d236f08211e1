/**
 * The review round of an open shared chapter, read from its document: how
 * it is reviewed, its drafts, the questions asked, and how the user seals
 * what they write. Re-read whenever a member's root changes (not on every
 * change of the text).
 */
import { useMemo, useSyncExternalStore } from 'react'
import * as Y from 'yjs'
import type { CommentsContext, Person, Sealing } from '../../shared/comments'
import { currentDraft, draftsOf, type DraftInfo } from '../../shared/review/drafts'
import { reviewModeOf, type ReviewMode } from '../../shared/review/mode'
import { readQuestions, type Question } from '../../shared/review/questions'
import { sealingFor, type KnownKeys } from './sealing'
import type { Unsealer } from './unsealer'

export interface ChapterRound {
  doc: Y.Doc
  me: Person
  context: CommentsContext
  isBookAuthor: boolean
  mode: ReviewMode
  drafts: DraftInfo[]
  /** The draft reviewers read now. */
  draft: number
  questions: Question[]
  sealing: Sealing
  unsealer: Unsealer
  /** Moves when any member's root changed. */
  version: number
}

/** Calls `listener` after each transaction that changed some member's root (`m:…`), however deep. */
export function onRootsChange(doc: Y.Doc, listener: () => void): () => void {
  const rootName = (type: Y.AbstractType<unknown>): string | null => {
    let current = type
    while (current._item !== null) {
      const parent = current._item.parent
      if (!(parent instanceof Y.AbstractType)) return null
      current = parent
    }
    for (const [name, root] of doc.share) if (root === current) return name
    return null
  }
  const handler = (transaction: Y.Transaction) => {
    for (const type of transaction.changed.keys()) {
      if (rootName(type as Y.AbstractType<unknown>)?.startsWith('m:')) return listener()
    }
  }
  doc.on('afterTransaction', handler)
  return () => doc.off('afterTransaction', handler)
}

/** A counter that moves when a member's root changes. */
export function useRootsVersion(doc: Y.Doc | null): number {
  const store = useMemo(() => {
    let version = 0
    return {
      subscribe: (listener: () => void) => (doc ? onRootsChange(doc, () => (version++, listener())) : () => {}),
      get: () => version,
    }
  }, [doc])
  return useSyncExternalStore(store.subscribe, store.get)
}

export function useRound(doc: Y.Doc | null, me: Person, context: CommentsContext, known: KnownKeys, unsealer: Unsealer): ChapterRound | null {
  const version = useRootsVersion(doc)
  const sealing = useMemo(() => (doc ? sealingFor(doc, known, unsealer) : null), [doc, known, unsealer])
  return useMemo(() => {
    void version
    if (!doc || !sealing) return null
    const author = context.bookAuthorId
    return {
      doc,
      me,
      context,
      isBookAuthor: author === me.id,
      mode: reviewModeOf(doc, author),
      drafts: draftsOf(doc, author),
      draft: currentDraft(doc, author),
      questions: readQuestions(doc, author),
      sealing,
      unsealer,
      version,
    }
  }, [doc, me, context, sealing, unsealer, version])
}
