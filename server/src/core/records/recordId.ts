/**
 * A record's `id` must be an incident id as the configured `idPatterns` define it, matched as a
 * whole. Otherwise it is reported at the id and the record defines no incident: an id with a
 * zero-width space, a direction override, a Cyrillic look-alike letter or a leading space would
 * else be listed as a distinct incident that reads exactly like another, and no reference could
 * ever reach it.
 */

import { compileIdPatterns, type IdMatcher } from '../references';
import { recordStartSpan, valueSpanOf, type Checker } from './checker';

/** The matcher of the last pattern list seen: every record of a folder is checked with the same. */
let cached: { key: string; matcher: IdMatcher } | undefined;

function matcherFor(patterns: readonly string[]): IdMatcher {
  const key = JSON.stringify(patterns);
  if (cached?.key !== key) cached = { key, matcher: compileIdPatterns([...patterns]).matcher };
  return cached.matcher;
}

/** `U+200B`: how a code point is named in a message, never the character itself. */
function codePointName(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The id as it can be shown safely: anything but printable ASCII spelled as its code point. */
function visible(id: string): string {
  return Array.from(id, (ch) => (/^[\x21-\x7e]$/.test(ch) ? ch : `<${codePointName(ch)}>`)).join('');
}

/**
 * Whether `id` is an incident id under `patterns`; when not, reports it at the `id` value with
 * what gives it away (invisible, direction-changing or non-ASCII characters, spaces).
 */
export function checkRecordId(c: Checker, id: string, patterns: readonly string[]): boolean {
  const matcher = matcherFor(patterns);
  if (matcher.matches(id)) return true;
  const odd = [...new Set(Array.from(id).filter((ch) => !/^[\x21-\x7e]$/.test(ch)))];
  const why = odd.length > 0 ? `; it contains ${odd.slice(0, 5).map(codePointName).join(', ')}${odd.length > 5 ? ', …' : ''}` : '';
  c.report(
    valueSpanOf(c, ['id']) ?? recordStartSpan(c),
    'error',
    'schema',
    `\`id\` ${visible(id.length > 80 ? `${id.slice(0, 80)}…` : id)} is not an incident id: it must match one of the idPatterns (${matcher.patterns.join(', ')}) as a whole${why}. Until it does, this record defines no incident.`,
  );
  return false;
}
