// @vitest-environment jsdom
/**
 * Comments and review rounds in the author's real editor: the manuscript persisted through
 * the services, the comments binding reading a replica fed one way from it,
 * as in the app. A reviewer's suggestion is accepted as one undo step; a
 * stale one is refused; a passage typed over never takes its thread along;
 * a paragraph split before a passage keeps its highlight.
 */
import { TextSelection } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import * as Y from 'yjs'
import { addThread, readThreads, setAnchors, ThreadIndex, type Thread } from '../shared/comments'
import { carryThreads } from '../shared/review/drafts'
import { anchorOn } from '../shared/testing/comments'
import { applySuggestion } from '../renderer/comments/acceptSuggestion'
import { commentsBinding, commentsKey, panelThreads, resolveIn } from '../renderer/comments/binding'
import { openWorkbench, press, textOf, typeText, type Workbench } from './harness'

const author = { id: 'ada-author', name: 'Ada' }
const reviewer = { id: 'rita-reviewer', name: 'Rita' }
const context = { bookAuthorId: author.id, nameOf: (id: string) => (id === author.id ? 'Ada' : 'Rita') }

let bench: Workbench
beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] })
  bench = await openWorkbench()
})
afterEach(async () => {
  await bench.close()
  vi.useRealTimers()
})

/** The author's chapter open in the editor, its replica, and the comments binding between them. */
async function authorChapter(text: string[]) {
  const chapterId = await bench.newChapter()
  const replica = new Y.Doc()
  const chapter = await bench.sessions.doc(chapterId)
  const feed = (update: Uint8Array) => Y.applyUpdate(replica, update)
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(chapter.doc))
  chapter.doc.on('update', feed)
  const index = new ThreadIndex(replica, context)
  const binding = commentsBinding({
    source: { current: () => index, onReplace: () => () => {} },
    onActivate: () => {},
    reanchor: (anchors) => setAnchors(replica, author, anchors),
  })
  const { view, close } = await bench.openEditor(chapterId, [binding])
  text.forEach((paragraph, i) => {
    if (i > 0) press(view, 'Enter')
    typeText(view, paragraph)
  })
  vi.setSystemTime(Date.now() + 2000)
  return {
    chapterId,
    view,
    replica,
    index,
    async close() {
      chapter.doc.off('update', feed)
      await close()
      index.destroy()
    },
  }
}

/** A reviewer's suggestion, written in the replica as their Quire would, and the thread as the author reads it. */
async function suggest(view: EditorView, replica: Y.Doc, index: ThreadIndex, passage: string, text: string): Promise<Thread> {
  const id = `sugg-${passage.replace(/\W/g, '')}`.padEnd(8, 'x')
  expect(addThread(replica, reviewer, { id, anchor: anchorOn(replica, passage), body: '', suggestion: text, now: Date.now() })).toEqual({ ok: true })
  const threadId = `${reviewer.id}/${id}`
  await vi.waitFor(() => expect(panelThreads(view.state).some((p) => p.thread.id === threadId)).toBe(true))
  return index.get(threadId)!
}

function selectText(view: EditorView, text: string): void {
  const at = view.state.doc.textContent.indexOf(text)
  let found = -1
  view.state.doc.descendants((node, pos) => {
    if (found < 0 && node.isText && node.text!.includes(text)) found = pos + node.text!.indexOf(text)
  })
  expect(at).toBeGreaterThanOrEqual(0)
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, found, found + text.length)))
}

test('accepting a suggestion is one undo step, apart from the typing before and after it', async () => {
  // Mid-sentence, so no sentence end closes an undo step: only the suggestion may.
  const { chapterId, view, replica, index, close } = await authorChapter(['The harbour was quiet before dawn'])
  typeText(view, ' and the gulls argued')
  const thread = await suggest(view, replica, index, 'quiet', 'silent')
  // Accepted right after typing, with no pause (the clock stands still): the typing stays a step of its own.
  expect(applySuggestion(view, thread)).toBe('applied')
  expect(textOf(view)).toBe('The harbour was silent before dawn and the gulls argued')
  typeText(view, ' over the nets')
  press(view, 'Mod-z')
  expect(textOf(view)).toBe('The harbour was silent before dawn and the gulls argued')
  press(view, 'Mod-z')
  expect(textOf(view)).toBe('The harbour was quiet before dawn and the gulls argued')
  press(view, 'Mod-z')
  expect(textOf(view)).toBe('The harbour was quiet before dawn')
  press(view, 'Shift-Mod-z')
  press(view, 'Shift-Mod-z')
  expect(textOf(view)).toBe('The harbour was silent before dawn and the gulls argued')
  await close()
  expect(await bench.storedText(chapterId)).toBe('The harbour was silent before dawn and the gulls argued')
})

test('a suggestion to delete words deletes them; a stale suggestion is never applied', async () => {
  const { view, replica, index, close } = await authorChapter(['The harbour was very quiet before dawn.'])
  const cut = await suggest(view, replica, index, 'very ', '')
  expect(applySuggestion(view, cut)).toBe('applied')
  expect(textOf(view)).toBe('The harbour was quiet before dawn.')

  const stale = await suggest(view, replica, index, 'before dawn', 'at first light')
  selectText(view, 'dawn')
  typeText(view, 'sunrise')
  expect(applySuggestion(view, stale)).toBe('stale')
  expect(textOf(view)).toBe('The harbour was quiet before sunrise.')
  // The panel says so: the passage reads differently now.
  await vi.waitFor(() => expect(panelThreads(view.state).find((p) => p.thread.id === stale.id)?.currentText).toBe('before sunrise'))
  await close()
})

test('a passage typed over leaves its thread detached: never moved onto the new words, and carried as removed', async () => {
  const { view, replica, close } = await authorChapter(['The ferry left at six, whether or not anyone was on it.'])
  expect(addThread(replica, reviewer, { id: 'thread-flat', anchor: anchorOn(replica, 'whether or not anyone was on it'), body: 'Flat?', now: 1 })).toEqual({ ok: true })
  const id = `${reviewer.id}/thread-flat`
  await vi.waitFor(() => expect(panelThreads(view.state).find((p) => p.thread.id === id)?.detached).toBe(false))
  selectText(view, 'whether or not anyone was on it')
  typeText(view, 'passengers or none')
  expect(textOf(view)).toBe('The ferry left at six, passengers or none.')
  await vi.waitFor(() => expect(panelThreads(view.state).find((p) => p.thread.id === id)?.detached).toBe(true))
  // Let the author's editor finish the re-anchoring pass the edit started: nothing lands on the new words.
  await vi.waitFor(() => expect(commentsKey.getState(view.state)!.dirty.size).toBe(0), { timeout: 5000 })
  const thread = readThreads(replica, context).find((t) => t.id === id)!
  expect(thread.anchor.quote).toBe('whether or not anyone was on it')
  const [carried] = carryThreads([thread], 2, (anchor) => resolveIn(view.state, anchor), (from, to) => view.state.doc.textBetween(from, to))
  expect(carried!.carried).toEqual({ draft: 2, state: 'removed' })
  await close()
})

test('a passage edited inside keeps its thread, carried as changed with how it reads now', async () => {
  const { view, replica, index, close } = await authorChapter(['Gulls argued over the nets.'])
  addThread(replica, reviewer, { id: 'thread-gull', anchor: anchorOn(replica, 'argued over the nets'), body: 'How?', now: 1 })
  await vi.waitFor(() => expect(index.get(`${reviewer.id}/thread-gull`)).toBeDefined())
  selectText(view, 'argued')
  typeText(view, 'squabbled')
  const [carried] = carryThreads(readThreads(replica, context), 2, (anchor) => resolveIn(view.state, anchor), (from, to) => view.state.doc.textBetween(from, to))
  expect(carried!.carried).toEqual({ draft: 2, state: 'changed', now: 'squabbled over the nets' })
  await close()
})

test('a paragraph split just before a commented passage keeps its highlight, even when the thread changes before the author pauses', async () => {
  const { view, replica, index, close } = await authorChapter(['The harbour was quiet before dawn. Gulls argued over the nets.'])
  // Its context is shorter than the full 32 characters: the passage's anchor says it sits near the chapter's start.
  addThread(replica, reviewer, { id: 'thread-dawn', anchor: anchorOn(replica, 'quiet before dawn'), body: 'Too quiet?', now: 1 })
  const id = `${reviewer.id}/thread-dawn`
  const highlighted = () => {
    const found = commentsKey.getState(view.state)!.decorations.find(undefined, undefined, (spec) => spec.threadId === id)
    return found.map((d) => view.state.doc.textBetween(d.from, d.to)).join('|')
  }
  await vi.waitFor(() => expect(highlighted()).toBe('quiet before dawn'))
  // Text typed at the start and a split before the passage, without a pause: the anchor is not refreshed yet.
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, 1)))
  typeText(view, 'At first light: ')
  press(view, 'Enter')
  expect(highlighted()).toBe('quiet before dawn')
  // Any change to the thread (here, the reader's name) arrives before the re-anchoring pass.
  index.setContext({ ...context, nameOf: () => 'Rita R.' })
  expect(highlighted()).toBe('quiet before dawn')
  await vi.waitFor(() => expect(commentsKey.getState(view.state)!.dirty.size).toBe(0), { timeout: 5000 })
  expect(highlighted()).toBe('quiet before dawn')
  expect(index.get(id)!.anchor.before).toBe('At first light: The harbour was ')
  await close()
})
