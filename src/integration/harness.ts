/**
 * The renderer's editor wired to main's real services in one process, for
 * tests that need both: a ProseMirror EditorView (under jsdom) with Quire's
 * plugins, bound to a chapter whose updates go through the IPC contract's
 * dispatcher to a real DocStore in a temporary data folder.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EditorView } from 'prosemirror-view'
import { initProseMirrorDoc } from 'y-prosemirror'
import * as Y from 'yjs'
import type { QuireApi } from '../shared/contract'
import { createDispatcher } from '../shared/dispatch'
import { schema } from '../shared/schema'
import { TEXT_ROOT } from '../shared/ydoc'
import { openServices, type QuireServices } from '../main/services/services'
import { createApi } from '../renderer/ipc/createApi'
import { ChapterSessions } from '../renderer/editor/chapterSessions'
import type { Plugin } from 'prosemirror-state'

export interface Workbench {
  api: QuireApi
  services: QuireServices
  sessions: ChapterSessions
  dataDir: string
  /** A new chapter in a new book; returns its id. */
  newChapter(title?: string): Promise<string>
  /** Opens the chapter in an editor as the author's workspace does. */
  openEditor(chapterId: string, extraPlugins?: Plugin[]): Promise<OpenEditor>
  /** The chapter's text as stored on disk, one line per block. */
  storedText(chapterId: string): Promise<string>
  close(): Promise<void>
}

export interface OpenEditor {
  view: EditorView
  close(): Promise<void>
}

export async function openWorkbench(): Promise<Workbench> {
  const dataDir = await mkdtemp(join(tmpdir(), 'quire-bench-'))
  const services = await openServices(dataDir)
  const dispatch = createDispatcher(services.handlers)
  const api = createApi({ call: (channel, arg) => dispatch(channel, arg), on: () => () => {} })
  const errors: unknown[] = []
  const sessions = new ChapterSessions(api, (error) => errors.push(error))
  let bookId: string | null = null
  return {
    api,
    services,
    sessions,
    dataDir,
    async newChapter(title) {
      if (!bookId) bookId = (await api['book:create']({ title: 'Test book' })).session.bookId!
      return (await api['chapter:create']({ bookId, ...(title ? { title } : {}) })).session.chapterId!
    },
    async openEditor(chapterId, extraPlugins = []) {
      const source = await sessions.open(chapterId)
      const view = new EditorView(document.createElement('div'), { state: source.createState(extraPlugins, false).state })
      return {
        view,
        async close() {
          const last = view.state
          view.destroy()
          await source.release(last)
        },
      }
    },
    async storedText(chapterId) {
      const ydoc = new Y.Doc()
      const update = await api['doc:load']({ docId: chapterId })
      if (update.byteLength > 0) Y.applyUpdate(ydoc, update)
      const { doc } = initProseMirrorDoc(ydoc.getXmlFragment(TEXT_ROOT), schema)
      return doc.textBetween(0, doc.content.size, '\n', '\n')
    },
    async close() {
      await sessions.closeAll()
      await services.close()
      await rm(dataDir, { recursive: true, force: true })
      if (errors.length > 0) throw new Error(`editor errors: ${errors.map(String).join('; ')}`)
    },
  }
}

/**
 * Types text the way the DOM input path does: input rules first, then a plain
 * insert. `afterEach` sees the editor after every keystroke.
 */
export function typeText(view: EditorView, text: string, afterEach: () => void = () => {}): void {
  for (const ch of text) {
    const { from, to } = view.state.selection
    if (!view.someProp('handleTextInput', (f) => f(view, from, to, ch, () => view.state.tr.insertText(ch, from, to)))) {
      view.dispatch(view.state.tr.insertText(ch, from, to))
    }
    afterEach()
  }
}

/** Presses a key (e.g. `Enter`, `Backspace`, `Mod-z`) through the editor's keymaps. */
export function press(view: EditorView, shortcut: string): boolean {
  const parts = shortcut.split('-')
  const key = parts.pop()!
  const mods = new Set(parts)
  // With Shift held, a browser reports the shifted character ('Z', not 'z').
  const event = new KeyboardEvent('keydown', {
    key: mods.has('Shift') && key.length === 1 ? key.toUpperCase() : key,
    ctrlKey: mods.has('Mod') || mods.has('Ctrl'),
    shiftKey: mods.has('Shift'),
    altKey: mods.has('Alt'),
    cancelable: true,
  })
  // Keymaps fall back to the physical key (keyCode) when a modifier changed the character, as browsers report it.
  if (key.length === 1) Object.defineProperty(event, 'keyCode', { value: key.toUpperCase().charCodeAt(0) })
  return view.someProp('handleKeyDown', (f) => f(view, event)) ?? false
}

/** The editor's text, one line per block. */
export function textOf(view: EditorView): string {
  const doc = view.state.doc
  return doc.textBetween(0, doc.content.size, '\n', '\n')
}
