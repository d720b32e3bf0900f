/**
 * Wording that puts blame on people instead of describing the conditions they worked in. Short on
 * purpose: every phrase here is one a reviewer would almost always want rewritten, so the hint
 * stays trustworthy. Matching runs over the source text of a value, so `\s+` also spans the line
 * breaks of folded and multi-line scalars and the match is an exact span in the file.
 */

import { findPhrases, type Phrase, type PhraseMatch } from './phrases';

const PERSON = String.raw`(?:he|she|they|someone|somebody|nobody|no one|the (?:engineer|operator|on-?call|responder|developer|admin|sre|reviewer|author|team))`;

const PHRASES: Phrase[] = [
  { pattern: /\bhuman\s+errors?\b/giu, why: 'names a person as the cause and ends the inquiry' },
  // Not "could have": "we could have lost data" describes impact, not a judgement.
  { pattern: /\b(?:should|shouldn['’]t|should\s+not)(?:['’]ve|\s+have)\b/giu, why: 'judges with hindsight what could not be seen at the time' },
  { pattern: /\bcareless(?:ly|ness)?\b/giu, why: 'judges a person' },
  { pattern: /\bnegligen(?:t|tly|ce)\b/giu, why: 'judges a person' },
  // "git blame" is a tool, not an accusation; "blameless" does not match because of \b.
  { pattern: /(?<!\bgit\s+)\bblam(?:e|ed|es|ing)\b/giu, why: 'points at people rather than conditions' },
  {
    pattern: /\b(?:fault\s+of|(?:his|her|their|my|our)\s+fault|(?!(?:nobody|no-one|noone)['’])\w+['’]s\s+fault)\b/giu,
    why: 'points at people rather than conditions',
  },
  // Only with a person as subject: "the deploy failed to start" is a fact, not blame.
  { pattern: new RegExp(String.raw`\b${PERSON}\s+failed\s+to\b`, 'giu'), why: 'frames an action as a personal failing' },
];

/** One blame-oriented phrase found in a text: offsets into that text. */
export type BlameMatch = PhraseMatch;

const ADVICE = 'instead, describe the conditions that made the action make sense at the time: what people saw, knew, expected and were trying to do.';

/** A word every phrase above contains: one cheap pass rules out most texts before seven exact ones. */
const TRIGGER = /human|should|careless|negligen|blam|fault|failed/i;

/** Finds blame-oriented phrases in `text` between `from` and `to`; offsets are into `text`. */
export function findBlameLanguage(text: string, from = 0, to = text.length): BlameMatch[] {
  return findPhrases(PHRASES, TRIGGER, text, from, to, ADVICE);
}
