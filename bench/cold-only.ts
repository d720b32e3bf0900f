// Quick A/B of server builds, for working on the index: cold index, and optionally a warm start
// from the index cache and hover latency, per server and run, alternating the servers so a noisy
// machine weighs on each alike; then a table of medians over the runs, with the range of wall times
// and the CPU time (less disturbed by a loaded machine). Not part of `npm run bench`.
//
//   npx tsx bench/cold-only.ts TREE SERVER_JS [SERVER_JS ...] [--runs N] [--warm] [--hover N] [--cpu-prof DIR]
//
// --warm: a session fills a fresh cache folder, then a warm start from it is timed.
// --hover N: N hovers (after 10 warm-up) at planted references in the cold session, once the index
//            is complete (TREE must come from bench/tree/generate.ts: its manifest places them).
// --cpu-prof DIR: every session runs under `node --cpu-prof` (read with bench/profile-top.ts).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { measureRequests, openDocuments, pickDocuments, roundTrip } from './measure/requests';
import { cpuFigures, startServer, stopServer, type SessionOptions } from './measure/session';
import { fmtMs } from './report/format';
import { stats } from './shared/figures';
import { count } from './shared/options';
import type { Manifest } from './tree/manifest';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string' }, warm: { type: 'boolean' }, hover: { type: 'string' }, 'cpu-prof': { type: 'string' } },
});
const [tree, ...servers] = positionals.map((a) => resolve(a));
if (!servers.length) {
  console.error('usage: npx tsx bench/cold-only.ts TREE SERVER_JS [SERVER_JS ...] [--runs N] [--warm] [--hover N] [--cpu-prof DIR]');
  process.exit(2);
}
const runs = count('--runs', values.runs, 3);
const hovers = count('--hover', values.hover, 0);
const nodeArgs = values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', resolve(values['cpu-prof'])] : [];
const manifest = hovers ? (JSON.parse(readFileSync(join(dirname(tree), 'manifest.json'), 'utf8')) as Manifest) : undefined;

/** One session to index complete; `then` runs on it before it is stopped. */
async function session(server: string, initializationOptions: object, then?: (s: Awaited<ReturnType<typeof startServer>>) => Promise<string>) {
  const o: SessionOptions = { server, indexTimeoutMs: 600_000, requestTimeoutMs: 30_000 };
  const s = await startServer(tree, o, { nodeArgs, initializationOptions });
  try {
    const { cpuMs, childCpuMs } = cpuFigures(s);
    const extra = then ? await then(s) : '';
    return {
      ms: s.indexCompleteMs,
      cpuMs: cpuMs ?? NaN,
      text: `${fmtMs(s.indexCompleteMs)} (cpu ${fmtMs(cpuMs)} + children ${fmtMs(childCpuMs)}, peak RSS ${s.memAtIndex?.hwmMB ?? '-'} MB)${extra}`,
    };
  } finally {
    await stopServer(s);
  }
}

/** Hover at planted references, as the full run measures it; median and p99 go to `f`. */
const hover = (f: Figures) => async (s: Awaited<ReturnType<typeof startServer>>) => {
  const docs = pickDocuments(manifest!, tree, 50);
  openDocuments(s.client, docs);
  await roundTrip(s.client, docs[0], 30_000);
  const r = (await measureRequests(s.client, docs, { requests: hovers, requestTimeoutMs: 30_000 }, ['hover'])).hover!;
  if ('error' in r) return `; hover ERROR ${r.error}`;
  f.hoverMedian.push(r.median);
  f.hoverP99.push(r.p99);
  return `; hover median ${fmtMs(r.median)} / p99 ${fmtMs(r.p99)} (n=${r.n})`;
};

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(', ');

type Figures = Record<'cold' | 'coldCpu' | 'warm' | 'warmCpu' | 'hoverMedian' | 'hoverP99', number[]>;

async function main(): Promise<void> {
  const loadBefore = load();
  const figures = new Map<string, Figures>(servers.map((s) => [s, { cold: [], coldCpu: [], warm: [], warmCpu: [], hoverMedian: [], hoverP99: [] }]));
  for (let run = 1; run <= runs; run++) {
    for (const server of servers) {
      const f = figures.get(server)!;
      const cold = await session(server, {}, hovers ? hover(f) : undefined);
      f.cold.push(cold.ms);
      f.coldCpu.push(cold.cpuMs);
      let line = `${server}  run ${run}: cold ${cold.text}`;
      if (values.warm) {
        const cacheFolder = mkdtempSync(join(tmpdir(), 'cold-only-'));
        await session(server, { cacheFolder });
        const w = await session(server, { cacheFolder });
        rmSync(cacheFolder, { recursive: true, force: true });
        f.warm.push(w.ms);
        f.warmCpu.push(w.cpuMs);
        line += `; warm ${w.text}`;
      }
      console.log(line);
    }
  }
  // medians over the runs, with the range of wall times (the noise of the machine)
  const cell = (xs: number[], cpu?: number[]) => {
    const st = stats(xs);
    if (!st) return '-';
    return `${fmtMs(st.median)} (${fmtMs(Math.min(...xs))}–${fmtMs(st.max)})${cpu ? `, cpu ${fmtMs(stats(cpu)?.median)}` : ''}`;
  };
  console.log('\n| server | runs | cold index | warm start | hover median | hover p99 |\n| --- | --- | --- | --- | --- | --- |');
  for (const [server, f] of figures)
    console.log(`| ${server} | ${runs} | ${cell(f.cold, f.coldCpu)} | ${cell(f.warm, f.warmCpu)} | ${cell(f.hoverMedian)} | ${cell(f.hoverP99)} |`);
  // a loaded machine stretches every figure: say how loaded it was
  console.log(`\nload average (1, 5, 15 min): ${loadBefore} before, ${load()} after`);
}

main().catch((e: unknown) => {
  console.error(`cold-only: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(1);
});
