/**
 * The author's questions in the Comments panel. The author sees every answer
 * grouped under its question; a reviewer answers, and sees the others'
 * answers only once they have answered (round table) or never (blind).
 */
import { TextSelection } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { useState, type FormEvent } from 'react'
import { fromBase64Url } from '../../shared/identity'
import { sealBoxWithKey } from '../../shared/review/box'
import { answerQuestion, QUESTION_SLOT, readAnswers, revealFor, type Question } from '../../shared/review/questions'
import { resolveIn } from '../comments/binding'
import { shortQuote } from '../comments/threadLabels'
import { keyOf, randomBytes, type KnownKeys } from './sealing'
import type { ChapterRound } from './useRound'

interface QuestionsSectionProps {
  round: ChapterRound
  known: KnownKeys
  view: EditorView | null
  onError: (message: string) => void
}

export function QuestionsSection({ round, known, view, onError }: QuestionsSectionProps) {
  if (round.questions.length === 0) return null
  return (
    <section className="questions" aria-label="Questions">
      <h3 className="comments-subheading">Questions from {round.isBookAuthor ? 'you' : (round.context.nameOf(round.context.bookAuthorId ?? '') ?? 'the author')}</h3>
      <ol className="thread-list">
        {round.questions.map((question) => (
          <QuestionCard key={question.id} round={round} known={known} question={question} view={view} onError={onError} />
        ))}
      </ol>
    </section>
  )
}

function QuestionCard({ round, known, question, view, onError }: QuestionsSectionProps & { question: Question }) {
  const { doc, me, context, unsealer } = round
  const revealed = round.isBookAuthor ? null : revealFor(doc, context.bookAuthorId, question.id, me.id)
  const openedSecret = revealed ? unsealer.openText(revealed) : null
  const secret = typeof openedSecret === 'string' ? fromBase64Url(openedSecret) : null
  const { answers, hidden } = readAnswers(doc, question, context, secret)
  const mine = answers.find((a) => a.authorId === me.id)
  const others = answers.filter((a) => a.authorId !== me.id)
  const [editing, setEditing] = useState(false)
  const [text, setText] = useState('')
  const pinned = question.anchor ? `“${shortQuote(question.anchor.quote)}”` : 'the end of the chapter'
  const label = `Question on ${pinned}: ${question.body.slice(0, 80)}`

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const author = context.bookAuthorId
    const authorKey = author ? keyOf(doc, known, author) : null
    const myKey = keyOf(doc, known, me.id)
    if (!author || !authorKey || !myKey) return onError('Quire does not know the author’s key yet, so your answer cannot be sealed. Try again once you have been online together.')
    const result = answerQuestion(doc, me, question.id, text, Date.now(), (plain) => {
      const sealed = sealBoxWithKey(
        [
          { id: author, publicKey: authorKey },
          { id: me.id, publicKey: myKey },
          { id: QUESTION_SLOT, publicKey: question.publicKey },
        ],
        plain,
        randomBytes,
      )
      if (sealed) unsealer.rememberOwn(sealed.box, sealed.contentKey)
      return sealed?.box ?? null
    })
    if (!result.ok) return onError('An answer needs some text (10,000 characters at most).')
    setEditing(false)
    setText('')
  }

  const showPassage = () => {
    if (!view || view.isDestroyed || !question.anchor) return
    const place = resolveIn(view.state, question.anchor)
    if (place.detached) return onError('The passage this question was on is no longer in the chapter.')
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, place.from, place.to)).scrollIntoView())
    view.focus()
  }

  return (
    <li className="thread question" aria-label={label}>
      <div className="thread-meta">
        <span className="badge">Question</span>
        <span className="muted">on {pinned}</span>
      </div>
      <p className="question-body">{question.body}</p>
      {question.anchor && (
        <button type="button" className="link" aria-label={`Show the passage of the question “${shortQuote(question.body)}”`} onClick={showPassage}>
          Show passage
        </button>
      )}
      {round.isBookAuthor ? (
        <AnswerList answers={others} empty={answers.length === 0 ? 'No answers yet.' : null} />
      ) : (
        <>
          {mine && !editing ? (
            <div className="own-answer">
              <p className="message-head">
                <span className="message-author">Your answer</span>
              </p>
              <p className="message-body">{mine.body}</p>
              <button type="button" className="link" aria-label={`Change your answer to “${shortQuote(question.body)}”`} onClick={() => (setText(mine.body), setEditing(true))}>
                Change answer
              </button>
            </div>
          ) : (
            <form onSubmit={submit} className="reply-form">
              <textarea
                aria-label={`Your answer to “${shortQuote(question.body)}”`}
                value={text}
                maxLength={10_000}
                rows={2}
                aria-keyshortcuts="Control+Enter"
                onChange={(event) => setText(event.target.value)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) submit(event)
                  if (event.key === 'Escape' && editing) setEditing(false)
                }}
              />
              <div className="inline-actions">
                <button type="submit" className="primary" disabled={!text.trim()}>
                  Answer
                </button>
                {editing && (
                  <button type="button" onClick={() => setEditing(false)}>
                    Cancel
                  </button>
                )}
              </div>
            </form>
          )}
          {others.length > 0 && <AnswerList answers={others} empty={null} />}
          {hidden > 0 && (
            <p className="hint answers-hidden">
              {round.mode === 'blind'
                ? `${hidden === 1 ? 'One other reviewer has' : `${hidden} other reviewers have`} answered; only the author reads their answers.`
                : mine
                  ? `${hidden === 1 ? 'One other answer opens' : `${hidden} other answers open`} once the author’s Quire has seen yours.`
                  : `${hidden === 1 ? 'One other reviewer has' : `${hidden} other reviewers have`} answered. Answer to read theirs.`}
            </p>
          )}
        </>
      )}
    </li>
  )
}

function AnswerList({ answers, empty }: { answers: ReturnType<typeof readAnswers>['answers']; empty: string | null }) {
  if (answers.length === 0) return empty ? <p className="muted">{empty}</p> : null
  return (
    <ul className="messages answers" aria-label="Answers">
      {answers.map((answer) => (
        <li key={answer.authorId} className="message">
          <div className="message-head">
            <span className="message-author">{answer.authorName}</span>
          </div>
          <p className="message-body">{answer.body}</p>
        </li>
      ))}
    </ul>
  )
}
