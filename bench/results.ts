// What one run writes to bench-results.json (or bench-scaling.json), in this order, and the ratios
// derived from it.
import type { Size } from './options';
import type { CheckCache, CheckResult } from './measure/check';
import type { measureHistory } from './measure/history';
import type { LspResults } from './measure/lsp';
import type { ProfileSummary } from './measure/profile';
import type { ScalingRow } from './measure/scaling';
import type { SearchResults } from './measure/search';
import type { WarmStarts } from './measure/warmStart';
import { round, type Failed } from './shared/figures';
import type { Machine } from './shared/machine';
import type { Counts, GenerateTimings, Manifest } from './tree/manifest';

export interface Results extends LspResults {
  startedAt: string;
  machine: Machine;
  options: { records: number; files: number; seed: number; requests: number; quick: boolean } | { seed: number; scalingSizes: Size[] };
  idPattern: string;
  generate?: { tree: string; cached: boolean; timings: GenerateTimings; options: Manifest['options']; counts: Counts };
  search?: SearchResults;
  check?: CheckResult | Failed;
  warm?: WarmStarts;
  checkCache?: CheckCache;
  history?: ReturnType<typeof measureHistory> | Failed;
  ratios?: Ratios;
  profiles?: Record<string, ProfileSummary>;
  scaling?: ScalingRow[];
  finishedAt?: string;
  totalMs?: number;
}

/** Wall times over rg's (and git grep's): how far we are from reading the tree once. */
export function ratiosOf(r: Results) {
  const over = (ms: number | null | undefined, base: number | null | undefined) => (ms && base ? round(ms / base, 2) : null);
  const msOf = (x: object | undefined) => (x && 'ms' in x && typeof x.ms === 'number' ? x.ms : null);
  const rg = msOf(r.search?.rg);
  const cold = msOf(r.coldIndex);
  const cc = r.checkCache && 'withoutCacheMs' in r.checkCache ? r.checkCache : undefined;
  return {
    coldIndexOverRg: over(cold, rg),
    coldIndexOverGitGrep: over(cold, msOf(r.search?.gitGrep)),
    checkOverRg: over(msOf(r.check), rg),
    checkNoCacheOverRg: over(cc?.withoutCacheMs, rg),
    warmUnchangedOverRg: over(r.warm?.unchanged?.ms, rg),
    warmAfterChangesOverRg: over(r.warm?.afterChanges?.ms, rg),
    checkFilledCacheOverRg: over(cc?.filledCacheMs, rg),
  };
}
export type Ratios = ReturnType<typeof ratiosOf>;
