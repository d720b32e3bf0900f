// One seeded stream of numbers for everything the bench generates: same seed, same bytes.

/** mulberry32: a tiny, fast, seedable 32-bit PRNG. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws from one stream; every draw advances it, so the order of calls is part of the output. */
export interface Dice {
  rand(): number;
  /** An integer from lo to hi, both included. */
  int(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T;
  /** Log-uniform size between lo and hi (most files small, a tail of bigger ones). */
  logSize(lo: number, hi: number): number;
}

export function dice(seed: number): Dice {
  const rand = mulberry32(seed);
  return {
    rand,
    int: (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1)),
    pick: (items) => items[Math.floor(rand() * items.length)],
    chance: (p) => rand() < p,
    weighted: (entries) => {
      let total = 0;
      for (const [, w] of entries) total += w;
      let x = rand() * total;
      for (const [v, w] of entries) {
        x -= w;
        if (x < 0) return v;
      }
      return entries[entries.length - 1][0];
    },
    logSize: (lo, hi) => Math.round(Math.exp(Math.log(lo) + rand() * (Math.log(hi) - Math.log(lo)))),
  };
}
