/**
 * The one edit distance of the core, for every "did you mean": unknown ids and unknown record
 * fields. Optimal string alignment (Levenshtein plus adjacent transpositions, the typo people make
 * most: `INC-2024-071` for `INC-2024-017`, `titel` for `title`). Hand-written rather than taken
 * from `fastest-levenshtein`, which counts a transposition as two edits and cannot stop early.
 */

/** Optimal string alignment distance; returns `budget + 1` as soon as it must exceed `budget`. */
export function editDistance(a: string, b: string, budget = Infinity): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  let previous2 = new Array<number>(cols).fill(0);
  let previous = Array.from({ length: cols }, (_, j) => j);
  let current = new Array<number>(cols).fill(0);
  for (let i = 1; i < rows; i++) {
    current[0] = i;
    let rowMin = current[0];
    for (let j = 1; j < cols; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, previous2[j - 2] + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > budget) return budget + 1;
    [previous2, previous, current] = [previous, current, previous2];
  }
  return previous[cols - 1];
}
