/**
 * Review rounds under the signed trust layer: every change a round makes is
 * an update its writer's peers check with the update rules (a reviewer may
 * write only their own member root; the author also the text). Each person
 * here has a Y.Doc of their own, as in the app, and each change they make is
 * checked exactly as a peer would check their envelope.
 */
import { expect, test } from 'vitest'
import * as Y from 'yjs'
import { addThread, decideSuggestion, readThreads, recordCarried, setAddressed } from '../comments'
import { keyPairFromSeed, toBase64Url } from '../identity'
import { anchorOn } from '../testing/comments'
import { chapterDoc, render } from '../testing/editor'
import { contextFor, keyedPerson, sealingFor, testRandom, type KeyedPerson } from '../testing/review'
import { seal } from '../trust/sealed'
import { checkUpdate, memberRoot, rootsFor } from '../trust/updateRules'
import { TEXT_ROOT } from '../ydoc'
import { sealBox } from './box'
import { shareDraft } from './drafts'
import { publishKey, setReviewMode } from './mode'
import { writeProgress } from './progress'
import { decideProposal, proposeReviewer, readProposals } from './proposals'
import { answerQuestion, askQuestion, QUESTION_SLOT, readQuestions, revealAnswers } from './questions'

const author = keyedPerson('Ada Author', 21)
const rita = keyedPerson('Rita Reviewer', 22)
const people = [author, rita]
const authorContext = contextFor(author, author, people)
const ritaContext = contextFor(rita, author, people)

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
}

/** What `change` sends from `doc`, checked as every peer checks `who`'s envelope: null when accepted. */
function refusal(doc: Y.Doc, who: KeyedPerson, change: () => unknown): string | null {
  const updates: Uint8Array[] = []
  const record = (update: Uint8Array) => updates.push(update)
  doc.on('update', record)
  try {
    change()
  } finally {
    doc.off('update', record)
  }
  expect(updates.length).toBeGreaterThan(0)
  const rights = { clients: new Set([doc.clientID]), roots: rootsFor(who.id, who.id === author.id) }
  return checkUpdate(Y.mergeUpdates(updates), rights)
}

test('every review-round change of the author and of a reviewer keeps to its writer’s roots', () => {
  const authorDoc = chapterDoc(['The harbour was quiet before dawn.', 'Gulls argued over the nets.'])
  const ritaDoc = new Y.Doc()
  sync(authorDoc, ritaDoc)

  // The author: review mode, key, draft 1, a question.
  expect(refusal(authorDoc, author, () => setReviewMode(authorDoc, author, 'blind', 1))).toBeNull()
  expect(refusal(authorDoc, author, () => publishKey(authorDoc, author, toBase64Url(author.publicKey)))).toBeNull()
  expect(refusal(authorDoc, author, () => shareDraft(authorDoc, author, { number: 1, text: render(authorDoc.getXmlFragment(TEXT_ROOT)).pmDoc, sharedAt: 2 }))).toBeNull()
  const questionKey = keyPairFromSeed(new Uint8Array(32).fill(77))
  const secret = seal(author.publicKey, new TextEncoder().encode(toBase64Url(questionKey.secretKey)), testRandom)
  expect(
    refusal(authorDoc, author, () =>
      askQuestion(authorDoc, author, { id: 'question-1', body: 'Does the storm surprise you?', now: 3, draft: 1, publicKey: toBase64Url(questionKey.publicKey), secret }, authorContext),
    ),
  ).toBeNull()
  sync(authorDoc, ritaDoc)

  // The reviewer: key, a suggested edit, a comment, reading progress, an answer, a proposed colleague.
  const privacy = { sealing: sealingFor(rita, people), recipients: [author.id, rita.id] }
  expect(refusal(ritaDoc, rita, () => publishKey(ritaDoc, rita, toBase64Url(rita.publicKey)))).toBeNull()
  expect(refusal(ritaDoc, rita, () => addThread(ritaDoc, rita, { id: 'sugg-1', anchor: anchorOn(ritaDoc, 'quiet'), body: '', suggestion: 'silent', now: 4 }))).toBeNull()
  expect(refusal(ritaDoc, rita, () => addThread(ritaDoc, rita, { id: 'note-1', anchor: anchorOn(ritaDoc, 'argued'), body: 'Argued how?', now: 5 }))).toBeNull()
  expect(refusal(ritaDoc, rita, () => writeProgress(ritaDoc, rita, 1, { stopped: 1, furthest: 1, blocks: 2, finished: true, at: 6 }, true, privacy))).toBeNull()
  const [question] = readQuestions(ritaDoc, author.id)
  const sealAnswer = (plain: string) =>
    sealBox([{ id: author.id, publicKey: author.publicKey }, { id: rita.id, publicKey: rita.publicKey }, { id: QUESTION_SLOT, publicKey: question!.publicKey }], plain, testRandom)
  expect(refusal(ritaDoc, rita, () => answerQuestion(ritaDoc, rita, question!.id, 'Yes.', 7, sealAnswer))).toBeNull()
  expect(refusal(ritaDoc, rita, () => proposeReviewer(ritaDoc, rita, { id: 'prop-1', name: 'Hana Harbour', reason: 'Knows harbour law.', now: 8 }, privacy))).toBeNull()
  sync(authorDoc, ritaDoc)

  // The author decides, carries the threads into draft 2 and reveals the answers.
  const suggestion = `${rita.id}/sugg-1`
  expect(refusal(authorDoc, author, () => decideSuggestion(authorDoc, author, suggestion, true, 9, authorContext))).toBeNull()
  const threads = readThreads(authorDoc, authorContext)
  expect(threads).toHaveLength(2)
  expect(refusal(authorDoc, author, () => recordCarried(authorDoc, author, threads.map((t) => ({ threadId: t.id, carried: { draft: 2, state: 'anchored' }, privacy: null }))))).toBeNull()
  expect(refusal(authorDoc, author, () => shareDraft(authorDoc, author, { number: 2, text: render(authorDoc.getXmlFragment(TEXT_ROOT)).pmDoc, sharedAt: 10 }))).toBeNull()
  expect(refusal(authorDoc, author, () => revealAnswers(authorDoc, author, question!.id, rita.id, seal(rita.publicKey, new TextEncoder().encode('k'), testRandom)))).toBeNull()
  const [proposal] = readProposals(authorDoc, authorContext).proposals
  expect(refusal(authorDoc, author, () => decideProposal(authorDoc, author, proposal!.id, true, 11, authorContext))).toBeNull()
  sync(authorDoc, ritaDoc)

  // The reviewer marks the carried thread addressed.
  expect(refusal(ritaDoc, rita, () => setAddressed(ritaDoc, rita, `${rita.id}/note-1`, true, 12, ritaContext))).toBeNull()
})

test('a reviewer’s change outside their own root is refused, so the check above can fail', () => {
  const authorDoc = chapterDoc(['The harbour was quiet before dawn.'])
  const ritaDoc = new Y.Doc()
  sync(authorDoc, ritaDoc)
  // A reviewer's Quire pretending to be the author: a draft in the author's root.
  expect(refusal(ritaDoc, rita, () => ritaDoc.getMap(memberRoot(author.id)).set('drafts', new Y.Map()))).toMatch(/does not own/)
  // Or a suggestion written straight into the text, beside the author's paragraph.
  expect(refusal(ritaDoc, rita, () => ritaDoc.getXmlFragment(TEXT_ROOT).insert(0, [new Y.XmlText('x')]))).toMatch(/another writer/)
})
