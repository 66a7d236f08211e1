/**
 * Smart quotes that know English elisions. The usual rule turns a quote typed
 * after a space into an opening one (‘), which is wrong where letters were
 * left out: rock ’n’ roll, ’tis, the ’90s. A quote cannot know what follows
 * when it is typed, so this rule looks back once the word is finished and
 * turns that opening quote into an apostrophe (’).
 */
import { InputRule, smartQuotes } from 'prosemirror-inputrules'

/** Words that start with an apostrophe standing for missing letters. */
const ELIDED = ['n', 'tis', 'twas', 'twere', 'twill', 'til', 'em', 'cause', 'bout', 'round', 'neath', 'nuff', 'cos', 'cuz', 'kay', 'ere']

/** ‘ + an elided word (or a decade or year: ‘90s, ‘05), ended by the character just typed. */
const ELISION = new RegExp(`(?:^|[\\s([{“"—–-])(‘)((?:${ELIDED.join('|')}|\\d\\d(?:s)?))([\\s.,;:!?)\\]}’'”"…—–-])$`, 'iu')

export const elisionRule = new InputRule(ELISION, (state, match, start, end) => {
  const [whole, , word, typed] = match as unknown as [string, string, string, string]
  // The rule's match may begin with the space before the quote; replace from the quote on.
  const from = start + whole.length - typed.length - word.length - 1
  // A straight quote typed to close the word ('n') becomes the apostrophe it stands for.
  const closing = typed === "'" ? '’' : typed
  return state.tr.insertText(`’${word}${closing}`, from, end)
})

/** Quote rules for typing: elisions first, then the usual smart quotes. */
export const quoteRules: readonly InputRule[] = [elisionRule, ...smartQuotes]
