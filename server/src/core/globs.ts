/**
 * Globs from a repository (`records`, `exclude`, a record's `code: - glob:`), matched in bounded
 * time. picomatch compiles a whole glob into one regular expression, and a backtracking engine
 * retries every way the earlier wildcards could have split the path whenever a later part fails:
 * `**\/{*,*}{*,*}…` or `*a*\/*a*\/*a*\/*b` cost minutes on one ordinary-length path. So a glob is
 * matched one path segment at a time: each segment by picomatch's own expression for that segment
 * (a segment is at most a file name long, and what it matched is never revisited), `**` by a
 * memoised walk over segments (at most globSegments × pathSegments steps). What could still
 * backtrack heavily inside one segment (many wildcards or alternatives) is refused with a reason.
 */
import picomatch from 'picomatch';

/** Longer globs are refused: a glob names files, and its length is cost. */
export const MAX_GLOB_LENGTH = 1024;
/** `*` runs and extglobs in one path segment: each more multiplies the worst case by a segment's length. */
export const MAX_SEGMENT_WILDCARDS = 2;
/** Alternatives the braces of one segment spell (`*.{ts,tsx}` is 2). */
export const MAX_SEGMENT_ALTERNATIVES = 64;

const GLOBSTAR: unique symbol = Symbol('**');
type Part = typeof GLOBSTAR | RegExp;

/** A compiled glob: `test` answers whether a workspace-relative path (forward slashes) matches. */
export interface Glob {
  readonly source: string;
  test(path: string): boolean;
}

/** The compiled glob, or why it is refused (a sentence fragment: "has …"). */
export function compileGlob(source: string): Glob | string {
  if (source.length === 0) return 'is empty';
  if (source.length > MAX_GLOB_LENGTH) return `is longer than ${MAX_GLOB_LENGTH} characters`;
  // A leading `!` negates the whole glob (picomatch's reading); `!(…)` is an extglob.
  const negated = source.startsWith('!') && !source.startsWith('!(');
  let body = negated ? source.slice(1) : source;
  while (body.startsWith('./')) body = body.slice(2);
  // A trailing slash names folders only: it matches paths given with a trailing slash.
  const foldersOnly = body.endsWith('/');
  if (foldersOnly) body = body.slice(0, -1);
  const parts: Part[] = [];
  for (const segment of picomatch.scan(body, { parts: true }).parts ?? [body]) {
    if (segment === '**') {
      // `**/**` means the same as `**`, and one globstar walks fewer states.
      if (parts[parts.length - 1] !== GLOBSTAR) parts.push(GLOBSTAR);
      continue;
    }
    const problem = segmentProblem(segment);
    if (problem) return problem;
    // An empty segment (`a//b`, a leading `/`) only matches an empty one, as in picomatch.
    parts.push(segment === '' ? /^$/ : picomatch.makeRe(segment, { dot: true }));
  }
  // picomatch's reading: a final `/**` after a segment with a `*` needs one more segment (or a
  // folder's trailing slash), so `*/**` does not match the file `src`, while `src/**` does.
  const last = body.slice(0, body.lastIndexOf('/'));
  const fileParts: Part[] =
    parts[parts.length - 1] === GLOBSTAR && parts.length > 1 && last.slice(last.lastIndexOf('/') + 1).includes('*')
      ? [...parts.slice(0, -1), /./, GLOBSTAR]
      : parts;
  const matches = (path: string): boolean => {
    // As in picomatch, a path's trailing slash (a folder) does not stop its last segment matching.
    const folder = path.endsWith('/');
    if (foldersOnly && !folder) return false;
    return folder ? matchParts(parts, path.slice(0, -1).split('/')) : matchParts(fileParts, path.split('/'));
  };
  return { source, test: negated ? (path) => !matches(path) : matches };
}

/** A matcher for a list of globs (any may match), and the refused ones with why. */
export function compileGlobs(sources: readonly string[]): { test: (path: string) => boolean; refused: Array<{ glob: string; reason: string }> } {
  const globs: Glob[] = [];
  const refused: Array<{ glob: string; reason: string }> = [];
  for (const source of sources) {
    const glob = compileGlob(source);
    if (typeof glob === 'string') refused.push({ glob: source, reason: glob });
    else globs.push(glob);
  }
  return { test: (path) => globs.some((glob) => glob.test(path)), refused };
}

/** Why one segment of a glob could backtrack heavily, or undefined. */
function segmentProblem(segment: string): string | undefined {
  if (segment.includes('/')) return 'has a `/` inside braces, brackets or parentheses; write one glob per alternative';
  let wildcards = 0;
  let alternatives = 1;
  const commas: number[] = [];
  for (let k = 0; k < segment.length; k++) {
    const ch = segment[k];
    if (ch === '\\') {
      k++;
    } else if (ch === '[') {
      // A bracket is one character, whatever it holds.
      const close = segment.indexOf(']', k + 2);
      if (close > 0) k = close;
    } else if (ch === '*') {
      wildcards++;
      while (segment[k + 1] === '*') k++;
    } else if ('+@?!'.includes(ch) && segment[k + 1] === '(') {
      wildcards++;
    } else if (ch === '{') {
      commas.push(0);
    } else if (ch === ',' && commas.length > 0) {
      commas[commas.length - 1]++;
    } else if (ch === '}' && commas.length > 0) {
      alternatives *= (commas.pop() ?? 0) + 1;
    }
  }
  if (wildcards > MAX_SEGMENT_WILDCARDS) {
    return `has ${wildcards} wildcards in the path segment "${segment}" (at most ${MAX_SEGMENT_WILDCARDS}: more can take minutes to match one path)`;
  }
  if (alternatives > MAX_SEGMENT_ALTERNATIVES) {
    return `spells ${alternatives} alternatives in the path segment "${segment}" with braces (at most ${MAX_SEGMENT_ALTERNATIVES})`;
  }
  return undefined;
}

/**
 * Whether the glob parts match the path segments. Without `**` it is one pass; with `**`, each
 * (part, segment) pair is decided at most once, so the cost is bounded by their product.
 */
function matchParts(parts: readonly Part[], segments: readonly string[]): boolean {
  if (!parts.includes(GLOBSTAR)) {
    return parts.length === segments.length && parts.every((part, k) => (part as RegExp).test(segments[k]));
  }
  const width = segments.length + 1;
  // 0 unknown, 1 no, 2 yes: the answer for parts[i..] against segments[j..].
  const memo = new Uint8Array((parts.length + 1) * width);
  const match = (i: number, j: number): boolean => {
    if (i === parts.length) return j === segments.length;
    const known = memo[i * width + j];
    if (known !== 0) return known === 2;
    const part = parts[i];
    let result: boolean;
    if (part === GLOBSTAR) {
      // Zero segments, or one more: the walk goes segment by segment, never deeper than the path.
      result = match(i + 1, j) || (j < segments.length && match(i, j + 1));
    } else {
      result = j < segments.length && part.test(segments[j]) && match(i + 1, j + 1);
    }
    memo[i * width + j] = result ? 2 : 1;
    return result;
  };
  return match(0, 0);
}
