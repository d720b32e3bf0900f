/**
 * The questions the rest of the core asks about references in one file: which ids it mentions,
 * where its comments are, and whether a completion at an offset is writing a reference.
 */
import type { Span } from '../model';
import { scanModeFor, syntaxFor } from './languages';
import type { ScanMode } from './languages';
import type { IdMatch, IdMatcher } from './patterns';
import { scanComments } from './scanner';
import type { CommentRegion } from './scanner';

/**
 * The spans of comments (line comments, block comments, Python docstrings) in text, delimiters
 * included, in order, skipping string literals, for the file's language. Empty for prose and for
 * files whose language is unknown.
 */
export function commentSpans(path: string, text: string): Span[] {
  const syntax = syntaxFor(path);
  const spans: Span[] = [];
  if (!syntax) return spans;
  scanComments(text, syntax, (region) => spans.push({ start: region.start, end: region.end }));
  return spans;
}

/**
 * Ids referenced in a file: only inside comments for source code, everywhere for prose. `mode`
 * overrides the choice made from the path (records use `all`; `comments` on a file of unknown
 * language finds nothing). Fast path: most files mention no id, and those are never tokenized.
 */
export function scanReferences(path: string, text: string, matcher: IdMatcher, mode?: ScanMode): IdMatch[] {
  const effective = mode ?? scanModeFor(path);
  if (effective === undefined) return [];
  const matches = matcher.findAll(text);
  if (matches.length === 0 || effective === 'all') return matches;
  const syntax = syntaxFor(path);
  if (!syntax) return [];
  const kept: IdMatch[] = [];
  let next = 0;
  const last = matches[matches.length - 1].end;
  // Both lists are in order: walk them together, and stop tokenizing after the last match.
  scanComments(
    text,
    syntax,
    (region) => {
      while (next < matches.length && matches[next].start < region.start) next++;
      while (next < matches.length && matches[next].end <= region.end) kept.push(matches[next++]);
    },
    last,
  );
  return kept;
}

/**
 * Whether a completion at `offset` would be writing a reference: inside a comment of a source
 * file (including a comment still being typed at the end of the line or text, and right before a
 * block comment's close), or anywhere in a prose file. False in strings, code and unscanned files.
 */
export function isReferenceContext(path: string, text: string, offset: number): boolean {
  const mode = scanModeFor(path);
  if (mode === 'all') return true;
  const syntax = syntaxFor(path);
  if (mode === undefined || !syntax) return false;
  let inside = false;
  scanComments(
    text,
    syntax,
    (region: CommentRegion) => {
      if (region.contentStart <= offset && offset <= region.contentEnd) inside = true;
    },
    offset,
  );
  return inside;
}
