// What one run writes to bench-results.json (or bench-scaling.json), in this order.
import type { Size } from './options';
import type { CheckCache, CheckResult } from './measure/check';
import type { measureHistory } from './measure/history';
import type { LspResults } from './measure/lsp';
import type { ProfileSummary } from './measure/profile';
import type { ScalingRow } from './measure/scaling';
import type { SearchResults } from './measure/search';
import type { WarmStarts } from './measure/warmStart';
import type { Failed } from './shared/figures';
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
  checkCache?: CheckCache | Failed;
  history?: ReturnType<typeof measureHistory> | Failed;
  ratios?: Ratios;
  profiles?: Record<string, ProfileSummary>;
  scaling?: ScalingRow[];
  finishedAt?: string;
  totalMs?: number;
}

/** Wall times over `rg -n`'s (and git grep's) on the same tree in the same run. */
export interface Ratios {
  coldIndexOverRg: number | null;
  coldIndexOverGitGrep: number | null;
  checkOverRg: number | null;
  checkNoCacheOverRg: number | null;
  warmUnchangedOverRg: number | null;
  warmAfterChangesOverRg: number | null;
  checkFilledCacheOverRg: number | null;
}
