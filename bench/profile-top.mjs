#!/usr/bin/env node
// Top self-time functions of a V8 .cpuprofile (from `node --cpu-prof`).
//
//   node bench/profile-top.mjs FILE.cpuprofile [N]

import { readFileSync } from 'node:fs';
import { resolve, basename } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Returns [{name, where, selfMs, percent}] for the N functions with the most self time. */
export function topSelfTime(file, n = 20) {
  const prof = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(prof.nodes.map((node) => [node.id, node]));
  const self = new Map(); // node id -> microseconds
  const samples = prof.samples ?? [];
  const deltas = prof.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    // timeDeltas[i] is the time before sample i; attribute the following interval to sample i
    const dt = deltas[i + 1] ?? 0;
    self.set(samples[i], (self.get(samples[i]) ?? 0) + Math.max(0, dt));
  }
  let total = 0;
  const agg = new Map();
  for (const [id, us] of self) {
    total += us;
    const cf = byId.get(id)?.callFrame ?? {};
    const name = cf.functionName || (cf.url ? '(anonymous)' : `(${cf.functionName || 'program'})`);
    const where = cf.url ? `${basename(cf.url.replace(/^file:\/\//, ''))}:${(cf.lineNumber ?? -1) + 1}` : '';
    const key = `${name}\u0000${where}`;
    const e = agg.get(key) ?? { name, where, us: 0 };
    e.us += us;
    agg.set(key, e);
  }
  return [...agg.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, n)
    .map((e) => ({ name: e.name, where: e.where, selfMs: Math.round(e.us / 100) / 10, percent: total ? Math.round((e.us / total) * 1000) / 10 : 0 }));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [file, n] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node bench/profile-top.mjs FILE.cpuprofile [N]');
    process.exit(2);
  }
  for (const f of topSelfTime(file, Number(n) || 20)) console.log(`${String(f.selfMs).padStart(9)} ms ${String(f.percent).padStart(5)}%  ${f.name}  ${f.where}`);
}
