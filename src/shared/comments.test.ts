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
  readThreads,
  reanchorThreads,
  reply,
  restoreMessage,
  setResolved,
  ThreadIndex,
  threadsInOrder,
  type CommentsContext,
  type Thread,
} from './comments'
import { AUTHOR, OTHER, REVIEWER, anchorOn, resolverFor } from './testing/comments'
import { chapterDoc, edit, find, render } from './testing/editor'
import { memberRoot } from './trust/updateRules'
import { THREADS_ROOT, TEXT_ROOT } from './ydoc'

const CHAPTER = ['The lighthouse keeper counted the ships.', 'Each night the beam swept the empty sea.', 'Morning came late.']
const NAMES = new Map([AUTHOR, REVIEWER, OTHER].map((p) => [p.id, p.name]))
const context: CommentsContext = { bookAuthorId: AUTHOR.id, nameOf: (id) => NAMES.get(id) }
const T1 = `${REVIEWER.id}/thread-1`

function chapterWithThread(): Y.Doc {
  const doc = chapterDoc(CHAPTER)
  expect(addThread(doc, REVIEWER, { id: 'thread-1', anchor: anchorOn(doc, 'counted the ships'), body: '  Why count them? ', now: 100 })).toEqual({ ok: true })
  return doc
}

function only(doc: Y.Doc): Thread {
  const threads = readThreads(doc, context)
  expect(threads).toHaveLength(1)
  return threads[0] as Thread
}

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
}

describe('threads', () => {
  it('lives in its author’s own root, its first message the comment', () => {
    const doc = chapterWithThread()
    const thread = only(doc)
    expect(thread).toMatchObject({ id: T1, authorId: REVIEWER.id, authorName: REVIEWER.name, createdAt: 100, resolved: false, quote: 'counted the ships' })
    expect(thread.messages).toEqual([{ id: T1, authorId: REVIEWER.id, authorName: REVIEWER.name, body: 'Why count them?', createdAt: 100, deleted: false }])
    expect([...doc.share.keys()].filter((k) => k.startsWith('m:'))).toEqual([memberRoot(REVIEWER.id)])
  })

  it('refuses bad input with a reason and changes nothing', () => {
    const doc = chapterWithThread()
    const anchor = anchorOn(doc, 'empty sea')
    const base = { id: 'thread-2', anchor, body: 'Nice.', now: 1 }
    expect(addThread(doc, AUTHOR, { ...base, body: '   ' })).toEqual({ ok: false, error: 'invalid-body' })
    expect(addThread(doc, AUTHOR, { ...base, body: 'x'.repeat(MAX_BODY_CHARS + 1) })).toEqual({ ok: false, error: 'invalid-body' })
    expect(addThread(doc, AUTHOR, { ...base, id: 'no spaces allowed' })).toEqual({ ok: false, error: 'invalid-id' })
    expect(addThread(doc, REVIEWER, { ...base, id: 'thread-1' })).toEqual({ ok: false, error: 'duplicate-id' })
    expect(addThread(doc, { id: '', name: 'Nobody' }, base)).toEqual({ ok: false, error: 'invalid-author' })
    expect(addThread(doc, AUTHOR, { ...base, anchor: { ...anchor, quote: '' } })).toEqual({ ok: false, error: 'invalid-anchor' })
    expect(readThreads(doc, context).map((t) => t.id)).toEqual([T1])
    // The same local id in another member's root is another thread.
    expect(addThread(doc, AUTHOR, { ...base, id: 'thread-1' })).toEqual({ ok: true })
    expect(readThreads(doc, context).map((t) => t.id)).toEqual([`${AUTHOR.id}/thread-1`, T1])
  })

  it('collects replies from every member’s root in time order, and refuses unknown threads and reused ids', () => {
    const doc = chapterWithThread()
    expect(reply(doc, REVIEWER, T1, { id: 'reply-2', body: 'Ah, thanks.', now: 300 }, context)).toEqual({ ok: true })
    expect(reply(doc, AUTHOR, T1, { id: 'reply-1', body: 'For the log.', now: 200 }, context)).toEqual({ ok: true })
    expect(reply(doc, AUTHOR, T1, { id: 'reply-1', body: 'Again', now: 400 }, context)).toEqual({ ok: false, error: 'duplicate-id' })
    expect(reply(doc, REVIEWER, `${REVIEWER.id}/missing`, { id: 'reply-3', body: 'Hello', now: 400 }, context)).toEqual({ ok: false, error: 'not-found' })
    expect(only(doc).messages.map((m) => [m.id, m.authorId, m.body])).toEqual([
      [T1, REVIEWER.id, 'Why count them?'],
      [`${AUTHOR.id}/reply-1`, AUTHOR.id, 'For the log.'],
      [`${REVIEWER.id}/reply-2`, REVIEWER.id, 'Ah, thanks.'],
    ])
  })
})

describe('editing and deleting messages', () => {
  it('lets only the author edit, and records when', () => {
    const doc = chapterWithThread()
    expect(editMessage(doc, AUTHOR, T1, 'Hijacked', 150)).toEqual({ ok: false, error: 'not-author' })
    expect(editMessage(doc, REVIEWER, T1, ' ', 150)).toEqual({ ok: false, error: 'invalid-body' })
    expect(editMessage(doc, REVIEWER, `${REVIEWER.id}/nope-nope`, 'Hm', 150)).toEqual({ ok: false, error: 'not-found' })
    expect(editMessage(doc, REVIEWER, T1, 'Why count ships at all?', 150)).toEqual({ ok: true })
    expect(only(doc).messages[0]).toMatchObject({ body: 'Why count ships at all?', editedAt: 150 })
  })

  it('soft-deletes, hands back the body for Undo, and restores it', () => {
    const doc = chapterWithThread()
    reply(doc, AUTHOR, T1, { id: 'reply-1', body: 'For the log.', now: 200 }, context)
    const replyId = `${AUTHOR.id}/reply-1`
    expect(deleteMessage(doc, REVIEWER, replyId, 250)).toEqual({ ok: false, error: 'not-author' })
    expect(deleteMessage(doc, AUTHOR, replyId, 250)).toEqual({ ok: true, body: 'For the log.' })
    expect(only(doc).messages[1]).toEqual({ id: replyId, authorId: AUTHOR.id, authorName: AUTHOR.name, body: '', createdAt: 200, editedAt: 250, deleted: true })
    expect(editMessage(doc, AUTHOR, replyId, 'Back', 260)).toEqual({ ok: false, error: 'deleted' })
    expect(deleteMessage(doc, AUTHOR, replyId, 260)).toEqual({ ok: false, error: 'deleted' })
    expect(restoreMessage(doc, AUTHOR, replyId, 'For the log.', 270)).toEqual({ ok: true })
    expect(only(doc).messages[1]).toMatchObject({ body: 'For the log.', deleted: false })
    expect(restoreMessage(doc, AUTHOR, replyId, 'Twice', 280)).toEqual({ ok: false, error: 'not-deleted' })
  })

  it('keeps a thread whose comment is deleted while replies remain; a thread with none left is gone until restored', () => {
    const doc = chapterWithThread()
    expect(deleteMessage(doc, REVIEWER, T1, 250)).toEqual({ ok: true, body: 'Why count them?' })
    expect(readThreads(doc, context)).toEqual([])
    expect(reply(doc, AUTHOR, T1, { id: 'reply-1', body: 'Too late', now: 300 }, context)).toEqual({ ok: false, error: 'not-found' })
    restoreMessage(doc, REVIEWER, T1, 'Why count them?', 260)
    reply(doc, AUTHOR, T1, { id: 'reply-1', body: 'For the log.', now: 300 }, context)
    deleteMessage(doc, REVIEWER, T1, 310)
    expect(only(doc).messages.map((m) => m.deleted)).toEqual([true, false])
  })

  it('keeps a reply written while its thread was being deleted elsewhere', () => {
    const reviewer = chapterWithThread()
    const author = new Y.Doc()
    sync(reviewer, author)
    deleteMessage(reviewer, REVIEWER, T1, 250)
    reply(author, AUTHOR, T1, { id: 'reply-1', body: 'Good point!', now: 240 }, context)
    sync(reviewer, author)
    for (const doc of [reviewer, author]) expect(only(doc).messages.map((m) => [m.id, m.deleted])).toEqual([[T1, true], [`${AUTHOR.id}/reply-1`, false]])
  })
})

describe('resolving', () => {
  it('is for the thread’s author and the book’s author; the latest decision counts', () => {
    const doc = chapterWithThread()
    expect(setResolved(doc, OTHER, T1, true, 400, context)).toEqual({ ok: false, error: 'not-allowed' })
    expect(setResolved(doc, AUTHOR, T1, true, 500, context)).toEqual({ ok: true })
    expect(only(doc)).toMatchObject({ resolved: true, resolvedBy: AUTHOR.id, resolvedByName: AUTHOR.name, resolvedAt: 500 })
    expect(setResolved(doc, REVIEWER, T1, false, 600, context)).toEqual({ ok: true })
    const reopened = only(doc)
    expect(reopened.resolved).toBe(false)
    expect(reopened.resolvedBy).toBeUndefined()
    expect(setResolved(doc, AUTHOR, `${REVIEWER.id}/missing`, true, 700, context)).toEqual({ ok: false, error: 'not-found' })
  })

  it('settles concurrent resolve and reopen the same way on every peer', () => {
    const a = chapterWithThread()
    const b = new Y.Doc()
    sync(a, b)
    setResolved(a, AUTHOR, T1, true, 600, context)
    setResolved(b, REVIEWER, T1, true, 610, context)
    setResolved(b, REVIEWER, T1, false, 620, context)
    sync(a, b)
    expect(only(a)).toEqual(only(b))
    expect(only(a).resolved).toBe(false)
    setResolved(a, AUTHOR, T1, true, 630, context)
    sync(a, b)
    expect(only(b)).toMatchObject({ resolved: true, resolvedBy: AUTHOR.id, resolvedAt: 630 })
  })
})

describe('anchors', () => {
  it('keeps the reviewer’s quote when the book author re-places the passage', () => {
    const doc = chapterWithThread()
    const fragment = doc.getXmlFragment(TEXT_ROOT)
    // The author rewords inside the passage.
    edit(fragment, (tr) => tr.insertText('all ', find(tr.doc, 'the ships').from))
    const { pmDoc, mapping } = render(fragment)
    const refresh = (anchor: Parameters<typeof refreshAnchor>[0]) => refreshAnchor(anchor, fragment, mapping, pmDoc)
    expect(reanchorThreads(doc, AUTHOR, readThreads(doc, context), refresh)).toBe(1)
    expect(reanchorThreads(doc, AUTHOR, readThreads(doc, context), refresh)).toBe(0)
    const thread = only(doc)
    expect(thread.quote).toBe('counted the ships')
    expect(thread.anchor.quote).toBe('counted all the ships')
    expect(resolverFor(doc)(thread.anchor)).toMatchObject({ detached: false, via: 'position' })
    // Only the book author's anchors place threads: anyone else's are ignored.
    reanchorThreads(doc, OTHER, [thread], () => anchorOn(doc, 'Morning'))
    expect(only(doc).anchor).toEqual(thread.anchor)
  })

  it('orders threads by passage, detached ones last', () => {
    const doc = chapterDoc(CHAPTER)
    addThread(doc, REVIEWER, { id: 'late-one', anchor: anchorOn(doc, 'Morning'), body: 'a', now: 1 })
    addThread(doc, REVIEWER, { id: 'gone-one', anchor: anchorOn(doc, 'swept'), body: 'b', now: 2 })
    addThread(doc, REVIEWER, { id: 'first-one', anchor: anchorOn(doc, 'lighthouse'), body: 'c', now: 3 })
    addThread(doc, REVIEWER, { id: 'wide-one', anchor: anchorOn(doc, 'The lighthouse keeper'), body: 'd', now: 4 })
    const fragment = doc.getXmlFragment(TEXT_ROOT)
    edit(fragment, (tr) => tr.delete(find(tr.doc, 'the beam swept').from, find(tr.doc, 'the beam swept').to))
    const ordered = threadsInOrder(readThreads(doc, context), resolverFor(doc))
    expect(ordered.map((p) => p.thread.id.split('/')[1])).toEqual(['wide-one', 'first-one', 'late-one', 'gone-one'])
    expect(ordered[3]?.place).toEqual({ detached: true })
  })

  it('keeps comments out of the text undo history', () => {
    const doc = chapterDoc(CHAPTER)
    const fragment = doc.getXmlFragment(TEXT_ROOT)
    const undo = new Y.UndoManager(fragment, { trackedOrigins: new Set([ySyncPluginKey]) })
    edit(fragment, (tr) => tr.insertText('Old ', 1))
    addThread(doc, AUTHOR, { id: 'thread-1', anchor: anchorOn(doc, 'lighthouse'), body: 'Check', now: 1 })
    undo.undo()
    expect(render(fragment).pmDoc.textContent.startsWith('The lighthouse')).toBe(true)
    expect(readThreads(doc, context)).toHaveLength(1)
  })
})

describe('the thread index', () => {
  it('reports exactly the threads a change touched, local or remote, until destroyed', () => {
    const doc = chapterWithThread()
    addThread(doc, OTHER, { id: 'thread-2', anchor: anchorOn(doc, 'empty sea'), body: 'Sea?', now: 110 })
    reply(doc, AUTHOR, `${OTHER.id}/thread-2`, { id: 'reply-0', body: 'Which sea?', now: 120 }, context)
    setResolved(doc, AUTHOR, T1, true, 125, context)
    setResolved(doc, AUTHOR, T1, false, 130, context)
    const index = new ThreadIndex(doc, context)
    const seen: Array<[string[], string[]]> = []
    const stop = index.subscribe(({ changed, removed }) => seen.push([[...changed].sort(), [...removed]]))
    reply(doc, AUTHOR, T1, { id: 'reply-1', body: 'One', now: 200 }, context)
    const peer = new Y.Doc()
    sync(doc, peer)
    setResolved(peer, AUTHOR, `${OTHER.id}/thread-2`, true, 300, context)
    editMessage(peer, AUTHOR, `${AUTHOR.id}/reply-1`, 'One, edited', 310)
    sync(doc, peer)
    deleteMessage(doc, OTHER, `${OTHER.id}/thread-2`, 320)
    edit(doc.getXmlFragment(TEXT_ROOT), (tr) => tr.insertText('Text is not a thread. ', 1))
    stop()
    reply(doc, AUTHOR, T1, { id: 'reply-2', body: 'Unheard', now: 400 }, context)
    expect(seen).toEqual([
      [[T1], []],
      [[`${OTHER.id}/thread-2`, T1].sort(), []],
      // Its comment is deleted, but the author's reply keeps it.
      [[`${OTHER.id}/thread-2`], []],
    ])
    expect(index.all()).toEqual(readThreads(doc, context))
    index.destroy()
  })
})

describe('reading untrusted peer data', () => {
  it('skips malformed entries, cuts what is too long, and never throws', () => {
    const doc = chapterWithThread()
    const gen = prng.create(7)
    const junk = (depth: number): unknown => {
      switch (prng.int32(gen, 0, 7)) {
        case 0: return prng.word(gen, 0, 12)
        case 1: return prng.int32(gen, -5, 5)
        case 2: return null
        case 3: return depth > 2 ? 1 : [junk(depth + 1), junk(depth + 1)]
        case 4: return depth > 2 ? 'x' : new Y.Map<unknown>([['body', junk(depth + 1)], ['createdAt', junk(depth + 1)], ['anchor', junk(depth + 1)], ['thread', junk(depth + 1)]])
        case 5: return new Uint8Array([1, 2, 3])
        default: return { resolved: junk(depth + 1), at: junk(depth + 1) }
      }
    }
    const root = doc.getMap<unknown>(memberRoot(OTHER.id))
    doc.transact(() => {
      for (const part of ['threads', 'replies', 'resolutions', 'anchors']) {
        const map = new Y.Map<unknown>()
        root.set(part, map)
        for (let i = 0; i < 200; i++) map.set(`junk-${i}`, junk(0))
      }
      const threads = root.get('threads') as Y.Map<unknown>
      threads.set('long-body', new Y.Map<unknown>([['anchor', anchorOn(doc, 'Morning')], ['body', 'b'.repeat(MAX_BODY_CHARS * 3)], ['createdAt', 5]]))
      ;(root.get('resolutions') as Y.Map<unknown>).set(T1, { resolved: true, at: 999 })
      doc.getMap<unknown>(THREADS_ROOT).set('junk', junk(0))
    })
    const threads = readThreads(doc, context)
    expect(threads.map((t) => t.id)).toEqual([`${OTHER.id}/long-body`, T1])
    expect(threads[0]!.messages[0]!.body).toHaveLength(MAX_BODY_CHARS)
    // Olu may not resolve Rita's thread, whatever his root says.
    expect(threads[1]!.resolved).toBe(false)
  })

  it('shows threads from before signing, from the old shared map, as such', () => {
    const doc = chapterDoc(CHAPTER)
    const anchor = anchorOn(doc, 'Morning')
    const messages = new Y.Array<Y.Map<unknown>>()
    const thread = new Y.Map<unknown>([['id', 'old-thread'], ['anchor', anchor], ['authorId', 'someone'], ['authorName', 'Old Reviewer'], ['createdAt', 5], ['messages', messages]])
    doc.getMap<unknown>(THREADS_ROOT).set('old-thread', thread)
    messages.push([new Y.Map<unknown>([['id', 'old-thread'], ['authorId', 'someone'], ['authorName', 'Old Reviewer'], ['body', 'From before.'], ['createdAt', 5]])])
    expect(reply(doc, AUTHOR, 'legacy/old-thread', { id: 'reply-1', body: 'Still here.', now: 10 }, context)).toEqual({ ok: true })
    expect(only(doc)).toMatchObject({ id: 'legacy/old-thread', authorName: 'Old Reviewer', legacy: true })
    expect(only(doc).messages.map((m) => m.body)).toEqual(['From before.', 'Still here.'])
  })
})
