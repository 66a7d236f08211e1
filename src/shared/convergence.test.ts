/**
 * Many peers, one chapter: random text edits by the author, random comments,
 * replies, edits, deletions and resolutions from every peer (each in their
 * own root), random disconnects and message orders, then a full sync.
 * Every peer must end with the same text, the same threads and the same
 * placement of every comment, and no comment may end up on text that is not
 * its own: it stays on its surviving characters, is re-found by its exact
 * quote and context, or is detached.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as prng from 'lib0/prng'
import type { Node } from 'prosemirror-model'
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition } from 'y-prosemirror'
import { anchorableRange, createAnchor, refreshAnchor, resolveAnchor, type Anchor, type ProsemirrorMapping, type ResolvedAnchor } from './anchors'
import { addThread, deleteMessage, editMessage, readThreads, reanchorThreads, reply, setResolved, type CommentsContext, type Person, type Thread } from './comments'
import { chapterDoc, edit, render, textOf } from './testing/editor'
import { Network, type Peer } from './testing/network'
import { TEXT_ROOT } from './ydoc'

type Gen = ReturnType<typeof prng.create>

interface Run {
  gen: Gen
  network: Network
  people: Person[]
  /** The characters each thread's passage held when it was anchored. */
  passages: Map<string, Y.ID[]>
  context: CommentsContext
  /** Whether the author's editor re-anchors threads found by quote after each of its edits, as the app does. */
  repairs: boolean
  nextId: number
  now: number
}

interface Tally {
  intact: number
  partial: number
  byQuote: number
  detached: number
  repaired: number
}

const fragmentOf = (peer: Peer): Y.XmlFragment => peer.doc.getXmlFragment(TEXT_ROOT)

/** Positions inside textblocks, where typing and selections happen. */
function textPositions(pmDoc: Node): number[] {
  const positions: number[] = []
  pmDoc.descendants((node, pos) => {
    if (node.isTextblock) for (let i = 0; i <= node.content.size; i++) positions.push(pos + 1 + i)
    return !node.isTextblock
  })
  return positions
}

function editText(run: Run, peer: Peer): void {
  const { gen } = run
  const fragment = fragmentOf(peer)
  const { pmDoc } = render(fragment)
  const positions = textPositions(pmDoc)
  const pos = prng.oneOf(gen, positions)
  const kind = pmDoc.textContent.length < 200 ? 0 : prng.int32(gen, 0, 9)
  if (kind <= 3) {
    edit(fragment, (tr) => tr.insertText(`${prng.word(gen, 1, 7)} `, pos))
  } else if (kind <= 6) {
    const to = positions.find((p) => p > pos + prng.int32(gen, 1, kind === 6 ? 40 : 6)) ?? positions[positions.length - 1]
    if (to !== undefined && to > pos) edit(fragment, (tr) => tr.delete(pos, to))
  } else if (kind <= 8) {
    edit(fragment, (tr) => tr.split(pos))
  } else if (pmDoc.childCount > 1) {
    const index = prng.int32(gen, 0, pmDoc.childCount - 2)
    let boundary = 0
    for (let i = 0; i <= index; i++) boundary += pmDoc.child(i).nodeSize
    edit(fragment, (tr) => tr.join(boundary))
  }
}

/** The Yjs ids of the characters in a range. */
function charactersIn(fragment: Y.XmlFragment, mapping: ProsemirrorMapping, pmDoc: Node, range: { from: number; to: number }): Y.ID[] {
  const chars: Y.ID[] = []
  pmDoc.nodesBetween(range.from, range.to, (node, pos) => {
    if (!node.isText) return true
    for (let p = Math.max(pos, range.from); p < Math.min(pos + node.nodeSize, range.to); p++) {
      chars.push((absolutePositionToRelativePosition(p, fragment, mapping) as Y.RelativePosition).item as Y.ID)
    }
    return false
  })
  return chars
}

/** What the author's editor does after its own transactions: rewrite anchors that were found by quote. */
function repair(run: Run, peer: Peer, tally: Tally): void {
  const fragment = fragmentOf(peer)
  const { pmDoc, mapping } = render(fragment)
  const fresh = new Map<string, Anchor>()
  const threads = readThreads(peer.doc, run.context)
  for (const thread of threads) {
    const next = refreshAnchor(thread.anchor, fragment, mapping, pmDoc)
    const place = resolveAnchor(thread.anchor, fragment, mapping, pmDoc)
    if (next === null || place.detached) continue
    fresh.set(thread.anchor.start + thread.anchor.end, next)
    run.passages.set(thread.id, charactersIn(fragment, mapping, pmDoc, place))
  }
  tally.repaired += reanchorThreads(peer.doc, run.people[0] as Person, threads, (anchor) => fresh.get(anchor.start + anchor.end) ?? null)
}

function comment(run: Run, peer: Peer, person: Person): void {
  const { gen } = run
  const fragment = fragmentOf(peer)
  const { pmDoc, mapping } = render(fragment)
  const from = prng.oneOf(gen, textPositions(pmDoc))
  const range = anchorableRange(pmDoc, from, from + prng.int32(gen, 1, 24))
  if (range === null) return
  const anchor = createAnchor(fragment, mapping, range.from, range.to, pmDoc)
  const chars = charactersIn(fragment, mapping, pmDoc, range)
  const id = `thread-${run.nextId++}`
  expect(addThread(peer.doc, person, { id, anchor, body: prng.word(gen, 1, 30), now: run.now++ })).toEqual({ ok: true })
  run.passages.set(`${person.id}/${id}`, chars)
}

function converse(run: Run, peer: Peer, person: Person): void {
  const { gen, context } = run
  const threads = readThreads(peer.doc, context)
  if (threads.length === 0) return
  const thread = prng.oneOf(gen, threads)
  const message = prng.oneOf(gen, thread.messages)
  const own = message.authorId === person.id
  switch (prng.int32(gen, 0, 4)) {
    case 0:
    case 1:
      expect(reply(peer.doc, person, thread.id, { id: `reply-${run.nextId++}`, body: prng.word(gen, 1, 20), now: run.now++ }, context).ok).toBe(true)
      break
    case 2: {
      const allowed = thread.authorId === person.id || context.bookAuthorId === person.id
      expect(setResolved(peer.doc, person, thread.id, !thread.resolved, run.now++, context).ok).toBe(allowed)
      break
    }
    case 3:
      expect(editMessage(peer.doc, person, message.id, prng.word(gen, 1, 20), run.now++).ok).toBe(own && !message.deleted)
      break
    default:
      expect(deleteMessage(peer.doc, person, message.id, run.now++).ok).toBe(own && !message.deleted)
  }
}

/** A peer's chapter as its editor would show it, with the ids of deleted characters. */
interface View {
  doc: Y.Doc
  fragment: Y.XmlFragment
  pmDoc: Node
  mapping: ProsemirrorMapping
  deletions: ReturnType<typeof Y.createDeleteSetFromStructStore>
}

function viewOf(peer: Peer): View {
  const fragment = fragmentOf(peer)
  return { doc: peer.doc, fragment, ...render(fragment), deletions: Y.createDeleteSetFromStructStore(peer.doc.store) }
}

/** Where a character is now, by Yjs and y-prosemirror alone; null once deleted. */
function positionOf(view: View, id: Y.ID): number | null {
  if (Y.isDeleted(view.deletions, id)) return null
  return relativePositionToAbsolutePosition(view.doc, view.fragment, new Y.RelativePosition(null, null, id, 0), view.mapping)
}

function checkPlacement(run: Run, view: View, thread: Thread, place: ResolvedAnchor, tally: Tally): void {
  const { pmDoc } = view
  const chars = run.passages.get(thread.id) as Y.ID[]
  const positions = chars.map((id) => positionOf(view, id))
  const alive = positions.filter((p): p is number => p !== null)
  const quote = thread.anchor.quote.replaceAll('\n', '')
  if (place.detached) {
    // Only a passage that lost both its first and its last character may detach while some text survives.
    expect([positions[0], positions[positions.length - 1]]).toEqual([null, null])
    tally.detached++
    return
  }
  const text = pmDoc.textBetween(place.from, place.to, '', '')
  if (place.via === 'quote') {
    // Re-found by its words: exactly the quote, with exactly the context it had.
    expect(text).toBe(quote)
    expect(pmDoc.textBetween(0, place.from, '', '').endsWith(thread.anchor.before)).toBe(true)
    expect(pmDoc.textBetween(place.to, pmDoc.content.size, '', '').startsWith(thread.anchor.after)).toBe(true)
    tally.byQuote++
  } else if (alive.length === chars.length) {
    // Every character survived: the anchor spans exactly from the first to the last.
    expect([place.from, place.to]).toEqual([alive[0], (alive[alive.length - 1] as number) + 1])
    if (text === quote) tally.intact++
  } else {
    expect(alive.some((p) => place.from <= p && p < place.to)).toBe(true)
    tally.partial++
  }
}

function randomRun(seed: number, peers: number, iterations: number, options: { repairs: boolean }, tally: Tally): void {
  const gen = prng.create(seed)
  const network = new Network(peers)
  const people = network.peers.map((_, i) => ({ id: `member-${i}`, name: `Member ${i}` }))
  const names = new Map(people.map((p) => [p.id, p.name]))
  const context: CommentsContext = { bookAuthorId: people[0]!.id, nameOf: (id) => names.get(id) }
  const words = (): string => Array.from({ length: prng.int32(gen, 4, 14) }, () => prng.word(gen, 2, 8)).join(' ')
  chapterDoc(Array.from({ length: 8 }, words), network.peers[0]?.doc)
  network.syncAll(gen)
  const run: Run = { gen, network, people, passages: new Map(), context, ...options, nextId: 100, now: 1000 }
  const author = network.peers[0] as Peer
  for (let i = 0; i < iterations; i++) {
    const index = prng.int32(gen, 0, peers - 1)
    const peer = network.peers[index] as Peer
    const roll = prng.int32(gen, 0, 99)
    if (roll < 30) {
      editText(run, author)
      if (run.repairs) repair(run, author, tally)
    } else if (roll < 50) comment(run, peer, people[index] as Person)
    else if (roll < 65) converse(run, peer, people[index] as Person)
    else if (roll < 72) {
      if (peer.online) network.disconnect(peer)
      else network.connect(peer)
    }
    else for (let n = prng.int32(gen, 1, 6); n > 0 && network.deliverOne(gen); n--);
  }
  network.syncAll(gen)

  const reference = network.peers[0] as Peer
  const threads = readThreads(reference.doc, context)
  const places = (peer: Peer): ResolvedAnchor[] => {
    const { pmDoc, mapping } = render(fragmentOf(peer))
    return threads.map((t) => resolveAnchor(t.anchor, fragmentOf(peer), mapping, pmDoc))
  }
  const expected = places(reference)
  for (const peer of network.peers) {
    expect(textOf(fragmentOf(peer))).toBe(textOf(fragmentOf(reference)))
    expect(readThreads(peer.doc, context)).toEqual(threads)
    expect(places(peer)).toEqual(expected)
  }
  const view = viewOf(reference)
  threads.forEach((thread, i) => checkPlacement(run, view, thread, expected[i] as ResolvedAnchor, tally))
}

describe('peers converge on text, threads and anchors', () => {
  const fresh = (): Tally => ({ intact: 0, partial: 0, byQuote: 0, detached: 0, repaired: 0 })

  it('when only the author edits the text', () => {
    const tally = fresh()
    for (let seed = 1; seed <= 6; seed++) randomRun(seed, 3 + (seed % 3), 250, { repairs: false }, tally)
    // Every kind of outcome happened, so each check above was exercised.
    expect(Math.min(tally.intact, tally.partial, tally.byQuote, tally.detached)).toBeGreaterThan(0)
  })

  it('when the author re-anchors after each edit, as the editor does', () => {
    const tally = fresh()
    for (let seed = 11; seed <= 16; seed++) randomRun(seed, 3 + (seed % 3), 250, { repairs: true }, tally)
    expect(tally.repaired).toBeGreaterThan(0)
    expect(Math.min(tally.intact, tally.partial, tally.detached)).toBeGreaterThan(0)
  })
})
