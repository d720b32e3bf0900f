// Top self-time functions of a V8 .cpuprofile (from `node --cpu-prof`).
//
//   npx tsx bench/profile-top.ts FILE.cpuprofile [N] [FROM_MS] [TO_MS]   (window from the profile's start)
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName?: string;
  url?: string;
  lineNumber?: number;
  columnNumber?: number;
}
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: CallFrame }>;
  startTime?: number;
  samples?: number[];
  timeDeltas?: number[];
}
type Mapped = { source: string; line: number } | null;

/** Maps bundle positions back to sources through the bundle's .map (esbuild writes dist/*.js.map). */
function sourceMapper(): (url: string | undefined, line: number, column: number) => Mapped {
  const maps = new Map<string, SourceMap | null>();
  return (url, line, column) => {
    if (!url || !url.startsWith('file://') || !url.endsWith('.js')) return null;
    if (!maps.has(url)) {
      let sm = null;
      try {
        const mapFile = `${fileURLToPath(url)}.map`;
        if (existsSync(mapFile)) sm = new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')));
      } catch {
        sm = null;
      }
      maps.set(url, sm);
    }
    const e = maps.get(url)?.findEntry(line, column);
    if (!e || !('originalSource' in e) || !e.originalSource) return null;
    return { source: e.originalSource.replace(/^(\.\.\/)+/, ''), line: e.originalLine + 1 };
  };
}

/** Which part of the program a frame belongs to: an npm package, a source file, regexps, natives. */
function groupOf(name: string, cf: CallFrame, mapped: Mapped): string {
  if (name.startsWith('RegExp:')) return '(regular expressions)';
  if (mapped) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(mapped.source);
    return m ? `npm:${m[1]}` : mapped.source;
  }
  if (!cf.url) return name.startsWith('(') ? name : '(native: fs, buffers, ...)';
  if (cf.url.startsWith('node:') || !cf.url.includes('/')) return '(node internals)';
  return basename(cf.url);
}

/**
 * Self time of a profile: {totalMs, startTimeUs, top: [{name, where, selfMs, percent}] (the N functions with the
 * most), byGroup: [{group, selfMs, percent}] (by npm package or source file, through source maps)}.
 */
export function topSelfTime(file: string, n = 20, { fromMs = 0, toMs = Infinity, originUs }: ProfileWindow & { originUs?: number } = {}) {
  const prof = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(prof.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>(); // node id -> microseconds
  const samples = prof.samples ?? [];
  const deltas = prof.timeDeltas ?? [];
  // microseconds since the origin: this profile's start, or another profile's (threads of one
  // process share the clock, so a worker's profile can be windowed like the main thread's)
  let at = originUs != null ? (prof.startTime ?? 0) - originUs : 0;
  for (let i = 0; i < samples.length; i++) {
    // timeDeltas[i] is the time before sample i; attribute the following interval to sample i
    at += deltas[i] ?? 0;
    if (at < fromMs * 1000 || at > toMs * 1000) continue;
    const dt = deltas[i + 1] ?? 0;
    self.set(samples[i], (self.get(samples[i]) ?? 0) + Math.max(0, dt));
  }
  const map = sourceMapper();
  let total = 0;
  const agg = new Map<string, { name: string; where: string; us: number }>();
  const groups = new Map<string, number>();
  for (const [id, us] of self) {
    total += us;
    const cf: CallFrame = byId.get(id)?.callFrame ?? {};
    const name = cf.functionName || (cf.url ? '(anonymous)' : `(${cf.functionName || 'program'})`);
    const mapped = map(cf.url, cf.lineNumber ?? 0, cf.columnNumber ?? 0);
    const where = mapped ? `${mapped.source}:${mapped.line}` : cf.url ? `${basename(cf.url.replace(/^file:\/\//, ''))}:${(cf.lineNumber ?? -1) + 1}` : '';
    const key = `${name}\u0000${where}`;
    const e = agg.get(key) ?? { name, where, us: 0 };
    e.us += us;
    agg.set(key, e);
    const g = groupOf(name, cf, mapped);
    groups.set(g, (groups.get(g) ?? 0) + us);
  }
  const ms = (us: number) => Math.round(us / 100) / 10;
  const pct = (us: number) => (total ? Math.round((us / total) * 1000) / 10 : 0);
  const top = [...agg.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, n)
    .map((e) => ({ name: e.name, where: e.where, selfMs: ms(e.us), percent: pct(e.us) }));
  const byGroup = [...groups.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([group, us]) => ({ group, selfMs: ms(us), percent: pct(us) }));
  return { totalMs: ms(total), startTimeUs: prof.startTime ?? 0, top, byGroup };
}

export interface ProfileWindow {
  fromMs?: number;
  toMs?: number;
}

if (require.main === module) {
  const [file, n, from, to] = process.argv.slice(2);
  if (!file) {
    console.error('usage: npx tsx bench/profile-top.ts FILE.cpuprofile [N] [FROM_MS] [TO_MS]');
    process.exit(2);
  }
  const r = topSelfTime(file, Number(n) || 20, { fromMs: Number(from) || 0, toMs: to ? Number(to) : Infinity });
  console.log(`total ${r.totalMs} ms; by package or source file:`);
  for (const g of r.byGroup) console.log(`${String(g.selfMs).padStart(9)} ms ${String(g.percent).padStart(5)}%  ${g.group}`);
  console.log('functions:');
  for (const f of r.top) console.log(`${String(f.selfMs).padStart(9)} ms ${String(f.percent).padStart(5)}%  ${f.name}  ${f.where}`);
}
