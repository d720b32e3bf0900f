// --profile: CPU profiles (node --cpu-prof) of `check` and of one server session, split at index
// complete into "index" and "requests", summarised per thread (record workers included).
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { topSelfTime, type ProfileWindow } from '../profile-top';
import { messageOf, sleep, type Failed } from '../shared/figures';
import { runCommand } from '../shared/process';
import type { Manifest } from '../tree/manifest';
import { measureRequests, openDocuments, pickDocuments } from './requests';
import { startServer, stopServer, type Session, type SessionOptions } from './session';

/** Every .cpuprofile in a directory (node writes one per thread: main, then each worker), windowed relative to the main thread's start. */
function summarizeProfiles(dir: string, n: number, window: ProfileWindow = {}) {
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((x) => x.endsWith('.cpuprofile'))
        .sort()
    : [];
  if (!files.length) throw new Error(`no profile written in ${dir} (did the process exit cleanly?)`);
  const origin = topSelfTime(join(dir, files[0]), n).startTimeUs;
  return files.map((f, i) => ({
    thread: i === 0 ? 'main' : `worker ${i}`,
    file: join(dir, f),
    ...topSelfTime(join(dir, f), n, { ...window, originUs: origin }),
  }));
}

export type ProfileSummary = { window?: string; requests?: Record<string, number | string>; threads: ReturnType<typeof summarizeProfiles> } | Failed;

export async function profileRuns(
  tree: string,
  manifest: Manifest,
  o: SessionOptions & { cli: string; dir: string; quick: boolean; requests: number },
): Promise<Record<string, ProfileSummary>> {
  const dir = join(o.dir, 'profiles');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const prof: Record<string, ProfileSummary> = {};
  try {
    const cliDir = join(dir, `cli-${stamp}`);
    await runCommand(process.execPath, ['--cpu-prof', '--cpu-prof-dir', cliDir, o.cli, 'check', tree, '--format', 'json'], { timeoutMs: o.indexTimeoutMs });
    prof.cli = { threads: summarizeProfiles(cliDir, 15) };
  } catch (e) {
    prof.cli = { error: messageOf(e) };
  }
  let s: Session | undefined;
  try {
    // one server session: cold index, then LSP requests; the profiles are split at index complete
    // (the main thread's profile starts as node boots, close to the spawn time)
    const srvDir = join(dir, `server-${stamp}`);
    s = await startServer(tree, o, { nodeArgs: ['--cpu-prof', '--cpu-prof-dir', srvDir] });
    const indexMs = s.indexCompleteMs;
    const docs = pickDocuments(manifest, tree, o.quick ? 20 : 50);
    openDocuments(s.client, docs);
    await sleep(500);
    const requestsFromMs = s.client.sinceSpawn();
    const req = await measureRequests(s.client, docs, { ...o, requests: Math.min(o.requests, 200) });
    await stopServer(s); // a clean exit writes the profiles
    prof.serverIndex = { window: `0-${Math.round(indexMs)} ms`, threads: summarizeProfiles(srvDir, 15, { toMs: indexMs }) };
    prof.serverRequests = {
      window: `${Math.round(requestsFromMs)} ms-end`,
      requests: Object.fromEntries(Object.entries(req).map(([k, v]) => [k, 'error' in v ? v.error : v.n])),
      threads: summarizeProfiles(srvDir, 15, { fromMs: requestsFromMs }),
    };
  } catch (e) {
    prof.serverIndex = { error: messageOf(e) };
    if (s) await stopServer(s);
  }
  return prof;
}
