/**
 * One linear pass over a file's text that finds its comments, stepping over string literals so
 * that a quote or `//` inside a string never starts a comment. Runs over every source file that
 * mentions an id at startup, so it reads characters with charCodeAt and allocates only per comment.
 */
import type { Hook, HookRegion, Opener, StringRule, Syntax } from './syntax';

/** A comment found by the scanner. */
export interface CommentRegion {
  /** The whole comment, delimiters included. */
  start: number;
  end: number;
  /** The text between the delimiters. */
  contentStart: number;
  contentEnd: number;
  /** False for line comments and for block comments or docstrings that run to the end of the text. */
  closed: boolean;
}

interface Compiled {
  /**
   * Per ASCII code: 1 when the scanner must look closer at that character; 2 for a bracket that
   * only needs counting (interpolation ends, Python statement starts), handled on the fast path.
   */
  trigger: Uint8Array;
  /** Openers by their first character's code. */
  byFirst: Array<Opener[] | undefined>;
  hookChars: Uint8Array;
  hook?: Hook;
  regexLiterals: boolean;
  tracksBrackets: boolean;
  embeds: Syntax['embeds'];
}

const compiledCache = new WeakMap<Syntax, Compiled>();

function compile(syntax: Syntax): Compiled {
  const cached = compiledCache.get(syntax);
  if (cached) return cached;
  const trigger = new Uint8Array(128);
  const byFirst: Array<Opener[] | undefined> = new Array(128);
  const hookChars = new Uint8Array(128);
  for (const opener of syntax.openers) {
    const code = opener.open.charCodeAt(0);
    trigger[code] = 1;
    (byFirst[code] ??= []).push(opener);
    if (opener.kind === 'string' && opener.interpolation) {
      // Interpolated code ends at the matching close, so nesting characters must be counted.
      for (const ch of '{}()') trigger[ch.charCodeAt(0)] ||= 2;
    }
  }
  for (const ch of syntax.hookChars ?? '') {
    trigger[ch.charCodeAt(0)] = 1;
    hookChars[ch.charCodeAt(0)] = 1;
  }
  if (syntax.regexLiterals) trigger[47] = 1;
  if (syntax.embeds) trigger[60] = 1;
  if (syntax.tracksBrackets) for (const ch of '()[]{}') trigger[ch.charCodeAt(0)] ||= 2;
  const compiled: Compiled = {
    trigger,
    byFirst,
    hookChars,
    hook: syntax.hook,
    regexLiterals: syntax.regexLiterals === true,
    tracksBrackets: syntax.tracksBrackets === true,
    embeds: syntax.embeds,
  };
  compiledCache.set(syntax, compiled);
  return compiled;
}

function isIdentChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36 || code > 127;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 11;
}

/** Words after which `/` starts a regex literal rather than a division. */
const REGEX_KEYWORDS = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'instanceof', 'yield', 'await']);

/** Python string prefixes (r, b, f, u and pairs such as rb, fr). */
const PY_PREFIX = 'rRbBfFuU';

/** What a string that is still open is waiting for while the scanner is inside its interpolation. */
interface Interpolation {
  rule: StringRule;
  open: number;
  close: number;
  depth: number;
}

/** Offset of `</tag` (any case) from `from`, or `to` when the element is never closed. */
function findClosingTag(text: string, tag: string, from: number, to: number): number {
  let at = text.indexOf('</', from);
  while (at >= 0 && at < to) {
    if (text.slice(at + 2, at + 2 + tag.length).toLowerCase() === tag) return at;
    at = text.indexOf('</', at + 2);
  }
  return to;
}

/**
 * Calls `emit` for each comment of text[from, to), in order. Stops looking for new comments past
 * `limit` (a comment that starts at or before it is still reported whole).
 */
export function scanComments(text: string, syntax: Syntax, emit: (region: CommentRegion) => void, limit = Infinity, from = 0, to = text.length): void {
  const compiled = compile(syntax);
  const { trigger, byFirst, hookChars, hook } = compiled;
  const n = to;
  const interpolations: Interpolation[] = [];
  let i = from;
  /** First non-blank offset of the current line, -1 while the line is blank so far. */
  let lineFirst = -1;
  /** Last significant code character and where it was, for regex literals. */
  let prevSig = -1;
  let prevSigAt = -1;
  let depth = 0;
  /** Set by scanString: whether the literal found its close. */
  let closed = false;

  const lineEnd = (from: number): number => {
    let j = from;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (d === 10 || d === 13) break;
      j++;
    }
    return j;
  };

  /**
   * Inside the code of an interpolation (`${…}`, `\(…)`): at its closing bracket, scans the rest
   * of the string it interrupted and returns the offset after that; otherwise tracks nested
   * brackets and returns -1.
   */
  const leaveInterpolation = (c: number, at: number): number => {
    const top = interpolations[interpolations.length - 1];
    if (c === top.close && top.depth === 0) {
      interpolations.pop();
      const next = scanString(top.rule, at + 1);
      prevSig = 34;
      prevSigAt = next - 1;
      return next;
    }
    if (c === top.open) top.depth++;
    else if (c === top.close) top.depth--;
    return -1;
  };

  /** Scans a literal body from `from`; returns the offset after it (or where an interpolation starts code). */
  const scanString = (rule: StringRule | HookRegion, from: number): number => {
    const close = rule.close;
    const closeFirst = close.charCodeAt(0);
    const interpolation = 'interpolation' in rule ? rule.interpolation : undefined;
    const interpolationFirst = interpolation ? interpolation.charCodeAt(0) : -1;
    const backslash = rule.escape === 'backslash';
    let j = from;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (d === interpolationFirst && text.startsWith(interpolation as string, j)) {
        const open = interpolation === '\\(' ? 40 : 123;
        interpolations.push({ rule: rule as StringRule, open, close: open === 40 ? 41 : 125, depth: 0 });
        closed = true;
        return j + (interpolation as string).length;
      }
      if (d === 92 && backslash) {
        // An escaped line break continues the literal; \r\n counts as one break.
        j += text.charCodeAt(j + 1) === 13 && text.charCodeAt(j + 2) === 10 ? 3 : 2;
        continue;
      }
      if (d === closeFirst && text.startsWith(close, j)) {
        if (rule.escape === 'double' && text.startsWith(close, j + close.length)) {
          j += 2 * close.length;
          continue;
        }
        closed = true;
        return j + close.length;
      }
      if ((d === 10 || d === 13) && !rule.multiline) {
        // Unterminated on its line: the language ends it here, so one stray quote cannot swallow the file.
        closed = false;
        return j;
      }
      j++;
    }
    closed = false;
    return n;
  };

  /** Block comment from `start`; returns its end. */
  const scanBlock = (start: number, open: string, close: string, nested: boolean): number => {
    let j = start + open.length;
    if (!nested) {
      const at = text.indexOf(close, j);
      if (at < 0 || at + close.length > n) {
        emit({ start, end: n, contentStart: j, contentEnd: n, closed: false });
        return n;
      }
      emit({ start, end: at + close.length, contentStart: j, contentEnd: at, closed: true });
      return at + close.length;
    }
    let level = 1;
    const openFirst = open.charCodeAt(0);
    const closeFirst = close.charCodeAt(0);
    while (j < n) {
      const d = text.charCodeAt(j);
      if (d === closeFirst && text.startsWith(close, j)) {
        level--;
        j += close.length;
        if (level === 0) {
          emit({ start, end: j, contentStart: start + open.length, contentEnd: j - close.length, closed: true });
          return j;
        }
        continue;
      }
      if (d === openFirst && text.startsWith(open, j)) {
        level++;
        j += open.length;
        continue;
      }
      j++;
    }
    emit({ start, end: n, contentStart: start + open.length, contentEnd: n, closed: false });
    return n;
  };

  /** Whether `/` at the current position starts a regex literal, judged by what precedes it. */
  const regexAllowed = (): boolean => {
    if (prevSig < 0) return true;
    if (prevSig === 41 || prevSig === 93 || prevSig === 125 || prevSig === 34 || prevSig === 39 || prevSig === 96) return false;
    if (!isIdentChar(prevSig)) return true;
    let k = prevSigAt;
    while (k >= 0 && isIdentChar(text.charCodeAt(k))) k--;
    return REGEX_KEYWORDS.has(text.slice(k + 1, prevSigAt + 1));
  };

  /** End of a regex literal at `start`, or -1 when the line has no closing slash (then it was a division). */
  const scanRegex = (start: number): number => {
    let j = start + 1;
    let inClass = false;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (d === 10 || d === 13) return -1;
      if (d === 92) {
        j += 2;
        continue;
      }
      if (d === 91) inClass = true;
      else if (d === 93) inClass = false;
      else if (d === 47 && !inClass) {
        j++;
        while (j < n && isIdentChar(text.charCodeAt(j))) j++;
        return j;
      }
      j++;
    }
    return -1;
  };

  /** At `<`: an element whose content is another language; returns where its content ends, or -1. */
  const scanEmbedded = (embeds: NonNullable<Syntax['embeds']>): number => {
    for (const embed of embeds) {
      const tag = embed.tag;
      if (text.slice(i + 1, i + 1 + tag.length).toLowerCase() !== tag) continue;
      const after = text.charCodeAt(i + 1 + tag.length);
      if (!(isSpace(after) || after === 62 /* > */ || after === 47 /* / */)) continue;
      const tagEnd = text.indexOf('>', i);
      if (tagEnd < 0 || tagEnd >= n) return -1;
      if (text.charCodeAt(tagEnd - 1) === 47) return tagEnd + 1; // <script src="…"/>
      const contentEnd = findClosingTag(text, tag, tagEnd + 1, n);
      scanComments(text, embed.syntax, emit, limit, tagEnd + 1, contentEnd);
      return contentEnd;
    }
    return -1;
  };

  /** Tries the openers that start with `c` at i; returns the offset to continue from, or -1. */
  const tryOpeners = (c: number, firstBefore: number): number => {
    const list = byFirst[c];
    if (!list) return -1;
    for (const opener of list) {
      if (!text.startsWith(opener.open, i)) continue;
      const after = i + opener.open.length;
      if (opener.kind === 'line') {
        const where = opener.where ?? 'anywhere';
        if (where === 'lineStart' && firstBefore >= 0) continue;
        if (where === 'afterSpace' && i > 0) {
          const before = text.charCodeAt(i - 1);
          if (!isSpace(before) && !(opener.after !== undefined && opener.after.includes(text[i - 1]))) continue;
        }
        if (opener.notFollowedBy !== undefined && text.startsWith(opener.notFollowedBy, after)) continue;
        if (opener.notAfter !== undefined && i > 0 && opener.notAfter.includes(text[i - 1])) continue;
        const end = lineEnd(after);
        emit({ start: i, end, contentStart: after, contentEnd: end, closed: false });
        return end;
      }
      if (opener.kind === 'block') {
        if (opener.column0 && i > 0 && text.charCodeAt(i - 1) !== 10 && text.charCodeAt(i - 1) !== 13) continue;
        return scanBlock(i, opener.open, opener.close, opener.nested === true);
      }
      if (opener.scalarStart) {
        // YAML: a quote opens a string only where a scalar starts.
        let k = i - 1;
        while (k >= 0 && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k--;
        const before = k < 0 ? 10 : text.charCodeAt(k);
        if (before !== 10 && before !== 13 && ':-[{,?'.indexOf(text[k]) < 0) continue;
      }
      let docstring = false;
      if (opener.docstring && depth === 0) {
        let k = i;
        while (i - k < 2 && k > 0 && PY_PREFIX.includes(text[k - 1])) k--;
        if (k < i && k > 0 && isIdentChar(text.charCodeAt(k - 1))) k = -1;
        docstring = k === i ? firstBefore < 0 : k >= 0 && firstBefore === k;
      }
      const end = scanString(opener, after);
      if (docstring) {
        emit({ start: i, end, contentStart: after, contentEnd: closed ? end - opener.close.length : end, closed });
      } else {
        prevSig = 34;
        prevSigAt = end - 1;
      }
      return end;
    }
    return -1;
  };

  while (i < n && i <= limit) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      lineFirst = -1;
      i++;
      continue;
    }
    const kind = c < 128 ? trigger[c] : 0;
    if (kind !== 1) {
      if (kind === 2) {
        if (interpolations.length > 0) {
          const resumed = leaveInterpolation(c, i);
          if (resumed >= 0) {
            if (lineFirst < 0) lineFirst = i;
            i = resumed;
            continue;
          }
        }
        if (c === 40 || c === 91 || c === 123) depth++;
        else if (depth > 0) depth--;
      }
      if (c !== 32 && c !== 9) {
        if (lineFirst < 0) lineFirst = i;
        prevSig = c;
        prevSigAt = i;
      }
      i++;
      continue;
    }
    const firstBefore = lineFirst;
    if (lineFirst < 0) lineFirst = i;

    if (interpolations.length > 0) {
      const resumed = leaveInterpolation(c, i);
      if (resumed >= 0) {
        i = resumed;
        continue;
      }
    }

    if (hook !== undefined && hookChars[c] === 1) {
      const region = hook(text, i);
      if (region === 'code') {
        prevSig = c;
        prevSigAt = i;
        i++;
        continue;
      }
      if (region !== undefined) {
        const end = scanString(region, region.openEnd);
        if (region.comment) {
          emit({ start: i, end, contentStart: region.openEnd, contentEnd: closed ? end - region.close.length : end, closed });
        } else {
          prevSig = 34;
          prevSigAt = end - 1;
        }
        i = end;
        continue;
      }
    }

    const next = tryOpeners(c, firstBefore);
    if (next >= 0) {
      i = next;
      continue;
    }

    if (compiled.embeds !== undefined && c === 60) {
      const resumeAt = scanEmbedded(compiled.embeds);
      if (resumeAt >= 0) {
        i = resumeAt;
        continue;
      }
    }

    if (compiled.tracksBrackets) {
      if (c === 40 || c === 91 || c === 123) depth++;
      else if ((c === 41 || c === 93 || c === 125) && depth > 0) depth--;
    }
    if (compiled.regexLiterals && c === 47 && regexAllowed()) {
      const end = scanRegex(i);
      if (end > 0) {
        i = end;
        // A regex is a value: a following `/` divides.
        prevSig = 41;
        prevSigAt = end - 1;
        continue;
      }
    }
    prevSig = c;
    prevSigAt = i;
    i++;
  }
}
