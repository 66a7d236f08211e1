/**
 * Drafts of a shared chapter, and what happens to earlier threads when the
 * author shares a new one.
 *
 * How drafts are stored. The shared text stays what it always was: the
 * replica fed one way from the author's manuscript (src/renderer/sync), so
 * the anchors of every thread keep pointing into the one text that keeps
 * changing. A draft is a point in that history the author names by sharing
 * it: their Quire freezes a copy of the text as it reads then into the
 * author's own root, where every reviewer can read it (and no one else can
 * write):
 *
 *   m:<book author>  drafts  "<n>" → Y.Map { sharedAt, name?, blocks: Y.Array<string> }
 *
 * `blocks` holds each top-level block as ProseMirror JSON, one Yjs value per
 * block so no single value outgrows what peers accept. Draft 1 is frozen the
 * first time the author's Quire sees the chapter shared; each "Share new
 * draft" freezes the next. The same copy is also saved as a named version in
 * the author's own data folder (src/main/services/versions.ts), which is
 * what "Compare versions" reads.
 *
 * Sharing draft n+1 also records, in the author's root (`carried`), what
 * became of every earlier thread's passage (carryThreads): still there as
 * quoted (anchored), edited (changed, with how it reads now), or deleted
 * (removed). The state is decided once, by the author's Quire, against the
 * text of the new draft, so every reader sees the same verdict; a removed
 * thread is shown detached with its quote and never re-placed on other text,
 * even if a look-alike passage appears later.
 */
import type { Node } from 'prosemirror-model'
import * as Y from 'yjs'
import type { Anchor, ResolvedAnchor } from '../anchors'
import type { Carried, Person, Thread } from '../comments/model'
import { MAX_DRAFT } from '../comments/model'
import { memberRoot } from '../trust/updateRules'
import { schema } from '../schema'

export interface DraftInfo {
  number: number
  sharedAt: number
  name?: string
}

/** Longest block value stored; longer blocks are stored as plain paragraphs of this size. */
const MAX_BLOCK_CHARS = 48_000

function draftsPart(doc: Y.Doc, authorId: string): Y.Map<unknown> | null {
  const name = memberRoot(authorId)
  if (!doc.share.has(name)) return null
  const value = doc.getMap<unknown>(name).get('drafts')
  return value instanceof Y.Map ? (value as Y.Map<unknown>) : null
}

/** The drafts the book's author shared, oldest first. */
export function draftsOf(doc: Y.Doc, bookAuthorId: string | null): DraftInfo[] {
  const part = bookAuthorId ? draftsPart(doc, bookAuthorId) : null
  const drafts: DraftInfo[] = []
  part?.forEach((value, key) => {
    const number = Number(key)
    if (!(value instanceof Y.Map) || !Number.isSafeInteger(number) || number < 1 || number > MAX_DRAFT || String(number) !== key) return
    const sharedAt = value.get('sharedAt')
    const name = value.get('name')
    if (typeof sharedAt !== 'number' || !Number.isFinite(sharedAt)) return
    drafts.push({ number, sharedAt, ...(typeof name === 'string' && name.trim() ? { name: name.trim().slice(0, 200) } : {}) })
  })
  return drafts.sort((a, b) => a.number - b.number)
}

/** The draft reviewers are reading now: the latest shared, or 1 before any. */
export function currentDraft(doc: Y.Doc, bookAuthorId: string | null): number {
  const drafts = draftsOf(doc, bookAuthorId)
  return drafts[drafts.length - 1]?.number ?? 1
}

/** A frozen draft's text as a ProseMirror document; null when there is no such draft. Never throws. */
export function draftDocument(doc: Y.Doc, bookAuthorId: string | null, number: number): Node | null {
  const entry = bookAuthorId ? draftsPart(doc, bookAuthorId)?.get(String(number)) : undefined
  const blocks = entry instanceof Y.Map ? entry.get('blocks') : undefined
  if (!(blocks instanceof Y.Array)) return null
  const nodes: Node[] = []
  for (const value of blocks.toArray().slice(0, 100_000)) {
    try {
      const node = schema.nodeFromJSON(JSON.parse(String(value)))
      node.check()
      if (node.isBlock) nodes.push(node)
    } catch {
      nodes.push(schema.nodes.paragraph!.create(null, schema.text('(A part of this draft could not be read.)')))
    }
  }
  return schema.nodes.doc!.create(null, nodes.length > 0 ? nodes : [schema.nodes.paragraph!.create()])
}

/** A document's top-level blocks as stored values (see the file comment). */
export function blocksOf(doc: Node): string[] {
  const out: string[] = []
  doc.forEach((block) => {
    const json = JSON.stringify(block.toJSON())
    if (json.length <= MAX_BLOCK_CHARS) return void out.push(json)
    const text = block.textContent
    for (let at = 0; at < text.length; at += MAX_BLOCK_CHARS / 2) {
      out.push(JSON.stringify(schema.nodes.paragraph!.create(null, schema.text(text.slice(at, at + MAX_BLOCK_CHARS / 2))).toJSON()))
    }
  })
  return out
}

/** Freezes `text` as draft `number` in the book author's root. */
export function shareDraft(doc: Y.Doc, me: Person, input: { number: number; text: Node; sharedAt: number; name?: string }): void {
  if (!Number.isSafeInteger(input.number) || input.number < 1 || input.number > MAX_DRAFT) throw new RangeError('shareDraft: draft number out of range')
  doc.transact(() => {
    const root = doc.getMap<unknown>(memberRoot(me.id))
    let part = root.get('drafts')
    if (!(part instanceof Y.Map)) {
      part = new Y.Map<unknown>()
      root.set('drafts', part)
    }
    const blocks = new Y.Array<string>()
    blocks.push(blocksOf(input.text))
    ;(part as Y.Map<unknown>).set(
      String(input.number),
      new Y.Map<unknown>([
        ['sharedAt', input.sharedAt],
        ...(input.name ? [['name', input.name] as [string, unknown]] : []),
        ['blocks', blocks],
      ]),
    )
  })
}

/**
 * What became of each earlier thread's passage in the new draft: `resolve`
 * places an anchor in the new text, `textAt` reads a range of it. A thread
 * already removed stays removed: once its passage was gone, any text found
 * later is other text.
 */
export function carryThreads(threads: readonly Thread[], draft: number, resolve: (anchor: Anchor) => ResolvedAnchor, textAt: (from: number, to: number) => string): Array<{ thread: Thread; carried: Carried }> {
  return threads
    .filter((thread) => thread.draft < draft)
    .map((thread) => {
      const place = thread.carried?.state === 'removed' ? ({ detached: true } as const) : resolve(thread.anchor)
      if (place.detached) return { thread, carried: { draft, state: 'removed' as const } }
      const now = textAt(place.from, place.to)
      return { thread, carried: now === thread.quote ? { draft, state: 'anchored' as const } : { draft, state: 'changed' as const, now } }
    })
}

/** Each block's text, for comparing versions. */
export function blockTexts(doc: Node): string[] {
  const out: string[] = []
  doc.forEach((block) => out.push(block.type.name === 'scene_break' ? '* * *' : block.textBetween(0, block.content.size, '\n', '\n')))
  return out
}
