/**
 * Names for thread cards and their buttons that make sense out of context: a
 * screen reader's list of buttons says "Reply to Rita’s comment on “the
 * missing hulls”", not ten times "Reply".
 */
import type { Thread } from '../../shared/comments'

const QUOTE_CHARS = 40

/** The passage a thread is on, shortened to a few words. */
export function shortQuote(quote: string): string {
  const flat = quote.replace(/\s+/g, ' ').trim()
  if (flat.length <= QUOTE_CHARS) return flat
  const cut = flat.slice(0, QUOTE_CHARS)
  // Cut at the last whole word, unless that would leave too little.
  const atWord = flat[QUOTE_CHARS] === ' ' ? QUOTE_CHARS : cut.lastIndexOf(' ')
  return `${(atWord > QUOTE_CHARS / 2 ? cut.slice(0, atWord) : cut).trimEnd()}…`
}

/** “your” for the user's own words, else “Rita’s”. */
export function whose(authorId: string, authorName: string, meId: string): string {
  return authorId === meId ? 'your' : `${authorName}’s`
}

/** “Rita’s comment on “the missing hulls””: the thing a thread's buttons act on. */
export function threadSubject(thread: Thread, meId: string): string {
  return `${whose(thread.authorId, thread.authorName, meId)} ${thread.suggestion ? 'suggestion' : 'comment'} on “${shortQuote(thread.quote)}”`
}

/** The card's own name: who commented, on what, and the start of what they said. */
export function threadLabel(thread: Thread): string {
  const first = thread.messages[0]
  if (thread.suggestion) return `Suggestion by ${thread.authorName} on “${shortQuote(thread.quote)}”: ${shortQuote(thread.suggestion.text) || 'delete it'}`
  const said = first && !first.deleted ? `: ${first.body.slice(0, 60)}` : ''
  return `Comment by ${thread.authorName} on “${shortQuote(thread.quote)}”${said}`
}

/** What an Edit or Delete button acts on: the comment itself or one of its replies. */
export function messageSubject(thread: Thread, index: number, meId: string): string {
  const message = thread.messages[index]
  if (!message) return threadSubject(thread, meId)
  const kind = index === 0 ? 'comment' : 'reply'
  return `${whose(message.authorId, message.authorName, meId)} ${kind} on “${shortQuote(thread.quote)}”`
}
