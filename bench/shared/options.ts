// Reading the bench's command lines (node:util parseArgs does the parsing).

/** A count given on the command line: a non-negative integer, or `fallback` when not given. */
export function count(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const v = Number(text);
  if (!Number.isInteger(v) || v < 0 || text.trim() === '') throw new Error(`${name} needs a non-negative integer, got ${text}`);
  return v;
}
