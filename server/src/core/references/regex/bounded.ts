/**
 * The JavaScript source an id pattern runs as: groups made non-capturing, anchors dropped (an id is
 * always a whole token, so `^INC-\d+$` means the same as `INC-\d+`) and every repetition bounded by
 * `cap`. A repetition that reaches the cap makes the match longer than any id we accept, so
 * bounding it changes no accepted match and limits the work one match attempt can do.
 */
import type { AST } from './tree';

/** Characters spelled as themselves; everything else is escaped, so no spelling can merge with its neighbours. */
const PLAIN = /^[A-Za-z0-9_\- !"#%&',:;<=>@`~]$/;
const SYNTAX = /^[\^$\\.*+?()[\]{}|/]$/;

export function toBoundedJs(pattern: AST.Pattern, cap: number): string {
  const alternatives = (list: readonly AST.Alternative[]): string => list.map((alternative) => alternative.elements.map(element).join('')).join('|');

  const element = (node: AST.Element): string => {
    switch (node.type) {
      case 'Group':
      case 'CapturingGroup':
        return `(?:${alternatives(node.alternatives)})`;
      case 'Assertion':
        switch (node.kind) {
          case 'start':
          case 'end':
            return '';
          case 'word':
            return node.raw;
          case 'lookahead':
            return `(?${node.negate ? '!' : '='}${alternatives(node.alternatives)})`;
          case 'lookbehind':
            return `(?<${node.negate ? '!' : '='}${alternatives(node.alternatives)})`;
        }
        return '';
      case 'Quantifier': {
        const max = Math.min(node.max, Math.max(cap, node.min));
        const quantifier = node.min === max ? `{${max}}` : `{${node.min},${max}}`;
        return `(?:${element(node.element)})${quantifier}${node.greedy ? '' : '?'}`;
      }
      case 'Character':
        return character(node.value);
      case 'CharacterSet':
      case 'CharacterClass':
      case 'ExpressionCharacterClass':
        // Self-delimiting (`\d`, `.`, `[...]`), so the source spelling is safe to keep.
        return node.raw;
      case 'Backreference':
        // Refused before this point (parseIdPattern); nothing to bound.
        return '';
    }
  };

  return alternatives(pattern.alternatives);
}

/**
 * One literal character, spelled so that it cannot join what follows once anchors are dropped:
 * the source `x{^2}` must not become the quantifier `x{2}`, nor `\1^2` the octal `\12`.
 */
function character(value: number): string {
  const ch = String.fromCharCode(value);
  if (PLAIN.test(ch)) return ch;
  if (SYNTAX.test(ch)) return '\\' + ch;
  return '\\u' + value.toString(16).padStart(4, '0');
}
