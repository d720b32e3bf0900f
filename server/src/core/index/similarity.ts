import { editDistance } from '../editDistance';

/**
 * "Did you mean" for unknown ids: edit distance (with adjacent transpositions, the typo people
 * make most in `INC-2024-017` vs `INC-2024-071`), keeping the few closest.
 */
export function closestIds(unknown: string, known: Iterable<string>, limit: number): string[] {
  const scored: Array<{ id: string; distance: number }> = [];
  // Ids far longer or shorter than a typo allows are not worth a full distance computation.
  const budget = Math.max(2, Math.ceil(unknown.length / 3));
  for (const id of known) {
    if (Math.abs(id.length - unknown.length) > budget) continue;
    const distance = editDistance(unknown, id, budget);
    if (distance <= budget) scored.push({ id, distance });
  }
  scored.sort((a, b) => a.distance - b.distance || a.id.localeCompare(b.id));
  return scored.slice(0, limit).map((s) => s.id);
}
