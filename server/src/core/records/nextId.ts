/**
 * The next free incident id, shared by New Incident Record (editor) and `incident-lens import`:
 * both must hand out the same ids from the same records, and never one that is taken.
 */

/** The id shape both write: `INC-<year>-<NNN>`, as the default id pattern reads it. */
const YEARLY_ID = /^INC-(\d{4})-(\d+)$/;

/**
 * The id one above the highest `INC-<year>-<n>` already used this year, zero-padded to at least
 * three digits (or to the width the team already uses, so ids keep sorting as text).
 */
export function nextFreeId(existingIds: Iterable<string>, year: number): string {
  let highest = 0;
  let width = 3;
  for (const id of existingIds) {
    const match = YEARLY_ID.exec(id);
    if (!match || Number(match[1]) !== year) continue;
    const number = Number(match[2]);
    if (number > highest) highest = number;
    width = Math.max(width, match[2].length);
  }
  return `INC-${year}-${String(highest + 1).padStart(width, '0')}`;
}
