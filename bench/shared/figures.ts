// Numbers and waits every measurement shares.

export const round = (x: number | null | undefined, digits = 1): number | null =>
  x == null || Number.isNaN(x) ? null : Math.round(x * 10 ** digits) / 10 ** digits;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** `promise`, or a rejection naming `what` after `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export interface Stats {
  n: number;
  median: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** Median, p90, p99, max and mean of samples in ms (nearest rank), to 0.01 ms. */
export function stats(samples: number[]): Stats | null {
  if (!samples.length) return null;
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  const r = (x: number) => round(x, 2)!;
  return { n: s.length, median: r(at(0.5)), p90: r(at(0.9)), p99: r(at(0.99)), max: r(s[s.length - 1]), mean: r(mean) };
}

/** A failed measurement: its entry in bench-results.json says why (`available: false`: it cannot run here). */
export interface Failed {
  error: string;
  available?: boolean;
}

export const isFailed = (x: object | null | undefined): x is Failed => !!x && 'error' in x && typeof x.error === 'string';

export const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));
