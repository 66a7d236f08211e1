// @vitest-environment jsdom
/**
 * Remote changes through the narrowed binding give exactly the document a
 * full rebuild from the Y.Doc gives, touch only the blocks that changed, and
 * leave y-prosemirror's mapping right for comment anchors.
 */
import type { Node } from 'prosemirror-model'
import { EditorState, TextSelection, type Transaction } from 'prosemirror-state'
import { liftTarget, ReplaceStep } from 'prosemirror-transform'
import { EditorView } from 'prosemirror-view'
import { afterEach, describe, expect, test } from 'vitest'
import { initProseMirrorDoc, ySyncPlugin, ySyncPluginKey } from 'y-prosemirror'
import * as Y from 'yjs'
import { anchorableRange, createAnchor, resolveAnchor, type ProsemirrorMapping } from '../../shared/anchors'
import { schema } from '../../shared/schema'
import { TEXT_ROOT } from '../../shared/ydoc'
import { changedBlocks, incrementalSync } from './incrementalSync'
import { readingPlugins } from './plugins'

const { nodes, marks } = schema
const views: EditorView[] = []
afterEach(() => {
  for (const view of views.splice(0)) view.destroy()
})

/** A writer's editor on its own Y.Doc, with y-prosemirror as it comes. */
function writer(doc: Y.Doc): EditorView {
  const fragment = doc.getXmlFragment(TEXT_ROOT)
  const initial = initProseMirrorDoc(fragment, schema)
  const view = new EditorView(document.createElement('div'), {
    state: EditorState.create({ schema, doc: initial.doc.childCount > 0 ? initial.doc : undefined, plugins: [ySyncPlugin(fragment, { mapping: initial.mapping })] }),
  })
  views.push(view)
  return view
}

/** A reader's view through the narrowed binding; `steps` records every transaction it received from Yjs. */
function reader(doc: Y.Doc): { view: EditorView; received: Transaction[] } {
  const fragment = doc.getXmlFragment(TEXT_ROOT)
  const initial = initProseMirrorDoc(fragment, schema)
  const received: Transaction[] = []
  const view: EditorView = new EditorView(document.createElement('div'), {
    state: EditorState.create({ schema, doc: initial.doc.childCount > 0 ? initial.doc : undefined, plugins: readingPlugins(fragment, initial.mapping) }),
    dispatchTransaction(this: EditorView, tr) {
      if ((tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin) received.push(tr)
      this.updateState(this.state.apply(tr))
    },
  })
  views.push(view)
  return { view, received }
}

/** Two documents wired one way, as a peer's updates arrive. */
function pair(): { writerDoc: Y.Doc; readerDoc: Y.Doc } {
  const writerDoc = new Y.Doc()
  const readerDoc = new Y.Doc()
  writerDoc.on('update', (update: Uint8Array) => Y.applyUpdate(readerDoc, update, 'peer'))
  return { writerDoc, readerDoc }
}

function rebuilt(doc: Y.Doc): Node {
  return initProseMirrorDoc(doc.getXmlFragment(TEXT_ROOT), schema).doc
}

function mappingOf(view: EditorView): ProsemirrorMapping {
  return (ySyncPluginKey.getState(view.state) as { binding: { mapping: ProsemirrorMapping } }).binding.mapping
}

function paragraph(text: string, ...markNames: string[]): Node {
  return nodes.paragraph!.create(null, text ? schema.text(text, markNames.map((name) => marks[name]!.create())) : null)
}

function startingBook(): Node {
  return nodes.doc!.create(null, [
    nodes.heading!.create({ level: 1 }, schema.text('The lantern')),
    paragraph('It was late when the ferry came in.'),
    paragraph('Nobody on the pier said a word.', 'em'),
    nodes.blockquote!.create(null, [paragraph('Keep the light burning,'), paragraph('she had written.')]),
    nodes.bullet_list!.create(null, [
      nodes.list_item!.create(null, [paragraph('rope'), nodes.bullet_list!.create(null, [nodes.list_item!.create(null, [paragraph('hemp')])])]),
      nodes.list_item!.create(null, [paragraph('oil')]),
    ]),
    paragraph('The end of the pier.'),
  ])
}

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Text positions (inside textblocks) of a document. */
function textPositions(doc: Node): number[] {
  const out: number[] = []
  doc.descendants((node, pos) => {
    if (node.isTextblock) for (let i = 0; i <= node.content.size; i++) out.push(pos + 1 + i)
  })
  return out
}

/** One random edit a writer makes: typing, deleting across blocks, splitting, joining, marks, lists, quotes. */
function randomEdit(view: EditorView, next: () => number): void {
  const state = view.state
  const positions = textPositions(state.doc)
  const pick = () => positions[Math.floor(next() * positions.length)]!
  const a = pick()
  const b = pick()
  const [from, to] = a <= b ? [a, b] : [b, a]
  const words = ['salt', 'the ', 'ferry', ' lamp', 'é', '—', 'rain ']
  let tr = state.tr
  switch (Math.floor(next() * 9)) {
    case 0:
    case 1:
      tr = tr.insertText(words[Math.floor(next() * words.length)]!, a)
      break
    case 2:
      if (to > from) tr = tr.delete(from, Math.min(to, from + 1 + Math.floor(next() * 40)))
      break
    case 3:
      tr = tr.split(a)
      break
    case 4: {
      // Join a block with the one before it (Backspace at a paragraph's start).
      const $pos = state.doc.resolve(a)
      const before = $pos.before()
      if ($pos.depth >= 1 && before > 0 && state.doc.resolve(before).nodeBefore?.isTextblock && $pos.parent.isTextblock) tr = tr.join(before)
      break
    }
    case 5:
      if (to > from) tr = tr.addMark(from, to, (next() < 0.5 ? marks.strong : marks.em)!.create())
      break
    case 6:
      if (to > from) tr = tr.removeMark(from, to)
      break
    case 7: {
      const range = state.doc.resolve(from).blockRange(state.doc.resolve(to))
      const wrapper = next() < 0.5 ? nodes.blockquote! : nodes.bullet_list!
      if (range) {
        const wrapping = wrapper === nodes.blockquote ? [{ type: wrapper }] : [{ type: wrapper }, { type: nodes.list_item! }]
        try {
          tr = tr.wrap(range, wrapping)
        } catch {
          // Not every range can be wrapped that way.
        }
      }
      break
    }
    case 8: {
      const range = state.doc.resolve(from).blockRange(state.doc.resolve(to))
      const target = range && liftTarget(range)
      if (range && target !== null && target !== undefined) tr = tr.lift(range, target)
      break
    }
  }
  if (tr.docChanged) view.dispatch(tr)
}

describe('remote changes through the narrowed binding', () => {
  test('random edits (text, marks, splits, joins, nested lists and quotes) give exactly the rebuilt document', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const { writerDoc, readerDoc } = pair()
      const write = writer(writerDoc)
      write.dispatch(write.state.tr.replaceWith(0, write.state.doc.content.size, startingBook().content))
      const { view, received } = reader(readerDoc)
      const next = random(seed)
      for (let i = 0; i < 120; i++) {
        randomEdit(write, next)
        expect(view.state.doc.toJSON(), `seed ${seed}, edit ${i}`).toEqual(rebuilt(readerDoc).toJSON())
        expect(view.state.doc.toJSON()).toEqual(write.state.doc.toJSON())
      }
      // Every change arrived as steps inside the blocks that differ, not over the whole document.
      expect(received.length).toBeGreaterThan(50)
      let partial = 0
      for (const tr of received) {
        const changed = changedBlocks(tr.docs[0]!, tr.doc)
        if (!changed) continue
        // Steps run from the last block back, so each one's positions are those of the document before the change.
        for (const step of tr.steps as ReplaceStep[]) {
          expect(step.from).toBeGreaterThanOrEqual(offsetOfChild(tr.docs[0]!, changed.from))
          expect(step.to).toBeLessThanOrEqual(offsetOfChild(tr.docs[0]!, changed.toA))
        }
        if (changed.toA - changed.from < tr.docs[0]!.childCount) partial++
      }
      expect(partial).toBeGreaterThan(received.length / 2)
    }
  })

  test('a one-character edit replaces only its paragraph, and the caret elsewhere stays put', () => {
    const { writerDoc, readerDoc } = pair()
    const write = writer(writerDoc)
    const many = Array.from({ length: 200 }, (_, i) => paragraph(`Paragraph ${i} of the chapter.`))
    write.dispatch(write.state.tr.replaceWith(0, write.state.doc.content.size, many))
    const { view, received } = reader(readerDoc)
    const caret = view.state.doc.child(0).nodeSize + 4
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, caret)))
    const target = offsetOfChild(write.state.doc, 120) + 3
    write.dispatch(write.state.tr.insertText('x', target))
    const tr = received[received.length - 1]!
    expect(tr.steps).toHaveLength(1)
    const step = tr.steps[0] as ReplaceStep
    expect(step.from).toBe(offsetOfChild(tr.docs[0]!, 120))
    expect(step.to).toBe(offsetOfChild(tr.docs[0]!, 121))
    expect(view.state.doc.child(120).textContent).toBe('Paxragraph 120 of the chapter.')
    expect(view.state.selection.head).toBe(caret)
    // A caret inside the changed paragraph follows its text, as y-prosemirror's relative selection keeps it.
    const inside = offsetOfChild(view.state.doc, 120) + 12
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, inside)))
    write.dispatch(write.state.tr.insertText('yy', offsetOfChild(write.state.doc, 120) + 2))
    expect(view.state.selection.head).toBe(inside + 2)
    expect(view.state.doc.child(120).textContent).toBe('Pyyaxragraph 120 of the chapter.')
  })

  test('comment anchors resolve through the binding’s mapping as through a fresh one', () => {
    const { writerDoc, readerDoc } = pair()
    const write = writer(writerDoc)
    write.dispatch(write.state.tr.replaceWith(0, write.state.doc.content.size, startingBook().content))
    const { view } = reader(readerDoc)
    const fragment = readerDoc.getXmlFragment(TEXT_ROOT)
    const next = random(42)
    const anchors = []
    for (let i = 0; i < 80; i++) {
      const positions = textPositions(view.state.doc)
      const a = positions[Math.floor(next() * positions.length)]!
      const b = positions[Math.floor(next() * positions.length)]!
      const range = anchorableRange(view.state.doc, Math.min(a, b), Math.max(a, b))
      if (range) anchors.push(createAnchor(fragment, mappingOf(view), range.from, range.to, view.state.doc))
      randomEdit(write, next)
      const fresh = initProseMirrorDoc(fragment, schema)
      for (const anchor of anchors) {
        expect(resolveAnchor(anchor, fragment, mappingOf(view), view.state.doc)).toEqual(resolveAnchor(anchor, fragment, fresh.mapping, fresh.doc))
      }
    }
    expect(anchors.length).toBeGreaterThan(40)
  })
})

describe('changedBlocks', () => {
  test('names the blocks between the shared start and end', () => {
    const a = nodes.doc!.create(null, [paragraph('one'), paragraph('two'), paragraph('three')])
    const b = nodes.doc!.create(null, [a.child(0), paragraph('two!'), paragraph('new'), a.child(2)])
    expect(changedBlocks(a, b)).toEqual({ from: 1, toA: 2, toB: 3 })
    expect(changedBlocks(a, a)).toBeNull()
    expect(changedBlocks(a, nodes.doc!.create(null, [a.child(0), a.child(2)]))).toEqual({ from: 1, toA: 2, toB: 1 })
  })
})

test('incrementalSync refuses a plugin that is not y-prosemirror’s', () => {
  expect(() => incrementalSync(readingPlugins(new Y.Doc().getXmlFragment(TEXT_ROOT))[1]!)).toThrow(/ProsemirrorBinding/)
})

function offsetOfChild(doc: Node, index: number): number {
  let offset = 0
  for (let i = 0; i < index; i++) offset += doc.child(i).nodeSize
  return offset
}
