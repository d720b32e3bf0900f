// Quick A/B of the server's cold index (and an optional warm start), for working on the index:
//   node bench/cold-only.mjs TREE SERVER_JS [SERVER_JS ...] [--runs N] [--warm] [--cpu-prof DIR]
// Prints, per server and run, spawn -> index complete, CPU, and peak RSS (VmHWM), alternating the
// servers so a noisy machine weighs on each alike. Not part of `npm run bench`.
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { tsImport } from 'tsx/esm/api';

const { LspTestClient } = await tsImport('../test/server/lspClient.ts', import.meta.url);
const args = process.argv.slice(2);
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 3;
const warm = args.includes('--warm');
// --cpu-prof DIR: every session runs under `node --cpu-prof` (read with bench/profile-top.mjs).
const profileDir = args.includes('--cpu-prof') ? resolve(args[args.indexOf('--cpu-prof') + 1]) : undefined;
const nodeArgs = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
const valued = new Set(['--runs', '--cpu-prof']);
const [tree, ...servers] = args.filter((a, i) => !a.startsWith('--') && !valued.has(args[i - 1])).map((a) => resolve(a));

function proc(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)[1]) / 1024;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const tick = 10;
  return { hwmMB: Math.round(hwm), cpuMs: (Number(stat[11]) + Number(stat[12])) * tick, childMs: (Number(stat[13]) + Number(stat[14])) * tick };
}

async function session(server, initializationOptions) {
  const client = await LspTestClient.start(tree, { server, cwd: tree, initializationOptions, nodeArgs, initializeTimeoutMs: 60_000 });
  try {
    const ev = await client.waitForIndex(600_000);
    return { ms: Math.round(ev.atMs), ...proc(client.process.pid) };
  } finally {
    await client.stop();
  }
}

for (let run = 1; run <= runs; run++) {
  for (const server of servers) {
    const cold = await session(server, {});
    let line = `${server}  run ${run}: cold ${cold.ms} ms (cpu ${cold.cpuMs} + children ${cold.childMs} ms, peak RSS ${cold.hwmMB} MB)`;
    if (warm) {
      const cacheFolder = mkdtempSync(join(tmpdir(), 'cold-only-'));
      await session(server, { cacheFolder });
      const w = await session(server, { cacheFolder });
      rmSync(cacheFolder, { recursive: true, force: true });
      line += `; warm ${w.ms} ms (cpu ${w.cpuMs}, peak RSS ${w.hwmMB} MB)`;
    }
    console.log(line);
  }
}
