/**
 * The lexical shapes the comment scanner needs: how comments and string literals open and close.
 * The scanner only has to tell comments from strings from code, so each language is described by
 * its openers, plus a few hooks for delimiters that are computed (raw strings, long brackets).
 */

/** A line comment opener and where it may stand. */
export interface LineRule {
  kind: 'line';
  open: string;
  /**
   * `anywhere` (default); `lineStart`: only whitespace before it on the line; `afterSpace`: at the
   * start of the text or after whitespace or one of `after` (YAML `a#b`, shell `$#` are not comments).
   */
  where?: 'anywhere' | 'lineStart' | 'afterSpace';
  after?: string;
  /** Not a comment when followed by this (PHP `#[Attribute]`). */
  notFollowedBy?: string;
  /** Not a comment when preceded by one of these characters (Makefile `\#`, SCSS `url(http://…)`). */
  notAfter?: string;
}

/** A block comment. */
export interface BlockRule {
  kind: 'block';
  open: string;
  close: string;
  /** Block comments nest (Rust, Kotlin, Swift, Scala). */
  nested?: boolean;
  /** Only at the very start of a line (Ruby `=begin`). */
  column0?: boolean;
}

/** A string literal, whose content is never a comment. */
export interface StringRule {
  kind: 'string';
  open: string;
  close: string;
  /** `backslash`: `\x` skips x; `double`: a doubled close is content (SQL `''`); `none`: raw. */
  escape: 'backslash' | 'double' | 'none';
  /** False: an unterminated literal ends at the end of its line instead of swallowing the file. */
  multiline: boolean;
  /** Interpolation opener whose code runs until the matching close (`${`…`}`, Swift `\(`…`)`). */
  interpolation?: string;
  /** Python: a triple-quoted string that starts a statement is a docstring, i.e. a comment. */
  docstring?: boolean;
  /** YAML: a quote only opens a string at the start of a scalar (`it's` is plain text). */
  scalarStart?: boolean;
}

/** Anything that starts a comment or a literal at a fixed string. */
export type Opener = LineRule | BlockRule | StringRule;

/** A region a hook opened at a computed delimiter: scanned to `close` like a string rule. */
export interface HookRegion {
  /** Offset just past the opening delimiter. */
  openEnd: number;
  close: string;
  escape: StringRule['escape'];
  multiline: boolean;
  /** The region is a comment (Lua `--[[ ]]`) rather than a string. */
  comment?: boolean;
}

/**
 * Looks at `text[i]` (one of the syntax's `hookChars`). Returns a region to scan, `'code'` when the
 * character is plain code (a Rust lifetime `'a`, a C++ digit separator), or undefined to let the
 * ordinary openers decide.
 */
export type Hook = (text: string, i: number) => HookRegion | 'code' | undefined;

/** Comment syntax of a language, for the Insert Reference command. */
export interface CommentTokens {
  line?: string[];
  block?: Array<[string, string]>;
}

/** How one language writes comments and literals, as far as finding comments needs. */
export interface Syntax {
  name: string;
  /** Tried in order at each position: put longer openers first (`"""` before `"`). */
  openers: Opener[];
  hook?: Hook;
  hookChars?: string;
  /** JavaScript-style regex literals `/…/` where an expression may start. */
  regexLiterals?: boolean;
  /** Track bracket depth, for Python docstrings (a statement never starts inside brackets). */
  tracksBrackets?: boolean;
  /** Elements whose content is another language (HTML `<script>`, `<style>`), scanned with its syntax. */
  embeds?: Array<{ tag: string; syntax: Syntax }>;
}

function isIdentChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code > 127;
}

/** True when text[k] does not exist or is not part of an identifier. */
function notIdentAt(text: string, k: number): boolean {
  return k < 0 || !isIdentChar(text.charCodeAt(k));
}

/**
 * `'x'`, `'\n'`, `'\u{1F600}'` are char literals; `'a` (Rust lifetime, Scala symbol) is code.
 * A literal holds one escape or one code point, so the closing quote is near.
 */
function charOrLifetime(text: string, i: number): HookRegion | 'code' {
  const next = text.charCodeAt(i + 1);
  if (next === 92 /* \ */) return { openEnd: i + 1, close: "'", escape: 'backslash', multiline: false };
  const width = next >= 0xd800 && next <= 0xdbff ? 2 : 1;
  if (text.charCodeAt(i + 1 + width) === 39 && next !== 10 && next !== 13) {
    return { openEnd: i + 1, close: "'", escape: 'none', multiline: false };
  }
  return 'code';
}

/** Counts `ch` from i on. */
function runLength(text: string, i: number, ch: number): number {
  let k = i;
  while (text.charCodeAt(k) === ch) k++;
  return k - i;
}

const rustHook: Hook = (text, i) => {
  const ch = text[i];
  if (ch === "'") {
    // b'x' is a byte literal, same shape.
    return charOrLifetime(text, i);
  }
  // Raw strings: r"…", r#"…"#, br"…", cr#"…"#.
  if (text[i - 1] !== 'r') return undefined;
  const prefixOk = notIdentAt(text, i - 2) || ((text[i - 2] === 'b' || text[i - 2] === 'c') && notIdentAt(text, i - 3));
  if (!prefixOk) return undefined;
  const hashes = ch === '#' ? runLength(text, i, 35) : 0;
  if (text[i + hashes] !== '"') return undefined;
  return { openEnd: i + hashes + 1, close: '"' + '#'.repeat(hashes), escape: 'none', multiline: true };
};

const cppHook: Hook = (text, i) => {
  if (text[i] === "'") {
    // C++14 digit separator: 1'000'000.
    const before = text.charCodeAt(i - 1);
    if (before >= 48 && before <= 57 && isIdentChar(text.charCodeAt(i + 1))) return 'code';
    return undefined;
  }
  // Raw string R"delim( … )delim", with optional u8, u, U, L prefix.
  if (text[i - 1] !== 'R') return undefined;
  let k = i - 1;
  if (text.startsWith('u8', k - 2)) k -= 2;
  else if (k > 0 && 'uUL'.includes(text[k - 1])) k -= 1;
  if (!notIdentAt(text, k - 1)) return undefined;
  const paren = text.indexOf('(', i + 1);
  if (paren < 0 || paren - i - 1 > 16) return undefined;
  const delimiter = text.slice(i + 1, paren);
  if (/[\s\\)"]/.test(delimiter)) return undefined;
  return { openEnd: paren + 1, close: ')' + delimiter + '"', escape: 'none', multiline: true };
};

const csharpHook: Hook = (text, i) => {
  const quotes = runLength(text, i, 34);
  // Raw string literal: three or more quotes, closed by as many.
  if (quotes >= 3) return { openEnd: i + quotes, close: '"'.repeat(quotes), escape: 'none', multiline: true };
  // Verbatim string @"…" (also $@"…", @$"…"): "" is a quote, backslash is plain.
  if (text[i - 1] === '@' || (text[i - 1] === '$' && text[i - 2] === '@')) {
    return { openEnd: i + 1, close: '"', escape: 'double', multiline: true };
  }
  return undefined;
};

const swiftHook: Hook = (text, i) => {
  // Raw strings #"…"#, ##"""…"""##.
  const hashes = runLength(text, i, 35);
  if (text[i + hashes] !== '"') return undefined;
  const triple = text.startsWith('"""', i + hashes);
  const fence = '#'.repeat(hashes);
  return triple
    ? { openEnd: i + hashes + 3, close: '"""' + fence, escape: 'none', multiline: true }
    : { openEnd: i + hashes + 1, close: '"' + fence, escape: 'none', multiline: false };
};

/** Lua long brackets `[[`, `[==[` at i; the close string or undefined. */
function luaLongBracket(text: string, i: number): { openEnd: number; close: string } | undefined {
  if (text[i] !== '[') return undefined;
  const level = runLength(text, i + 1, 61 /* = */);
  if (text[i + 1 + level] !== '[') return undefined;
  return { openEnd: i + level + 2, close: ']' + '='.repeat(level) + ']' };
}

const luaHook: Hook = (text, i) => {
  if (text[i] === '-') {
    if (text[i + 1] !== '-') return undefined;
    const long = luaLongBracket(text, i + 2);
    return long ? { ...long, escape: 'none', multiline: true, comment: true } : undefined;
  }
  const long = luaLongBracket(text, i);
  return long ? { ...long, escape: 'none', multiline: true } : undefined;
};

/**
 * Shell here-documents (`<<EOF`, `<<-'EOF'`): the body is data, so a `#` line in it is no comment.
 * The rest of the opening line is taken as part of the body, a small loss for a simple rule.
 */
const shellHook: Hook = (text, i) => {
  if (text[i + 1] !== '<') return undefined;
  // `<<<` is a here-string, and the next `<` must not be taken for a here-document either.
  if (text[i + 2] === '<' || text[i - 1] === '<') return 'code';
  let j = i + 2;
  const dash = text[j] === '-';
  if (dash) j++;
  while (text[j] === ' ' || text[j] === '\t') j++;
  const quote = text[j] === "'" || text[j] === '"' ? text[j] : text[j] === '\\' ? '\\' : '';
  if (quote) j++;
  const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(j, j + 64));
  if (!word) return undefined;
  j += word[0].length;
  if (quote && quote !== '\\') {
    if (text[j] !== quote) return undefined;
    j++;
  }
  // `<<-` allows tabs before the terminator, so look for the word itself there.
  return { openEnd: j, close: dash ? word[0] : '\n' + word[0], escape: 'none', multiline: true };
};

const scalaHook: Hook = (text, i) => charOrLifetime(text, i);

// Building blocks.
const slash: LineRule = { kind: 'line', open: '//' };
const hash: LineRule = { kind: 'line', open: '#' };
const cBlock: BlockRule = { kind: 'block', open: '/*', close: '*/' };
const nestedBlock: BlockRule = { kind: 'block', open: '/*', close: '*/', nested: true };
const dq: StringRule = { kind: 'string', open: '"', close: '"', escape: 'backslash', multiline: false };
const sq: StringRule = { kind: 'string', open: "'", close: "'", escape: 'backslash', multiline: false };
const dqMulti: StringRule = { ...dq, multiline: true };
const sqMulti: StringRule = { ...sq, multiline: true };

const C_LIKE: Syntax = { name: 'c', openers: [slash, cBlock, dq, sq] };
const JAVASCRIPT: Syntax = {
  name: 'javascript',
  openers: [slash, cBlock, dq, sq, { kind: 'string', open: '`', close: '`', escape: 'backslash', multiline: true, interpolation: '${' }],
  regexLiterals: true,
};
const CSS: Syntax = { name: 'css', openers: [cBlock, dq, sq] };

/** Every supported language syntax, by name; files map onto these in languages.ts. */
export const SYNTAXES = {
  javascript: JAVASCRIPT,
  json: { name: 'jsonc', openers: [slash, cBlock, dq] },
  python: {
    name: 'python',
    openers: [
      hash,
      { kind: 'string', open: '"""', close: '"""', escape: 'backslash', multiline: true, docstring: true },
      { kind: 'string', open: "'''", close: "'''", escape: 'backslash', multiline: true, docstring: true },
      dq,
      sq,
    ],
    tracksBrackets: true,
  },
  go: { name: 'go', openers: [slash, cBlock, dq, sq, { kind: 'string', open: '`', close: '`', escape: 'none', multiline: true }] },
  java: { name: 'java', openers: [slash, cBlock, { kind: 'string', open: '"""', close: '"""', escape: 'backslash', multiline: true }, dq, sq] },
  kotlin: {
    name: 'kotlin',
    openers: [
      slash,
      nestedBlock,
      { kind: 'string', open: '"""', close: '"""', escape: 'none', multiline: true, interpolation: '${' },
      { ...dq, interpolation: '${' },
      sq,
    ],
  },
  c: C_LIKE,
  cpp: { name: 'cpp', openers: [slash, cBlock, dq, sq], hook: cppHook, hookChars: `"'` },
  csharp: { name: 'csharp', openers: [slash, cBlock, dq, sq], hook: csharpHook, hookChars: '"' },
  rust: { name: 'rust', openers: [slash, nestedBlock, dqMulti], hook: rustHook, hookChars: `"#'` },
  ruby: {
    name: 'ruby',
    openers: [hash, { kind: 'block', open: '=begin', close: '\n=end', column0: true }, { ...dqMulti, interpolation: '#{' }, sqMulti],
  },
  php: {
    name: 'php',
    openers: [slash, { kind: 'line', open: '#', notFollowedBy: '[' }, cBlock, dqMulti, sqMulti],
  },
  swift: {
    name: 'swift',
    openers: [
      slash,
      nestedBlock,
      { kind: 'string', open: '"""', close: '"""', escape: 'backslash', multiline: true, interpolation: '\\(' },
      { ...dq, interpolation: '\\(' },
    ],
    hook: swiftHook,
    hookChars: '#',
  },
  scala: {
    name: 'scala',
    openers: [slash, nestedBlock, { kind: 'string', open: '"""', close: '"""', escape: 'none', multiline: true }, dq],
    hook: scalaHook,
    hookChars: "'",
  },
  shell: {
    name: 'shell',
    openers: [
      { kind: 'line', open: '#', where: 'afterSpace', after: ';&|()' },
      { kind: 'string', open: "'", close: "'", escape: 'none', multiline: true },
      dqMulti,
    ],
    hook: shellHook,
    hookChars: '<',
  },
  sql: {
    name: 'sql',
    openers: [
      { kind: 'line', open: '--' },
      cBlock,
      { kind: 'string', open: "'", close: "'", escape: 'double', multiline: true },
      { kind: 'string', open: '"', close: '"', escape: 'double', multiline: true },
    ],
  },
  yaml: {
    name: 'yaml',
    openers: [
      { kind: 'line', open: '#', where: 'afterSpace' },
      { kind: 'string', open: "'", close: "'", escape: 'double', multiline: true, scalarStart: true },
      { ...dqMulti, scalarStart: true },
    ],
  },
  toml: {
    name: 'toml',
    openers: [
      hash,
      { kind: 'string', open: '"""', close: '"""', escape: 'backslash', multiline: true },
      { kind: 'string', open: "'''", close: "'''", escape: 'none', multiline: true },
      dq,
      { kind: 'string', open: "'", close: "'", escape: 'none', multiline: false },
    ],
  },
  hcl: { name: 'hcl', openers: [hash, slash, cBlock, { ...dq, interpolation: '${' }] },
  dockerfile: { name: 'dockerfile', openers: [{ kind: 'line', open: '#', where: 'lineStart' }] },
  makefile: { name: 'makefile', openers: [{ kind: 'line', open: '#', notAfter: '\\' }] },
  html: {
    name: 'html',
    openers: [{ kind: 'block', open: '<!--', close: '-->' }],
    embeds: [
      { tag: 'script', syntax: JAVASCRIPT },
      { tag: 'style', syntax: CSS },
    ],
  },
  css: CSS,
  scss: { name: 'scss', openers: [{ kind: 'line', open: '//', notAfter: ':(' }, cBlock, dq, sq] },
  lua: { name: 'lua', openers: [{ kind: 'line', open: '--' }, dq, sq], hook: luaHook, hookChars: '-[' },
  ini: {
    name: 'ini',
    openers: [
      { kind: 'line', open: '#', where: 'afterSpace' },
      { kind: 'line', open: ';', where: 'lineStart' },
    ],
  },
  properties: {
    name: 'properties',
    openers: [
      { kind: 'line', open: '#', where: 'lineStart' },
      { kind: 'line', open: '!', where: 'lineStart' },
    ],
  },
} satisfies Record<string, Syntax>;

/** The name of a supported language syntax. */
export type SyntaxName = keyof typeof SYNTAXES;

/** Comment tokens for Insert Reference, best first (the first line token is the one to use). */
export const COMMENT_TOKENS: Record<SyntaxName, CommentTokens> = {
  javascript: { line: ['//'], block: [['/*', '*/']] },
  json: { line: ['//'], block: [['/*', '*/']] },
  python: { line: ['#'] },
  go: { line: ['//'], block: [['/*', '*/']] },
  java: { line: ['//'], block: [['/*', '*/']] },
  kotlin: { line: ['//'], block: [['/*', '*/']] },
  c: { line: ['//'], block: [['/*', '*/']] },
  cpp: { line: ['//'], block: [['/*', '*/']] },
  csharp: { line: ['//'], block: [['/*', '*/']] },
  rust: { line: ['//'], block: [['/*', '*/']] },
  ruby: { line: ['#'], block: [['=begin', '=end']] },
  php: { line: ['//', '#'], block: [['/*', '*/']] },
  swift: { line: ['//'], block: [['/*', '*/']] },
  scala: { line: ['//'], block: [['/*', '*/']] },
  shell: { line: ['#'] },
  sql: { line: ['--'], block: [['/*', '*/']] },
  yaml: { line: ['#'] },
  toml: { line: ['#'] },
  hcl: { line: ['#', '//'], block: [['/*', '*/']] },
  dockerfile: { line: ['#'] },
  makefile: { line: ['#'] },
  html: { block: [['<!--', '-->']] },
  css: { block: [['/*', '*/']] },
  scss: { line: ['//'], block: [['/*', '*/']] },
  lua: { line: ['--'], block: [['--[[', ']]']] },
  ini: { line: ['#', ';'] },
  properties: { line: ['#', '!'] },
};
