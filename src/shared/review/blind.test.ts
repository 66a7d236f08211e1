/**
 * Blind review in memory: three members' docs exchange real Yjs updates; a
 * reviewer's sealed threads reach everyone, but only the book's author and
 * their writer can read them, and the other reviewer's document never holds
 * their words.
 */
import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { addThread, deleteMessage, editMessage, openOwnSealed, readThreads, reply, restoreMessage, setAnchors } from '../comments'
import { anchorOn } from '../testing/comments'
import { chapterDoc } from '../testing/editor'
import { contextFor, keyedPerson, sealingFor } from '../testing/review'
import { privacyAbout, privacyForOwn } from './privacy'
import { publishKey, publishedKey, reviewModeOf, setReviewMode } from './mode'
import { toBase64Url } from '../identity'

const author = keyedPerson('Ada Author', 1)
const rita = keyedPerson('Rita Reviewer', 2)
const sam = keyedPerson('Sam Second', 3)
const people = [author, rita, sam]
const CHAPTER = ['The harbour was quiet before dawn.', 'Gulls argued over the nets.']

function syncAll(...docs: Y.Doc[]): void {
  for (const a of docs) for (const b of docs) if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
}

/** Whether the document's whole state, as stored and sent, contains `text` anywhere. */
function holds(doc: Y.Doc, text: string): boolean {
  const bytes = Y.encodeStateAsUpdate(doc)
  const needle = new TextEncoder().encode(text)
  outer: for (let i = 0; i + needle.length <= bytes.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer
    return true
  }
  return false
}

function blindChapter() {
  const authorDoc = chapterDoc(CHAPTER)
  setReviewMode(authorDoc, author, 'blind', 1)
  const ritaDoc = new Y.Doc()
  const samDoc = new Y.Doc()
  syncAll(authorDoc, ritaDoc, samDoc)
  return { authorDoc, ritaDoc, samDoc }
}

const SECRET = 'Too quiet: nobody fishes at this hour'

describe('a blind review', () => {
  test('the mode comes from the author’s root; a reviewer cannot set it for others', () => {
    const { ritaDoc } = blindChapter()
    expect(reviewModeOf(ritaDoc, author.id)).toBe('blind')
    setReviewMode(ritaDoc, rita, 'round-table', 2)
    expect(reviewModeOf(ritaDoc, author.id)).toBe('blind')
  })

  test('a reviewer’s thread reaches everyone, sealed: the author and its writer read it, the other reviewer never holds its words', () => {
    const { authorDoc, ritaDoc, samDoc } = blindChapter()
    const privacy = privacyForOwn(reviewModeOf(ritaDoc, author.id), rita.id, author.id, sealingFor(rita, people))
    expect(privacy).not.toBeNull()
    const result = addThread(ritaDoc, rita, { id: 'thread-1', anchor: anchorOn(ritaDoc, 'quiet before dawn'), body: SECRET, now: 10, suggestion: 'still before sunrise' }, privacy as never)
    expect(result).toEqual({ ok: true })
    syncAll(authorDoc, ritaDoc, samDoc)

    const [seenByAuthor] = readThreads(authorDoc, contextFor(author, author, people))
    expect(seenByAuthor).toMatchObject({ authorId: rita.id, quote: 'quiet before dawn', sealed: true, suggestion: { text: 'still before sunrise' } })
    expect(seenByAuthor!.messages[0]!.body).toBe(SECRET)
    expect(readThreads(ritaDoc, contextFor(rita, author, people))).toHaveLength(1)
    expect(readThreads(samDoc, contextFor(sam, author, people))).toEqual([])
    // The check itself finds plain text: the chapter's own words are there.
    expect(holds(samDoc, 'Gulls argued over the nets.')).toBe(true)
    expect(holds(samDoc, SECRET)).toBe(false)
    expect(holds(samDoc, 'still before sunrise')).toBe(false)
    // Nor does any document, in fact: only the box travels.
    expect(holds(authorDoc, SECRET) || holds(ritaDoc, SECRET)).toBe(false)
  })

  test('the author’s reply and re-placed anchor on a sealed thread are sealed to its writer too', () => {
    const { authorDoc, ritaDoc, samDoc } = blindChapter()
    const ritaSealing = sealingFor(rita, people)
    addThread(ritaDoc, rita, { id: 'thread-1', anchor: anchorOn(ritaDoc, 'Gulls argued'), body: SECRET, now: 10 }, { sealing: ritaSealing, recipients: [author.id, rita.id] })
    syncAll(authorDoc, ritaDoc, samDoc)
    const authorContext = contextFor(author, author, people)
    const thread = readThreads(authorDoc, authorContext)[0]!
    const authorSealing = sealingFor(author, people)
    const privacy = privacyAbout(thread, author.id, 'blind', author.id, authorSealing)
    expect(reply(authorDoc, author, thread.id, { id: 'reply-1', body: 'The gulls are a hint of the storm.', now: 11 }, authorContext, privacy as never)).toEqual({ ok: true })
    expect(setAnchors(authorDoc, author, [{ id: thread.id, anchor: anchorOn(authorDoc, 'argued over') }], () => privacy as never)).toBe(1)
    syncAll(authorDoc, ritaDoc, samDoc)

    const ritaView = readThreads(ritaDoc, contextFor(rita, author, people))[0]!
    expect(ritaView.messages.map((m) => m.body)).toEqual([SECRET, 'The gulls are a hint of the storm.'])
    expect(ritaView.anchor.quote).toBe('argued over')
    expect(holds(samDoc, 'hint of the storm')).toBe(false)
    expect(readThreads(samDoc, contextFor(sam, author, people))).toEqual([])
  })

  test('a sealed comment can be edited, deleted and restored by its writer, staying sealed', () => {
    const { authorDoc, ritaDoc, samDoc } = blindChapter()
    const sealing = sealingFor(rita, people)
    addThread(ritaDoc, rita, { id: 'thread-1', anchor: anchorOn(ritaDoc, 'Gulls'), body: 'First words', now: 1 }, { sealing, recipients: [author.id, rita.id] })
    const id = `${rita.id}/thread-1`
    expect(editMessage(ritaDoc, rita, id, 'Second words', 2, sealing)).toEqual({ ok: true })
    expect(readThreads(ritaDoc, contextFor(rita, author, people))[0]!.messages[0]!.body).toBe('Second words')
    const removed = deleteMessage(ritaDoc, rita, id, 3, sealing)
    expect(removed).toEqual({ ok: true, body: 'Second words' })
    expect(restoreMessage(ritaDoc, rita, id, 'Second words', 4, sealing)).toEqual({ ok: true })
    syncAll(authorDoc, ritaDoc, samDoc)
    expect(readThreads(authorDoc, contextFor(author, author, people))[0]!.messages[0]!.body).toBe('Second words')
    expect(holds(samDoc, 'Second words')).toBe(false)
    // Without the key (no sealing) a sealed comment cannot be changed.
    expect(editMessage(ritaDoc, rita, id, 'Third', 5)).toEqual({ ok: false, error: 'cannot-seal' })
  })

  test('opened to a round table, each writer rewrites their own sealed entries in the clear, and the others read them', () => {
    const { authorDoc, ritaDoc, samDoc } = blindChapter()
    addThread(ritaDoc, rita, { id: 'thread-1', anchor: anchorOn(ritaDoc, 'Gulls'), body: SECRET, now: 1 }, { sealing: sealingFor(rita, people), recipients: [author.id, rita.id] })
    syncAll(authorDoc, ritaDoc, samDoc)
    setReviewMode(authorDoc, author, 'round-table', 5)
    syncAll(authorDoc, ritaDoc, samDoc)
    expect(reviewModeOf(ritaDoc, author.id)).toBe('round-table')
    expect(readThreads(samDoc, contextFor(sam, author, people))).toEqual([])
    // Sam's Quire cannot open Rita's entries; only Rita's can.
    expect(openOwnSealed(samDoc, sam, sealingFor(sam, people))).toEqual({ opened: 0, waiting: 0 })
    expect(openOwnSealed(ritaDoc, rita, sealingFor(rita, people))).toEqual({ opened: 1, waiting: 0 })
    syncAll(authorDoc, ritaDoc, samDoc)
    const [thread] = readThreads(samDoc, contextFor(sam, author, people))
    expect(thread).toMatchObject({ authorId: rita.id, quote: 'Gulls' })
    expect(thread!.sealed).toBeUndefined()
    expect(thread!.messages[0]!.body).toBe(SECRET)
  })

  test('an entry still being opened waits for the next pass', () => {
    const { ritaDoc } = blindChapter()
    addThread(ritaDoc, rita, { id: 'thread-1', anchor: anchorOn(ritaDoc, 'Gulls'), body: SECRET, now: 1 }, { sealing: sealingFor(rita, people), recipients: [author.id, rita.id] })
    expect(openOwnSealed(ritaDoc, rita, { open: () => undefined })).toEqual({ opened: 0, waiting: 1 })
  })
})

describe('published keys', () => {
  test('count only when they hash to the root’s member id', () => {
    const doc = new Y.Doc()
    publishKey(doc, rita, toBase64Url(rita.publicKey))
    expect(publishedKey(doc, rita.id)).toEqual(rita.publicKey)
    // Sam claims Rita's key in his own root: not his.
    publishKey(doc, sam, toBase64Url(rita.publicKey))
    expect(publishedKey(doc, sam.id)).toBeNull()
  })
})

test('a round-table review writes in the clear, as before', () => {
  const doc = chapterDoc(CHAPTER)
  expect(privacyForOwn(reviewModeOf(doc, author.id), rita.id, author.id, sealingFor(rita, people))).toBeNull()
  // And the book's author never seals their own threads.
  setReviewMode(doc, author, 'blind', 1)
  expect(privacyForOwn('blind', author.id, author.id, sealingFor(author, people))).toBeNull()
})
