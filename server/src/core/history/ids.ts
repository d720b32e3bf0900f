/**
 * Finding incident ids in commit messages. Git does not pre-filter with --grep: the scan needs the
 * renames of every commit anyway, and JavaScript expressions (lookbehind, \d) are not POSIX ERE.
 */
import type { IdMatcher } from '../references';

/**
 * Incident ids mentioned in `text`, in order of first mention, without duplicates. `matcher` is
 * the one files are scanned with (`compileIdPatterns`): bounded repetitions and hazardous patterns
 * refused, so a hostile message costs time linear in its length, and an id means the same in a
 * commit as in a file.
 */
export function findIds(text: string, matcher: IdMatcher): string[] {
  return [...new Set(matcher.findAll(text).map((match) => match.id))];
}
