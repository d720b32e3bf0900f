// Warm starts from the index cache (`initializationOptions.cacheFolder`): a session fills a fresh
// cache folder, a second starts with nothing changed and, unless `changedFiles` is 0, a third after
// that many files changed as a branch switch would change them (content and time; put back after).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { messageOf, round, sleep } from '../shared/figures';
import type { Manifest } from '../tree/manifest';
import { cpuFigures, startServer, stopServer, type SessionOptions } from './session';

/** One session to index complete from a cache folder: time, CPU, memory (heap through the probe), what the cache log said. */
async function warmSession(tree: string, o: SessionOptions, cacheFolder: string) {
  const s = await startServer(tree, o, { initializationOptions: { cacheFolder }, heap: true });
  try {
    return {
      ms: round(s.indexCompleteMs)!,
      serverReportedDurationMs: s.indexCompleteEvent.durationMs,
      ...cpuFigures(s),
      peakRssMB: s.memAtIndex?.hwmMB ?? null,
      heap: s.heap,
      cacheLog: s.client.logs.find((l) => l.startsWith('Cache: ')) ?? null,
    };
  } finally {
    await stopServer(s);
  }
}
export type WarmSession = Awaited<ReturnType<typeof warmSession>>;

export interface WarmStarts {
  fill?: WarmSession;
  unchanged?: WarmSession;
  changedFiles?: number;
  afterChanges?: WarmSession;
  error?: string;
}

/** The files a branch switch changes: every tenth record and sources spread over the tree (tracked files only). */
function filesToChange(tree: string, manifest: Manifest, count: number): string[] {
  const records = manifest.records.map((r) => r.path);
  const tracked = execFileSync('git', ['-c', 'core.fsmonitor=false', 'ls-files', '-z'], { cwd: tree, encoding: 'utf8', maxBuffer: 256 << 20 })
    .split('\0')
    .filter((p) => /\.(ts|js|py|go|java|rs|rb|c|sql|sh|kt|md|yaml|yml)$/.test(p) && !records.includes(p));
  const pickRecords = records.filter((_, i) => i % 10 === 0).slice(0, Math.round(count / 10));
  const step = Math.max(1, Math.floor(tracked.length / (count - pickRecords.length)));
  const pickOthers = tracked.filter((_, i) => i % step === 0).slice(0, count - pickRecords.length);
  return [...pickRecords, ...pickOthers];
}

/** The sessions, with the cache in `cacheRoot`/server; errors land in the result's `error`. */
export async function warmStarts(tree: string, manifest: Manifest, o: SessionOptions, cacheRoot: string, changedFiles: number): Promise<WarmStarts> {
  const serverCache = join(cacheRoot, 'server');
  const out: WarmStarts = {};
  try {
    out.fill = await warmSession(tree, o, serverCache);
    // The server writes the cache once the index is in service.
    const deadline = Date.now() + o.indexTimeoutMs;
    while (!(existsSync(serverCache) && readdirSync(serverCache).some((f) => f.endsWith('.json'))) && Date.now() < deadline) await sleep(100);
    out.unchanged = await warmSession(tree, o, serverCache);
    if (changedFiles > 0) {
      const changed = filesToChange(tree, manifest, changedFiles);
      const originals = changed.map((p) => [p, readFileSync(join(tree, p))] as const);
      try {
        for (const [p, bytes] of originals) writeFileSync(join(tree, p), Buffer.concat([bytes, Buffer.from('\n')]));
        out.changedFiles = changed.length;
        out.afterChanges = await warmSession(tree, o, serverCache);
      } finally {
        for (const [p, bytes] of originals) writeFileSync(join(tree, p), bytes);
      }
    }
  } catch (e) {
    out.error = messageOf(e);
  }
  return out;
}
