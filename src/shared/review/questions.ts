/**
 * Questions the book's author asks reviewers, pinned to a passage or to the
 * end of the chapter, and the reviewers' answers.
 *
 *   m:<book author>  questions  local id → { body, anchor?, createdAt, draft, key, secret }
 *                    reveals    "<question id>|<member id>" → sealed question secret
 *   m:<reviewer>     answers    question id → { box, createdAt }
 *
 * Answers stay hidden from other reviewers until they have answered
 * themselves. Each question has its own key pair: `key` is its public key,
 * `secret` its secret sealed to the book's author. An answer is a sealed box
 * for the book's author, its writer and the question's key. When the
 * author's Quire sees a reviewer's answer in a round-table review, it seals
 * the question's secret to that reviewer (`reveals`); with it their Quire
 * opens every other answer. So a reviewer who has not answered holds only
 * boxes they cannot open, whichever peer relayed them. In a blind review
 * nothing is revealed: only the author reads the answers. (A reviewer sees
 * the others' answers once the author's Quire has been online after their
 * answer, since only the author can reveal.)
 */
import * as Y from 'yjs'
import { isAnchor, type Anchor } from '../anchors'
import { isId } from '../ids'
import { fromBase64Url, PUBLIC_KEY_BYTES } from '../identity'
import { globalId, MAX_BODY_CHARS, MAX_DRAFT, normalizeBody, OK, refuse, splitId, type CommentResult, type CommentsContext, type Person } from '../comments/model'
import { nameOf, part } from '../comments/roots'
import { ownPart, parseObject } from '../comments/store'
import { isSealedBox, openBoxWithSecret, type SealedBox } from './box'

export interface Question {
  /** Chapter-wide: `<book author id>/<local id>`. */
  id: string
  body: string
  /** The passage it is about; none: the chapter as a whole (shown at its end). */
  anchor?: Anchor
  createdAt: number
  draft: number
  /** Answers are sealed to this key too. */
  publicKey: Uint8Array
  /** The question's secret key, sealed to the book's author. */
  secret: string
}

export interface Answer {
  questionId: string
  authorId: string
  authorName: string
  body: string
  createdAt: number
}

/** The recipient slot of a question's own key in an answer's box. */
export const QUESTION_SLOT = 'question'
const MAX_QUESTIONS = 1_000

/** The book's author asks a question; `publicKey` and `secret` are the question's key pair (the secret sealed to the author). */
export function askQuestion(
  doc: Y.Doc,
  me: Person,
  input: { id: string; body: string; anchor?: Anchor; now: number; draft: number; publicKey: string; secret: string },
  context: CommentsContext,
): CommentResult {
  const body = normalizeBody(input.body)
  if (context.bookAuthorId !== me.id) return refuse('not-allowed')
  if (!isId(input.id)) return refuse('invalid-id')
  if (body === null) return refuse('invalid-body')
  if (input.anchor !== undefined && !isAnchor(input.anchor)) return refuse('invalid-anchor')
  doc.transact(() => {
    ownPart(doc, me, 'questions').set(input.id, {
      body,
      ...(input.anchor ? { anchor: input.anchor } : {}),
      createdAt: input.now,
      draft: input.draft,
      key: input.publicKey,
      secret: input.secret,
    })
  })
  return OK
}

/** The book author's questions, oldest first. */
export function readQuestions(doc: Y.Doc, bookAuthorId: string | null): Question[] {
  if (!bookAuthorId) return []
  const questions: Question[] = []
  part(doc, bookAuthorId, 'questions')?.forEach((value, localId) => {
    if (questions.length >= MAX_QUESTIONS || !isId(localId) || typeof value !== 'object' || value === null) return
    const q = value as Record<string, unknown>
    const publicKey = typeof q.key === 'string' ? fromBase64Url(q.key) : null
    const body = typeof q.body === 'string' ? q.body.trim().slice(0, MAX_BODY_CHARS) : ''
    if (!body || !publicKey || publicKey.length !== PUBLIC_KEY_BYTES || typeof q.secret !== 'string' || q.secret.length > 300) return
    if (typeof q.createdAt !== 'number' || !Number.isFinite(q.createdAt)) return
    if (q.anchor !== undefined && !isAnchor(q.anchor)) return
    const draft = Number.isSafeInteger(q.draft) && (q.draft as number) >= 1 && (q.draft as number) <= MAX_DRAFT ? (q.draft as number) : 1
    questions.push({ id: globalId(bookAuthorId, localId), body, ...(q.anchor ? { anchor: q.anchor as Anchor } : {}), createdAt: q.createdAt, draft, publicKey, secret: q.secret })
  })
  return questions.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
}

/** `me` answers (or answers again); `sealAnswer` seals to the book's author, `me` and the question's key. */
export function answerQuestion(doc: Y.Doc, me: Person, questionId: string, body: string, now: number, sealAnswer: (plaintext: string) => SealedBox | null): CommentResult {
  const trimmed = normalizeBody(body)
  if (trimmed === null) return refuse('invalid-body')
  if (!splitId(questionId)) return refuse('not-found')
  const box = sealAnswer(JSON.stringify({ body: trimmed }))
  if (!box) return refuse('cannot-seal')
  doc.transact(() => ownPart(doc, me, 'answers').set(questionId, { box, createdAt: now }))
  return OK
}

/** Members who have answered `questionId` (whatever their answer says). */
export function answeredBy(doc: Y.Doc, questionId: string): string[] {
  const out: string[] = []
  for (const name of doc.share.keys()) {
    if (!name.startsWith('m:')) continue
    const memberId = name.slice(2)
    const value = part(doc, memberId, 'answers')?.get(questionId) as { box?: unknown } | undefined
    if (value && typeof value === 'object' && isSealedBox(value.box)) out.push(memberId)
  }
  return out
}

const revealKey = (questionId: string, memberId: string) => `${questionId}|${memberId}`

/** The book's author gives `memberId` the question's secret, sealed to them. */
export function revealAnswers(doc: Y.Doc, me: Person, questionId: string, memberId: string, sealedSecret: string): void {
  doc.transact(() => ownPart(doc, me, 'reveals').set(revealKey(questionId, memberId), sealedSecret))
}

/** Whether `memberId` was given the question's secret, and the sealed secret. */
export function revealFor(doc: Y.Doc, bookAuthorId: string | null, questionId: string, memberId: string): string | null {
  const value = bookAuthorId ? part(doc, bookAuthorId, 'reveals')?.get(revealKey(questionId, memberId)) : undefined
  return typeof value === 'string' && value.length <= 300 ? value : null
}

/**
 * The answers to a question the reader can open: with their own key (the
 * author, or the answer's writer) through `context.unseal`, or with the
 * question's secret once revealed. `hidden` counts the others.
 */
export function readAnswers(doc: Y.Doc, question: Question, context: CommentsContext, questionSecret: Uint8Array | null): { answers: Answer[]; hidden: number; pending: number } {
  const answers: Answer[] = []
  let hidden = 0
  let pending = 0
  for (const memberId of answeredBy(doc, question.id)) {
    const value = part(doc, memberId, 'answers')?.get(question.id) as { box: SealedBox; createdAt?: unknown }
    let text = context.unseal?.(value.box)
    if (typeof text !== 'string' && questionSecret) text = openBoxWithSecret(value.box, QUESTION_SLOT, questionSecret)
    if (text === undefined) {
      pending++
      continue
    }
    const body = parseObject(text)?.body
    if (typeof body !== 'string' || !body.trim()) {
      hidden++
      continue
    }
    const createdAt = typeof value.createdAt === 'number' && Number.isFinite(value.createdAt) ? value.createdAt : 0
    answers.push({ questionId: question.id, authorId: memberId, authorName: nameOf(memberId, context), body: body.slice(0, MAX_BODY_CHARS), createdAt })
  }
  return { answers: answers.sort((a, b) => a.createdAt - b.createdAt), hidden, pending }
}
