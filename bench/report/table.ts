// The table a full run prints: one row per measurement, with its informational target.
import type { Results } from '../results';
import type { Failed } from '../shared/figures';
import { errorCell as err, fmtHeap, fmtMs } from './format';

/** `x` unless it is a failed measurement. */
const ok = <T extends object>(x: T | Failed | undefined): T | undefined => (x && !('error' in x) ? x : undefined);

export function table(results: Results): string {
  const rows: string[][] = [];
  const add = (what: string, value: string, target = '') => rows.push([what, value, target]);
  const ratios = results.ratios;
  const g = results.generate!;
  add('workspace', `${g.options.records} records, ${g.options.files} files, seed ${g.options.seed} (${(g.counts.bytes / 1048576).toFixed(0)} MB)`);
  add(
    'generate',
    g.cached
      ? `cached (was ${fmtMs(g.timings.totalMs)})`
      : `${fmtMs(g.timings.totalMs)} (write ${fmtMs(g.timings.writeMs)}, git ${fmtMs(g.timings.gitAddMs + g.timings.gitCommitMs)})`,
  );
  for (const [name, label, unavailable] of [
    ['rg', 'rg -n (2nd run)', () => 'unavailable'],
    ['gitGrep', 'git grep -n -E (2nd run)', (e: Failed) => `unavailable (${e.error})`],
  ] as const) {
    const r = results.search![name]!;
    add(
      label,
      'error' in r
        ? r.available === false
          ? unavailable(r)
          : err(r)
        : `${fmtMs(r.ms)} (cpu ${fmtMs(r.cpuMs)}; ${r.matchingLines} lines; 1st run ${fmtMs(r.firstMs)})`,
    );
  }
  const ci = ok(results.coldIndex);
  if (!results.coldIndex) add('cold index', 'not run');
  else if (!ci) add('cold index', err(results.coldIndex as Failed));
  else {
    add(
      'cold index (spawn -> complete)',
      `${fmtMs(ci.ms)} (cpu ${fmtMs(ci.cpuMs)} + children ${fmtMs(ci.childCpuMs)}; ${ci.records} records, ${ci.files} files)`,
      '<= 1.5x rg',
    );
    const r = ratios?.coldIndexOverRg;
    add('  ratio ours / rg', r != null ? `${r.toFixed(2)}x` : '-', r != null ? (r <= 1.5 ? 'met' : 'not met') : '');
  }
  const warm = results.warm;
  const ratio = (x: number | null | undefined, target: number) =>
    x == null ? ['-', ''] : [`${x.toFixed(2)}x`, `<= ${target}x rg: ${x <= target ? 'met' : 'not met'}`];
  if (warm?.error) add('warm start (cache)', err({ error: warm.error }));
  else if (warm) {
    const session = (x: typeof warm.fill) =>
      x ? `${fmtMs(x.ms)} (cpu ${fmtMs(x.cpuMs)}; peak RSS ${x.peakRssMB ?? '-'} MB; heap after GC ${fmtHeap(x.heap)})` : '-';
    add('server with an empty cache (fills it)', session(warm.fill));
    const [r1, t1] = ratio(ratios?.warmUnchangedOverRg, 0.5);
    add('warm start, nothing changed', `${session(warm.unchanged)}; ${r1}`, t1);
    const [r2, t2] = ratio(ratios?.warmAfterChangesOverRg, 1.0);
    add(`warm start after ${warm.changedFiles} changed files`, `${session(warm.afterChanges)}; ${r2}`, t2);
  }
  const cc = results.checkCache;
  if (cc && !('withoutCacheMs' in cc)) add('check --cache', err(cc));
  else if (cc) {
    add(
      'check --no-git: no cache / empty / filled',
      `${fmtMs(cc.withoutCacheMs)} / ${fmtMs(cc.emptyCacheMs)} / ${fmtMs(cc.filledCacheMs)} (${ratios?.checkNoCacheOverRg?.toFixed(2) ?? '-'}x / ${ratios?.checkFilledCacheOverRg?.toFixed(2) ?? '-'}x rg; filled: cpu ${fmtMs(cc.filledCacheCpuMs)})`,
      cc.sameOutput ? 'same output: yes' : 'same output: NO',
    );
  }
  const mem = results.serverMemory;
  if (mem)
    add(
      'server peak RSS (VmHWM)',
      mem.peakRssMB != null ? `${mem.peakRssMB} MB (at index complete ${ci?.peakRssAtIndexCompleteMB ?? '-'} MB)` : '-',
      mem.peakRssMB != null ? `< 200 MB: ${mem.peakRssMB < 200 ? 'met' : 'not met'}` : '',
    );
  if (ci) {
    const h = ci.heap;
    add(
      'server heap after GC, index complete',
      h && 'error' in h
        ? err(h)
        : `${fmtHeap(h)} (+ external ${h?.externalAfterGcMB} MB); peak while indexing ${h?.peakHeapAfterGcMB ?? '-'} MB after ${h?.fullGcsWhileIndexing ?? '-'} full GCs, ${h?.peakHeapWithGarbageMB ?? '-'} MB with garbage`,
    );
  }
  const targets: Record<string, number> = { hover: 5, completion: 20 };
  const open = results.openDocuments ? `, ${results.openDocuments.count} open docs` : '';
  const requests = ok(results.requests);
  for (const k of ['hover', 'completion', 'definition', 'references'] as const) {
    const r = requests?.[k];
    if (!r) add(`${k} (median / p99)`, 'not run');
    else if ('error' in r) add(`${k}`, err(r));
    else
      add(
        `${k} (median / p99, n=${r.n}${open})`,
        `${fmtMs(r.median)} / ${fmtMs(r.p99)}  [non-empty ${r.nonEmpty}/${r.n}, avg size ${r.meanResultSize}]`,
        targets[k] ? `p99 < ${targets[k]} ms: ${r.p99 < targets[k] ? 'met' : 'not met'}` : '',
      );
  }
  if (results.requests && !requests) add('LSP requests', err(results.requests as Failed));
  const ed = results.editToDiagnostics;
  if (!ed) add('record edit -> diagnostics', 'not run');
  else if ('error' in ed) add('record edit -> diagnostics', err(ed));
  else {
    add(
      `record edit -> diagnostic (median / max, n=${ed.appear.n})`,
      `${fmtMs(ed.appear.median)} / ${fmtMs(ed.appear.max)}`,
      `< 100 ms: ${ed.appear.max < 100 ? 'met' : 'not met'}`,
    );
    add('  edit back -> diagnostic cleared', `${fmtMs(ed.clear.median)} / ${fmtMs(ed.clear.max)}`);
  }
  const ck = results.check;
  if (!ck) add('incident-lens check', 'not run');
  else if (ck.error) add('incident-lens check', err(ck as Failed));
  else if ('ids' in ck) {
    add(
      'incident-lens check --format json',
      `${fmtMs(ck.ms)} (cpu ${fmtMs(ck.cpuMs)}; ${ratios?.checkOverRg?.toFixed(2) ?? '-'}x rg; exit ${ck.exitCode}${ck.diagnostics != null ? `, ${ck.diagnostics} diagnostics` : ''})`,
    );
    const fp = ck.ids.falsePositives;
    add(
      '  unknown ids reported / planted',
      `${ck.ids.unknownReported} / ${ck.ids.unknownExpected ?? '?'}; wrongly reported: strings ${fp.stringLiterals}, node_modules ${fp.nodeModules}, minified/binary ${fp.minifiedOrBinary}`,
    );
  }
  const h = results.history;
  if (h && 'error' in h) add('git history', err(h));
  else if (h) {
    add(
      `history: ${h.commits} commits read by us`,
      `${fmtMs(h.historyReadMs)} (list --file: ${fmtMs(h.cliListWithHistoryMs)} with, ${fmtMs(h.cliListWithoutHistoryMs)} without; ${h.commitReasonsFound} commit reasons)`,
    );
    add('  plain git log (hashes / --name-status -M)', `${fmtMs(h.gitLogHashesMs)} / ${fmtMs(h.gitLogNameStatusMs)}`);
  }
  const w = [0, 1].map((i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `${r[0].padEnd(w[0])}  ${r[1].padEnd(w[1])}  ${r[2]}`.trimEnd();
  return [line(['measurement', 'value', 'target (informational)']), line(['-'.repeat(w[0]), '-'.repeat(w[1]), '-'.repeat(22)]), ...rows.map(line)].join('\n');
}
