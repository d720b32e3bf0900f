/**
 * Scaling checks: what doubling the input costs, as a ratio measured within one run (never a
 * wall-clock limit). Both sizes are timed several times, interleaved, after a warm-up, and the
 * fastest time of each is kept, so a pause of a busy machine cannot fake a ratio.
 */
export interface Doubling {
  /** Fastest time of `work(size)`, in ms. */
  single: number;
  /** Fastest time of `work(2 * size)`, in ms. */
  double: number;
  /** `double / single`: about 2 for linear work, 4 for quadratic. */
  ratio: number;
}

export async function measureDoubling(work: (size: number) => unknown, size: number, rounds = 3, clock: () => number = wallClock): Promise<Doubling> {
  await work(size);
  let single = Infinity;
  let double = Infinity;
  for (let round = 0; round < rounds; round++) {
    single = Math.min(single, await timed(() => work(size), clock));
    double = Math.min(double, await timed(() => work(2 * size), clock));
  }
  return { single, double, ratio: double / single };
}

/** Elapsed time in ms: for work that waits on other processes. */
export function wallClock(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * CPU time of this process in ms: for work done in this process, where it is steadier than elapsed
 * time on a machine whose cores other processes share.
 */
export function cpuClock(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

async function timed(work: () => unknown, clock: () => number): Promise<number> {
  const started = clock();
  await work();
  return clock() - started;
}

/** One line for the test's message and log: both times and the ratio. */
export function describeDoubling(what: string, { single, double, ratio }: Doubling): string {
  return `${what}: ${single.toFixed(1)} ms, doubled ${double.toFixed(1)} ms (ratio ${ratio.toFixed(2)})`;
}
