/**
 * The next free incident id, shared by New Incident Record (editor) and `incident-lens import`:
 * both must hand out the same ids from the same records, and never one that is taken.
 */

/** The id shape both write: `INC-<year>-<NNN>`, as the default id pattern reads it. */
const YEARLY_ID = /^INC-(\d{4})-(\d+)$/;

/**
 * The id one above the highest `INC-<year>-<n>` already used this year, zero-padded to at least
 * three digits (or to the width the team already uses, so ids keep sorting as text).
 *
 * The number is a BigInt: a record may carry any number of digits, and in floating point an id
 * beyond 2^53 has no distinct successor (a caller looping until a free id would never end) and a
 * long one prints as `1e+120`.
 */
export function nextFreeId(existingIds: Iterable<string>, year: number): string {
  let highest = 0n;
  let width = 3;
  for (const id of existingIds) {
    const match = YEARLY_ID.exec(id);
    if (!match || Number(match[1]) !== year) continue;
    const number = BigInt(match[2]);
    if (number > highest) highest = number;
    width = Math.max(width, match[2].length);
  }
  return `INC-${year}-${(highest + 1n).toString().padStart(width, '0')}`;
}
