// @vitest-environment jsdom
/**
 * Property: random writing sessions with random undo and redo, through the
 * real editor with its plugins, comment highlights (anchors refreshed as the
 * author's workspace does) and persistence. Every state undo reaches is one
 * the writer saw, redo walks the same states back, undoing everything
 * reaches the empty chapter, and what is on disk is what the editor shows.
 */
import * as prng from 'lib0/prng'
import { TextSelection } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { ySyncPluginKey } from 'y-prosemirror'
import * as Y from 'yjs'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { createAnchor, type ProsemirrorMapping } from '../shared/anchors'
import { addThread, setAnchors, ThreadIndex } from '../shared/comments'
import { commentsBinding } from '../renderer/comments/binding'
import { openWorkbench, press, textOf, typeText } from './harness'

const SEEDS = Number(process.env.QUIRE_UNDO_SEEDS ?? 12)
const STEPS = 120
const WORDS = ['harbour', 'the', 'boat', 'Ada', 'said', 'wind', '"quiet"', 'rope', 'it’s', 'north']

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
})
afterEach(() => {
  vi.useRealTimers()
})

const snapshot = (view: EditorView) => JSON.stringify(view.state.doc.toJSON())

function randomRange(gen: prng.PRNG, view: EditorView): { from: number; to: number } {
  const size = view.state.doc.content.size
  const a = prng.int32(gen, 0, size)
  const b = prng.int32(gen, 0, size)
  return { from: Math.min(a, b), to: Math.max(a, b) }
}

function select(view: EditorView, from: number, to: number): void {
  view.dispatch(view.state.tr.setSelection(TextSelection.between(view.state.doc.resolve(from), view.state.doc.resolve(to))))
}

test.each(Array.from({ length: SEEDS }, (_, i) => i + 1))('seed %i: undo and redo never lose text', async (seed) => {
  const gen = prng.create(seed)
  const bench = await openWorkbench()
  try {
    const chapterId = await bench.newChapter()
    // The shared replica the author's comments live in, fed one way from the manuscript.
    const replica = new Y.Doc()
    const chapter = await bench.sessions.doc(chapterId)
    const feed = (update: Uint8Array) => Y.applyUpdate(replica, update)
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(chapter.doc))
    chapter.doc.on('update', feed)
    // The author's comments binding, as ChapterView sets it up: it re-anchors into the author's root.
    const author = { id: 'ada', name: 'Ada' }
    const index = new ThreadIndex(replica, { bookAuthorId: author.id, nameOf: () => 'Ada' })
    const binding = commentsBinding({
      source: { current: () => index, onReplace: () => () => {} },
      onActivate: () => {},
      reanchor: (anchors) => setAnchors(replica, author, anchors),
    })
    const { view, close } = await bench.openEditor(chapterId, [binding])

    const seen = new Set<string>([snapshot(view)])
    // What happened, for the failure message: a failing seed replays exactly.
    const log: string[] = []
    const story = () => `\n${log.slice(-20).join('\n')}\nnow: ${JSON.stringify(textOf(view))}`
    let threads = 0
    for (let step = 0; step < STEPS; step++) {
      const roll = prng.int32(gen, 0, 99)
      log.push(`${step}: roll ${roll} at ${view.state.selection.from}-${view.state.selection.to} in ${JSON.stringify(textOf(view))}`)
      // Every keystroke shows a state undo may come back to.
      const keystroke = () => seen.add(snapshot(view))
      if (roll < 35) typeText(view, ` ${prng.oneOf(gen, WORDS)}`, keystroke)
      else if (roll < 43) typeText(view, '. ', keystroke)
      else if (roll < 50) press(view, 'Enter')
      else if (roll < 55) press(view, 'Backspace')
      else if (roll < 60) {
        const { from, to } = randomRange(gen, view)
        select(view, from, to)
        press(view, 'Backspace')
      } else if (roll < 64) {
        const { from, to } = randomRange(gen, view)
        select(view, from, to)
        press(view, 'Mod-b')
      } else if (roll < 67) view.pasteText(`pasted ${step}. `, new Event('paste') as ClipboardEvent)
      else if (roll < 71) vi.setSystemTime(Date.now() + 2000)
      else if (roll < 74 && threads < 3) {
        const { from, to } = view.state.selection.empty ? randomRange(gen, view) : view.state.selection
        const sync = ySyncPluginKey.getState(view.state) as { type: Y.XmlFragment; binding: { mapping: ProsemirrorMapping } }
        if (to > from && view.state.doc.textBetween(from, to).trim()) {
          addThread(replica, author, { id: `thread-${++threads}`, anchor: createAnchor(sync.type, sync.binding.mapping, from, to, view.state.doc), body: 'Look here', now: step })
        }
      } else if (roll < 90) {
        for (let n = prng.int32(gen, 1, 3); n > 0; n--) press(view, 'Mod-z')
        expect(seen, `undo reached a state never seen${story()}`).toContain(snapshot(view))
      } else {
        for (let n = prng.int32(gen, 1, 3); n > 0; n--) press(view, prng.bool(gen) ? 'Shift-Mod-z' : 'Mod-y')
        expect(seen, `redo reached a state never seen${story()}`).toContain(snapshot(view))
      }
      // The caret moving around is what the app does between keystrokes; it must never count as a change.
      view.dispatch(view.state.tr.setMeta('addToHistory', false))
      seen.add(snapshot(view))
    }

    // From the newest state (redo whatever the script left undone), undo everything, then redo
    // everything: the same states in reverse, from the empty chapter back to the newest one.
    for (let guard = 0; press(view, 'Mod-y'); guard++) expect(guard, 'redo never ran out').toBeLessThan(10 * STEPS)
    expect(seen).toContain(snapshot(view))
    const last = snapshot(view)
    const down = [last]
    for (let guard = 0; press(view, 'Mod-z'); guard++) {
      expect(guard, 'undo never ran out').toBeLessThan(10 * STEPS)
      down.push(snapshot(view))
    }
    expect(textOf(view)).toBe('')
    const up = [snapshot(view)]
    for (let guard = 0; press(view, 'Shift-Mod-z'); guard++) {
      expect(guard, 'redo never ran out').toBeLessThan(10 * STEPS)
      up.push(snapshot(view))
    }
    expect(up).toEqual([...down].reverse())
    expect(snapshot(view)).toBe(last)

    const shown = textOf(view)
    chapter.doc.off('update', feed)
    await close()
    index.destroy()
    expect(await bench.storedText(chapterId)).toBe(shown)
  } finally {
    await bench.close()
  }
})
