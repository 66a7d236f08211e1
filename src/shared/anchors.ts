/**
 * Comment anchors: where a thread's passage sits in a chapter, kept beside
 * the text (never as marks inside it) so reviewers can comment without
 * editing the manuscript.
 *
 * An anchor holds two Yjs relative positions, on the passage's first and
 * last characters, plus the quoted text and a little context. Relative
 * positions follow the characters through concurrent edits before, inside
 * and after the passage. What y-prosemirror 1.3.7 does to those characters
 * (measured in `anchors.test.ts` with real ProseMirror transactions):
 *
 * - Typing, deleting and marks edit the paragraph's Y.XmlText in place.
 * - A split (Enter) keeps the left paragraph's Y.XmlText, deletes the tail
 *   from it and inserts the tail as *new* items in a new paragraph.
 * - A join (Backspace at a paragraph's start) deletes the second paragraph
 *   and re-inserts its text as *new* items at the end of the first.
 *
 * So a split or a join re-creates text, and positions inside it now point at
 * tombstones. Resolution therefore has two steps: first by position, which
 * holds while any character originally in the passage is still alive (when
 * one end's paragraph was re-created, from the other end to its paragraph's
 * edge); then, when that fails or only part of the passage survived a
 * re-creation, by quote: the exact quote with the exact context around it,
 * ignoring block boundaries (which is all a split or join changes), found
 * once. Anything else is *detached*: shown with its quote, never moved to
 * other text. Detached means: the range collapsed, or every character
 * originally inside is deleted (text typed into the passage since does not
 * keep it alive; `clocks` tells original text from later text). A
 * passage deleted on purpose whose duplicate (same quote and same context on
 * both sides) survives elsewhere re-attaches there; with 32 characters of
 * context either side, that is the same passage for any reader.
 *
 * Anchors found by quote should be rewritten with fresh positions
 * (`refreshAnchor`, `reanchorThreads`) by the author's editor right after its
 * own transactions, or the next edit near them would break the match.
 */
import * as Y from 'yjs'
import type { Node } from 'prosemirror-model'
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition } from 'y-prosemirror'
import { fromBase64, toBase64 } from 'lib0/buffer'

/** Characters of context kept on each side of the passage. */
export const CONTEXT_CHARS = 32
/** Longest passage a comment may quote; longer selections cannot be anchored. */
export const MAX_QUOTE_CHARS = 20_000
const MAX_POSITION_CHARS = 256
const MAX_ANCHOR_CLIENTS = 4096
const MAX_WALK_STEPS = 1_000_000
const MAX_MATCHES = 64

/** Where a comment sits. Plain JSON, so it travels through Y.Map, IPC and disk unchanged. */
export interface Anchor {
  v: 1
  /** Base64 `Y.encodeRelativePosition` on the first character (assoc 0: inserts before it stay outside). */
  start: string
  /** Base64 relative position after the last character (assoc -1: inserts after it stay outside). */
  end: string
  /** The passage as it read when anchored; blocks separated by `\n`. */
  quote: string
  /** Up to CONTEXT_CHARS of text before the passage, block boundaries removed; shorter only at the chapter's start. */
  before: string
  /** Up to CONTEXT_CHARS of text after the passage, block boundaries removed; shorter only at the chapter's end. */
  after: string
  /**
   * For each Yjs client whose text was in the passage: the clock just past
   * it. Text with a lower clock in the passage's span was there when the
   * comment was made; anything else was inserted later.
   */
  clocks: Record<string, number>
}

/** An anchor placed in one ProseMirror document: a range, or detached. */
export type ResolvedAnchor =
  | { detached: false; from: number; to: number; via: 'position' | 'quote' }
  | { detached: true }

/** y-prosemirror's map from Y types to ProseMirror nodes (the binding's `mapping`). */
export type ProsemirrorMapping = Map<Y.AbstractType<unknown>, Node | Node[]>

const DETACHED: ResolvedAnchor = { detached: true }

/**
 * The part of a selection an anchor can hold: trimmed to its first and last
 * text characters, or null when it holds no text or is too long. The UI
 * offers "Comment" only when this is non-null.
 */
export function anchorableRange(pmDoc: Node, from: number, to: number): { from: number; to: number } | null {
  const lo = Math.max(0, Math.min(from, to))
  const hi = Math.min(pmDoc.content.size, Math.max(from, to))
  let first = -1
  let last = -1
  let chars = 0
  pmDoc.nodesBetween(lo, hi, (node, pos) => {
    if (!node.isText) return true
    const start = Math.max(lo, pos)
    const end = Math.min(hi, pos + node.nodeSize)
    if (start < end) {
      if (first < 0) first = start
      last = end
      chars += end - start
    }
    return false
  })
  return first < 0 || chars > MAX_QUOTE_CHARS ? null : { from: first, to: last }
}

/**
 * Anchors the text between `from` and `to` of `pmDoc`, the document bound to
 * `fragment` through `mapping`. Throws a RangeError when `anchorableRange`
 * would return null: the UI must not offer to comment on such a selection.
 */
export function createAnchor(fragment: Y.XmlFragment, mapping: ProsemirrorMapping, from: number, to: number, pmDoc: Node): Anchor {
  const range = anchorableRange(pmDoc, from, to)
  const doc = fragment.doc
  if (range === null) throw new RangeError('createAnchor: the selection holds no text or is too long')
  if (doc === null) throw new Error('createAnchor: the fragment is not part of a Y.Doc')
  const start = characterPosition(doc, fragment, mapping, range.from, 0)
  const end = characterPosition(doc, fragment, mapping, range.to, -1)
  const clocks: Record<string, number> = {}
  const reached = walkPassage(fragment, start.item as Y.ID, end.item as Y.ID, (item) => {
    if (item.deleted || !(item.content instanceof Y.ContentString)) return
    const key = String(item.id.client)
    clocks[key] = Math.max(clocks[key] ?? 0, item.id.clock + item.length)
  })
  if (!reached) throw new Error('createAnchor: the mapping does not match the document')
  const flat = flatTextOf(pmDoc)
  const a = flatOffset(flat, range.from)
  const b = flatOffset(flat, range.to)
  return {
    v: 1,
    start: toBase64(Y.encodeRelativePosition(start)),
    end: toBase64(Y.encodeRelativePosition(end)),
    quote: pmDoc.textBetween(range.from, range.to, '\n', '\n'),
    before: flat.text.slice(Math.max(0, a - CONTEXT_CHARS), a),
    after: flat.text.slice(b, b + CONTEXT_CHARS),
    clocks,
  }
}

/**
 * Places an anchor in `pmDoc` (the document bound to `fragment` through
 * `mapping`, in the same state). Never throws: anchors come from peers.
 */
export function resolveAnchor(anchor: Anchor, fragment: Y.XmlFragment, mapping: ProsemirrorMapping, pmDoc: Node): ResolvedAnchor {
  try {
    const doc = fragment.doc
    const start = decodePosition(anchor.start)
    const end = decodePosition(anchor.end)
    if (doc === null) return DETACHED
    const byPosition = start && end ? positionRange(doc, fragment, mapping, pmDoc, start, end, anchor.clocks) : null
    const flatQuote = anchor.quote.replaceAll('\n', '')
    if (byPosition && pmDoc.textBetween(byPosition.from, byPosition.to, '', '') === flatQuote) {
      return { detached: false, ...byPosition, via: 'position' }
    }
    // Only part of the passage, or none of it, kept its characters: a split or
    // join may have re-created the rest, so look for the passage by its words.
    const matches = quoteMatches(pmDoc, flatQuote, anchor.before, anchor.after)
    const candidates = byPosition ? matches.filter((m) => m.from < byPosition.to && byPosition.from < m.to) : matches
    if (candidates.length === 1) return { detached: false, ...(candidates[0] as { from: number; to: number }), via: 'quote' }
    return byPosition ? { detached: false, ...byPosition, via: 'position' } : DETACHED
  } catch {
    return DETACHED
  }
}

/**
 * A fresh anchor when the passage was found by its quote (so its positions
 * point at today's characters again) or its quote or context changed; null
 * when the anchor needs no repair.
 */
export function refreshAnchor(anchor: Anchor, fragment: Y.XmlFragment, mapping: ProsemirrorMapping, pmDoc: Node): Anchor | null {
  const place = resolveAnchor(anchor, fragment, mapping, pmDoc)
  if (place.detached) return null
  let fresh: Anchor
  try {
    fresh = createAnchor(fragment, mapping, place.from, place.to, pmDoc)
  } catch {
    return null
  }
  // Found by position with its quote and context unchanged: nothing to rewrite.
  // Otherwise the stored quote and context are brought up to date too, so a
  // later split or join (which re-creates text) can still find the passage.
  const unchanged = fresh.quote === anchor.quote && fresh.before === anchor.before && fresh.after === anchor.after
  return place.via === 'quote' || !unchanged ? fresh : null
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** Validates an anchor received from a peer or read from disk. */
export function isAnchor(value: unknown): value is Anchor {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const a = value as Record<string, unknown>
  const isPosition = (p: unknown): boolean => typeof p === 'string' && p.length <= MAX_POSITION_CHARS && BASE64.test(p)
  const isContext = (c: unknown): boolean => typeof c === 'string' && c.length <= CONTEXT_CHARS
  if (a.v !== 1 || !isPosition(a.start) || !isPosition(a.end) || !isContext(a.before) || !isContext(a.after)) return false
  if (typeof a.quote !== 'string' || a.quote.length === 0 || a.quote.length > 2 * MAX_QUOTE_CHARS) return false
  const clocks = a.clocks
  if (typeof clocks !== 'object' || clocks === null || Array.isArray(clocks)) return false
  const entries = Object.entries(clocks)
  return entries.length <= MAX_ANCHOR_CLIENTS && entries.every(([client, clock]) => /^\d{1,10}$/.test(client) && Number.isSafeInteger(clock) && (clock as number) >= 0)
}

/** A relative position on a character, from y-prosemirror's, with the association we need. */
function characterPosition(doc: Y.Doc, fragment: Y.XmlFragment, mapping: ProsemirrorMapping, pos: number, assoc: 0 | -1): Y.RelativePosition {
  const relative = absolutePositionToRelativePosition(pos, fragment, mapping) as Y.RelativePosition
  const absolute = Y.createAbsolutePositionFromRelativePosition(relative, doc)
  if (absolute === null || !(absolute.type instanceof Y.XmlText)) throw new Error('createAnchor: position is not in text')
  const position = Y.createRelativePositionFromTypeIndex(absolute.type, absolute.index, assoc)
  if (position.item === null) throw new Error('createAnchor: position is not next to a character')
  return position
}

function decodePosition(encoded: string): Y.RelativePosition | null {
  try {
    const position = Y.decodeRelativePosition(fromBase64(encoded))
    // Only character positions: a named root would make Yjs create that root.
    return position.item === null ? null : position
  } catch {
    return null
  }
}

/**
 * The range by relative positions. With both ends in live text, it holds
 * while some original character between them is alive. With one end lost
 * (its paragraph re-created by a split or join), the passage crossed that
 * paragraph boundary, so it keeps the run of original characters from the
 * live end to its paragraph's edge: smaller, but never on other text.
 * Both ends lost (a passage over three paragraphs, both outer ones
 * re-created) leaves only the quote to find it.
 */
function positionRange(
  doc: Y.Doc,
  fragment: Y.XmlFragment,
  mapping: ProsemirrorMapping,
  pmDoc: Node,
  start: Y.RelativePosition,
  end: Y.RelativePosition,
  clocks: Record<string, number>,
): { from: number; to: number } | null {
  const store = doc.store
  const startLive = isLivePosition(doc, fragment, start)
  const endLive = isLivePosition(doc, fragment, end)
  let ends: [Y.RelativePosition, Y.RelativePosition] | null = null
  if (startLive && endLive) {
    let alive = false
    const reached = walkPassage(fragment, start.item as Y.ID, end.item as Y.ID, (item) => {
      if (alive || !isOriginal(item, clocks)) return
      const survivor = followRedone(store, item)
      alive = survivor !== null && !survivor.deleted && survivor.content instanceof Y.ContentString
    })
    if (reached && alive) ends = [start, end]
  } else if (startLive && isKnown(store, end.item as Y.ID)) {
    ends = survivingRun(store, start, clocks, 'forward')
  } else if (endLive && isKnown(store, start.item as Y.ID)) {
    ends = survivingRun(store, end, clocks, 'backward')
  }
  if (ends === null) return null
  const from = relativePositionToAbsolutePosition(doc, fragment, ends[0], mapping)
  const to = relativePositionToAbsolutePosition(doc, fragment, ends[1], mapping)
  if (from === null || to === null || from < 0 || from >= to || to > pmDoc.content.size) return null
  return { from, to }
}

/**
 * From a live end to the farthest original character before its paragraph's
 * edge. All of those were in the passage, as it crossed that edge; text a
 * join or split re-created here is new, so it cannot stretch the range.
 */
function survivingRun(
  store: Y.Doc['store'],
  live: Y.RelativePosition,
  clocks: Record<string, number>,
  direction: 'forward' | 'backward',
): [Y.RelativePosition, Y.RelativePosition] | null {
  let last: Y.Item | null = null
  let item = itemAt(store, live.item as Y.ID)
  for (let steps = 0; item !== null && steps < MAX_WALK_STEPS; steps++) {
    if (!item.deleted && item.content instanceof Y.ContentString && isOriginal(item, clocks)) last = item
    item = direction === 'forward' ? item.right : item.left
  }
  if (last === null) return null
  const { client, clock } = last.id
  return direction === 'forward'
    ? [live, new Y.RelativePosition(null, null, Y.createID(client, clock + last.length - 1), -1)]
    : [new Y.RelativePosition(null, null, last.id, 0), live]
}

/** Whether the item was there when the anchor was made (clients' clocks only grow). */
function isOriginal(item: Y.Item, clocks: Record<string, number>): boolean {
  const bound = clocks[String(item.id.client)]
  return bound !== undefined && item.id.clock < bound
}

function isLivePosition(doc: Y.Doc, fragment: Y.XmlFragment, position: Y.RelativePosition): boolean {
  const absolute = Y.createAbsolutePositionFromRelativePosition(position, doc)
  return absolute !== null && isLiveIn(absolute.type, fragment)
}

function isLiveIn(type: Y.AbstractType<unknown>, fragment: Y.XmlFragment): boolean {
  let current = type
  while (current !== fragment) {
    const item = current._item
    if (item === null || item.deleted || !(item.parent instanceof Y.AbstractType)) return false
    current = item.parent
  }
  return true
}

/** Whether this peer has seen the id: an unknown end is text still on its way, not a lost one. */
function isKnown(store: Y.Doc['store'], id: Y.ID): boolean {
  return Y.getState(store, id.client) > id.clock
}

function itemAt(store: Y.Doc['store'], id: Y.ID): Y.Item | null {
  if (!isKnown(store, id)) return null
  const item: unknown = Y.getItem(store, id)
  return item instanceof Y.Item ? item : null
}

/** An undone deletion comes back as new items; `redone` links the old ones to them. */
function followRedone(store: Y.Doc['store'], item: Y.Item): Y.Item | null {
  let current: Y.Item | null = item
  for (let hops = 0; current !== null && current.deleted && current.redone !== null && hops < 100; hops++) {
    current = itemAt(store, current.redone)
  }
  return current
}

/**
 * Visits the items from the one holding `startId` to the one holding
 * `endId` in document order, tombstones included, descending into live
 * elements. Returns whether `endId` was reached inside the fragment.
 */
function walkPassage(fragment: Y.XmlFragment, startId: Y.ID, endId: Y.ID, visit: (item: Y.Item) => void): boolean {
  const store = (fragment.doc as Y.Doc).store
  let item = itemAt(store, startId)
  for (let steps = 0; item !== null && steps < MAX_WALK_STEPS; steps++) {
    if (item.content instanceof Y.ContentType && !item.deleted && item.content.type._start !== null) {
      item = item.content.type._start
      continue
    }
    visit(item)
    const { client, clock } = item.id
    if (client === endId.client && clock <= endId.clock && endId.clock < clock + item.length) return true
    while (item.right === null) {
      const parent: unknown = item.parent
      if (!(parent instanceof Y.AbstractType) || parent === fragment || parent._item === null) return false
      item = parent._item
    }
    item = item.right
  }
  return false
}

/** The chapter's text with block boundaries and non-text leaves removed, and where each piece sits. */
interface FlatText {
  text: string
  /** Offset in `text` where each text node starts. */
  offsets: number[]
  /** ProseMirror position where each text node starts. */
  positions: number[]
}

const flatTexts = new WeakMap<Node, FlatText>()

/** ProseMirror documents are immutable, so one index per document serves every anchor. */
function flatTextOf(pmDoc: Node): FlatText {
  const cached = flatTexts.get(pmDoc)
  if (cached) return cached
  const parts: string[] = []
  const flat: FlatText = { text: '', offsets: [], positions: [] }
  let offset = 0
  pmDoc.descendants((node, pos) => {
    if (node.isText && node.text) {
      flat.offsets.push(offset)
      flat.positions.push(pos)
      parts.push(node.text)
      offset += node.text.length
    }
    return true
  })
  flat.text = parts.join('')
  flatTexts.set(pmDoc, flat)
  return flat
}

/** Index of the last entry of `sorted` that is <= value (or < value when `strict`), or -1. */
function lastAtMost(sorted: number[], value: number, strict: boolean): number {
  let lo = 0
  let hi = sorted.length - 1
  let found = -1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const entry = sorted[mid] as number
    if (strict ? entry < value : entry <= value) {
      found = mid
      lo = mid + 1
    } else hi = mid - 1
  }
  return found
}

function segmentLength(flat: FlatText, i: number): number {
  return (flat.offsets[i + 1] ?? flat.text.length) - (flat.offsets[i] as number)
}

/** How many text characters precede ProseMirror position `pos`. */
function flatOffset(flat: FlatText, pos: number): number {
  const i = lastAtMost(flat.positions, pos, false)
  if (i < 0) return 0
  return (flat.offsets[i] as number) + Math.min(pos - (flat.positions[i] as number), segmentLength(flat, i))
}

/** The ProseMirror position of flat offset `offset`: before its character (`start`) or after the previous one (`end`). */
function pmPosition(flat: FlatText, offset: number, side: 'start' | 'end'): number {
  const i = lastAtMost(flat.offsets, offset, side === 'end')
  return (flat.positions[i] as number) + offset - (flat.offsets[i] as number)
}

/** Every place the quote occurs with exactly its context; at a chapter edge the context must reach the edge. */
function quoteMatches(pmDoc: Node, quote: string, before: string, after: string): Array<{ from: number; to: number }> {
  const flat = flatTextOf(pmDoc)
  const text = flat.text
  const matches: Array<{ from: number; to: number }> = []
  if (quote.length === 0) return matches
  for (let i = text.indexOf(quote); i >= 0 && matches.length < MAX_MATCHES; i = text.indexOf(quote, i + 1)) {
    const end = i + quote.length
    const beforeOk = before.length < CONTEXT_CHARS ? i === before.length && text.startsWith(before) : i >= before.length && text.startsWith(before, i - before.length)
    const afterOk = after.length < CONTEXT_CHARS ? end + after.length === text.length && text.endsWith(after) : text.startsWith(after, end)
    if (beforeOk && afterOk) matches.push({ from: pmPosition(flat, i, 'start'), to: pmPosition(flat, end, 'end') })
  }
  return matches
}
