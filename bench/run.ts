// Incident Lens benchmark: one run measures cold indexing, ripgrep and git grep over the same
// tree, LSP request latency, record-edit-to-diagnostics latency, `incident-lens check`, warm
// starts from the index cache and reading git history (bench/README.md says what each means).
//
//   npx tsx bench/run.ts [--records N] [--files M] [--seed S] [--requests R] [--quick]
//                        [--dir DIR] [--out FILE] [--force] [--profile] [--server FILE] [--cli FILE]
//   npx tsx bench/run.ts --scaling [--scaling-sizes 1000/10000,2000/20000] [--seed S] [--out FILE]
//
// --quick: 300 records, 3,000 files, 100 requests (for CI; every measurement still runs).
// --scaling: only the scaling table instead (measure/scaling.ts). Long: never part of --quick.
// --profile: also runs the CLI and the server under `node --cpu-prof` and prints the top self-time
//            functions (profiles land in DIR/profiles).
// --server/--cli: benchmark another build (e.g. a copy of dist/ from before a change).
// Prints a table and writes bench-results.json (repo root unless --out). Times are informational:
// the benchmark never fails because something is slow. Exit status: 0 when every measurement ran,
// 1 when one could not (its entry in the JSON has an `error`), 2 on bad arguments.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { measureCheck, measureCheckCache } from './measure/check';
import { measureHistory } from './measure/history';
import { measureLsp } from './measure/lsp';
import { profileRuns } from './measure/profile';
import { measureScaling } from './measure/scaling';
import { ID_PATTERN, measureSearchTools } from './measure/search';
import { warmStarts } from './measure/warmStart';
import { options, USAGE, type RunOptions } from './options';
import { fmtMs, heapFailed } from './report/format';
import { profileReport } from './report/profiles';
import { scalingTable } from './report/scalingTable';
import { table } from './report/table';
import { ratiosOf, type Results } from './results';
import { messageOf } from './shared/figures';
import { describeMachine } from './shared/machine';
import { generateWorkspace } from './tree/generate';

const log = (m: string) => console.error(`[bench] ${m}`);

async function main(): Promise<void> {
  let o: RunOptions;
  try {
    o = options();
  } catch (e) {
    console.error(`bench: ${messageOf(e)}\n${USAGE}`);
    process.exit(2);
  }
  if (o.help) {
    console.log(USAGE);
    return;
  }
  const started = new Date();
  const machine = describeMachine();
  const results: Results = {
    startedAt: started.toISOString(),
    machine,
    options: { records: o.records, files: o.files, seed: o.seed, requests: o.requests, quick: o.quick },
    idPattern: ID_PATTERN,
  };
  const finish = () => {
    results.finishedAt = new Date().toISOString();
    results.totalMs = Date.now() - started.getTime();
    writeFileSync(o.out, JSON.stringify(results, null, 2) + '\n');
  };
  if (o.scaling) {
    if (!existsSync(o.server)) {
      log(`ERROR: ${o.server} not found: run \`npm run build\` first (npm run bench does)`);
      process.exitCode = 1;
      return;
    }
    results.options = { seed: o.seed, scalingSizes: o.scalingSizes };
    results.scaling = await measureScaling(o, machine, log);
    finish();
    console.log(scalingTable(results.scaling));
    console.log(
      `\n${machine.cpus} cores (${machine.cpuModel}), node ${machine.node}, ${machine.rg ?? 'rg unavailable'}; results: ${o.out} (total ${fmtMs(results.totalMs)})`,
    );
    const failed = results.scaling.some(
      (r) =>
        r.error ||
        (r.coldIndex && ('error' in r.coldIndex || heapFailed(r.coldIndex.heap))) ||
        r.warm?.error ||
        (r.rg && 'error' in r.rg && r.rg.available !== false),
    );
    process.exitCode = failed ? 1 : 0;
    return;
  }
  const hasServer = existsSync(o.server);
  const hasCli = existsSync(o.cli);
  const distMissing = [o.server, o.cli].filter((f) => !existsSync(f));
  if (distMissing.length)
    log(
      `ERROR: ${distMissing.map((f) => relative(join(__dirname, '..'), f)).join(' and ')} not found: run \`npm run build\` first (npm run bench does). Measuring what does not need them.`,
    );

  log(`generating ${o.records} records + ${o.files} files (seed ${o.seed}) under ${o.dir}`);
  const gen = generateWorkspace({ records: o.records, files: o.files, seed: o.seed, dir: o.dir, force: o.force, log });
  results.generate = { tree: gen.tree, cached: gen.cached, timings: gen.timings, options: gen.manifest.options, counts: gen.manifest.counts };
  log(gen.cached ? `reusing ${gen.tree}` : `generated in ${fmtMs(gen.timings.totalMs)}`);

  log('rg and git grep (two runs each)');
  results.search = await measureSearchTools(gen.tree, o, machine);

  if (!hasServer) results.coldIndex = { error: 'dist/server.js not found: run `npm run build`' };
  else {
    log('language server: cold index, requests, edit -> diagnostics');
    Object.assign(results, await measureLsp(gen.tree, gen.manifest, o));
  }
  if (!hasCli) results.check = { error: 'dist/cli.js not found: run `npm run build`' };
  else {
    log('incident-lens check');
    results.check = await measureCheck(gen.tree, o, gen.manifest.counts);
  }
  if (hasServer && hasCli) {
    const changed = o.quick ? 100 : 1000;
    log(`warm starts from the index cache: nothing changed, ${changed} files changed; check --cache`);
    const cacheRoot = join(o.dir, 'cache');
    rmSync(cacheRoot, { recursive: true, force: true });
    results.warm = await warmStarts(gen.tree, gen.manifest, o, cacheRoot, changed);
    results.checkCache = await measureCheckCache(gen.tree, o, cacheRoot);
  }
  if (hasCli) {
    const commits = o.quick ? 1000 : 10000;
    log(`git history: ${commits} commits`);
    try {
      results.history = measureHistory({ dir: o.dir, commits, cli: o.cli, log });
    } catch (e) {
      results.history = { error: messageOf(e) };
    }
  }
  results.ratios = ratiosOf(results);
  if (o.profile && hasServer && hasCli) {
    log('profiling (node --cpu-prof): CLI check and server cold index');
    results.profiles = await profileRuns(gen.tree, gen.manifest, o);
  }
  finish();
  console.log(table(results));
  if (results.profiles) for (const line of profileReport(results.profiles)) console.log(line);
  console.log(`\nresults: ${o.out} (total ${fmtMs(results.totalMs)}; times are noisy on a shared machine)`);
  const failed =
    (['coldIndex', 'check', 'editToDiagnostics', 'history', 'checkCache'] as const).some((k) => results[k] && 'error' in results[k]) ||
    !!results.warm?.error ||
    (results.coldIndex && !('error' in results.coldIndex) && heapFailed(results.coldIndex.heap)) ||
    (results.requests && ('error' in results.requests || Object.values(results.requests).some((r) => 'error' in r))) ||
    Object.values(results.search).some((r) => 'error' in r && r.available !== false);
  process.exitCode = failed ? 1 : 0;
}

main().catch((e: unknown) => {
  console.error(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(1);
});
