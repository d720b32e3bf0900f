// `incident-lens check` over the tree: wall time, exit code (0 or 1 both fine) and which planted
// ids its output mentions; and `check --no-git` without a cache, with an empty and with a filled
// one, whose outputs must be identical byte for byte.
import { join } from 'node:path';
import { messageOf, round, type Failed } from '../shared/figures';
import { runCommand } from '../shared/process';
import type { Counts } from '../tree/manifest';

interface CheckOptions {
  cli: string;
  indexTimeoutMs: number;
}

/** `node CLI check TREE --format json ...`, its whole output kept. */
const check = (o: CheckOptions, tree: string, ...args: string[]) =>
  runCommand(process.execPath, [o.cli, 'check', tree, '--format', 'json', ...args], { timeoutMs: o.indexTimeoutMs, keep: 256 << 20 });

/** Distinct ids with each generator prefix mentioned in a text (see tree/manifest.ts: unknown ids and decoys). */
function classifyIds(text: string, counts: Counts) {
  const seen = { 2099: new Set<string>(), 2097: new Set<string>(), 2096: new Set<string>(), 2095: new Set<string>() };
  for (const m of text.matchAll(/INC-(2099|2097|2096|2095)-\d+/g)) seen[Number(m[1]) as keyof typeof seen].add(m[0]);
  return {
    unknownReported: seen[2099].size,
    unknownExpected: counts.unknownIds ?? null,
    falsePositives: { stringLiterals: seen[2097].size, nodeModules: seen[2096].size, minifiedOrBinary: seen[2095].size },
  };
}

export interface CheckResult {
  ms: number;
  cpuMs: number | null;
  exitCode: number | null;
  outputBytes: number;
  ids: ReturnType<typeof classifyIds>;
  error?: string;
  diagnostics?: number;
  bySeverity?: Record<string, number>;
  note?: string;
}

export async function measureCheck(tree: string, o: CheckOptions, counts: Counts): Promise<CheckResult | Failed> {
  try {
    const r = await check(o, tree);
    const entry: CheckResult = { ms: round(r.ms)!, cpuMs: round(r.cpuMs), exitCode: r.code, outputBytes: r.bytes, ids: classifyIds(r.stdout, counts) };
    if (r.code !== 0 && r.code !== 1) entry.error = `exit ${r.code}${r.signal ? ` (${r.signal})` : ''}: ${r.stderr.slice(0, 500)}`;
    try {
      const j = JSON.parse(r.stdout) as unknown;
      const list = Array.isArray(j) ? j : hasDiagnostics(j) ? j.diagnostics : null;
      if (list) {
        entry.diagnostics = list.length;
        const bySeverity: Record<string, number> = {};
        for (const d of list as Array<{ severity?: string }>) bySeverity[d.severity ?? '?'] = (bySeverity[d.severity ?? '?'] ?? 0) + 1;
        entry.bySeverity = bySeverity;
      }
    } catch {
      if (!entry.error) entry.note = 'output was not JSON';
    }
    return entry;
  } catch (e) {
    return { error: messageOf(e) };
  }
}

const hasDiagnostics = (j: unknown): j is { diagnostics: unknown[] } =>
  !!j && typeof j === 'object' && Array.isArray((j as { diagnostics?: unknown }).diagnostics);

/** `check --no-git` without a cache, then `--cache` (in `cacheRoot`/cli) empty and filled. */
export async function measureCheckCache(tree: string, o: CheckOptions, cacheRoot: string) {
  const cliCache = join(cacheRoot, 'cli');
  try {
    const plain = await check(o, tree, '--no-git');
    const empty = await check(o, tree, '--no-git', '--cache', cliCache);
    const filled = await check(o, tree, '--no-git', '--cache', cliCache);
    const result = {
      withoutCacheMs: round(plain.ms),
      withoutCacheCpuMs: round(plain.cpuMs),
      emptyCacheMs: round(empty.ms),
      filledCacheMs: round(filled.ms),
      filledCacheCpuMs: round(filled.cpuMs),
      sameOutput: plain.stdout === empty.stdout && plain.stdout === filled.stdout,
      note: '--no-git on all three; the output of both cached runs is compared byte for byte with the run without a cache',
    };
    return result.sameOutput ? result : { ...result, error: 'check --cache printed something else than check without a cache' };
  } catch (e) {
    return { error: messageOf(e) } as Failed;
  }
}
export type CheckCache = Awaited<ReturnType<typeof measureCheckCache>>;
