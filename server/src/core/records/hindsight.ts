/**
 * The writing coach beyond blame words: counterfactual and hindsight phrasing, a single "root
 * cause", and a narrative that tells nothing the summary does not. The blameless literature's
 * point is that such wording replaces the story of what people saw and did with a judgement made
 * after the fact. The phrases were run over 3,788 sentences of published postmortems (two public
 * collections): a phrase that flagged a neutral sentence was narrowed ("failed to catch" only with
 * a person as subject) or left out. test/unit/insights/hindsight.test.ts keeps such sentences.
 * Offsets, like those of blameless.ts, are into the text given, so spans land on the exact words.
 */

import { findPhrases, type Phrase, type PhraseMatch } from './phrases';

export type CoachMatch = PhraseMatch;

const PERSON = String.raw`(?:we|I|he|she|they|someone|somebody|nobody|no one|the (?:engineer|engineers|operator|operators|on-?call|responders?|developers?|admins?|sres?|reviewers?|author|team))`;

const COUNTERFACTUAL =
  'is counterfactual: it tells what did not happen instead of what did; describe what people saw and why their actions made sense at the time.';

const PHRASES: Phrase[] = [
  { pattern: /\bif\s+only\b/giu, why: COUNTERFACTUAL },
  {
    pattern: /\b(?:could|would|might)\s+have\s+(?:easily\s+)?(?:been\s+)?(?:prevented|avoided)\b/giu,
    why: COUNTERFACTUAL,
  },
  {
    pattern: /\bwould\s*(?:n['’]t|\s+not|\s+never)\s+have\s+(?:happened|occurred)\b/giu,
    why: COUNTERFACTUAL,
  },
  {
    pattern: /\b(?:did\s*n['’]t|did\s+not|never)\s+bother(?:ed)?\s+to\b/giu,
    why: 'guesses at motives; ask what competing demands shaped the choice instead.',
  },
  // Only with a person as subject: "testing that failed to catch the issue" describes the system.
  {
    pattern: new RegExp(String.raw`\b${PERSON}\s+failed\s+to\s+(?:notice|see|spot|realise|realize|catch|recognise|recognize)\b`, 'giu'),
    why: 'is hindsight: what is obvious now was not visible then; describe what the signals looked like at the time.',
  },
  // Not "the root cause analysis" (a method's name) and not "the root causes" (plural).
  {
    pattern: /\bthe\s+(?:single\s+|one\s+|real\s+|true\s+)?root\s+cause\b(?!s|\s+analys[ie]s)/giu,
    why: 'suggests one cause; incidents come from several contributing factors that combined, so name them (contributing_factors).',
  },
];

/** One cheap pass rules out most texts before the exact patterns run. */
const TRIGGER = /if\s+only|have|bother|failed|root\s+cause/i;

/** Counterfactual and hindsight phrases in `text` between `from` and `to`; offsets into `text`. */
export function findHindsightLanguage(text: string, from = 0, to = text.length): CoachMatch[] {
  return findPhrases(PHRASES, TRIGGER, text, from, to);
}

/** The words of a text, lower-case, for comparing what two texts say. */
function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * Why a narrative tells no story, or undefined when it tells one: empty, or no more than the
 * summary says again (almost every word of it is in the summary, and it is hardly longer).
 */
export function thinNarrativeReason(narrative: string, summary: string): string | undefined {
  const told = words(narrative);
  if (told.length === 0) {
    return 'The narrative is empty: the story of what people saw, thought and did, from their perspectives, is what makes a review worth reading.';
  }
  const summaryWords = new Set(words(summary));
  if (summaryWords.size === 0) return undefined;
  const repeated = told.filter((w) => summaryWords.has(w)).length;
  if (told.length <= Math.max(summaryWords.size * 1.5, 12) && repeated / told.length >= 0.85) {
    return 'The narrative only restates the summary: tell the story from the perspectives of the people involved (what surprised them, what was confusing, how the pieces combined).';
  }
  return undefined;
}
