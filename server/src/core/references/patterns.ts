/**
 * Incident id patterns: user-configured regular expressions, checked once, then run over every
 * file of the workspace. Because they run over 100,000 files, a pattern is refused when it could
 * hang the server, and every match attempt is bounded.
 */
import { toBoundedJs } from './regex/bounded';
import { toEre } from './regex/ere';
import { findBacktrackingHazard } from './regex/hazard';
import { canBeEmpty, hasLookbehind, parseIdPattern } from './regex/tree';
import { detached } from '../text';

/** The id pattern used when none is configured or none of the configured ones is usable. */
export const DEFAULT_ID_PATTERN = 'INC-\\d+(?:-\\d+)*';

/** Matches longer than this many UTF-16 code units are never ids (e.g. `INC-` and 10,000 digits). */
export const MAX_ID_LENGTH = 128;

/** Patterns longer than this are refused: an id pattern is a short thing, and length is cost. */
export const MAX_PATTERN_LENGTH = 256;

/** At most this many id patterns are used: every one runs over every file, so their number is cost too. */
export const MAX_ID_PATTERNS = 64;

/** One id found in a text: `start` inclusive, `end` exclusive, UTF-16 offsets. */
export interface IdMatch {
  id: string;
  start: number;
  end: number;
}

/** The compiled form of the configured id patterns. */
export interface IdMatcher {
  /** Every id in text[from, to), bounded by non-word characters (\w), in order. */
  findAll(text: string, from?: number, to?: number): IdMatch[];
  /** True when the whole token is an id. */
  matches(token: string): boolean;
  /**
   * The accepted patterns spelled for a native pre-filter (POSIX ERE, also valid for rg's Rust
   * regex): each matches at least what the JavaScript pattern matches (lookaheads dropped).
   * Only meaningful when `portable` is true.
   */
  sources: string[];
  /** False when some accepted pattern has no ERE spelling: then a native pre-filter must not be used. */
  portable: boolean;
  /** The accepted patterns as configured (JavaScript syntax). */
  patterns: string[];
}

/** Why one configured pattern was refused. */
export interface PatternError {
  /** Index of the pattern in the configured list. */
  index: number;
  pattern: string;
  message: string;
}

interface Accepted {
  pattern: string;
  /** Global search; the lookbehind keeps the engine from trying starts inside a word. */
  search: RegExp;
  /** Whole-token test. */
  whole: RegExp;
  ere: string | undefined;
}

/** Returns the reason a pattern is refused, or the compiled pattern. */
function acceptPattern(pattern: unknown): Accepted | string {
  if (typeof pattern !== 'string') return 'a pattern must be a string';
  if (pattern.length === 0) return 'the pattern is empty';
  if (pattern.length > MAX_PATTERN_LENGTH) return `the pattern is longer than ${MAX_PATTERN_LENGTH} characters`;
  try {
    new RegExp(pattern);
  } catch (error) {
    // V8 repeats the pattern in its message ("Invalid regular expression: /(/: Unterminated group"); keep the reason.
    const reason = (error as Error).message.replace(/^Invalid regular expression: \/[\s\S]*\/[a-z]*: /, '');
    return `invalid regular expression: ${reason}`;
  }
  const tree = parseIdPattern(pattern);
  if (typeof tree === 'string') return tree;
  if (canBeEmpty(tree.alternatives)) return 'the pattern matches the empty string';
  if (hasLookbehind(tree)) return 'lookbehind is not supported (ids are already required to follow a non-word character)';
  // Our own structural check rather than safe-regex2: safe-regex2 measures star height, so it
  // refuses the default pattern `INC-\d+(?:-\d+)*`, and it misses `(a|a)*`-style alternations.
  const hazard = findBacktrackingHazard(tree);
  if (hazard) return hazard;
  // One more than the longest id, so a repetition that hits its bound always yields a match too
  // long to accept, never a shortened id.
  const body = toBoundedJs(tree, MAX_ID_LENGTH + 1);
  return {
    pattern,
    search: new RegExp(`(?<![\\w])(?:${body})`, 'g'),
    whole: new RegExp(`^(?:${body})$`),
    ere: toEre(tree),
  };
}

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/** Every match of one pattern in text[from, to), bounded and length-checked. Linear in the text. */
function findWith(accepted: Accepted, text: string, from: number, to: number, out: IdMatch[]): void {
  const regex = accepted.search;
  regex.lastIndex = from;
  for (;;) {
    const match = regex.exec(text);
    if (match === null) return;
    const start = match.index;
    let end = start + match[0].length;
    if (start >= to) return;
    if (end === start) {
      // Cannot happen for accepted patterns (they never match empty), kept so a bug cannot loop.
      regex.lastIndex = start + 1;
      continue;
    }
    if (end > to || end - start > MAX_ID_LENGTH || (end < text.length && isWordChar(text.charCodeAt(end)))) {
      // Not an id: too long, cut by the range, or glued to a following word. Skip the rest of
      // that word so the next search starts past it (keeps the whole scan linear).
      while (end < text.length && isWordChar(text.charCodeAt(end))) end++;
      regex.lastIndex = end;
      continue;
    }
    // Boundaries are judged against the whole text, not the range: a range is a view, not a token.
    // Detached: an id is kept long after the text it was found in (index, history) is let go.
    out.push({ id: detached(match[0]), start, end });
    regex.lastIndex = end;
  }
}

/**
 * Compiles the configured id patterns. Each refused pattern is reported with its index and why, and
 * so are patterns beyond the first MAX_ID_PATTERNS (one error for all of them); when none is
 * usable the default pattern is used, so references keep working.
 */
export function compileIdPatterns(patterns: string[]): { matcher: IdMatcher; errors: PatternError[] } {
  const errors: PatternError[] = [];
  let accepted: Accepted[] = [];
  patterns.slice(0, MAX_ID_PATTERNS).forEach((pattern, index) => {
    const result = acceptPattern(pattern);
    if (typeof result === 'string') errors.push({ index, pattern: String(pattern), message: result });
    else accepted.push(result);
  });
  if (patterns.length > MAX_ID_PATTERNS) {
    errors.push({ index: MAX_ID_PATTERNS, pattern: String(patterns[MAX_ID_PATTERNS]), message: tooManyPatterns(patterns.length) });
  }
  if (accepted.length === 0) accepted = [acceptPattern(DEFAULT_ID_PATTERN) as Accepted];
  return { matcher: createMatcher(accepted), errors };
}

/** Why the patterns after the first MAX_ID_PATTERNS are not used. */
export function tooManyPatterns(count: number): string {
  return `${count} id patterns are configured; only the first ${MAX_ID_PATTERNS} are used (each one runs over every file)`;
}

function createMatcher(accepted: Accepted[]): IdMatcher {
  const sources = accepted.map((entry) => entry.ere ?? entry.pattern);
  return {
    patterns: accepted.map((entry) => entry.pattern),
    sources,
    portable: accepted.every((entry) => entry.ere !== undefined),
    matches(token: string): boolean {
      return token.length <= MAX_ID_LENGTH && accepted.some((entry) => entry.whole.test(token));
    },
    findAll(text: string, from = 0, to = text.length): IdMatch[] {
      const start = Math.max(0, from);
      const end = Math.min(text.length, to);
      const out: IdMatch[] = [];
      if (start >= end) return out;
      if (accepted.length === 1) {
        findWith(accepted[0], text, start, end, out);
        return out;
      }
      for (const entry of accepted) findWith(entry, text, start, end, out);
      // Several patterns: order by position; where two overlap keep the earlier, then longer one.
      out.sort((a, b) => a.start - b.start || b.end - a.end);
      const merged: IdMatch[] = [];
      for (const match of out) {
        const last = merged[merged.length - 1];
        if (!last || match.start >= last.end) merged.push(match);
      }
      return merged;
    },
  };
}
