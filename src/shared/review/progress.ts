/**
 * Reading progress: how far a reviewer read each draft of a chapter, and
 * where they stopped. Only ever for the book's author (and the reviewer's
 * own Quire, which remembers where to pick up): it lives in the reviewer's
 * root, sealed.
 *
 *   m:<reviewer>  progress  "<draft>" → { shared: boolean, box: SealedBox, at }
 *
 * With "Share my reading progress" on, the box is sealed to the book's
 * author and the reviewer; turned off, it is sealed to the reviewer alone
 * and `shared` says so (the author sees "not shared" rather than "not
 * started"). Positions are top-level block indexes of the text as the
 * reviewer saw it, plus a Yjs relative position on the block where they
 * stopped, so the author's map still finds that paragraph after edits.
 */
import * as Y from 'yjs'
import type { CommentsContext, Person } from '../comments/model'
import { parseObject, type Privacy } from '../comments/store'
import { MAX_DRAFT } from '../comments/model'
import { isSealedBox } from './box'
import { memberRoot } from '../trust/updateRules'

export interface ReadingProgress {
  /** The block the reader was at when they stopped (0-based). */
  stopped: number
  /** The farthest block they reached. */
  furthest: number
  /** Blocks in the chapter when they read it. */
  blocks: number
  /** They reached the end. */
  finished: boolean
  /** Base64 Y.RelativePosition at the start of the block they stopped at. */
  position?: string
  at: number
}

/** What the author can know of one reviewer's reading of a draft. */
export type ProgressView = { kind: 'not-started' } | { kind: 'not-shared' } | { kind: 'opening' } | { kind: 'read'; progress: ReadingProgress }

const MAX_BLOCKS = 1_000_000

export function isReadingProgress(value: unknown): value is ReadingProgress {
  if (typeof value !== 'object' || value === null) return false
  const p = value as Record<string, unknown>
  const index = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0 && (n as number) <= MAX_BLOCKS
  return (
    index(p.stopped) &&
    index(p.furthest) &&
    index(p.blocks) &&
    typeof p.finished === 'boolean' &&
    typeof p.at === 'number' &&
    Number.isFinite(p.at) &&
    (p.position === undefined || (typeof p.position === 'string' && p.position.length <= 256))
  )
}

/** Writes `me`'s progress on `draft`, sealed as `privacy` says (shared: to the author too). */
export function writeProgress(doc: Y.Doc, me: Person, draft: number, progress: ReadingProgress, shared: boolean, privacy: NonNullable<Privacy>): boolean {
  if (!Number.isSafeInteger(draft) || draft < 1 || draft > MAX_DRAFT || !isReadingProgress(progress)) return false
  const box = privacy.sealing.seal(JSON.stringify(progress), privacy.recipients)
  if (!box) return false
  doc.transact(() => {
    const root = doc.getMap<unknown>(memberRoot(me.id))
    let part = root.get('progress')
    if (!(part instanceof Y.Map)) {
      part = new Y.Map<unknown>()
      root.set('progress', part)
    }
    ;(part as Y.Map<unknown>).set(String(draft), { shared, box, at: progress.at })
  })
  return true
}

/** The drafts `memberId` has progress for, and whether each was shared. */
export function progressEntries(doc: Y.Doc, memberId: string): Array<{ draft: number; shared: boolean; box: unknown }> {
  const name = memberRoot(memberId)
  const part = doc.share.has(name) ? doc.getMap<unknown>(name).get('progress') : undefined
  if (!(part instanceof Y.Map)) return []
  const out: Array<{ draft: number; shared: boolean; box: unknown }> = []
  part.forEach((value, key) => {
    const draft = Number(key)
    if (!Number.isSafeInteger(draft) || draft < 1 || draft > MAX_DRAFT || typeof value !== 'object' || value === null) return
    const entry = value as { shared?: unknown; box?: unknown }
    out.push({ draft, shared: entry.shared === true, box: entry.box })
  })
  return out
}

/** One reviewer's progress on one draft, as the reader (author or the reviewer themselves) can see it. */
export function readProgress(doc: Y.Doc, memberId: string, draft: number, context: Pick<CommentsContext, 'unseal'>, readerId: string): ProgressView {
  const entry = progressEntries(doc, memberId).find((e) => e.draft === draft)
  if (!entry) return { kind: 'not-started' }
  if (!entry.shared && readerId !== memberId) return { kind: 'not-shared' }
  if (!isSealedBox(entry.box)) return { kind: 'not-started' }
  const text = context.unseal?.(entry.box)
  if (text === undefined) return { kind: 'opening' }
  const value = parseObject(text)
  return isReadingProgress(value) ? { kind: 'read', progress: value } : { kind: 'not-started' }
}

/** How far, as a whole percentage of the chapter's blocks. */
export function percentRead(progress: ReadingProgress): number {
  if (progress.finished) return 100
  if (progress.blocks <= 0) return 0
  return Math.min(99, Math.round(((progress.furthest + 1) / progress.blocks) * 100))
}
