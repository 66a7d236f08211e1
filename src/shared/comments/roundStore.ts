/**
 * Review rounds' decisions about threads, each in the root of the one who
 * may make it (see roundFields.ts for how they are read):
 *
 * - the book's author accepts or rejects a suggested edit (`decisions`) and
 *   records what became of each thread's passage in a new draft (`carried`);
 * - a thread's writer says whether a later draft addressed it (`addressed`);
 * - when a blind review opens to a round table, each member rewrites their
 *   own sealed entries in the clear (`openOwnSealed`): only the writer can.
 */
import * as Y from 'yjs'
import { isSealedBox } from '../review/box'
import { OK, refuse, type Carried, type CommentResult, type CommentsContext, type Person, type Sealing } from './model'
import { readThread } from './read'
import { ownPart, parseObject, partOf, type Privacy } from './store'

/** The book's author accepts or rejects a suggested edit. Applying the text is the editor's business (acceptSuggestion). */
export function decideSuggestion(doc: Y.Doc, me: Person, threadId: string, accepted: boolean, now: number, context: CommentsContext): CommentResult {
  if (context.bookAuthorId !== me.id) return refuse('not-allowed')
  const thread = readThread(doc, threadId, context)
  if (!thread) return refuse('not-found')
  if (!thread.suggestion) return refuse('not-suggestion')
  if (thread.suggestion.decision) return refuse('decided')
  doc.transact(() => ownPart(doc, me, 'decisions').set(threadId, { accepted, at: now }))
  return OK
}

/** A thread's writer says whether the new draft addressed their point. */
export function setAddressed(doc: Y.Doc, me: Person, threadId: string, addressed: boolean, now: number, context: CommentsContext): CommentResult {
  const thread = readThread(doc, threadId, context)
  if (!thread) return refuse('not-found')
  if (thread.authorId !== me.id) return refuse('not-author')
  doc.transact(() => ownPart(doc, me, 'addressed').set(threadId, { addressed, at: now }))
  return OK
}

/** The book's author records what a new draft did to each earlier thread's passage (sealed like the thread). */
export function recordCarried(doc: Y.Doc, me: Person, entries: ReadonlyArray<{ threadId: string; carried: Carried; privacy: Privacy }>): number {
  const values = entries.flatMap(({ threadId, carried, privacy }) => {
    const plain: Record<string, unknown> = { draft: carried.draft, state: carried.state, ...(carried.now !== undefined ? { now: carried.now } : {}) }
    if (!privacy) return [{ threadId, value: plain }]
    const box = privacy.sealing.seal(JSON.stringify(plain), privacy.recipients)
    return box ? [{ threadId, value: { sealed: box } as Record<string, unknown> }] : []
  })
  if (values.length === 0) return 0
  doc.transact(() => {
    const part = ownPart(doc, me, 'carried')
    for (const { threadId, value } of values) part.set(threadId, value)
  })
  return values.length
}

/**
 * Rewrites `me`'s sealed threads, replies, anchors and carried states in the
 * clear, once a blind review became a round table. Entries not opened yet
 * (undefined from `open`) stay sealed for the next call. Returns how many
 * were rewritten and how many wait.
 */
export function openOwnSealed(doc: Y.Doc, me: Person, sealing: Pick<Sealing, 'open'>): { opened: number; waiting: number } {
  let opened = 0
  let waiting = 0
  const writes: Array<() => void> = []
  for (const part of ['threads', 'replies'] as const) {
    partOf(doc, me.id, part)?.forEach((entry) => {
      if (!(entry instanceof Y.Map) || !isSealedBox(entry.get('sealed'))) return
      const text = sealing.open(entry.get('sealed'))
      if (text === undefined) return void waiting++
      const values = parseObject(text)
      if (!values) return
      writes.push(() => {
        for (const key of ['anchor', 'body', 'suggestion']) if (values[key] !== undefined) entry.set(key, values[key])
        entry.delete('sealed')
      })
      opened++
    })
  }
  for (const part of ['anchors', 'carried'] as const) {
    const map = partOf(doc, me.id, part)
    map?.forEach((value, key) => {
      const box = typeof value === 'object' && value !== null ? (value as { sealed?: unknown }).sealed : undefined
      if (!isSealedBox(box)) return
      const text = sealing.open(box)
      if (text === undefined) return void waiting++
      const values = parseObject(text)
      if (!values) return
      writes.push(() => map.set(key, part === 'anchors' ? values.anchor : values))
      opened++
    })
  }
  if (writes.length > 0) doc.transact(() => writes.forEach((write) => write()))
  return { opened, waiting }
}
