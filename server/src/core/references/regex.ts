/**
 * A small reader for the JavaScript regular expressions users write as id patterns. It exists so
 * that we can (1) refuse patterns that backtrack catastrophically before they ever run over a
 * workspace, (2) bound every unbounded repetition so that one match attempt costs at most a few
 * hundred steps, and (3) translate the pattern into POSIX ERE / Rust regex syntax for a native
 * pre-filter (rg, git grep -E). It only has to understand patterns `new RegExp` already accepted
 * (without the `u` flag); anything it does not understand is reported, never guessed at.
 */

/** A set of UTF-16 code units, exact for ASCII, with one flag standing for "some non-ASCII unit". */
export class CharSet {
  private readonly bits = new Uint32Array(4);
  /** True when the set may hold code units above 127 (we do not track which ones). */
  other = false;

  static of(...codes: number[]): CharSet {
    const set = new CharSet();
    for (const code of codes) set.addRange(code, code);
    return set;
  }

  static any(): CharSet {
    const set = new CharSet();
    set.addRange(0, 0xffff);
    return set;
  }

  addRange(from: number, to: number): void {
    if (to > 127) this.other = true;
    for (let c = from; c <= Math.min(to, 127); c++) this.bits[c >> 5] |= 1 << (c & 31);
  }

  addSet(other: CharSet): void {
    for (let k = 0; k < 4; k++) this.bits[k] |= other.bits[k];
    this.other ||= other.other;
  }

  /** The complement; the non-ASCII part is assumed to stay possible, which errs toward overlap. */
  negated(): CharSet {
    const set = new CharSet();
    for (let k = 0; k < 4; k++) set.bits[k] = ~this.bits[k];
    set.other = true;
    return set;
  }

  has(code: number): boolean {
    return code < 128 ? (this.bits[code >> 5] & (1 << (code & 31))) !== 0 : this.other;
  }

  isEmpty(): boolean {
    return !this.other && this.bits.every((word) => word === 0);
  }

  intersects(other: CharSet): boolean {
    if (this.other && other.other) return true;
    for (let k = 0; k < 4; k++) if ((this.bits[k] & other.bits[k]) !== 0) return true;
    return false;
  }
}

/** `capture` and `plain` groups match; the four lookarounds only assert. */
export type GroupKind = 'capture' | 'plain' | 'ahead' | 'notAhead' | 'behind' | 'notBehind';

/** The parsed form of a pattern. `ere` on sets is the POSIX/Rust spelling, undefined when there is none. */
export type RegexNode =
  | { type: 'alt'; alternatives: RegexNode[] }
  | { type: 'seq'; items: RegexNode[] }
  | { type: 'group'; kind: GroupKind; body: RegexNode }
  | { type: 'repeat'; body: RegexNode; min: number; max: number; lazy: boolean }
  | { type: 'set'; set: CharSet; js: string; ere: string | undefined }
  | { type: 'assert'; js: '^' | '$' | '\\b' | '\\B' }
  | { type: 'backref' };

const DIGITS = (() => {
  const set = new CharSet();
  set.addRange(48, 57);
  return set;
})();
const WORD = (() => {
  const set = new CharSet();
  set.addRange(48, 57);
  set.addRange(65, 90);
  set.addRange(97, 122);
  set.addRange(95, 95);
  return set;
})();
const SPACE = (() => {
  // Includes the Unicode spaces JavaScript's \s matches, via the non-ASCII flag.
  const set = CharSet.of(9, 10, 11, 12, 13, 32);
  set.other = true;
  return set;
})();
const LINE_TERMINATORS = CharSet.of(10, 13);

/** Characters that must be escaped to stand for themselves outside a bracket in ERE and Rust. */
const ERE_SPECIAL = '.[]()*+?{}|^$\\';

/** A pattern the reader cannot take apart (or one using a refused construct such as a backreference). */
export class RegexSyntaxError extends Error {}

/** Parses a pattern `new RegExp(source)` accepted. Throws RegexSyntaxError for what it cannot read. */
export function parseRegex(source: string): RegexNode {
  let pos = 0;

  const fail = (message: string): never => {
    throw new RegexSyntaxError(message);
  };

  const literal = (code: number, js: string): RegexNode => {
    const ch = String.fromCharCode(code);
    let ere: string | undefined;
    if (code < 32 || code === 127) ere = undefined;
    else if (ERE_SPECIAL.includes(ch)) ere = '\\' + ch;
    else ere = ch;
    return { type: 'set', set: CharSet.of(code), js, ere };
  };

  /** Reads `\...` outside or inside a class. Returns a set plus its JS and ERE spellings. */
  const readEscape = (inClass: boolean): { set: CharSet; code?: number; js: string; ere: string | undefined; ereInClass: string | undefined } => {
    const start = pos;
    pos++; // the backslash
    const ch = source[pos++];
    if (ch === undefined) return fail('a pattern cannot end with a backslash');
    const js = source.slice(start, pos);
    switch (ch) {
      case 'd':
        return { set: DIGITS, js, ere: '[[:digit:]]', ereInClass: '[:digit:]' };
      case 'D':
        return { set: DIGITS.negated(), js, ere: '[^[:digit:]]', ereInClass: undefined };
      case 'w':
        return { set: WORD, js, ere: '[[:alnum:]_]', ereInClass: '[:alnum:]_' };
      case 'W':
        return { set: WORD.negated(), js, ere: '[^[:alnum:]_]', ereInClass: undefined };
      case 's':
        return { set: SPACE, js, ere: '[[:space:]]', ereInClass: '[:space:]' };
      case 'S':
        return { set: SPACE.negated(), js, ere: '[^[:space:]]', ereInClass: undefined };
      case 't':
        return { set: CharSet.of(9), code: 9, js, ere: undefined, ereInClass: undefined };
      case 'n':
        return { set: CharSet.of(10), code: 10, js, ere: undefined, ereInClass: undefined };
      case 'r':
        return { set: CharSet.of(13), code: 13, js, ere: undefined, ereInClass: undefined };
      case 'f':
        return { set: CharSet.of(12), code: 12, js, ere: undefined, ereInClass: undefined };
      case 'v':
        return { set: CharSet.of(11), code: 11, js, ere: undefined, ereInClass: undefined };
      case 'b':
        // Only reached inside a class, where \b is a backspace.
        return { set: CharSet.of(8), code: 8, js, ere: undefined, ereInClass: undefined };
      case 'x':
      case 'u': {
        const digits = ch === 'x' ? 2 : 4;
        const hex = source.slice(pos, pos + digits);
        if (hex.length === digits && /^[0-9a-fA-F]+$/.test(hex)) {
          pos += digits;
          const code = parseInt(hex, 16);
          const printable = code >= 33 && code < 127;
          const plain = String.fromCharCode(code);
          return {
            set: CharSet.of(code),
            code,
            js: source.slice(start, pos),
            ere: printable ? (ERE_SPECIAL.includes(plain) ? '\\' + plain : plain) : undefined,
            ereInClass: printable && !'[]\\^-&~'.includes(plain) ? plain : undefined,
          };
        }
        // Without the `u` flag a malformed \x or \u is the letter itself.
        const code = ch.charCodeAt(0);
        return { set: CharSet.of(code), code, js, ere: ch, ereInClass: ch };
      }
      case 'c': {
        const letter = source[pos];
        if (letter !== undefined && /[A-Za-z]/.test(letter)) {
          pos++;
          const code = letter.charCodeAt(0) % 32;
          return { set: CharSet.of(code), code, js: source.slice(start, pos), ere: undefined, ereInClass: undefined };
        }
        return { set: CharSet.of(92), code: 92, js: '\\\\', ere: '\\\\', ereInClass: undefined };
      }
      case 'k':
        if (source[pos] === '<') return fail('backreferences (\\k<name>) are not supported');
        return { set: CharSet.of(107), code: 107, js, ere: 'k', ereInClass: 'k' };
      default: {
        if (ch >= '1' && ch <= '9' && !inClass) return fail(`backreferences (\\${ch}) are not supported`);
        if (ch >= '0' && ch <= '9') {
          // Legacy octal escapes: readable, but not worth a portable spelling.
          return { set: CharSet.any(), js, ere: undefined, ereInClass: undefined };
        }
        const code = ch.charCodeAt(0);
        const special = ERE_SPECIAL.includes(ch);
        return {
          set: CharSet.of(code),
          code,
          js,
          ere: special ? '\\' + ch : /[A-Za-z0-9]/.test(ch) ? undefined : ch,
          ereInClass: '[]\\^-&~'.includes(ch) || /[A-Za-z0-9]/.test(ch) ? undefined : ch,
        };
      }
    }
  };

  const readClass = (): RegexNode => {
    const start = pos;
    pos++; // [
    let negate = false;
    if (source[pos] === '^') {
      negate = true;
      pos++;
    }
    const set = new CharSet();
    const erePieces: string[] = [];
    let portable = true;
    let hasDash = false;
    let hasBracket = false;
    const addCode = (code: number): void => {
      const ch = String.fromCharCode(code);
      if (ch === ']') hasBracket = true;
      else if (ch === '-') hasDash = true;
      else if (code < 33 || code >= 127 || '[\\^&~'.includes(ch)) portable = false;
      else erePieces.push(ch);
    };
    while (pos < source.length && source[pos] !== ']') {
      let lowCode: number | undefined;
      if (source[pos] === '\\') {
        const escape = readEscape(true);
        set.addSet(escape.set);
        if (escape.code === undefined) {
          if (escape.ereInClass === undefined) portable = false;
          else erePieces.push(escape.ereInClass);
          continue;
        }
        lowCode = escape.code;
      } else {
        lowCode = source.charCodeAt(pos++);
      }
      // A range `a-z` (a dash before the closing bracket is a literal).
      if (source[pos] === '-' && pos + 1 < source.length && source[pos + 1] !== ']') {
        pos++;
        let highCode: number;
        if (source[pos] === '\\') {
          const escape = readEscape(true);
          if (escape.code === undefined) {
            // `[a-\d]` is legal without `u`: a, dash and digits.
            set.addSet(escape.set);
            addCode(lowCode);
            addCode(45);
            portable = false;
            continue;
          }
          highCode = escape.code;
        } else {
          highCode = source.charCodeAt(pos++);
        }
        set.addRange(lowCode, highCode);
        const low = String.fromCharCode(lowCode);
        const high = String.fromCharCode(highCode);
        if (/[A-Za-z0-9]/.test(low) && /[A-Za-z0-9]/.test(high)) erePieces.push(`${low}-${high}`);
        else portable = false;
        continue;
      }
      set.addRange(lowCode, lowCode);
      addCode(lowCode);
    }
    if (source[pos] !== ']') return fail('unterminated character class');
    pos++;
    const js = source.slice(start, pos);
    let ere: string | undefined;
    if (portable) {
      const body = (hasBracket ? ']' : '') + erePieces.join('') + (hasDash ? '-' : '');
      // POSIX has no empty bracket; `[]` (matches nothing) and `[^]` (anything) have no spelling.
      ere = body === '' ? undefined : `[${negate ? '^' : ''}${body}]`;
    }
    return { type: 'set', set: negate ? set.negated() : set, js, ere };
  };

  /** Reads `{n}`, `{n,}` or `{n,m}` at pos; undefined (pos unchanged) when `{` is a literal. */
  const readBraces = (): { min: number; max: number } | undefined => {
    const match = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(pos, pos + 24));
    if (!match) return undefined;
    pos += match[0].length;
    const min = Number(match[1]);
    const max = match[2] === undefined ? min : match[3] === '' ? Infinity : Number(match[3]);
    return { min, max };
  };

  const readAtom = (): RegexNode => {
    const ch = source[pos];
    switch (ch) {
      case '(': {
        pos++;
        let kind: GroupKind = 'capture';
        if (source.startsWith('?:', pos)) {
          kind = 'plain';
          pos += 2;
        } else if (source.startsWith('?=', pos)) {
          kind = 'ahead';
          pos += 2;
        } else if (source.startsWith('?!', pos)) {
          kind = 'notAhead';
          pos += 2;
        } else if (source.startsWith('?<=', pos)) {
          kind = 'behind';
          pos += 3;
        } else if (source.startsWith('?<!', pos)) {
          kind = 'notBehind';
          pos += 3;
        } else if (source.startsWith('?<', pos)) {
          const close = source.indexOf('>', pos);
          if (close < 0) return fail('unterminated group name');
          pos = close + 1;
        } else if (source[pos] === '?') {
          return fail('unsupported group syntax "(?"');
        }
        const body = readAlternation();
        if (source[pos] !== ')') return fail('unterminated group');
        pos++;
        return { type: 'group', kind, body };
      }
      case '[':
        return readClass();
      case '.': {
        pos++;
        return { type: 'set', set: LINE_TERMINATORS.negated(), js: '.', ere: '.' };
      }
      case '^':
      case '$':
        pos++;
        return { type: 'assert', js: ch };
      case '\\': {
        const next = source[pos + 1];
        if (next === 'b' || next === 'B') {
          pos += 2;
          return { type: 'assert', js: next === 'b' ? '\\b' : '\\B' };
        }
        const escape = readEscape(false);
        return { type: 'set', set: escape.set, js: escape.js, ere: escape.ere };
      }
      case '{': {
        if (readBraces() !== undefined) return fail('nothing to repeat');
        pos++;
        return literal(123, '\\{');
      }
      case '*':
      case '+':
      case '?':
        return fail('nothing to repeat');
      default: {
        const code = source.charCodeAt(pos++);
        // Re-escape so the JS spelling stays a literal wherever we emit it.
        return literal(code, ERE_SPECIAL.includes(ch) || ch === '/' ? '\\' + ch : ch);
      }
    }
  };

  const readSequence = (): RegexNode => {
    const items: RegexNode[] = [];
    while (pos < source.length && source[pos] !== '|' && source[pos] !== ')') {
      let atom = readAtom();
      for (;;) {
        const ch = source[pos];
        let bounds: { min: number; max: number } | undefined;
        if (ch === '*') bounds = { min: 0, max: Infinity };
        else if (ch === '+') bounds = { min: 1, max: Infinity };
        else if (ch === '?') bounds = { min: 0, max: 1 };
        if (bounds) pos++;
        else if (ch === '{') bounds = readBraces();
        if (!bounds) break;
        const lazy = source[pos] === '?';
        if (lazy) pos++;
        if (atom.type === 'assert') return fail('nothing to repeat');
        atom = { type: 'repeat', body: atom, min: bounds.min, max: bounds.max, lazy };
      }
      items.push(atom);
    }
    return items.length === 1 ? items[0] : { type: 'seq', items };
  };

  const readAlternation = (): RegexNode => {
    const alternatives = [readSequence()];
    while (source[pos] === '|') {
      pos++;
      alternatives.push(readSequence());
    }
    return alternatives.length === 1 ? alternatives[0] : { type: 'alt', alternatives };
  };

  const node = readAlternation();
  if (pos < source.length) fail(`unexpected "${source[pos]}"`);
  return node;
}

/** Whether the node can match the empty string. Lookarounds and anchors are zero-width. */
export function nullable(node: RegexNode): boolean {
  switch (node.type) {
    case 'alt':
      return node.alternatives.some(nullable);
    case 'seq':
      return node.items.every(nullable);
    case 'group':
      return node.kind === 'capture' || node.kind === 'plain' ? nullable(node.body) : true;
    case 'repeat':
      return node.min === 0 || nullable(node.body);
    case 'set':
      return false;
    case 'assert':
    case 'backref':
      return true;
  }
}

/** The code units a match of the node can start with. */
function firstSet(node: RegexNode): CharSet {
  const out = new CharSet();
  switch (node.type) {
    case 'alt':
      for (const alternative of node.alternatives) out.addSet(firstSet(alternative));
      break;
    case 'seq':
      for (const item of node.items) {
        out.addSet(firstSet(item));
        if (!nullable(item)) break;
      }
      break;
    case 'group':
      if (node.kind === 'capture' || node.kind === 'plain') out.addSet(firstSet(node.body));
      break;
    case 'repeat':
      out.addSet(firstSet(node.body));
      break;
    case 'set':
      out.addSet(node.set);
      break;
    default:
      break;
  }
  return out;
}

/** The code units a match of the node can end with. */
function lastSet(node: RegexNode): CharSet {
  const out = new CharSet();
  switch (node.type) {
    case 'alt':
      for (const alternative of node.alternatives) out.addSet(lastSet(alternative));
      break;
    case 'seq':
      for (let k = node.items.length - 1; k >= 0; k--) {
        out.addSet(lastSet(node.items[k]));
        if (!nullable(node.items[k])) break;
      }
      break;
    case 'group':
      if (node.kind === 'capture' || node.kind === 'plain') out.addSet(lastSet(node.body));
      break;
    case 'repeat':
      out.addSet(lastSet(node.body));
      break;
    case 'set':
      out.addSet(node.set);
      break;
    default:
      break;
  }
  return out;
}

/** A repetition whose length can vary (`+`, `*`, `{2,5}`), the kind that gives characters back. */
function isVariableRepeat(node: RegexNode): boolean {
  const inner = unwrap(node);
  return inner.type === 'repeat' && inner.max > 1 && inner.max !== inner.min;
}

/**
 * Two variable repetitions in a row that can trade characters (`\d+\d+`, `\w+-?\d+`): each
 * split point is tried, so the cost grows with the product of their lengths. Bounded repetitions
 * keep that finite, but three such would still cost millions of steps per start.
 */
function tradesCharacters(sequence: RegexNode[]): boolean {
  let carried = new CharSet();
  for (const item of sequence) {
    const first = firstSet(item);
    if (isVariableRepeat(item)) {
      if (carried.intersects(first)) return true;
      const last = lastSet(item);
      if (nullable(item)) carried.addSet(last);
      else carried = last;
    } else if (nullable(item)) {
      carried.addSet(lastSet(item));
    } else if (!carried.intersects(first)) {
      carried = new CharSet();
    }
  }
  return false;
}

/**
 * Every code unit a variable repetition inside the node can consume: `+`, `*`, `{2,5}`, and `?`
 * too: in `(?:\d\d?)+` the optional digit lets each pass split a run of digits two ways.
 */
function repeatedChars(node: RegexNode, out: CharSet, insideRepeat: boolean): void {
  switch (node.type) {
    case 'alt':
      for (const alternative of node.alternatives) repeatedChars(alternative, out, insideRepeat);
      break;
    case 'seq':
      for (const item of node.items) repeatedChars(item, out, insideRepeat);
      break;
    case 'group':
      repeatedChars(node.body, out, insideRepeat);
      break;
    case 'repeat':
      repeatedChars(node.body, out, insideRepeat || node.max !== node.min);
      break;
    case 'set':
      if (insideRepeat) out.addSet(node.set);
      break;
    default:
      break;
  }
}

/** Strips plain and capturing groups around a node. */
function unwrap(node: RegexNode): RegexNode {
  while (node.type === 'group' && (node.kind === 'capture' || node.kind === 'plain')) node = node.body;
  return node;
}

/** A single code-unit set every match of the node must consume, if it is that simple. */
function mandatorySet(node: RegexNode): CharSet | undefined {
  const inner = unwrap(node);
  if (inner.type === 'set') return inner.set;
  if (inner.type === 'repeat' && inner.min >= 1 && inner.max === 1) return mandatorySet(inner.body);
  return undefined;
}

/**
 * Finds a construct that can make backtracking exponential, and says why, or returns undefined.
 *
 * A repetition is accepted when each iteration can be told apart from the next: its body cannot
 * match the empty string; alternatives inside it start with different characters; and when the
 * body itself repeats something, it also holds a mandatory character that repeated part can never
 * consume (`(?:-\d+)*` is fine because of the `-`; `(a+)+`, `(\w+\s?)+` are not). Two variable
 * repetitions in a row must not be able to trade characters (`\w+\d+`). This is stricter
 * than necessary for a few exotic patterns, but id patterns are simple and a rejected pattern is
 * reported with the reason.
 */
export function findBacktrackingHazard(node: RegexNode): string | undefined {
  const alternativesOverlap = (inner: RegexNode): boolean => {
    switch (inner.type) {
      case 'alt': {
        const sets = inner.alternatives.map(firstSet);
        for (let a = 0; a < sets.length; a++) {
          if (nullable(inner.alternatives[a])) return true;
          for (let b = a + 1; b < sets.length; b++) if (sets[a].intersects(sets[b])) return true;
        }
        return inner.alternatives.some(alternativesOverlap);
      }
      case 'seq':
        return inner.items.some(alternativesOverlap);
      case 'group':
      case 'repeat':
        return alternativesOverlap(inner.body);
      default:
        return false;
    }
  };

  const branchIsAmbiguous = (branch: RegexNode): boolean => {
    const repeated = new CharSet();
    repeatedChars(branch, repeated, false);
    if (repeated.isEmpty()) return false;
    const items = branch.type === 'seq' ? branch.items : [branch];
    return !items.some((item) => {
      const set = mandatorySet(item);
      return set !== undefined && !set.intersects(repeated);
    });
  };

  const visit = (current: RegexNode): string | undefined => {
    switch (current.type) {
      case 'alt':
        for (const alternative of current.alternatives) {
          const found = visit(alternative);
          if (found) return found;
        }
        return undefined;
      case 'seq':
        if (tradesCharacters(current.items)) {
          return 'two repetitions in a row can match the same characters (e.g. "\\w+\\d+"), which backtracks heavily; separate them or make them disjoint';
        }
        for (const item of current.items) {
          const found = visit(item);
          if (found) return found;
        }
        return undefined;
      case 'group':
        return visit(current.body);
      case 'repeat': {
        if (current.max > 1) {
          if (nullable(current.body)) return 'a repeated part can match the empty string';
          if (alternativesOverlap(current.body)) {
            return 'alternatives inside a repetition can match the same text (e.g. "(a|a)*"), which backtracks catastrophically';
          }
          const body = unwrap(current.body);
          const branches = body.type === 'alt' ? body.alternatives : [body];
          if (branches.some(branchIsAmbiguous)) {
            return 'a repetition inside a repetition can split the same text in many ways (e.g. "(a+)+"), which backtracks catastrophically';
          }
        }
        return visit(current.body);
      }
      default:
        return undefined;
    }
  };
  return visit(node);
}

/** Whether the node holds a lookbehind anywhere. */
export function hasLookbehind(node: RegexNode): boolean {
  switch (node.type) {
    case 'alt':
      return node.alternatives.some(hasLookbehind);
    case 'seq':
      return node.items.some(hasLookbehind);
    case 'group':
      return node.kind === 'behind' || node.kind === 'notBehind' || hasLookbehind(node.body);
    case 'repeat':
      return hasLookbehind(node.body);
    default:
      return false;
  }
}

/**
 * The JavaScript source with groups made non-capturing, anchors dropped (an id is always a whole
 * token, so `^INC-\d+$` means the same as `INC-\d+`) and every repetition bounded by `cap`: a
 * repetition that reaches the cap makes the match longer than any id we accept, so bounding it
 * changes no accepted match and limits the work one match attempt can do.
 */
export function toBoundedJs(node: RegexNode, cap: number): string {
  switch (node.type) {
    case 'alt':
      return node.alternatives.map((alternative) => toBoundedJs(alternative, cap)).join('|');
    case 'seq':
      return node.items.map((item) => toBoundedJs(item, cap)).join('');
    case 'group': {
      const open = { capture: '(?:', plain: '(?:', ahead: '(?=', notAhead: '(?!', behind: '(?<=', notBehind: '(?<!' }[node.kind];
      return open + toBoundedJs(node.body, cap) + ')';
    }
    case 'repeat': {
      const max = Math.min(node.max, Math.max(cap, node.min));
      const quantifier = node.min === max ? `{${max}}` : `{${node.min},${max}}`;
      return `(?:${toBoundedJs(node.body, cap)})${quantifier}${node.lazy ? '?' : ''}`;
    }
    case 'set':
      return node.js;
    case 'assert':
      return node.js === '^' || node.js === '$' ? '' : node.js;
    case 'backref':
      return '';
  }
}

/**
 * A POSIX ERE spelling (also valid for Rust's regex crate, used by rg) that matches at least
 * everything the pattern matches: lookarounds and laziness are dropped, which only widens it.
 * Undefined when some part has no portable spelling.
 */
export function toEre(node: RegexNode): string | undefined {
  switch (node.type) {
    case 'alt': {
      const parts = node.alternatives.map(toEre);
      return parts.some((part) => part === undefined) ? undefined : parts.join('|');
    }
    case 'seq': {
      const parts = node.items.map(toEre);
      return parts.some((part) => part === undefined) ? undefined : parts.join('');
    }
    case 'group': {
      if (node.kind !== 'capture' && node.kind !== 'plain') return '';
      const body = toEre(node.body);
      return body === undefined ? undefined : `(${body})`;
    }
    case 'repeat': {
      const body = toEre(node.body);
      if (body === undefined) return undefined;
      if (body === '') return '';
      // A single set or an already parenthesised group needs no extra parentheses.
      const atom = node.body.type === 'set' || (node.body.type === 'group' && body.startsWith('(')) ? body : `(${body})`;
      if (node.min === 0 && node.max === Infinity) return atom + '*';
      if (node.min === 1 && node.max === Infinity) return atom + '+';
      if (node.min === 0 && node.max === 1) return atom + '?';
      return `${atom}{${node.min},${node.max === Infinity ? '' : node.max}}`;
    }
    case 'set':
      return node.ere;
    case 'assert':
      // GNU ERE and Rust both know \b; \B has no portable spelling, and dropping it only widens.
      return node.js === '\\b' ? '\\b' : '';
    case 'backref':
      return undefined;
  }
}
