/**
 * Review rounds in memory: suggested edits and their decisions, drafts and
 * the states of carried threads, reading progress, questions with hidden
 * answers, proposed colleagues and the feedback summary.
 */
import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { createAnchor, resolveAnchor } from '../anchors'
import { addThread, decideSuggestion, readThread, readThreads, recordCarried, setAddressed, setResolved, ThreadIndex, type Thread } from '../comments'
import { keyPairFromSeed, toBase64Url } from '../identity'
import { anchorOn } from '../testing/comments'
import { chapterDoc, edit, find, render, textOf } from '../testing/editor'
import { contextFor, keyedPerson, sealingFor, testRandom } from '../testing/review'
import { TEXT_ROOT } from '../ydoc'
import { openBoxWithSecret, sealBox } from './box'
import { carryThreads, currentDraft, draftDocument, draftsOf, shareDraft } from './drafts'
import { answeredBy, answerQuestion, askQuestion, readAnswers, readQuestions, revealAnswers, revealFor, QUESTION_SLOT } from './questions'
import { percentRead, readProgress, writeProgress, type ReadingProgress } from './progress'
import { decideProposal, proposeReviewer, readProposals } from './proposals'
import { summarizeChapter, summaryLines } from './summary'
import { seal } from '../trust/sealed'

const author = keyedPerson('Ada Author', 11)
const rita = keyedPerson('Rita Reviewer', 12)
const sam = keyedPerson('Sam Second', 13)
const people = [author, rita, sam]
const CHAPTER = ['The harbour was quiet before dawn.', 'Gulls argued over the nets.', 'The storm came at noon.']

function syncAll(...docs: Y.Doc[]): void {
  for (const a of docs) for (const b of docs) if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
}

const authorContext = contextFor(author, author, people)
const ritaContext = contextFor(rita, author, people)

describe('suggested edits', () => {
  test('carry their replacement; only the book’s author decides, once, and the thread says who accepted', () => {
    const doc = chapterDoc(CHAPTER)
    expect(addThread(doc, rita, { id: 'sugg-1', anchor: anchorOn(doc, 'quiet'), body: '', suggestion: 'silent', now: 1 })).toEqual({ ok: true })
    const id = `${rita.id}/sugg-1`
    expect(readThread(doc, id, ritaContext)).toMatchObject({ quote: 'quiet', suggestion: { text: 'silent' } })
    expect(decideSuggestion(doc, rita, id, true, 2, ritaContext)).toEqual({ ok: false, error: 'not-allowed' })
    expect(decideSuggestion(doc, author, id, true, 3, authorContext)).toEqual({ ok: true })
    expect(decideSuggestion(doc, author, id, false, 4, authorContext)).toEqual({ ok: false, error: 'decided' })
    expect(readThread(doc, id, ritaContext)!.suggestion).toEqual({ text: 'silent', decision: { accepted: true, byId: author.id, byName: 'Ada Author', at: 3 } })
  })

  test('a suggestion that changes nothing, or a decision on a plain comment, is refused', () => {
    const doc = chapterDoc(CHAPTER)
    expect(addThread(doc, rita, { id: 'sugg-1', anchor: anchorOn(doc, 'quiet'), body: '', suggestion: 'quiet', now: 1 })).toEqual({ ok: false, error: 'invalid-body' })
    addThread(doc, rita, { id: 'plain-1', anchor: anchorOn(doc, 'quiet'), body: 'Hm.', now: 1 })
    expect(decideSuggestion(doc, author, `${rita.id}/plain-1`, true, 2, authorContext)).toEqual({ ok: false, error: 'not-suggestion' })
    // A plain comment still needs words.
    expect(addThread(doc, rita, { id: 'plain-2', anchor: anchorOn(doc, 'quiet'), body: '  ', now: 1 })).toEqual({ ok: false, error: 'invalid-body' })
  })

  test('a decision reaches an open thread index as a change of that thread only', () => {
    const doc = chapterDoc(CHAPTER)
    addThread(doc, rita, { id: 'sugg-1', anchor: anchorOn(doc, 'quiet'), body: '', suggestion: 'silent', now: 1 })
    addThread(doc, rita, { id: 'other', anchor: anchorOn(doc, 'Gulls'), body: 'Nice', now: 1 })
    const index = new ThreadIndex(doc, authorContext)
    const changes: string[][] = []
    index.subscribe(({ changed }) => changes.push([...changed]))
    decideSuggestion(doc, author, `${rita.id}/sugg-1`, false, 2, authorContext)
    expect(changes).toEqual([[`${rita.id}/sugg-1`]])
    expect(index.get(`${rita.id}/sugg-1`)!.suggestion!.decision!.accepted).toBe(false)
    // Progress, drafts and questions never re-read threads.
    shareDraft(doc, author, { number: 1, text: render(doc.getXmlFragment(TEXT_ROOT)).pmDoc, sharedAt: 5 })
    expect(changes).toHaveLength(1)
    index.destroy()
  })
})

/** The author's text after a ProseMirror edit, and a way to resolve anchors in it. */
function resolverOf(doc: Y.Doc) {
  const fragment = doc.getXmlFragment(TEXT_ROOT)
  const { pmDoc, mapping } = render(fragment)
  return { resolve: (anchor: Parameters<typeof resolveAnchor>[0]) => resolveAnchor(anchor, fragment, mapping, pmDoc), textAt: (from: number, to: number) => pmDoc.textBetween(from, to, '\n', '\n') }
}

describe('drafts and carried threads', () => {
  function reviewedDraft() {
    const doc = chapterDoc(CHAPTER)
    shareDraft(doc, author, { number: 1, text: render(doc.getXmlFragment(TEXT_ROOT)).pmDoc, sharedAt: 1 })
    addThread(doc, rita, { id: 'kept-1', anchor: anchorOn(doc, 'quiet before dawn'), body: 'Lovely.', now: 2 })
    addThread(doc, rita, { id: 'edited', anchor: anchorOn(doc, 'argued over'), body: 'Argued how?', now: 3 })
    addThread(doc, sam, { id: 'gone-1', anchor: anchorOn(doc, 'came at noon'), body: 'Too sudden.', now: 4 })
    return doc
  }

  test('draft 1 is frozen; the live text moves on; every earlier thread is carried as anchored, changed or removed', () => {
    const doc = reviewedDraft()
    const fragment = doc.getXmlFragment(TEXT_ROOT)
    edit(fragment, (tr) => {
      const at = find(tr.doc, 'argued')
      tr.insertText('squabbled', at.from, at.to)
    })
    edit(fragment, (tr) => {
      const at = find(tr.doc, 'The storm came at noon.')
      tr.delete(at.from, at.to)
    })
    const { resolve, textAt } = resolverOf(doc)
    const carried = carryThreads(readThreads(doc, authorContext), 2, resolve, textAt)
    expect(Object.fromEntries(carried.map(({ thread, carried }) => [thread.id.split('/')[1], carried]))).toEqual({
      'kept-1': { draft: 2, state: 'anchored' },
      edited: { draft: 2, state: 'changed', now: 'squabbled over' },
      'gone-1': { draft: 2, state: 'removed' },
    })
    recordCarried(doc, author, carried.map(({ thread, carried }) => ({ threadId: thread.id, carried, privacy: null })))
    shareDraft(doc, author, { number: 2, text: render(fragment).pmDoc, sharedAt: 10, name: 'After the storm notes' })

    const reviewer = new Y.Doc()
    syncAll(doc, reviewer)
    expect(draftsOf(reviewer, author.id)).toEqual([{ number: 1, sharedAt: 1 }, { number: 2, sharedAt: 10, name: 'After the storm notes' }])
    expect(currentDraft(reviewer, author.id)).toBe(2)
    const first = draftDocument(reviewer, author.id, 1)!
    expect(first.textBetween(0, first.content.size, '\n', '\n')).toBe(CHAPTER.join('\n'))
    expect(textOf(reviewer.getXmlFragment(TEXT_ROOT))).toBe('The harbour was quiet before dawn.\nGulls squabbled over the nets.\n')
    const byLocal = (id: string) => readThreads(reviewer, ritaContext).find((t) => t.id.endsWith(`/${id}`))!
    expect(byLocal('kept-1').carried).toEqual({ draft: 2, state: 'anchored' })
    expect(byLocal('edited').carried).toEqual({ draft: 2, state: 'changed', now: 'squabbled over' })
    expect(byLocal('gone-1').carried).toEqual({ draft: 2, state: 'removed' })
    expect(byLocal('gone-1').quote).toBe('came at noon')
  })

  test('a removed thread is never moved to other text, even when the same words come back', () => {
    const doc = reviewedDraft()
    const fragment = doc.getXmlFragment(TEXT_ROOT)
    edit(fragment, (tr) => {
      const at = find(tr.doc, 'The storm came at noon.')
      tr.delete(at.from, at.to)
    })
    let { resolve, textAt } = resolverOf(doc)
    recordCarried(doc, author, carryThreads(readThreads(doc, authorContext), 2, resolve, textAt).map(({ thread, carried }) => ({ threadId: thread.id, carried, privacy: null })))
    // The author types the same sentence again, elsewhere.
    edit(fragment, (tr) => tr.insertText('The storm came at noon.', 1))
    ;({ resolve, textAt } = resolverOf(doc))
    const gone = readThreads(doc, authorContext).find((t) => t.id.endsWith('/gone-1'))!
    expect(carryThreads([gone], 3, resolve, textAt)[0]!.carried).toEqual({ draft: 3, state: 'removed' })
  })

  test('only threads of earlier drafts are carried, and the writer marks them addressed', () => {
    const doc = reviewedDraft()
    shareDraft(doc, author, { number: 2, text: render(doc.getXmlFragment(TEXT_ROOT)).pmDoc, sharedAt: 10 })
    addThread(doc, rita, { id: 'new-01', anchor: anchorOn(doc, 'Gulls'), body: 'On draft 2', now: 11, draft: 2 })
    const { resolve, textAt } = resolverOf(doc)
    const carried = carryThreads(readThreads(doc, authorContext), 2, resolve, textAt)
    expect(carried.map(({ thread }) => thread.id.split('/')[1]).sort()).toEqual(['edited', 'gone-1', 'kept-1'])
    const kept = `${rita.id}/kept-1`
    expect(setAddressed(doc, sam, kept, true, 12, authorContext)).toEqual({ ok: false, error: 'not-author' })
    expect(setAddressed(doc, rita, kept, true, 12, ritaContext)).toEqual({ ok: true })
    expect(readThread(doc, kept, authorContext)!.addressed).toEqual({ addressed: true, at: 12 })
    // A carried state from a peer claiming a draft older than the thread's own is ignored.
    recordCarried(doc, author, [{ threadId: `${rita.id}/new-01`, carried: { draft: 2, state: 'removed' }, privacy: null }])
    expect(readThread(doc, `${rita.id}/new-01`, authorContext)!.carried).toBeUndefined()
  })

  test('a frozen draft with a damaged block still reads, saying so', () => {
    const doc = chapterDoc(CHAPTER)
    shareDraft(doc, author, { number: 1, text: render(doc.getXmlFragment(TEXT_ROOT)).pmDoc, sharedAt: 1 })
    const blocks = ((doc.getMap(`m:${author.id}`).get('drafts') as Y.Map<Y.Map<unknown>>).get('1')!.get('blocks')) as Y.Array<string>
    blocks.insert(1, ['{"type":"nonsense"}', 'not json'])
    const text = draftDocument(doc, author.id, 1)!.textContent
    expect(text).toContain('The harbour was quiet before dawn.')
    expect(text).toContain('could not be read')
    expect(draftDocument(doc, author.id, 7)).toBeNull()
  })
})

describe('reading progress', () => {
  const progress: ReadingProgress = { stopped: 1, furthest: 1, blocks: 3, finished: false, at: 5 }

  test('shared: only the author (and the reader) can read it; the other reviewer’s doc never holds it', () => {
    const doc = chapterDoc(CHAPTER)
    expect(writeProgress(doc, rita, 1, progress, true, { sealing: sealingFor(rita, people), recipients: [author.id, rita.id] })).toBe(true)
    const samDoc = new Y.Doc()
    syncAll(doc, samDoc)
    expect(readProgress(samDoc, rita.id, 1, authorContext, author.id)).toEqual({ kind: 'read', progress })
    expect(readProgress(samDoc, rita.id, 1, ritaContext, rita.id)).toEqual({ kind: 'read', progress })
    expect(readProgress(samDoc, rita.id, 1, contextFor(sam, author, people), sam.id)).toEqual({ kind: 'not-started' })
    expect(readProgress(samDoc, sam.id, 1, authorContext, author.id)).toEqual({ kind: 'not-started' })
    expect(percentRead(progress)).toBe(67)
    expect(percentRead({ ...progress, finished: true })).toBe(100)
  })

  test('turned off: sealed to the reader alone, and the author sees “not shared”', () => {
    const doc = chapterDoc(CHAPTER)
    writeProgress(doc, rita, 1, progress, false, { sealing: sealingFor(rita, people), recipients: [rita.id] })
    expect(readProgress(doc, rita.id, 1, authorContext, author.id)).toEqual({ kind: 'not-shared' })
    expect(readProgress(doc, rita.id, 1, ritaContext, rita.id)).toEqual({ kind: 'read', progress })
    const box = (doc.getMap(`m:${rita.id}`).get('progress') as Y.Map<{ box: { keys: object } }>).get('1')!.box
    expect(Object.keys(box.keys)).toEqual([rita.id])
  })
})

describe('questions', () => {
  function asked() {
    const doc = chapterDoc(CHAPTER)
    const questionKey = keyPairFromSeed(new Uint8Array(32).fill(99))
    const secret = seal(author.publicKey, new TextEncoder().encode(toBase64Url(questionKey.secretKey)), testRandom)
    expect(askQuestion(doc, author, { id: 'question-1', body: 'Does the storm surprise you?', now: 1, draft: 1, publicKey: toBase64Url(questionKey.publicKey), secret }, authorContext)).toEqual({ ok: true })
    const ritaDoc = new Y.Doc()
    const samDoc = new Y.Doc()
    syncAll(doc, ritaDoc, samDoc)
    const [question] = readQuestions(ritaDoc, author.id)
    const answerAs = (who: typeof rita, target: Y.Doc, body: string) =>
      answerQuestion(target, who, question!.id, body, 2, (plain) =>
        sealBox([{ id: author.id, publicKey: author.publicKey }, { id: who.id, publicKey: who.publicKey }, { id: QUESTION_SLOT, publicKey: question!.publicKey }], plain, testRandom),
      )
    return { doc, ritaDoc, samDoc, question: question!, questionKey, answerAs }
  }

  test('only the book’s author asks', () => {
    const doc = chapterDoc(CHAPTER)
    expect(askQuestion(doc, rita, { id: 'question-1', body: 'Mine?', now: 1, draft: 1, publicKey: 'x', secret: 'y' }, ritaContext)).toEqual({ ok: false, error: 'not-allowed' })
    expect(readQuestions(doc, author.id)).toEqual([])
  })

  test('answers stay hidden from a reviewer who has not answered, and open once the author reveals the question’s key', () => {
    const { doc, ritaDoc, samDoc, question, questionKey, answerAs } = asked()
    expect(question).toMatchObject({ body: 'Does the storm surprise you?' })
    expect(question.anchor).toBeUndefined()
    expect(answerAs(rita, ritaDoc, 'Yes — the gulls warned me, though.')).toEqual({ ok: true })
    syncAll(doc, ritaDoc, samDoc)
    const samContext = contextFor(sam, author, people)
    expect(readAnswers(samDoc, question, samContext, null)).toEqual({ answers: [], hidden: 1, pending: 0 })
    expect(readAnswers(doc, question, authorContext, null).answers.map((a) => [a.authorName, a.body])).toEqual([['Rita Reviewer', 'Yes — the gulls warned me, though.']])
    expect(answeredBy(samDoc, question.id)).toEqual([rita.id])

    // Sam answers; the author's Quire reveals the question's key to each who answered.
    answerAs(sam, samDoc, 'Not at all.')
    syncAll(doc, ritaDoc, samDoc)
    for (const memberId of answeredBy(doc, question.id)) {
      const to = people.find((p) => p.id === memberId)!
      revealAnswers(doc, author, question.id, memberId, seal(to.publicKey, new TextEncoder().encode(toBase64Url(questionKey.secretKey)), testRandom))
    }
    syncAll(doc, ritaDoc, samDoc)
    expect(revealFor(samDoc, author.id, question.id, sam.id)).not.toBeNull()
    // Sam's Quire opens the reveal with his key (main's sealed:open), then every answer with the question's secret.
    const seen = readAnswers(samDoc, question, samContext, questionKey.secretKey)
    expect(seen.answers.map((a) => a.body).sort()).toEqual(['Not at all.', 'Yes — the gulls warned me, though.'])
    expect(seen.hidden).toBe(0)
  })

  test('an answer box opens only with the right question’s key', () => {
    const { ritaDoc, question, answerAs } = asked()
    answerAs(rita, ritaDoc, 'Yes.')
    const box = (ritaDoc.getMap(`m:${rita.id}`).get('answers') as Y.Map<{ box: never }>).get(question.id)!.box
    expect(openBoxWithSecret(box, QUESTION_SLOT, keyPairFromSeed(new Uint8Array(32).fill(5)).secretKey)).toBeNull()
  })
})

describe('proposed colleagues', () => {
  test('a proposal is sealed for the author, credited to its proposer, and decided once by the author', () => {
    const doc = chapterDoc(CHAPTER)
    const privacy = { sealing: sealingFor(rita, people), recipients: [author.id, rita.id] }
    expect(proposeReviewer(doc, rita, { id: 'prop-1', name: 'Hana Harbour', reason: 'My colleague knows harbour law.', now: 1 }, privacy)).toEqual({ ok: true })
    expect(proposeReviewer(doc, rita, { id: 'prop-2', name: '  ', reason: 'x', now: 1 }, privacy)).toEqual({ ok: false, error: 'invalid-author' })
    const samDoc = new Y.Doc()
    syncAll(doc, samDoc)
    expect(readProposals(samDoc, contextFor(sam, author, people)).proposals).toEqual([])
    const [proposal] = readProposals(samDoc, authorContext).proposals
    expect(proposal).toMatchObject({ proposerId: rita.id, proposerName: 'Rita Reviewer', name: 'Hana Harbour', reason: 'My colleague knows harbour law.' })
    expect(decideProposal(doc, rita, proposal!.id, true, 2, ritaContext)).toEqual({ ok: false, error: 'not-allowed' })
    expect(decideProposal(doc, author, proposal!.id, true, 3, authorContext)).toEqual({ ok: true })
    expect(readProposals(doc, ritaContext).proposals[0]!.decision).toEqual({ approved: true, at: 3 })
  })
})

describe('the feedback summary', () => {
  test('counts threads, addressed points, accepted suggestions and reading per draft and reviewer', () => {
    const doc = chapterDoc(CHAPTER)
    shareDraft(doc, author, { number: 1, text: render(doc.getXmlFragment(TEXT_ROOT)).pmDoc, sharedAt: 1 })
    addThread(doc, rita, { id: 'thread-a', anchor: anchorOn(doc, 'quiet'), body: 'One', now: 2 })
    addThread(doc, rita, { id: 'thread-b', anchor: anchorOn(doc, 'Gulls'), body: '', suggestion: 'Terns', now: 3 })
    addThread(doc, sam, { id: 'thread-c', anchor: anchorOn(doc, 'storm'), body: 'Three', now: 4 })
    decideSuggestion(doc, author, `${rita.id}/thread-b`, true, 5, authorContext)
    setResolved(doc, author, `${sam.id}/thread-c`, true, 6, authorContext)
    shareDraft(doc, author, { number: 2, text: render(doc.getXmlFragment(TEXT_ROOT)).pmDoc, sharedAt: 7 })
    const { resolve, textAt } = resolverOf(doc)
    recordCarried(doc, author, carryThreads(readThreads(doc, authorContext), 2, resolve, textAt).map(({ thread, carried }) => ({ threadId: thread.id, carried, privacy: null })))
    setAddressed(doc, rita, `${rita.id}/thread-a`, true, 8, ritaContext)
    setAddressed(doc, rita, `${rita.id}/thread-b`, false, 8, ritaContext)

    const summaries = summarizeChapter({
      threads: readThreads(doc, authorContext),
      drafts: draftsOf(doc, author.id),
      reviewers: [{ id: rita.id, name: rita.name }, { id: sam.id, name: sam.name }],
      bookAuthorId: author.id,
      progressOf: (id, draft) => (id === rita.id && draft === 1 ? { kind: 'read', progress: { stopped: 2, furthest: 2, blocks: 3, finished: true, at: 1 } } : { kind: 'not-started' }),
    })
    expect(summaries.map((s) => s.draft)).toEqual([2, 1])
    const [second, first] = summaries as [(typeof summaries)[0], (typeof summaries)[0]]
    expect(first).toMatchObject({ open: 2, resolved: 1, addressed: 1, suggestions: { accepted: 1, rejected: 0, undecided: 0 } })
    expect(first.reviewers.map((r) => [r.name, r.threads])).toEqual([['Rita Reviewer', 2], ['Sam Second', 1]])
    expect(second.reviewers.find((r) => r.id === rita.id)).toMatchObject({ earlierPoints: 2, addressed: 1, threads: 0 })
    expect(summaryLines(first)).toEqual([
      'Threads: 2 open, 1 resolved, 1 addressed in a later draft.',
      'Suggested edits: 1 accepted, 0 rejected, 0 undecided.',
      'Rita Reviewer: 2 threads, 0 replies; reading: finished.',
      'Sam Second: 1 thread, 0 replies; reading: not started.',
    ])
  })
})

test('fixture sanity: anchors made here resolve where they were made', () => {
  const doc = chapterDoc(CHAPTER)
  const fragment = doc.getXmlFragment(TEXT_ROOT)
  const { pmDoc, mapping } = render(fragment)
  const at = find(pmDoc, 'argued')
  const anchor = createAnchor(fragment, mapping, at.from, at.to, pmDoc)
  expect(resolveAnchor(anchor, fragment, mapping, pmDoc)).toMatchObject({ detached: false, from: at.from, to: at.to })
  void ({} as Thread)
})
