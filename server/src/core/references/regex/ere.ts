/**
 * The POSIX ERE spelling of an id pattern (also valid for the Rust regex crate rg uses), for a
 * native pre-filter. It matches at least everything the pattern matches: lookarounds and laziness
 * are dropped, which only widens it. Undefined when some part has no portable spelling.
 */
import type { AST } from './tree';

/** Characters that must be escaped to stand for themselves outside a bracket in ERE and Rust. */
const ERE_SPECIAL = '.[]()*+?{}|^$\\';

/** Inside a bracket these have a meaning of their own in POSIX or in Rust (`[[:`, `&&`, `~~`). */
const CLASS_SPECIAL = '[\\^&~';

export function toEre(pattern: AST.Pattern): string | undefined {
  return alternatives(pattern.alternatives);
}

function alternatives(list: readonly AST.Alternative[]): string | undefined {
  const parts: string[] = [];
  for (const alternative of list) {
    let sequence = '';
    for (const node of alternative.elements) {
      const part = element(node);
      if (part === undefined) return undefined;
      sequence += part;
    }
    parts.push(sequence);
  }
  return parts.join('|');
}

function element(node: AST.Element): string | undefined {
  switch (node.type) {
    case 'Group':
    case 'CapturingGroup': {
      const body = alternatives(node.alternatives);
      return body === undefined ? undefined : `(${body})`;
    }
    case 'Assertion':
      // GNU ERE and Rust both know \b; \B, ^, $ (an id is a whole token anyway) and lookarounds are
      // dropped, which only widens.
      return node.kind === 'word' && !node.negate ? '\\b' : '';
    case 'Quantifier': {
      const body = element(node.element);
      if (body === undefined || body === '') return body;
      const single = node.element.type === 'Character' || node.element.type === 'CharacterSet' || node.element.type === 'CharacterClass';
      const atom = single || body.startsWith('(') ? body : `(${body})`;
      if (node.min === 0 && node.max === Infinity) return atom + '*';
      if (node.min === 1 && node.max === Infinity) return atom + '+';
      if (node.min === 0 && node.max === 1) return atom + '?';
      return `${atom}{${node.min},${node.max === Infinity ? '' : node.max}}`;
    }
    case 'Character':
      return character(node.value);
    case 'CharacterSet':
      return characterSet(node, false);
    case 'CharacterClass':
      return characterClass(node);
    case 'Backreference':
    case 'ExpressionCharacterClass':
      // Refused, or only possible with the `v` flag: no portable spelling.
      return undefined;
  }
}

/** A literal outside a bracket; control characters and lone surrogates have no portable spelling. */
function character(value: number): string | undefined {
  if (value < 32 || value === 127 || (value >= 0xd800 && value <= 0xdfff)) return undefined;
  const ch = String.fromCharCode(value);
  return ERE_SPECIAL.includes(ch) ? '\\' + ch : ch;
}

/** `.`, `\d`, `\w`, `\s` and their negations; inside a bracket only the positive ones have a spelling. */
function characterSet(node: AST.CharacterSet, inBracket: boolean): string | undefined {
  if (node.kind === 'any') return inBracket ? undefined : '.';
  if (node.kind === 'property') return undefined;
  const name = { digit: '[:digit:]', word: '[:alnum:]_', space: '[:space:]' }[node.kind];
  if (inBracket) return node.negate ? undefined : name;
  return `[${node.negate ? '^' : ''}${name}]`;
}

function characterClass(node: AST.CharacterClass): string | undefined {
  const pieces: string[] = [];
  // POSIX wants `]` first and `-` last in a bracket to read them as themselves.
  let hasBracket = false;
  let hasDash = false;
  const addCharacter = (value: number): boolean => {
    const ch = String.fromCharCode(value);
    if (ch === ']') hasBracket = true;
    else if (ch === '-') hasDash = true;
    else if (value < 33 || value >= 127 || CLASS_SPECIAL.includes(ch)) return false;
    else pieces.push(ch);
    return true;
  };
  for (const item of node.elements) {
    switch (item.type) {
      case 'Character':
        if (!addCharacter(item.value)) return undefined;
        break;
      case 'CharacterClassRange': {
        const low = String.fromCharCode(item.min.value);
        const high = String.fromCharCode(item.max.value);
        if (!/^[A-Za-z0-9]$/.test(low) || !/^[A-Za-z0-9]$/.test(high)) return undefined;
        pieces.push(`${low}-${high}`);
        break;
      }
      case 'CharacterSet': {
        const name = characterSet(item, true);
        if (name === undefined) return undefined;
        pieces.push(name);
        break;
      }
      default:
        // Set operations and strings exist only with the `v` flag, which id patterns never have.
        return undefined;
    }
  }
  const body = (hasBracket ? ']' : '') + pieces.join('') + (hasDash ? '-' : '');
  // POSIX has no empty bracket: `[]` (matches nothing) and `[^]` (anything) have no spelling.
  return body === '' ? undefined : `[${node.negate ? '^' : ''}${body}]`;
}
