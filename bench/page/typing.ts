/**
 * Workload 1 in the page: an editing trace replayed as ProseMirror
 * transactions in an EditorView bound to a chapter's Y.Doc with Quire's
 * plugins, persisted to the host through ChapterDoc; the same transactions
 * in a bare EditorView with y-prosemirror's ySyncPlugin alone (what any
 * Yjs-backed ProseMirror editor pays); and the same edits on a bare Y.Text.
 */
import { EditorState } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
import { initProseMirrorDoc, ySyncPlugin } from 'y-prosemirror'
import * as Y from 'yjs'
import { schema } from '../../src/shared/schema'
import { TEXT_ROOT } from '../../src/shared/ydoc'
import { ChapterDoc } from '../../src/renderer/editor/chapterDoc'
import { api } from '../../src/renderer/ipc/api'
import { distribution, type Distribution } from '../lib/stats'
import type { Edit } from '../lib/traces'
import { fetchJson } from './data'
import { editTransaction, textOf } from '../lib/edits'
import { mountEditor } from './editor'
import { chapterFrame } from './frame'
import { nextTask, now } from './timing'

export interface TypingOptions {
  editsUrl: string
  /** Only the first `limit` edits (they are a prefix, so the text stays valid). */
  limit: number
  /** Yield to the event loop after this many edits, so IPC replies and timers run as they would between keystrokes. */
  yieldEvery: number
}

export interface TypingResult {
  totalMs: number
  /** Time spent inside the edits themselves, without the yields. */
  applyMs: number
  perEdit: Distribution
  encodedBytes: number
  text: string
  chapterId?: string
  /** Time from the last edit until everything was written by the host. */
  flushMs?: number
}

/** Quire's path: transactions in a real EditorView, the chapter persisted through the host. */
export async function typingQuire(options: TypingOptions & { bookId: string }): Promise<TypingResult> {
  const edits = (await fetchJson<Edit[]>(options.editsUrl)).slice(0, options.limit)
  const snapshot = await api['chapter:create']({ bookId: options.bookId, title: 'Typing' })
  const book = snapshot.books.find((b) => b.id === options.bookId)!
  const chapterId = book.chapters[book.chapters.length - 1]!.id
  const errors: unknown[] = []
  const chapter = await ChapterDoc.open(chapterId, api, (error) => errors.push(error))
  const frame = chapterFrame()
  const view = mountEditor(chapter.fragment, frame.mount, true)
  const times = new Float64Array(edits.length)
  let closed = false
  try {
    await nextTask()
    const start = now()
    for (let i = 0; i < edits.length; i++) {
      const t0 = now()
      view.dispatch(editTransaction(view.state, edits[i]!))
      times[i] = now() - t0
      if ((i + 1) % options.yieldEvery === 0) await nextTask()
    }
    const typed = now()
    const finalDoc = view.state.doc
    // Closing the view and then the chapter waits for every pending write to the host, as switching chapters does.
    view.destroy()
    await chapter.close()
    closed = true
    const end = now()
    if (errors.length > 0) throw new Error(`persistence failed: ${String(errors[0])}`)
    return {
      totalMs: end - start,
      applyMs: sumOf(times),
      perEdit: distribution(Array.from(times)),
      encodedBytes: Y.encodeStateAsUpdate(chapter.doc).byteLength,
      text: textOf(finalDoc),
      chapterId,
      flushMs: end - typed,
    }
  } finally {
    frame.remove()
    if (!closed) {
      view.destroy()
      await chapter.close()
    }
  }
}

/** The baseline: the same transactions in a bare EditorView with ySyncPlugin only, on a Y.Doc nobody persists. */
export async function typingProseMirror(options: TypingOptions): Promise<TypingResult> {
  const edits = (await fetchJson<Edit[]>(options.editsUrl)).slice(0, options.limit)
  const doc = new Y.Doc()
  const fragment = doc.getXmlFragment(TEXT_ROOT)
  // The empty paragraph a new chapter starts with, as in Quire's path.
  fragment.insert(0, [new Y.XmlElement('paragraph')])
  const initial = initProseMirrorDoc(fragment, schema)
  const frame = chapterFrame()
  const view = new EditorView(frame.mount, {
    state: EditorState.create({ schema, doc: initial.doc, plugins: [ySyncPlugin(fragment, { mapping: initial.mapping })] }),
    attributes: { class: 'manuscript', role: 'textbox', 'aria-multiline': 'true', spellcheck: 'true', tabindex: '0' },
  })
  view.focus()
  const times = new Float64Array(edits.length)
  try {
    await nextTask()
    const start = now()
    for (let i = 0; i < edits.length; i++) {
      const t0 = now()
      view.dispatch(editTransaction(view.state, edits[i]!))
      times[i] = now() - t0
      if ((i + 1) % options.yieldEvery === 0) await nextTask()
    }
    const end = now()
    return {
      totalMs: end - start,
      applyMs: sumOf(times),
      perEdit: distribution(Array.from(times)),
      encodedBytes: Y.encodeStateAsUpdate(doc).byteLength,
      text: textOf(view.state.doc),
    }
  } finally {
    view.destroy()
    frame.remove()
    doc.destroy()
  }
}

/** The reference: the same edits on a bare Y.Text, one Yjs transaction each, same loop. */
export async function typingBare(options: TypingOptions): Promise<TypingResult> {
  const edits = (await fetchJson<Edit[]>(options.editsUrl)).slice(0, options.limit)
  const doc = new Y.Doc()
  const text = doc.getText('text')
  const times = new Float64Array(edits.length)
  await nextTask()
  const start = now()
  for (let i = 0; i < edits.length; i++) {
    const [, , from, to, inserted] = edits[i]!
    const t0 = now()
    doc.transact(() => {
      if (to > from) text.delete(from, to - from)
      if (inserted.length > 0) text.insert(from, inserted)
    })
    times[i] = now() - t0
    if ((i + 1) % options.yieldEvery === 0) await nextTask()
  }
  const end = now()
  const result = {
    totalMs: end - start,
    applyMs: sumOf(times),
    perEdit: distribution(Array.from(times)),
    encodedBytes: Y.encodeStateAsUpdate(doc).byteLength,
    text: text.toString(),
  }
  doc.destroy()
  return result
}

function sumOf(values: Float64Array): number {
  let total = 0
  for (const value of values) total += value
  return total
}
