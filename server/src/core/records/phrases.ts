/**
 * Finding wording in record text, shared by the blameless check (blameless.ts) and the writing
 * coach (hindsight.ts): a cheap trigger rules out most texts, then each phrase's pattern runs over
 * the slice. Offsets are into the whole text, so spans land on the exact words.
 */

/** A phrase to find, and why it hurts the review (shown after the quoted words). */
export interface Phrase {
  /** Global (`g`) pattern; its `lastIndex` is reset before each use. */
  pattern: RegExp;
  why: string;
}

/** One phrase found in a text: offsets into that text, and the message for it. */
export interface PhraseMatch {
  start: number;
  end: number;
  message: string;
}

/**
 * The phrases found in `text` between `from` and `to`, in text order. The message is the matched
 * words in quotes, the phrase's `why`, then `advice` when given (after a semicolon).
 */
export function findPhrases(phrases: Phrase[], trigger: RegExp, text: string, from: number, to: number, advice?: string): PhraseMatch[] {
  const slice = text.slice(from, to);
  const found: PhraseMatch[] = [];
  if (!trigger.test(slice)) return found;
  for (const phrase of phrases) {
    phrase.pattern.lastIndex = 0;
    for (let m = phrase.pattern.exec(slice); m; m = phrase.pattern.exec(slice)) {
      found.push({
        start: from + m.index,
        end: from + m.index + m[0].length,
        message: `"${m[0].replace(/\s+/g, ' ')}" ${phrase.why}${advice ? `; ${advice}` : ''}`,
      });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}
