import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { prosemirrorJSONToYXmlFragment, ySyncPluginKey } from 'y-prosemirror'
import { toBase64 } from 'lib0/buffer'
import { anchorableRange, createAnchor, isAnchor, refreshAnchor, resolveAnchor, type Anchor, type ResolvedAnchor } from './anchors'
import { schema } from './schema'
import { chapterDoc, edit, find, render } from './testing/editor'
import { TEXT_ROOT } from './ydoc'

const CHAPTER = [
  'The opening line sets the scene for everything that follows.',
  'Rain fell on the quiet harbour town all through the night.',
  'Nobody saw the ship come in before dawn.',
]

function setup(paragraphs: readonly string[] = CHAPTER): Y.XmlFragment {
  return chapterDoc(paragraphs).getXmlFragment(TEXT_ROOT)
}

function anchorOn(fragment: Y.XmlFragment, text: string, occurrence = 0): Anchor {
  const { pmDoc, mapping } = render(fragment)
  const { from, to } = find(pmDoc, text, occurrence)
  return createAnchor(fragment, mapping, from, to, pmDoc)
}

function place(fragment: Y.XmlFragment, anchor: Anchor): ResolvedAnchor {
  const { pmDoc, mapping } = render(fragment)
  return resolveAnchor(anchor, fragment, mapping, pmDoc)
}

/** The text an anchor covers now, blocks joined by `\n`, or null when detached. */
function covered(fragment: Y.XmlFragment, anchor: Anchor): string | null {
  const { pmDoc } = render(fragment)
  const placed = place(fragment, anchor)
  return placed.detached ? null : pmDoc.textBetween(placed.from, placed.to, '\n', '\n')
}

/** Position just before `text` (or just after with `side: 'end'`). */
function at(fragment: Y.XmlFragment, text: string, side: 'start' | 'end' = 'start'): number {
  const range = find(render(fragment).pmDoc, text)
  return side === 'start' ? range.from : range.to
}

describe('createAnchor', () => {
  it('keeps the quote, some context and positions that survive JSON', () => {
    const fragment = setup()
    const anchor = anchorOn(fragment, 'quiet harbour')
    expect(anchor.quote).toBe('quiet harbour')
    expect(anchor.before).toBe('g that follows.Rain fell on the ')
    expect(anchor.after).toBe(' town all through the night.Nobo')
    expect(isAnchor(JSON.parse(JSON.stringify(anchor)))).toBe(true)
    expect(covered(fragment, JSON.parse(JSON.stringify(anchor)) as Anchor)).toBe('quiet harbour')
  })

  it('trims a selection to its text and refuses one without text', () => {
    const fragment = chapterDoc([]).getXmlFragment(TEXT_ROOT)
    const { pmDoc: empty } = render(fragment)
    expect(anchorableRange(empty, 0, empty.content.size)).toBeNull()
    const { pmDoc, mapping } = render(setup())
    const first = pmDoc.child(0).nodeSize
    // From the end of paragraph 1 to the start of paragraph 3: only paragraph 2's text.
    const range = anchorableRange(pmDoc, first - 1, first + pmDoc.child(1).nodeSize + 1)
    expect(range && pmDoc.textBetween(range.from, range.to)).toBe(CHAPTER[1])
    expect(() => createAnchor(fragment, mapping, 0, 0, pmDoc)).toThrow(RangeError)
  })

  it('spans paragraphs', () => {
    const fragment = setup()
    const { pmDoc, mapping } = render(fragment)
    const anchor = createAnchor(fragment, mapping, find(pmDoc, 'the night.').from, find(pmDoc, 'Nobody').to, pmDoc)
    expect(anchor.quote).toBe('the night.\nNobody')
    expect(covered(fragment, anchor)).toBe('the night.\nNobody')
  })
  it('works across hard breaks and nested blocks', () => {
    const doc = new Y.Doc()
    const fragment = doc.getXmlFragment(TEXT_ROOT)
    prosemirrorJSONToYXmlFragment(schema, {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Chapter One' }] },
        { type: 'blockquote', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'First line' }, { type: 'hard_break' }, { type: 'text', text: 'second line' }] }] },
        { type: 'scene_break' },
        { type: 'paragraph', content: [{ type: 'text', text: 'After the break.' }] },
      ],
    }, fragment)
    const { pmDoc, mapping } = render(fragment)
    const across = createAnchor(fragment, mapping, find(pmDoc, 'line').from, find(pmDoc, 'second').to, pmDoc)
    const nested = createAnchor(fragment, mapping, find(pmDoc, 'One').from, find(pmDoc, 'After').to, pmDoc)
    expect(across.quote).toBe('line\nsecond')
    expect(nested.quote).toBe('One\nFirst line\nsecond line\n\n\nAfter')
    edit(fragment, (tr) => tr.insertText('Old ', 1))
    expect(covered(fragment, across)).toBe('line\nsecond')
    expect(covered(fragment, nested)).toBe('One\nFirst line\nsecond line\n\n\nAfter')
    expect(place(fragment, nested)).toMatchObject({ via: 'position' })
  })
})

describe('resolveAnchor through typing', () => {
  it('stays on its passage when text is typed before it, in its paragraph or earlier', () => {
    const fragment = setup()
    const anchor = anchorOn(fragment, 'quiet harbour')
    edit(fragment, (tr) => tr.insertText('Cold ', at(fragment, 'Rain')))
    edit(fragment, (tr) => tr.insertText('Very ', 1))
    expect(covered(fragment, anchor)).toBe('quiet harbour')
    expect(place(fragment, anchor)).toMatchObject({ via: 'position' })
  })

  it('stays on its passage when text is typed after it', () => {
    const fragment = setup()
    const anchor = anchorOn(fragment, 'quiet harbour')
    edit(fragment, (tr) => tr.insertText(' slowly', at(fragment, 'night', 'end')))
    edit(fragment, (tr) => tr.insertText('At last ', at(fragment, 'Nobody')))
    expect(covered(fragment, anchor)).toBe('quiet harbour')
  })

  it('does not grow when text is typed right at its edges', () => {
    const fragment = setup()
    const anchor = anchorOn(fragment, 'quiet harbour')
    edit(fragment, (tr) => tr.insertText('very ', at(fragment, 'quiet')))
    edit(fragment, (tr) => tr.insertText('side', at(fragment, 'harbour', 'end')))
    expect(covered(fragment, anchor)).toBe('quiet harbour')
    expect(render(fragment).pmDoc.child(1).textContent).toContain('very quiet harbourside town')
  })

  it('grows with text typed inside it', () => {
    const fragment = setup()
    const anchor = anchorOn(fragment, 'quiet harbour')
    edit(fragment, (tr) => tr.insertText(' little', at(fragment, 'quiet', 'end')))
    expect(covered(fragment, anchor)).toBe('quiet little harbour')
  })

  it('shrinks when part of it is deleted', () => {
    const fragment = setup()
    const anchor = anchorOn(fragment, 'quiet harbour town')
    edit(fragment, (tr) => tr.delete(at(fragment, 'quiet'), at(fragment, 'quiet ', 'end')))
    expect(covered(fragment, anchor)).toBe('harbour town')
    edit(fragment, (tr) => tr.delete(at(fragment, 'town'), at(fragment, 'town', 'end')))
    expect(covered(fragment, anchor)).toBe('harbour ')
  })

  it('keeps its place when the passage is made italic', () => {
    const fragment = setup()
    const anchor = anchorOn(fragment, 'quiet harbour')
    edit(fragment, (tr) => tr.addMark(at(fragment, 'quiet'), at(fragment, 'harbour', 'end'), schema.mark('em')))
    expect(covered(fragment, anchor)).toBe('quiet harbour')
    expect(place(fragment, anchor)).toMatchObject({ via: 'position' })
  })
})

describe('resolveAnchor through splits and joins', () => {
  it('records what y-prosemirror does: a split re-creates the tail, so the anchor is found by its quote', () => {
    const fragment = setup()
    const anchor = anchorOn(fragment, 'quiet harbour')
    edit(fragment, (tr) => tr.split(at(fragment, 'Rain fell', 'end')))
    expect(place(fragment, anchor)).toMatchObject({ detached: false, via: 'quote' })
    expect(covered(fragment, anchor)).toBe('quiet harbour')
  })

  it.each([
    ['right before', 'quiet', 'start'],
    ['right after', 'harbour', 'end'],
  ] as const)('stays on its passage when split %s it', (_where, text, side) => {
    const fragment = setup()
    const anchor = anchorOn(fragment, 'quiet harbour')
    edit(fragment, (tr) => tr.split(at(fragment, text, side)))
    expect(render(fragment).pmDoc.childCount).toBe(4)
    expect(covered(fragment, anchor)).toBe('quiet harbour')
  })

  it('covers both halves when split inside the passage', () => {
    const fragment = setup()
    const anchor = anchorOn(fragment, 'quiet harbour town')
    edit(fragment, (tr) => tr.split(at(fragment, 'quiet', 'end')))
    expect(covered(fragment, anchor)).toBe('quiet\n harbour town')
  })

  it('is untouched by a split after the passage', () => {
    const fragment = setup()
    const anchor = anchorOn(fragment, 'quiet harbour')
    edit(fragment, (tr) => tr.split(at(fragment, 'town', 'end')))
    expect(place(fragment, anchor)).toMatchObject({ via: 'position' })
    expect(covered(fragment, anchor)).toBe('quiet harbour')
  })

  it('follows its paragraph when joined with the previous one (the joined text is re-created)', () => {
    const fragment = setup()
    const anchor = anchorOn(fragment, 'quiet harbour')
    edit(fragment, (tr) => tr.join(render(fragment).pmDoc.child(0).nodeSize))
    expect(render(fragment).pmDoc.childCount).toBe(2)
    expect(place(fragment, anchor)).toMatchObject({ via: 'quote' })
    expect(covered(fragment, anchor)).toBe('quiet harbour')
  })

  it('keeps its characters when the next paragraph is joined onto its own', () => {
    const fragment = setup()
    const anchor = anchorOn(fragment, 'quiet harbour')
    const { pmDoc } = render(fragment)
    edit(fragment, (tr) => tr.join(pmDoc.child(0).nodeSize + pmDoc.child(1).nodeSize))
    expect(place(fragment, anchor)).toMatchObject({ via: 'position' })
    expect(covered(fragment, anchor)).toBe('quiet harbour')
  })

  it('survives a split then a join back, and a passage spanning the joined boundary', () => {
    const fragment = setup()
    const within = anchorOn(fragment, 'quiet harbour')
    const { pmDoc, mapping } = render(fragment)
    const across = createAnchor(fragment, mapping, find(pmDoc, 'the night.').from, find(pmDoc, 'Nobody saw').to, pmDoc)
    edit(fragment, (tr) => tr.split(at(fragment, 'quiet', 'end')))
    edit(fragment, (tr) => tr.join(at(fragment, ' harbour') - 1))
    const joined = render(fragment).pmDoc
    edit(fragment, (tr) => tr.join(joined.child(0).nodeSize + joined.child(1).nodeSize))
    expect(covered(fragment, within)).toBe('quiet harbour')
    expect(covered(fragment, across)).toBe('the night.Nobody saw')
  })

  it('needs a refresh after being found by quote, or a later edit nearby detaches it', () => {
    const fragment = setup()
    const stale = anchorOn(fragment, 'quiet harbour')
    edit(fragment, (tr) => tr.split(at(fragment, 'Rain fell', 'end')))
    const { pmDoc, mapping } = render(fragment)
    const fresh = refreshAnchor(stale, fragment, mapping, pmDoc)
    expect(fresh).not.toBeNull()
    expect(refreshAnchor(fresh as Anchor, fragment, mapping, pmDoc)).toBeNull()
    edit(fragment, (tr) => tr.insertText('still ', at(fragment, 'quiet')))
    expect(covered(fragment, stale)).toBeNull()
    expect(covered(fragment, fresh as Anchor)).toBe('quiet harbour')
  })
})

describe('resolveAnchor when the passage is deleted', () => {
  it('detaches when the whole passage is deleted, and when its paragraph goes', () => {
    const fragment = setup()
    const word = anchorOn(fragment, 'quiet harbour')
    const line = anchorOn(fragment, 'Nobody saw')
    edit(fragment, (tr) => tr.delete(at(fragment, 'quiet'), at(fragment, 'harbour ', 'end')))
    expect(place(fragment, word)).toEqual({ detached: true })
    const { pmDoc } = render(fragment)
    edit(fragment, (tr) => tr.delete(pmDoc.child(0).nodeSize + pmDoc.child(1).nodeSize, pmDoc.content.size))
    expect(place(fragment, line)).toEqual({ detached: true })
  })

  it('is not moved to the same words elsewhere', () => {
    const fragment = setup(['The bell rang twice in the tower.', 'Later the bell rang twice again, softly.'])
    const anchor = anchorOn(fragment, 'the bell rang twice')
    edit(fragment, (tr) => tr.delete(at(fragment, 'Later'), at(fragment, 'twice again', 'end')))
    expect(render(fragment).pmDoc.textContent).toContain('bell rang twice')
    expect(place(fragment, anchor)).toEqual({ detached: true })
  })

  it('re-attaches to an identical copy only when the context on both sides matches too', () => {
    const filler = 'The wind kept on, and the lamps swung over the quay.'
    const fragment = setup([filler, 'She said the same words again.', filler, 'She said the same words again.', filler])
    const anchor = anchorOn(fragment, 'same words', 1)
    expect([anchor.before.length, anchor.after.length]).toEqual([32, 32])
    const { pmDoc } = render(fragment)
    const fourth = pmDoc.child(0).nodeSize + pmDoc.child(1).nodeSize + pmDoc.child(2).nodeSize
    edit(fragment, (tr) => tr.delete(fourth, fourth + pmDoc.child(3).nodeSize))
    // Indistinguishable from text re-created by a join: 32 characters each side are the same.
    expect(place(fragment, anchor)).toMatchObject({ detached: false, via: 'quote', from: find(render(fragment).pmDoc, 'same words').from })
  })

  it('detaches when its text is deleted while a peer types inside it', () => {
    const author = setup()
    const reviewer = new Y.Doc()
    Y.applyUpdate(reviewer, Y.encodeStateAsUpdate(author.doc as Y.Doc))
    const anchor = anchorOn(author, 'quiet harbour')
    const peer = reviewer.getXmlFragment(TEXT_ROOT)
    edit(author, (tr) => tr.delete(at(author, 'quiet'), at(author, 'harbour', 'end')))
    edit(peer, (tr) => tr.insertText('X', at(peer, 'quiet', 'end')))
    Y.applyUpdate(author.doc as Y.Doc, Y.encodeStateAsUpdate(reviewer))
    expect(render(author).pmDoc.child(1).textContent).toContain('the X town')
    expect(place(author, anchor)).toEqual({ detached: true })
  })

  it('comes back when the deletion is undone', () => {
    const fragment = setup()
    const undo = new Y.UndoManager(fragment, { trackedOrigins: new Set([ySyncPluginKey]) })
    const anchor = anchorOn(fragment, 'quiet harbour')
    edit(fragment, (tr) => tr.delete(at(fragment, 'on the'), at(fragment, 'town', 'end')))
    expect(place(fragment, anchor)).toEqual({ detached: true })
    undo.undo()
    expect(covered(fragment, anchor)).toBe('quiet harbour')
  })
})

describe('resolveAnchor with several anchors and untrusted input', () => {
  it('resolves overlapping anchors independently', () => {
    const fragment = setup()
    const a = anchorOn(fragment, 'fell on the quiet')
    const b = anchorOn(fragment, 'quiet harbour town')
    edit(fragment, (tr) => tr.insertText('very ', at(fragment, 'quiet')))
    expect(covered(fragment, a)).toBe('fell on the very quiet')
    expect(covered(fragment, b)).toBe('quiet harbour town')
  })

  it('resolves on a peer that received the anchor through a Y.Map', () => {
    const fragment = setup()
    const author = fragment.doc as Y.Doc
    author.getMap('anchors').set('a', anchorOn(fragment, 'ship come in'))
    const reviewer = new Y.Doc()
    Y.applyUpdate(reviewer, Y.encodeStateAsUpdate(author))
    expect(covered(reviewer.getXmlFragment(TEXT_ROOT), reviewer.getMap('anchors').get('a') as Anchor)).toBe('ship come in')
  })

  it('rejects malformed anchors and detaches crafted positions without touching the doc', () => {
    const fragment = setup()
    const good = anchorOn(fragment, 'quiet')
    for (const bad of [null, 'x', [], { ...good, v: 2 }, { ...good, start: '!!' }, { ...good, quote: '' }, { ...good, clocks: { a: 1 } }, { ...good, before: 'x'.repeat(33) }]) {
      expect(isAnchor(bad)).toBe(false)
    }
    const doc = fragment.doc as Y.Doc
    const named = toBase64(Y.encodeRelativePosition(new Y.RelativePosition(null, 'injected', null)))
    const unknown = toBase64(Y.encodeRelativePosition(new Y.RelativePosition(null, null, Y.createID(99, 5))))
    for (const start of [named, unknown, 'AAAA', '']) {
      expect(place(fragment, { ...good, start, quote: 'nowhere' })).toEqual({ detached: true })
      // Without its positions, the exact quote and context still find the passage.
      expect(covered(fragment, { ...good, start })).toBe('quiet')
    }
    expect(doc.share.has('injected')).toBe(false)
    expect(place(fragment, { ...good, start: good.end, end: good.start, quote: 'nowhere' })).toEqual({ detached: true })
  })
})

describe('refreshAnchor keeps the author’s anchors current', () => {
  it('after typing next to a passage, a later split that re-creates its text still finds it', () => {
    const fragment = setup(['The harbour was quiet before dawn.'])
    let anchor = anchorOn(fragment, 'quiet before dawn')
    edit(fragment, (tr) => tr.insertText('At first light: ', 1))
    const { pmDoc, mapping } = render(fragment)
    const refreshed = refreshAnchor(anchor, fragment, mapping, pmDoc)
    expect(refreshed?.before).toBe('At first light: The harbour was ')
    anchor = refreshed!
    // Enter between "At first light: " and "The harbour…": y-prosemirror re-creates the tail.
    edit(fragment, (tr) => tr.split(1 + 'At first light: '.length))
    expect(covered(fragment, anchor)).toBe('quiet before dawn')
    const after = render(fragment)
    expect(refreshAnchor(anchor, fragment, after.mapping, after.pmDoc)).not.toBeNull()
  })

  it('leaves an anchor whose passage and surroundings did not change alone', () => {
    const fragment = setup()
    const anchor = anchorOn(fragment, 'quiet harbour')
    const { pmDoc, mapping } = render(fragment)
    expect(refreshAnchor(anchor, fragment, mapping, pmDoc)).toBeNull()
  })
})
