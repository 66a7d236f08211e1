import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as prng from 'lib0/prng'
import { ySyncPluginKey } from 'y-prosemirror'
import { refreshAnchor } from './anchors'
import {
  addThread,
  deleteMessage,
  editMessage,
  MAX_BODY_CHARS,
  observeThreads,
  readThreads,
  reanchorThreads,
  reply,
  setResolved,
  threadsInOrder,
  type Thread,
} from './comments'
import { AUTHOR, OTHER, REVIEWER, anchorOn, resolverFor } from './testing/comments'
import { chapterDoc, edit, find, render } from './testing/editor'
import { THREADS_ROOT, TEXT_ROOT } from './ydoc'

const CHAPTER = ['The lighthouse keeper counted the ships.', 'Each night the beam swept the empty sea.', 'Morning came late.']

function chapterWithThread(): Y.Doc {
  const doc = chapterDoc(CHAPTER)
  expect(addThread(doc, { id: 'thread-1', anchor: anchorOn(doc, 'counted the ships'), author: REVIEWER, body: '  Why count them? ', now: 100 })).toEqual({ ok: true })
  return doc
}

function only(doc: Y.Doc): Thread {
  const threads = readThreads(doc)
  expect(threads).toHaveLength(1)
  return threads[0] as Thread
}

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
}

describe('threads', () => {
  it('adds a thread whose first message is the comment', () => {
    const doc = chapterWithThread()
    const thread = only(doc)
    expect(thread).toMatchObject({ id: 'thread-1', authorId: REVIEWER.id, authorName: REVIEWER.name, createdAt: 100, resolved: false })
    expect(thread.anchor.quote).toBe('counted the ships')
    expect(thread.messages).toEqual([{ id: 'thread-1', authorId: REVIEWER.id, authorName: REVIEWER.name, body: 'Why count them?', createdAt: 100, deleted: false }])
  })

  it('refuses bad input with a reason and changes nothing', () => {
    const doc = chapterWithThread()
    const anchor = anchorOn(doc, 'empty sea')
    const base = { id: 'thread-2', anchor, author: AUTHOR, body: 'Nice.', now: 1 }
    expect(addThread(doc, { ...base, body: '   ' })).toEqual({ ok: false, error: 'invalid-body' })
    expect(addThread(doc, { ...base, body: 'x'.repeat(MAX_BODY_CHARS + 1) })).toEqual({ ok: false, error: 'invalid-body' })
    expect(addThread(doc, { ...base, id: 'no spaces allowed' })).toEqual({ ok: false, error: 'invalid-id' })
    expect(addThread(doc, { ...base, id: 'thread-1' })).toEqual({ ok: false, error: 'duplicate-id' })
    expect(addThread(doc, { ...base, author: { id: '', name: 'Nobody' } })).toEqual({ ok: false, error: 'invalid-author' })
    expect(addThread(doc, { ...base, anchor: { ...anchor, quote: '' } })).toEqual({ ok: false, error: 'invalid-anchor' })
    expect(readThreads(doc).map((t) => t.id)).toEqual(['thread-1'])
    expect(addThread(doc, { ...base, body: 'x'.repeat(MAX_BODY_CHARS) })).toEqual({ ok: true })
  })

  it('appends replies in order and refuses unknown threads and reused ids', () => {
    const doc = chapterWithThread()
    expect(reply(doc, 'thread-1', { id: 'reply-1', author: AUTHOR, body: 'For the log.', now: 200 })).toEqual({ ok: true })
    expect(reply(doc, 'thread-1', { id: 'reply-2', author: REVIEWER, body: 'Ah, thanks.', now: 300 })).toEqual({ ok: true })
    expect(reply(doc, 'thread-1', { id: 'reply-1', author: REVIEWER, body: 'Again', now: 400 })).toEqual({ ok: false, error: 'duplicate-id' })
    expect(reply(doc, 'missing', { id: 'reply-3', author: REVIEWER, body: 'Hello', now: 400 })).toEqual({ ok: false, error: 'not-found' })
    expect(only(doc).messages.map((m) => [m.id, m.authorId, m.body])).toEqual([
      ['thread-1', REVIEWER.id, 'Why count them?'],
      ['reply-1', AUTHOR.id, 'For the log.'],
      ['reply-2', REVIEWER.id, 'Ah, thanks.'],
    ])
  })
})

describe('editing and deleting messages', () => {
  it('lets only the author edit, and records when', () => {
    const doc = chapterWithThread()
    expect(editMessage(doc, 'thread-1', 'thread-1', AUTHOR.id, 'Hijacked', 150)).toEqual({ ok: false, error: 'not-author' })
    expect(editMessage(doc, 'thread-1', 'thread-1', REVIEWER.id, ' ', 150)).toEqual({ ok: false, error: 'invalid-body' })
    expect(editMessage(doc, 'thread-1', 'nope-nope', REVIEWER.id, 'Hm', 150)).toEqual({ ok: false, error: 'not-found' })
    expect(editMessage(doc, 'thread-1', 'thread-1', REVIEWER.id, 'Why count ships at all?', 150)).toEqual({ ok: true })
    expect(only(doc).messages[0]).toMatchObject({ body: 'Why count ships at all?', editedAt: 150 })
  })

  it('soft-deletes a reply, leaving a placeholder, and refuses edits to it', () => {
    const doc = chapterWithThread()
    reply(doc, 'thread-1', { id: 'reply-1', author: AUTHOR, body: 'For the log.', now: 200 })
    expect(deleteMessage(doc, 'thread-1', 'reply-1', REVIEWER.id, 250)).toEqual({ ok: false, error: 'not-author' })
    expect(deleteMessage(doc, 'thread-1', 'reply-1', AUTHOR.id, 250)).toEqual({ ok: true })
    expect(only(doc).messages[1]).toEqual({ id: 'reply-1', authorId: AUTHOR.id, authorName: AUTHOR.name, body: '', createdAt: 200, editedAt: 250, deleted: true })
    expect(editMessage(doc, 'thread-1', 'reply-1', AUTHOR.id, 'Back', 260)).toEqual({ ok: false, error: 'deleted' })
    expect(deleteMessage(doc, 'thread-1', 'reply-1', AUTHOR.id, 260)).toEqual({ ok: false, error: 'deleted' })
  })

  it('keeps a thread whose comment is deleted while replies remain', () => {
    const doc = chapterWithThread()
    reply(doc, 'thread-1', { id: 'reply-1', author: AUTHOR, body: 'For the log.', now: 200 })
    deleteMessage(doc, 'thread-1', 'thread-1', REVIEWER.id, 250)
    expect(only(doc).messages.map((m) => m.deleted)).toEqual([true, false])
  })

  it('removes a thread when its only message is deleted', () => {
    const doc = chapterWithThread()
    expect(deleteMessage(doc, 'thread-1', 'thread-1', REVIEWER.id, 250)).toEqual({ ok: true })
    expect(readThreads(doc)).toEqual([])
    expect(reply(doc, 'thread-1', { id: 'reply-1', author: AUTHOR, body: 'Too late', now: 300 })).toEqual({ ok: false, error: 'not-found' })
  })

  it('keeps a reply written while its thread was being deleted elsewhere', () => {
    const reviewer = chapterWithThread()
    const author = new Y.Doc()
    sync(reviewer, author)
    deleteMessage(reviewer, 'thread-1', 'thread-1', REVIEWER.id, 250)
    reply(author, 'thread-1', { id: 'reply-1', author: AUTHOR, body: 'Good point!', now: 240 })
    sync(reviewer, author)
    for (const doc of [reviewer, author]) expect(only(doc).messages.map((m) => [m.id, m.deleted])).toEqual([['thread-1', true], ['reply-1', false]])
  })
})

describe('resolving', () => {
  it('lets anyone resolve and reopen', () => {
    const doc = chapterWithThread()
    expect(setResolved(doc, 'thread-1', true, AUTHOR, 500)).toEqual({ ok: true })
    expect(only(doc)).toMatchObject({ resolved: true, resolvedBy: AUTHOR.id, resolvedByName: AUTHOR.name, resolvedAt: 500 })
    expect(setResolved(doc, 'thread-1', false, OTHER, 600)).toEqual({ ok: true })
    const reopened = only(doc)
    expect(reopened.resolved).toBe(false)
    expect(reopened.resolvedBy).toBeUndefined()
    expect(setResolved(doc, 'missing', true, AUTHOR, 700)).toEqual({ ok: false, error: 'not-found' })
  })

  it('settles concurrent resolve and reopen on one whole state', () => {
    const a = chapterWithThread()
    const b = new Y.Doc()
    sync(a, b)
    setResolved(a, 'thread-1', true, AUTHOR, 500)
    sync(a, b)
    setResolved(a, 'thread-1', false, AUTHOR, 600)
    setResolved(b, 'thread-1', true, REVIEWER, 610)
    sync(a, b)
    const [x, y] = [only(a), only(b)]
    expect(x).toEqual(y)
    expect(x.resolved ? [x.resolvedBy, x.resolvedAt] : [x.resolvedBy]).toEqual(x.resolved ? [REVIEWER.id, 610] : [undefined])
  })
})

describe('observing, ordering and undo', () => {
  it('reports local and remote changes until disposed', () => {
    const doc = chapterWithThread()
    const seen: number[] = []
    const dispose = observeThreads(doc, (threads) => seen.push(threads[0]?.messages.length ?? 0))
    reply(doc, 'thread-1', { id: 'reply-1', author: AUTHOR, body: 'One', now: 200 })
    const peer = new Y.Doc()
    sync(doc, peer)
    reply(peer, 'thread-1', { id: 'reply-2', author: REVIEWER, body: 'Two', now: 300 })
    sync(doc, peer)
    dispose()
    reply(doc, 'thread-1', { id: 'reply-3', author: AUTHOR, body: 'Three', now: 400 })
    expect(seen).toEqual([2, 3])
  })

  it('orders threads by passage, detached ones last', () => {
    const doc = chapterDoc(CHAPTER)
    addThread(doc, { id: 'late-one', anchor: anchorOn(doc, 'Morning'), author: REVIEWER, body: 'a', now: 1 })
    addThread(doc, { id: 'gone-one', anchor: anchorOn(doc, 'swept'), author: REVIEWER, body: 'b', now: 2 })
    addThread(doc, { id: 'first-one', anchor: anchorOn(doc, 'lighthouse'), author: REVIEWER, body: 'c', now: 3 })
    addThread(doc, { id: 'wide-one', anchor: anchorOn(doc, 'The lighthouse keeper'), author: REVIEWER, body: 'd', now: 4 })
    const fragment = doc.getXmlFragment(TEXT_ROOT)
    edit(fragment, (tr) => tr.delete(find(tr.doc, 'the beam swept').from, find(tr.doc, 'the beam swept').to))
    const ordered = threadsInOrder(readThreads(doc), resolverFor(doc))
    expect(ordered.map((p) => p.thread.id)).toEqual(['wide-one', 'first-one', 'late-one', 'gone-one'])
    expect(ordered[3]?.place).toEqual({ detached: true })
  })

  it('keeps comments out of the text undo history', () => {
    const doc = chapterDoc(CHAPTER)
    const fragment = doc.getXmlFragment(TEXT_ROOT)
    const undo = new Y.UndoManager(fragment, { trackedOrigins: new Set([ySyncPluginKey]) })
    edit(fragment, (tr) => tr.insertText('Old ', 1))
    addThread(doc, { id: 'thread-1', anchor: anchorOn(doc, 'lighthouse'), author: AUTHOR, body: 'Check', now: 1 })
    undo.undo()
    expect(render(fragment).pmDoc.textContent.startsWith('The lighthouse')).toBe(true)
    expect(readThreads(doc)).toHaveLength(1)
  })

  it('re-anchors threads found by quote after a split, in one write', () => {
    const doc = chapterWithThread()
    const fragment = doc.getXmlFragment(TEXT_ROOT)
    edit(fragment, (tr) => tr.split(find(tr.doc, 'keeper').to))
    const { pmDoc, mapping } = render(fragment)
    expect(reanchorThreads(doc, (anchor) => refreshAnchor(anchor, fragment, mapping, pmDoc))).toBe(1)
    expect(reanchorThreads(doc, (anchor) => refreshAnchor(anchor, fragment, mapping, pmDoc))).toBe(0)
    expect(resolverFor(doc)(only(doc).anchor)).toMatchObject({ detached: false, via: 'position' })
  })
})

describe('readThreads on untrusted peer data', () => {
  function garbageDoc(): { doc: Y.Doc; threads: Y.Map<unknown> } {
    const doc = chapterWithThread()
    return { doc, threads: doc.getMap<unknown>(THREADS_ROOT) }
  }

  function threadMap(fields: Record<string, unknown>): Y.Map<unknown> {
    return new Y.Map<unknown>(Object.entries(fields))
  }

  function messageMap(fields: Record<string, unknown>): Y.Map<unknown> {
    return new Y.Map<unknown>(Object.entries(fields))
  }

  it('skips malformed threads and messages, and cuts what is too long', () => {
    const { doc, threads } = garbageDoc()
    const anchor = only(doc).anchor
    const good = { id: 'x', anchor, authorId: OTHER.id, authorName: OTHER.name, createdAt: 5 }
    const message = { id: 'm-good', authorId: OTHER.id, authorName: OTHER.name, body: 'Fine', createdAt: 5 }
    const withMessages = (id: string, fields: Record<string, unknown>, messages: Array<Record<string, unknown> | string>): Y.Map<unknown> => {
      const map = threadMap({ ...good, id, ...fields })
      map.set('messages', Y.Array.from(messages.map((m) => (typeof m === 'string' ? m : messageMap(m)))))
      return map
    }
    doc.transact(() => {
      threads.set('not-a-map', 'hello')
      threads.set('number-one', 42)
      threads.set('wrong-key', withMessages('other-id', {}, [message]))
      threads.set('no-anchor', withMessages('no-anchor', { anchor: { quote: 'x' } }, [message]))
      threads.set('bad-time', withMessages('bad-time', { createdAt: 'yesterday' }, [message]))
      threads.set('no-author', withMessages('no-author', { authorId: 7 }, [message]))
      threads.set('no-messages', threadMap({ ...good, id: 'no-messages', messages: ['plain'] }))
      threads.set('all-garbage', withMessages('all-garbage', {}, ['text', { ...message, body: 3 }, { ...message, id: '!' }, { ...message, body: '   ' }]))
      threads.set(
        'mixed-bag',
        withMessages('mixed-bag', { authorName: 'N'.repeat(5000), resolution: { resolved: true, byId: 9 } }, [
          { ...message, body: 'b'.repeat(MAX_BODY_CHARS * 3) },
          { ...message, id: 'm-dupe', editedAt: -1 },
          'junk',
          { ...message, id: 'm-deleted', deleted: true, body: 'secret' },
          { ...message },
        ]),
      )
    })
    const threadsRead = readThreads(doc)
    expect(threadsRead.map((t) => t.id)).toEqual(['mixed-bag', 'thread-1'])
    const mixed = threadsRead[0] as Thread
    expect(mixed.authorName).toHaveLength(200)
    expect(mixed.resolved).toBe(false)
    expect(mixed.messages.map((m) => [m.id, m.body.length, m.deleted])).toEqual([
      ['m-good', MAX_BODY_CHARS, false],
      ['m-deleted', 0, true],
    ])
  })

  it('never throws on random junk, and mutations on junk threads are refused', () => {
    const gen = prng.create(7)
    const junk = (depth: number): unknown => {
      switch (prng.int32(gen, 0, 8)) {
        case 0: return prng.word(gen, 0, 12)
        case 1: return prng.int32(gen, -5, 5)
        case 2: return null
        case 3: return prng.bool(gen)
        case 4: return depth > 2 ? 1 : [junk(depth + 1), junk(depth + 1)]
        case 5: return depth > 2 ? 'x' : new Y.Map<unknown>([['id', junk(depth + 1)], ['messages', junk(depth + 1)], ['anchor', junk(depth + 1)]])
        case 6: {
          const array = new Y.Array<unknown>()
          array.push([depth > 2 ? 'y' : junk(depth + 1)])
          return array
        }
        case 7: return new Uint8Array([1, 2, 3])
        default: return { id: prng.word(gen, 6, 8), quote: junk(depth + 1) }
      }
    }
    const { doc, threads } = garbageDoc()
    for (let i = 0; i < 300; i++) threads.set(`junk-${i}`, junk(0))
    expect(() => readThreads(doc)).not.toThrow()
    expect(readThreads(doc).map((t) => t.id)).toEqual(['thread-1'])
    for (let i = 0; i < 300; i += 37) {
      expect(reply(doc, `junk-${i}`, { id: 'reply-1', author: AUTHOR, body: 'Hi', now: 1 })).toEqual({ ok: false, error: 'not-found' })
      expect(setResolved(doc, `junk-${i}`, true, AUTHOR, 1)).toEqual({ ok: false, error: 'not-found' })
    }
  })
})
