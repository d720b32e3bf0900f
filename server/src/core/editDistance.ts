/**
 * The one edit distance of the core, for every "did you mean": unknown ids and unknown record
 * fields. Optimal string alignment (Levenshtein plus adjacent transpositions, the typo people make
 * most: `INC-2024-071` for `INC-2024-017`, `titel` for `title`). Hand-written rather than taken
 * from `fastest-levenshtein`, which counts a transposition as two edits and cannot stop early.
 */

/** Three rows of the distance table, kept between calls: a "did you mean" runs it per unknown key. */
let rows: [Uint32Array, Uint32Array, Uint32Array] = [new Uint32Array(64), new Uint32Array(64), new Uint32Array(64)];

/** Optimal string alignment distance; returns `budget + 1` as soon as it must exceed `budget`. */
export function editDistance(a: string, b: string, budget = Infinity): number {
  const cols = b.length + 1;
  if (rows[0].length < cols) rows = [new Uint32Array(cols), new Uint32Array(cols), new Uint32Array(cols)];
  let [previous2, previous, current] = rows;
  for (let j = 0; j < cols; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j < cols; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        value = Math.min(value, previous2[j - 2] + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > budget) return budget + 1;
    [previous2, previous, current] = [previous, current, previous2];
  }
  return Math.min(previous[cols - 1], budget + 1);
}
