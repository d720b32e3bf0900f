/**
 * An id pattern as a typed tree. `@eslint-community/regexpp` reads the JavaScript syntax exactly as
 * `new RegExp(source)` does (no `u` flag, Annex B included) and `regexp-ast-analysis` answers the
 * questions about characters. What is ours sits beside this file, one job each: the backtracking
 * rule (hazard.ts), bounding repetitions (bounded.ts) and the ERE spelling for native search (ere.ts).
 */
import { RegExpParser, RegExpSyntaxError, visitRegExpAST, type AST } from '@eslint-community/regexpp';
import { Chars, getConsumedChars, getFirstConsumedChar, hasSomeDescendant, isPotentiallyZeroLength, toCache, toCharSet } from 'regexp-ast-analysis';

export type { AST };

/** A set of UTF-16 code units (the library's own type, exact). */
export type CharSet = ReturnType<typeof toCharSet>;

/** Id patterns run without flags. The cache is keyed weakly by node, so one serves every pattern. */
const FLAGS = toCache({});

const parser = new RegExpParser({ ecmaVersion: 2025 });

/**
 * Parses a pattern `new RegExp(source)` accepted. Returns the tree, or why the pattern is refused:
 * backreferences (they have no bounded or portable form) and inline modifiers (which would change
 * the character sets the analysis reasons about).
 */
export function parseIdPattern(source: string): AST.Pattern | string {
  let pattern: AST.Pattern;
  try {
    pattern = parser.parsePattern(source, 0, source.length, { unicode: false, unicodeSets: false });
  } catch (error) {
    if (error instanceof RegExpSyntaxError) return error.message.replace(/^Invalid regular expression: \/[\s\S]*\/[a-z]*: /, '');
    throw error;
  }
  let refused: string | undefined;
  visitRegExpAST(pattern, {
    onBackreferenceEnter(node) {
      refused ??= `backreferences (${node.raw}) are not supported`;
    },
    onGroupEnter(node) {
      if (node.modifiers) refused ??= `inline modifiers (${node.raw.slice(0, node.raw.indexOf(':') + 1)}) are not supported`;
    },
  });
  return refused ?? pattern;
}

/** Whether some path through the node consumes no character (assertions and lookarounds are zero-width). */
export function canBeEmpty(node: AST.Element | AST.Alternative | readonly AST.Alternative[]): boolean {
  return isPotentiallyZeroLength(node, FLAGS);
}

/** The characters a match of the node can start with. */
export function firstChars(node: AST.Element | AST.Alternative): CharSet {
  return getFirstConsumedChar(node, 'ltr', FLAGS).char;
}

/** The characters a match of the node can end with. */
export function lastChars(node: AST.Element | AST.Alternative): CharSet {
  return getFirstConsumedChar(node, 'rtl', FLAGS).char;
}

/** Every character the node can consume anywhere (lookarounds consume nothing). */
export function consumedChars(node: AST.Element): CharSet {
  return getConsumedChars(node, FLAGS).chars;
}

/** The characters one character, escape (`\d`, `.`) or class stands for. */
export function charsOf(node: AST.Character | AST.CharacterSet | AST.CharacterClass): CharSet {
  // Without the `u` and `v` flags there are neither property escapes nor string classes.
  return toCharSet(node as AST.Character | AST.EscapeCharacterSet | AST.AnyCharacterSet | AST.ClassRangesCharacterClass, FLAGS);
}

export function noChars(): CharSet {
  return Chars.empty(FLAGS);
}

export function hasLookbehind(pattern: AST.Pattern): boolean {
  return hasSomeDescendant(pattern, (node) => node.type === 'Assertion' && node.kind === 'lookbehind');
}

/** Strips groups that hold a single element: `((\d+))` is `\d+` to every question asked here. */
export function unwrapGroups(element: AST.Element): AST.Element {
  while (
    (element.type === 'Group' || element.type === 'CapturingGroup') &&
    element.alternatives.length === 1 &&
    element.alternatives[0].elements.length === 1
  ) {
    element = element.alternatives[0].elements[0];
  }
  return element;
}

/** Whether the element stands for exactly one character. */
export function isCharacter(element: AST.Element): element is AST.Character | AST.CharacterSet | AST.CharacterClass {
  return element.type === 'Character' || element.type === 'CharacterSet' || element.type === 'CharacterClass';
}
