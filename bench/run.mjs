#!/usr/bin/env node
// Incident Lens benchmark: one run measures cold indexing, ripgrep and git grep over the same
// tree, LSP request latency, record-edit-to-diagnostics latency and `incident-lens check`.
//
//   node bench/run.mjs [--records N] [--files M] [--seed S] [--requests R] [--quick]
//                      [--dir DIR] [--out FILE] [--force] [--profile] [--server FILE] [--cli FILE]
//   node bench/run.mjs --scaling [--scaling-sizes 1000/10000,2000/20000] [--seed S] [--out FILE]
//
// --quick: 300 records, 3,000 files, 100 requests (for CI; every measurement still runs).
// --scaling: only the scaling table instead: for each size (records/files; by default 1k/10k,
//            2k/20k, 10k/100k, 20k/300k) a tree generated under the OS temporary folder and removed
//            after, rg -n over it, cold index, warm start from the index cache, peak RSS and heap
//            after GC. Long (the 20k/300k tree is 1.3 GB): never part of --quick.
// --profile: also runs the CLI and the server under `node --cpu-prof` and prints the top self-time
//            functions (profiles land in DIR/profiles).
// --server/--cli: benchmark another build (e.g. a copy of dist/ from before a change).
// Prints a table and writes bench-results.json (repo root unless --out). Times are informational:
// the benchmark never fails because something is slow. Exit status: 0 when every measurement ran,
// 1 when one could not (its entry in the JSON has an `error`), 2 on bad arguments.

import { measureHistory } from './history.mjs';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join, dirname, resolve, extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import os from 'node:os';
import { generateWorkspace, parseArgs, DEFAULT_DIR } from './generate.mjs';
import { topSelfTime } from './profile-top.mjs';
import { createRequire } from 'node:module';
import { tsImport } from 'tsx/esm/api';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const SERVER_DEFAULT = join(repo, 'dist', 'server.js');
const CLI_DEFAULT = join(repo, 'dist', 'cli.js');
let SERVER = SERVER_DEFAULT;
let CLI = CLI_DEFAULT;
const ID_PATTERN = 'INC-[0-9]+(-[0-9]+)*';
// The server tests' LSP client and the shared protocol, TypeScript loaded through tsx.
const { LspTestClient } = await tsImport('../test/server/lspClient.ts', import.meta.url);
const { IndexChangedNotification } = await tsImport('../common/protocol.ts', import.meta.url);
const { HoverRequest, CompletionRequest, DefinitionRequest, ReferencesRequest } = createRequire(import.meta.url)('vscode-languageserver-protocol');

// ---------------------------------------------------------------------------------------------
// options

function options() {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  const defaults = quick ? { records: 300, files: 3000, requests: 100, seed: 1 } : { records: 10000, files: 100000, requests: 500, seed: 1 };
  // options of this script (with values) first; the rest are the generator's
  const own = { out: null, profile: false, server: SERVER_DEFAULT, cli: CLI_DEFAULT, scaling: false, scalingSizes: SCALING_SIZES };
  const rest = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return resolve(argv[++i]);
    };
    if (a === '--out') own.out = value();
    else if (a === '--server') own.server = value();
    else if (a === '--cli') own.cli = value();
    else if (a === '--profile') own.profile = true;
    else if (a === '--scaling') own.scaling = true;
    else if (a === '--scaling-sizes') {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      own.scalingSizes = parseSizes(argv[++i]);
    } else rest.push(a);
  }
  const o = { ...parseArgs(rest, { ...defaults, dir: DEFAULT_DIR }), ...own };
  if (o.scaling && o.quick) throw new Error('--scaling and --quick do not go together: --scaling is the long run');
  o.out ??= join(repo, o.scaling ? 'bench-scaling.json' : 'bench-results.json');
  return sized(o, o.records, o.files);
}

/** The options for a tree of this size: generous timeouts that scale with it (a hang still ends the run). */
function sized(o, records, files) {
  const scale = Math.max(1, (files + records * 2) / 20000);
  return {
    ...o,
    records,
    files,
    indexTimeoutMs: Math.round(120_000 * scale),
    toolTimeoutMs: Math.round(120_000 * scale),
    requestTimeoutMs: 30_000,
    diagTimeoutMs: 30_000,
  };
}

/** The sizes of the scaling table (records/files). */
const SCALING_SIZES = [
  { records: 1000, files: 10000 },
  { records: 2000, files: 20000 },
  { records: 10000, files: 100000 },
  { records: 20000, files: 300000 },
];

function parseSizes(text) {
  return text.split(',').map((pair) => {
    const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(pair);
    if (!m) throw new Error(`--scaling-sizes takes records/files pairs separated by commas (1000/10000,2000/20000), got ${pair}`);
    return { records: Number(m[1]), files: Number(m[2]) };
  });
}

function usage() {
  return [
    'usage: node bench/run.mjs [--records N] [--files M] [--seed S] [--requests R] [--quick] [--dir DIR] [--out FILE] [--force] [--profile] [--server dist/server.js] [--cli dist/cli.js]',
    '       node bench/run.mjs --scaling [--scaling-sizes 1000/10000,2000/20000,...] [--seed S] [--out FILE] [--server dist/server.js]',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// small helpers

const now = () => performance.now();

/** Servers started by this run: killed on any way out, so none outlives the benchmark. */
const liveChildren = new Set();
/** Trees of the scaling run (under the OS temporary folder): removed on any way out too. */
const temporaryDirs = new Set();
process.on('exit', () => {
  for (const p of liveChildren) p.kill('SIGKILL');
  for (const d of temporaryDirs) rmSync(d, { recursive: true, force: true });
});
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    for (const p of liveChildren) p.kill('SIGKILL');
    process.exit(130);
  });
}
const round = (x, d = 1) => (x == null || Number.isNaN(x) ? null : Math.round(x * 10 ** d) / 10 ** d);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function stats(samples) {
  if (!samples.length) return null;
  const s = [...samples].sort((a, b) => a - b);
  const at = (p) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return { n: s.length, median: round(at(0.5), 2), p90: round(at(0.9), 2), p99: round(at(0.99), 2), max: round(s[s.length - 1], 2), mean: round(mean, 2) };
}

function versionOf(cmd, args = ['--version']) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 })
      .split('\n')[0]
      .trim();
  } catch {
    return null;
  }
}

function findRg() {
  for (const c of ['rg', '/usr/bin/rg', '/usr/local/bin/rg']) if (versionOf(c)) return c;
  return null;
}

let clockTicks = null;
/** CPU time from /proc/<pid>/stat, in ms: {self: utime+stime, children: cutime+cstime} (Linux only). */
function procCpu(pid = 'self') {
  try {
    if (clockTicks == null) clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // f[0] is field 3 (state)
    const ms = (ticks) => (ticks * 1000) / clockTicks;
    return { self: ms(Number(f[11]) + Number(f[12])), children: ms(Number(f[13]) + Number(f[14])) };
  } catch {
    return null;
  }
}

/** VmHWM / VmRSS of a live process, in MB (Linux only; null elsewhere). */
function procMem(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k) => {
      const m = new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s);
      return m ? Number(m[1]) / 1024 : null;
    };
    return { hwmMB: round(kb('VmHWM')), rssMB: round(kb('VmRSS')) };
  } catch {
    return null;
  }
}

/**
 * Runs a command to completion, draining stdout (counting lines and bytes, keeping the first
 * `keep` bytes), with a timeout. Resolves {ms, code, signal, lines, bytes, stdout, stderr}.
 */
function runCommand(cmd, args, { cwd, timeoutMs, keep = 0, env = process.env } = {}) {
  return new Promise((resolvePromise, reject) => {
    const t0 = now();
    const cpu0 = procCpu();
    let child;
    try {
      child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
      liveChildren.add(child);
      child.on('exit', () => liveChildren.delete(child));
    } catch (e) {
      reject(e);
      return;
    }
    let lines = 0,
      bytes = 0;
    const kept = [];
    let keptBytes = 0;
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      if (keptBytes < keep) {
        kept.push(chunk);
        keptBytes += chunk.length;
      }
    });
    child.stderr.on('data', (c) => {
      if (stderr.length < 8192) stderr += c.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')}: timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = now() - t0;
      const cpu1 = procCpu();
      // children's CPU accrues to ours when they are reaped; valid because runs are sequential
      const cpuMs = cpu0 && cpu1 ? cpu1.children - cpu0.children : null;
      resolvePromise({ ms, cpuMs, code, signal, lines, bytes, stdout: Buffer.concat(kept).toString('utf8'), stderr });
    });
  });
}

const LANGUAGE_IDS = {
  '.ts': 'typescript',
  '.js': 'javascript',
  '.py': 'python',
  '.go': 'go',
  '.java': 'java',
  '.rs': 'rust',
  '.rb': 'ruby',
  '.c': 'c',
  '.sql': 'sql',
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.md': 'markdown',
  '.sh': 'shellscript',
  '.kt': 'kotlin',
};
const languageId = (p) => LANGUAGE_IDS[extname(p)] ?? 'plaintext';

// ---------------------------------------------------------------------------------------------
// measurements

async function measureSearchTools(tree, o, machine, { gitGrep = true } = {}) {
  const out = {};
  const tools = [];
  if (machine.rgPath) tools.push(['rg', machine.rgPath, ['-n', '-e', ID_PATTERN, tree], undefined]);
  else out.rg = { available: false, error: 'rg not found on PATH' };
  if (!gitGrep) out.gitGrep = { available: false, error: 'not measured in this mode' };
  else if (machine.git && existsSync(join(tree, '.git')))
    tools.push(['gitGrep', 'git', ['-c', 'core.fsmonitor=false', '--no-pager', 'grep', '-n', '-E', ID_PATTERN], tree]);
  else out.gitGrep = { available: false, error: machine.git ? 'the workspace is not a git repository' : 'git not found on PATH' };
  const env = { ...process.env };
  delete env.RIPGREP_CONFIG_PATH;
  for (const [name, cmd, args, cwd] of tools) {
    try {
      const runs = [];
      for (let i = 0; i < 2; i++) runs.push(await runCommand(cmd, args, { cwd, timeoutMs: o.toolTimeoutMs, env }));
      const last = runs[1];
      if (last.code !== 0 && last.code !== 1) throw new Error(`${cmd} exited ${last.code}: ${last.stderr.slice(0, 300)}`);
      out[name] = {
        available: true,
        command: `${cmd} ${args.map((a) => (a.includes(' ') || a.includes('(') ? `'${a}'` : a)).join(' ')}`,
        firstMs: round(runs[0].ms),
        ms: round(last.ms),
        cpuMs: round(last.cpuMs),
        matchingLines: last.lines,
        outputBytes: last.bytes,
        note: 'ms is the second of two runs (page cache warm)',
      };
    } catch (e) {
      out[name] = { available: true, error: e.message };
    }
  }
  return out;
}

/**
 * One server session, driven through the server tests' client (test/server/lspClient.ts, loaded
 * through tsx): one LSP client for tests and benchmark, typed by the same protocol declarations.
 * With `heap`, the server runs with bench/heap-probe.cjs preloaded, and `s.heap` is what the heap
 * holds after GC once the index is complete (see measureHeap).
 */
async function startServer(tree, o, extraNodeArgs = [], initializationOptions = {}, { heap = false } = {}) {
  const heapFile = heap ? join(os.tmpdir(), `incident-lens-bench-heap-${process.pid}-${++heapProbes}.json`) : null;
  const client = await LspTestClient.start(tree, {
    server: SERVER,
    nodeArgs: heap ? [...HEAP_PROBE_NODE_ARGS, ...extraNodeArgs] : extraNodeArgs,
    env: heap ? { BENCH_HEAP_PROBE_FILE: heapFile } : {},
    cwd: tree,
    initializationOptions,
    capabilities: BENCH_CAPABILITIES,
    initializeTimeoutMs: o.requestTimeoutMs * 2,
  });
  liveChildren.add(client.process);
  client.process.on('exit', () => liveChildren.delete(client.process));
  const s = { client };
  // poll RSS while indexing (VmHWM at the end is authoritative; this gives the curve's top)
  let maxRss = 0;
  const poll = setInterval(() => {
    const m = procMem(client.process.pid);
    if (m?.rssMB > maxRss) maxRss = m.rssMB;
  }, 50);
  try {
    s.initializeMs = client.initializeMs;
    const ev = await client.waitForIndex(o.indexTimeoutMs);
    s.indexCompleteMs = ev.atMs;
    s.indexCompleteEvent = ev;
    s.memAtIndex = procMem(client.process.pid);
    s.cpuAtIndex = procCpu(client.process.pid);
  } catch (e) {
    await client.stop();
    throw e;
  } finally {
    clearInterval(poll);
    s.maxPolledRssMB = maxRss;
  }
  // after the RSS and CPU readings: the probe's own collections are in neither
  if (heapFile) s.heap = await measureHeap(client, heapFile, o);
  return s;
}

/**
 * Node options that preload bench/heap-probe.cjs into the server: `--expose-gc` lets it run full
 * collections, which only it does, once the index is complete.
 */
const HEAP_PROBE_NODE_ARGS = ['--expose-gc', '--require', join(here, 'heap-probe.cjs')];
let heapProbes = 0;

/**
 * Asks the preloaded heap probe (SIGUSR2) for the heap after GC and waits for its file. Resolves
 * {heapAfterGcMB, peakHeapAfterGcMB, ...} or {error}: a session is not lost for want of a heap
 * figure. peakHeapAfterGcMB is the largest heap measured right after a full collection from the
 * start to index complete, this last one included (so never below heapAfterGcMB): a lower bound
 * of the live peak, as V8 collects in full only when the old generation fills (how many times:
 * fullGcsWhileIndexing). peakHeapWithGarbageMB, the largest heap before any collection, bounds it
 * from above.
 */
async function measureHeap(client, file, o) {
  try {
    if (process.platform === 'win32') return { available: false, error: 'the heap probe is asked through SIGUSR2, which Windows does not have' };
    client.process.kill('SIGUSR2');
    const deadline = Date.now() + o.requestTimeoutMs;
    while (!existsSync(file)) {
      if (client.exited) throw new Error(`the server exited (code ${client.exited.code}, signal ${client.exited.signal}) before the heap probe answered`);
      if (Date.now() > deadline) throw new Error(`the heap probe wrote nothing in ${o.requestTimeoutMs} ms (${file})`);
      await sleep(20);
    }
    const p = JSON.parse(readFileSync(file, 'utf8'));
    return {
      heapAfterGcMB: p.heapUsedMB,
      peakHeapAfterGcMB: p.fullGcsBefore == null ? null : Math.max(p.heapUsedMB, p.peakHeapAfterFullGcMB ?? 0),
      fullGcsWhileIndexing: p.fullGcsBefore,
      peakHeapWithGarbageMB: p.peakHeapBeforeGcMB,
      externalAfterGcMB: p.externalMB,
      arrayBuffersAfterGcMB: p.arrayBuffersMB,
      rssAfterGcMB: p.rssMB,
    };
  } catch (e) {
    return { error: e.message };
  } finally {
    rmSync(file, { force: true });
  }
}

/** The client capabilities the benchmark declares (an editor without code lens refresh). */
const BENCH_CAPABILITIES = {
  workspace: { workspaceFolders: true, configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
  window: { workDoneProgress: true },
  textDocument: {
    synchronization: { didSave: true, dynamicRegistration: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: { completionItem: { snippetSupport: false, documentationFormat: ['markdown', 'plaintext'] }, contextSupport: true },
    definition: { linkSupport: false },
    references: {},
    publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true },
    codeAction: {},
    codeLens: {},
    documentLink: {},
  },
};

/** Shuts the server down cleanly (a clean exit writes CPU profiles); killed if it does not end. */
async function stopServer(s) {
  if (s) await s.client.stop();
}

/**
 * Waits until the latest diagnostics of `uri` satisfy `predicate`; resolves with when they arrived
 * (performance.now() of this process, the clock `now()` reads).
 */
async function diagnosticsArrival(s, uri, predicate, timeoutMs, what) {
  const { client } = s;
  await client.waitFor(what, () => predicate(client.diagnostics.get(uri)), timeoutMs);
  return client.spawnedAt + client.diagnosticsAtMs.get(uri);
}

/** Picks open documents and positions of real (known) references from the manifest. */
function pickDocuments(manifest, tree, maxDocs) {
  const byPath = new Map();
  for (const r of manifest.refs) {
    if (!r.known) continue;
    if (!byPath.has(r.path)) byPath.set(r.path, []);
    byPath.get(r.path).push(r);
  }
  const docs = [];
  // spread the pick over the whole list (deterministic)
  const paths = [...byPath.keys()];
  const step = Math.max(1, Math.floor(paths.length / maxDocs));
  for (let i = 0; i < paths.length && docs.length < maxDocs; i += step) {
    const p = paths[i];
    const abs = join(tree, p);
    docs.push({ path: p, uri: pathToFileURL(abs).href, text: readFileSync(abs, 'utf8'), refs: byPath.get(p) });
  }
  return docs;
}

const isNonEmpty = {
  hover: (r) =>
    !!r && !!r.contents && (typeof r.contents === 'string' ? r.contents.length > 0 : Array.isArray(r.contents) ? r.contents.length > 0 : !!r.contents.value),
  completion: (r) => !!r && (Array.isArray(r) ? r.length > 0 : (r.items?.length ?? 0) > 0),
  definition: (r) => !!r && (Array.isArray(r) ? r.length > 0 : !!r.uri),
  references: (r) => Array.isArray(r) && r.length > 0,
};
const resultSize = {
  hover: () => 1,
  completion: (r) => (Array.isArray(r) ? r.length : (r?.items?.length ?? 0)),
  definition: (r) => (Array.isArray(r) ? r.length : r ? 1 : 0),
  references: (r) => (Array.isArray(r) ? r.length : 0),
};

async function measureRequests(s, docs, o) {
  const positions = [];
  for (const d of docs) for (const r of d.refs) positions.push({ uri: d.uri, line: r.line, col: r.col, id: r.id });
  if (!positions.length) throw new Error('no reference positions in the generated workspace');
  const out = {};
  const methods = {
    hover: (p) => [HoverRequest.type, { textDocument: { uri: p.uri }, position: { line: p.line, character: p.col + 5 } }],
    // right after "INC-": the user is typing a reference, every incident is a candidate
    completion: (p) => [
      CompletionRequest.type,
      { textDocument: { uri: p.uri }, position: { line: p.line, character: p.col + 4 }, context: { triggerKind: 1 } },
    ],
    definition: (p) => [DefinitionRequest.type, { textDocument: { uri: p.uri }, position: { line: p.line, character: p.col + 5 } }],
    references: (p) => [
      ReferencesRequest.type,
      { textDocument: { uri: p.uri }, position: { line: p.line, character: p.col + 5 }, context: { includeDeclaration: true } },
    ],
  };
  for (const [name, make] of Object.entries(methods)) {
    try {
      const samples = [];
      let nonEmpty = 0,
        sizeSum = 0;
      const warm = Math.min(10, o.requests);
      for (let i = -warm; i < o.requests; i++) {
        const p = positions[((i + warm) * 7919) % positions.length];
        const [type, params] = make(p);
        const t0 = now();
        const r = await withTimeout(s.client.request(type, params), o.requestTimeoutMs, type.method);
        const ms = now() - t0;
        if (i < 0) continue; // warm-up
        samples.push(ms);
        if (isNonEmpty[name](r)) nonEmpty++;
        sizeSum += resultSize[name](r);
      }
      out[name] = { ...stats(samples), nonEmpty, meanResultSize: round(sizeSum / samples.length, 1) };
    } catch (e) {
      out[name] = { error: e.message };
    }
  }
  return out;
}

/**
 * Record edit -> fresh diagnostics in another open document: renames a record's id (didChange)
 * and waits for the document that references it to get an unknown-reference diagnostic, then
 * renames it back and waits for that diagnostic to go.
 */
async function measureEditToDiagnostics(s, docs, manifest, tree, o, iterations) {
  const recordsById = new Map(manifest.records.map((r) => [r.id, r]));
  let target = null;
  for (const d of docs) {
    for (const r of d.refs) {
      const rec = recordsById.get(r.id);
      if (rec && rec.path.endsWith('.yaml')) {
        target = { doc: d, ref: r, rec };
        break;
      }
    }
    if (target) break;
  }
  if (!target) throw new Error('no open document references a YAML record');
  const { doc, ref, rec } = target;
  const original = readFileSync(join(tree, rec.path), 'utf8');
  s.client.open(rec.path, original, 'yaml');
  await sleep(200);
  const hits = (diags) =>
    (diags ?? []).some(
      (d) => (d.range?.start?.line === ref.line && d.range?.start?.character === ref.col) || (typeof d.message === 'string' && d.message.includes(ref.id)),
    );
  if (hits(s.client.diagnostics.get(doc.uri))) throw new Error(`${doc.path} already has a diagnostic for ${ref.id} before the edit`);
  const appear = [],
    clear = [];
  for (let i = 0; i < iterations; i++) {
    const renamed = original.replace(`id: ${ref.id}`, `id: INC-2098-${String(i + 1).padStart(3, '0')}`);
    let t0 = now();
    s.client.change(rec.path, renamed);
    appear.push((await diagnosticsArrival(s, doc.uri, (d) => hits(d), o.diagTimeoutMs, `unknown-reference diagnostic for ${ref.id} in ${doc.path}`)) - t0);
    t0 = now();
    s.client.change(rec.path, original);
    clear.push((await diagnosticsArrival(s, doc.uri, (d) => !hits(d), o.diagTimeoutMs, `diagnostic for ${ref.id} to clear in ${doc.path}`)) - t0);
  }
  s.client.close(rec.path);
  return { record: rec.path, document: doc.path, id: ref.id, appear: stats(appear), clear: stats(clear) };
}

/** A server session started without a cache (with the heap probe), to index complete. */
async function coldIndexSession(tree, o) {
  const s = await startServer(tree, o, [], {}, { heap: true });
  const ev = s.indexCompleteEvent;
  s.coldIndex = {
    ms: round(s.indexCompleteMs),
    initializeMs: round(s.initializeMs),
    serverReportedDurationMs: ev.durationMs,
    records: ev.records,
    files: ev.files,
    cpuMs: s.cpuAtIndex ? round(s.cpuAtIndex.self) : null,
    childCpuMs: s.cpuAtIndex ? round(s.cpuAtIndex.children) : null,
    indexChangedEvents: s.client.indexChanges().length,
    rssAtIndexCompleteMB: s.memAtIndex?.rssMB ?? null,
    peakRssAtIndexCompleteMB: s.memAtIndex?.hwmMB ?? null,
    heap: s.heap,
    note: `process spawn to the first ${IndexChangedNotification.method} with complete: true; heap: main thread after GC (bench/heap-probe.cjs)`,
  };
  return s;
}

async function measureLsp(tree, manifest, o, results) {
  let s;
  try {
    s = await coldIndexSession(tree, o);
    results.coldIndex = s.coldIndex;
  } catch (e) {
    results.coldIndex = { error: e.message };
    return;
  }
  try {
    const docs = pickDocuments(manifest, tree, o.quick ? 20 : 50);
    const t0 = now();
    for (const d of docs) s.client.open(d.path, d.text, languageId(d.path));
    // a round trip, so every didOpen has been read before timing starts
    await withTimeout(
      s.client.request(HoverRequest.type, { textDocument: { uri: docs[0].uri }, position: { line: 0, character: 0 } }),
      o.requestTimeoutMs,
      'hover after didOpen',
    );
    results.openDocuments = { count: docs.length, ms: round(now() - t0), positions: docs.reduce((a, d) => a + d.refs.length, 0) };
    results.requests = await measureRequests(s, docs, o);
    try {
      results.editToDiagnostics = await measureEditToDiagnostics(s, docs, manifest, tree, o, o.quick ? 3 : 10);
    } catch (e) {
      results.editToDiagnostics = { error: e.message };
    }
  } catch (e) {
    results.requests = results.requests ?? { error: e.message };
  } finally {
    const m = procMem(s.client.process.pid);
    results.serverMemory = {
      peakRssMB: m?.hwmMB ?? null,
      rssAtEndMB: m?.rssMB ?? null,
      maxPolledRssDuringIndexMB: s.maxPolledRssMB || null,
      note: 'VmHWM of the server process (children such as rg/git not included)',
    };
    results.serverLogTail = s.client.logs.slice(-10);
    await stopServer(s);
  }
}

/** The files a branch switch changes: every tenth record and sources spread over the tree (tracked files only). */
function filesToChange(tree, manifest, count) {
  const records = manifest.records.map((r) => r.path);
  const tracked = execFileSync('git', ['-c', 'core.fsmonitor=false', 'ls-files', '-z'], { cwd: tree, encoding: 'utf8', maxBuffer: 256 << 20 })
    .split('\0')
    .filter((p) => /\.(ts|js|py|go|java|rs|rb|c|sql|sh|kt|md|yaml|yml)$/.test(p) && !records.includes(p));
  const pickRecords = records.filter((_, i) => i % 10 === 0).slice(0, Math.round(count / 10));
  const step = Math.max(1, Math.floor(tracked.length / (count - pickRecords.length)));
  const pickOthers = tracked.filter((_, i) => i % step === 0).slice(0, count - pickRecords.length);
  return [...pickRecords, ...pickOthers];
}

/**
 * One server session to index complete with a cache folder: time, CPU, memory (heap after GC
 * through the probe), what the cache log said.
 */
async function warmSession(tree, o, cacheFolder) {
  const s = await startServer(tree, o, [], { cacheFolder }, { heap: true });
  try {
    const cacheLog = s.client.logs.find((l) => l.startsWith('Cache: ')) ?? null;
    return {
      ms: round(s.indexCompleteMs),
      serverReportedDurationMs: s.indexCompleteEvent.durationMs,
      cpuMs: s.cpuAtIndex ? round(s.cpuAtIndex.self) : null,
      childCpuMs: s.cpuAtIndex ? round(s.cpuAtIndex.children) : null,
      peakRssMB: s.memAtIndex?.hwmMB ?? null,
      heap: s.heap,
      cacheLog,
    };
  } finally {
    await stopServer(s);
  }
}

/**
 * Warm starts: a server session fills a fresh cache folder (DIR/server); a second starts with
 * nothing changed; unless `changedFiles` is 0, a third after that many files changed as a branch
 * switch would (content and time; put back after). Errors land in the result's `error`.
 */
async function warmStarts(tree, manifest, o, cacheRoot, changedFiles) {
  const serverCache = join(cacheRoot, 'server');
  const out = {};
  try {
    out.fill = await warmSession(tree, o, serverCache);
    // The server writes the cache once the index is in service.
    const deadline = Date.now() + o.indexTimeoutMs;
    while (!(existsSync(serverCache) && readdirSync(serverCache).some((f) => f.endsWith('.json'))) && Date.now() < deadline) await sleep(100);
    out.unchanged = await warmSession(tree, o, serverCache);
    if (changedFiles > 0) {
      const changed = filesToChange(tree, manifest, changedFiles);
      const originals = changed.map((p) => [p, readFileSync(join(tree, p))]);
      try {
        for (const [p, bytes] of originals) writeFileSync(join(tree, p), Buffer.concat([bytes, Buffer.from('\n')]));
        out.changedFiles = changed.length;
        out.afterChanges = await warmSession(tree, o, serverCache);
      } finally {
        for (const [p, bytes] of originals) writeFileSync(join(tree, p), bytes);
      }
    }
  } catch (e) {
    out.error = e.message;
  }
  return out;
}

/**
 * Warm starts (warmStarts: nothing changed, then 1,000 files changed, 100 with --quick), then
 * `check --cache` with an empty and with a filled cache, and whether its output is exactly that
 * of `check` without one.
 */
async function measureWarm(tree, manifest, o, results) {
  const cacheRoot = join(o.dir, 'cache');
  rmSync(cacheRoot, { recursive: true, force: true });
  results.warm = await warmStarts(tree, manifest, o, cacheRoot, o.quick ? 100 : 1000);
  const cliCache = join(cacheRoot, 'cli');
  const check = async (what) => {
    const r = await runCommand(process.execPath, [CLI, 'check', tree, '--format', 'json', '--no-git', '--cache', cliCache], {
      timeoutMs: o.indexTimeoutMs,
      keep: 256 << 20,
    });
    return { what, ms: round(r.ms), cpuMs: round(r.cpuMs), exitCode: r.code, stdout: r.stdout };
  };
  try {
    const plain = await runCommand(process.execPath, [CLI, 'check', tree, '--format', 'json', '--no-git'], { timeoutMs: o.indexTimeoutMs, keep: 256 << 20 });
    const empty = await check('empty cache');
    const filled = await check('filled cache');
    results.checkCache = {
      withoutCacheMs: round(plain.ms),
      withoutCacheCpuMs: round(plain.cpuMs),
      emptyCacheMs: empty.ms,
      filledCacheMs: filled.ms,
      filledCacheCpuMs: filled.cpuMs,
      sameOutput: plain.stdout === empty.stdout && plain.stdout === filled.stdout,
      note: '--no-git on all three; the output of both cached runs is compared byte for byte with the run without a cache',
    };
    if (!results.checkCache.sameOutput) results.checkCache.error = 'check --cache printed something else than check without a cache';
  } catch (e) {
    results.checkCache = { error: e.message };
  }
}

/** Distinct ids with each generator prefix mentioned in a text (see generate.mjs: unknown ids and decoys). */
function classifyIds(text, counts) {
  const seen = { 2099: new Set(), 2097: new Set(), 2096: new Set(), 2095: new Set() };
  for (const m of text.matchAll(/INC-(2099|2097|2096|2095)-\d+/g)) seen[m[1]].add(m[0]);
  return {
    unknownReported: seen[2099].size,
    unknownExpected: counts.unknownIds ?? null,
    falsePositives: { stringLiterals: seen[2097].size, nodeModules: seen[2096].size, minifiedOrBinary: seen[2095].size },
  };
}

async function measureCheck(tree, o, results, counts) {
  try {
    const r = await runCommand(process.execPath, [CLI, 'check', tree, '--format', 'json'], { timeoutMs: o.indexTimeoutMs, keep: 256 << 20 });
    const entry = { ms: round(r.ms), cpuMs: round(r.cpuMs), exitCode: r.code, outputBytes: r.bytes, ids: classifyIds(r.stdout, counts) };
    if (r.code !== 0 && r.code !== 1) entry.error = `exit ${r.code}${r.signal ? ` (${r.signal})` : ''}: ${r.stderr.slice(0, 500)}`;
    try {
      const j = JSON.parse(r.stdout);
      const list = Array.isArray(j) ? j : Array.isArray(j.diagnostics) ? j.diagnostics : null;
      if (list) {
        entry.diagnostics = list.length;
        const bySeverity = {};
        for (const d of list) bySeverity[d.severity ?? '?'] = (bySeverity[d.severity ?? '?'] ?? 0) + 1;
        entry.bySeverity = bySeverity;
      }
    } catch {
      if (!entry.error) entry.note = 'output was not JSON';
    }
    results.check = entry;
  } catch (e) {
    results.check = { error: e.message };
  }
}

/**
 * Summaries of every .cpuprofile in a directory (node writes one per thread: the main thread and
 * each worker), windowed relative to the main thread's start.
 */
function summarizeProfiles(dir, n, window = {}) {
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((x) => x.endsWith('.cpuprofile'))
        .sort()
    : [];
  if (!files.length) throw new Error(`no profile written in ${dir} (did the process exit cleanly?)`);
  const main = topSelfTime(join(dir, files[0]), n);
  const origin = main.startTimeUs;
  return files.map((f, i) => ({
    thread: i === 0 ? 'main' : `worker ${i}`,
    file: join(dir, f),
    ...topSelfTime(join(dir, f), n, { ...window, originUs: origin }),
  }));
}

async function profileRuns(tree, manifest, o, results) {
  const dir = join(o.dir, 'profiles');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const prof = {};
  try {
    const cliDir = join(dir, `cli-${stamp}`);
    await runCommand(process.execPath, ['--cpu-prof', '--cpu-prof-dir', cliDir, CLI, 'check', tree, '--format', 'json'], { timeoutMs: o.indexTimeoutMs });
    prof.cli = { threads: summarizeProfiles(cliDir, 15) };
  } catch (e) {
    prof.cli = { error: e.message };
  }
  let s;
  try {
    // one server session: cold index, then LSP requests; the profiles are split at index complete
    // (the main thread's profile starts as node boots, close to the spawn time)
    const srvDir = join(dir, `server-${stamp}`);
    s = await startServer(tree, o, ['--cpu-prof', '--cpu-prof-dir', srvDir]);
    const indexMs = s.indexCompleteMs;
    const docs = pickDocuments(manifest, tree, o.quick ? 20 : 50);
    for (const d of docs) s.client.open(d.path, d.text, languageId(d.path));
    await sleep(500);
    const requestsFromMs = s.client.sinceSpawn();
    const req = await measureRequests(s, docs, { ...o, requests: Math.min(o.requests, 200) });
    await stopServer(s); // a clean exit writes the profiles
    prof.serverIndex = { window: `0-${Math.round(indexMs)} ms`, threads: summarizeProfiles(srvDir, 15, { toMs: indexMs }) };
    prof.serverRequests = {
      window: `${Math.round(requestsFromMs)} ms-end`,
      requests: Object.fromEntries(Object.entries(req).map(([k, v]) => [k, v.n ?? v.error])),
      threads: summarizeProfiles(srvDir, 15, { fromMs: requestsFromMs }),
    };
  } catch (e) {
    prof.serverIndex = { error: e.message };
    if (s) await stopServer(s);
  }
  results.profiles = prof;
}

/**
 * The scaling table: for each size, a tree generated under the OS temporary folder (removed
 * after, however the run ends), rg -n over it, a cold index (coldIndexSession: no cache, heap
 * probe), warm starts (warmStarts: a session fills the cache, one starts from it), one row each.
 */
async function measureScaling(o, machine, log) {
  const rows = [];
  for (const size of o.scalingSizes) {
    const so = sized(o, size.records, size.files);
    const row = { records: size.records, files: size.files };
    rows.push(row);
    const dir = mkdtempSync(join(os.tmpdir(), 'incident-lens-scaling-'));
    temporaryDirs.add(dir);
    try {
      log(`${size.records} records + ${size.files} files: generating under ${dir}`);
      const gen = generateWorkspace({ records: size.records, files: size.files, seed: o.seed, dir, log });
      row.generate = { timings: gen.timings, counts: gen.manifest.counts };
      log('rg -n (two runs)');
      row.rg = (await measureSearchTools(gen.tree, so, machine, { gitGrep: false })).rg;
      log('cold index (no cache)');
      let s;
      try {
        s = await coldIndexSession(gen.tree, so);
        row.coldIndex = s.coldIndex;
      } catch (e) {
        row.coldIndex = { error: e.message };
      } finally {
        await stopServer(s);
      }
      log('warm start: a session fills the index cache, a second starts from it');
      row.warm = await warmStarts(gen.tree, gen.manifest, so, join(dir, 'cache'), 0);
      const rgMs = row.rg?.error ? null : row.rg?.ms;
      row.ratios = {
        coldIndexOverRg: row.coldIndex?.ms && rgMs ? round(row.coldIndex.ms / rgMs, 2) : null,
        warmUnchangedOverRg: row.warm?.unchanged?.ms && rgMs ? round(row.warm.unchanged.ms / rgMs, 2) : null,
      };
    } catch (e) {
      row.error = e.message;
    } finally {
      log(`removing ${dir}`);
      rmSync(dir, { recursive: true, force: true });
      temporaryDirs.delete(dir);
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// report

function fmtMs(x) {
  if (x == null) return '-';
  return x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(x < 10 ? 2 : 0)} ms`;
}

/** The heap probe could have run but did not answer (not: the platform has no way to ask it). */
const heapFailed = (h) => !!h?.error && h.available !== false;

/** The heap after GC of a session (measureHeap), or why it is missing. */
function fmtHeap(h) {
  if (!h) return '-';
  return h.error ? `unavailable (${h.error.slice(0, 80)})` : `${h.heapAfterGcMB} MB`;
}

/** The scaling table, in Markdown (bench/README.md shows one). */
function scalingTable(rows) {
  const k = (n) => (n % 1000 === 0 ? `${n / 1000}k` : String(n));
  const x = (r) => (r == null ? '-' : `${r.toFixed(2)}x`);
  const mb = (v) => (v == null ? '-' : `${Math.round(v)} MB`);
  const head = [
    'records / files',
    'tree',
    'rg -n',
    'cold index',
    'cold / rg',
    'warm start',
    'warm / rg',
    'peak RSS cold / warm',
    'heap after GC cold / warm',
    'peak heap while indexing: after full GC / with garbage',
  ];
  const body = rows.map((r) => {
    const name = `${k(r.records)} / ${k(r.files)}`;
    if (r.error) return [name, `ERROR: ${r.error.split('\n')[0].slice(0, 120)}`, ...head.slice(2).map(() => '')];
    const ci = r.coldIndex ?? {};
    const w = r.warm?.unchanged;
    const bad = (e) => `ERROR: ${e.split('\n')[0].slice(0, 60)}`;
    const heap = (h) => (h && !h.error ? mb(h.heapAfterGcMB) : '-');
    return [
      name,
      mb(r.generate.counts.bytes / 1048576),
      r.rg?.error ? (r.rg.available === false ? 'unavailable' : bad(r.rg.error)) : fmtMs(r.rg.ms),
      ci.error ? bad(ci.error) : fmtMs(ci.ms),
      x(r.ratios?.coldIndexOverRg),
      r.warm?.error ? bad(r.warm.error) : fmtMs(w?.ms),
      x(r.ratios?.warmUnchangedOverRg),
      `${mb(ci.peakRssAtIndexCompleteMB)} / ${mb(w?.peakRssMB)}`,
      `${heap(ci.heap)} / ${heap(w?.heap)}`,
      ci.heap && !ci.heap.error ? `${mb(ci.heap.peakHeapAfterGcMB)} (${ci.heap.fullGcsWhileIndexing} full GCs) / ${mb(ci.heap.peakHeapWithGarbageMB)}` : '-',
    ];
  });
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...body.map(line)].join('\n');
}

function table(results) {
  const rows = [];
  const err = (e) => `ERROR: ${e.error.split('\n')[0].slice(0, 120)}`;
  const add = (what, value, target = '') => rows.push([what, value, target]);
  const g = results.generate;
  add('workspace', `${g.options.records} records, ${g.options.files} files, seed ${g.options.seed} (${(g.counts.bytes / 1048576).toFixed(0)} MB)`);
  add(
    'generate',
    g.cached
      ? `cached (was ${fmtMs(g.timings.totalMs)})`
      : `${fmtMs(g.timings.totalMs)} (write ${fmtMs(g.timings.writeMs)}, git ${fmtMs(g.timings.gitAddMs + g.timings.gitCommitMs)})`,
  );
  const rg = results.search.rg;
  add(
    'rg -n (2nd run)',
    rg.error
      ? rg.available === false
        ? 'unavailable'
        : err(rg)
      : `${fmtMs(rg.ms)} (cpu ${fmtMs(rg.cpuMs)}; ${rg.matchingLines} lines; 1st run ${fmtMs(rg.firstMs)})`,
  );
  const gg = results.search.gitGrep;
  add(
    'git grep -n -E (2nd run)',
    gg.error
      ? gg.available === false
        ? `unavailable (${gg.error})`
        : err(gg)
      : `${fmtMs(gg.ms)} (cpu ${fmtMs(gg.cpuMs)}; ${gg.matchingLines} lines; 1st run ${fmtMs(gg.firstMs)})`,
  );
  const ci = results.coldIndex;
  if (!ci) add('cold index', 'not run');
  else if (ci.error) add('cold index', err(ci));
  else {
    add(
      'cold index (spawn -> complete)',
      `${fmtMs(ci.ms)} (cpu ${fmtMs(ci.cpuMs)} + children ${fmtMs(ci.childCpuMs)}; ${ci.records} records, ${ci.files} files)`,
      '<= 1.5x rg',
    );
    add(
      '  ratio ours / rg',
      results.ratios.coldIndexOverRg != null ? `${results.ratios.coldIndexOverRg.toFixed(2)}x` : '-',
      results.ratios.coldIndexOverRg != null ? (results.ratios.coldIndexOverRg <= 1.5 ? 'met' : 'not met') : '',
    );
  }
  const warm = results.warm;
  const ratio = (x, target) => (x == null ? ['-', ''] : [`${x.toFixed(2)}x`, `<= ${target}x rg: ${x <= target ? 'met' : 'not met'}`]);
  if (warm?.error) add('warm start (cache)', err(warm));
  else if (warm) {
    const session = (x) => (x ? `${fmtMs(x.ms)} (cpu ${fmtMs(x.cpuMs)}; peak RSS ${x.peakRssMB ?? '-'} MB; heap after GC ${fmtHeap(x.heap)})` : '-');
    add('server with an empty cache (fills it)', session(warm.fill));
    const [r1, t1] = ratio(results.ratios?.warmUnchangedOverRg, 0.5);
    add('warm start, nothing changed', `${session(warm.unchanged)}; ${r1}`, t1);
    const [r2, t2] = ratio(results.ratios?.warmAfterChangesOverRg, 1.0);
    add(`warm start after ${warm.changedFiles} changed files`, `${session(warm.afterChanges)}; ${r2}`, t2);
  }
  const cc = results.checkCache;
  if (cc?.error && cc.withoutCacheMs == null) add('check --cache', err(cc));
  else if (cc) {
    add(
      'check --no-git: no cache / empty / filled',
      `${fmtMs(cc.withoutCacheMs)} / ${fmtMs(cc.emptyCacheMs)} / ${fmtMs(cc.filledCacheMs)} (${results.ratios?.checkNoCacheOverRg?.toFixed(2) ?? '-'}x / ${results.ratios?.checkFilledCacheOverRg?.toFixed(2) ?? '-'}x rg; filled: cpu ${fmtMs(cc.filledCacheCpuMs)})`,
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
  if (ci && !ci.error) {
    const h = ci.heap;
    add(
      'server heap after GC, index complete',
      h?.error
        ? err(h)
        : `${fmtHeap(h)} (+ external ${h.externalAfterGcMB} MB); peak while indexing ${h.peakHeapAfterGcMB ?? '-'} MB after ${h.fullGcsWhileIndexing ?? '-'} full GCs, ${h.peakHeapWithGarbageMB ?? '-'} MB with garbage`,
    );
  }
  const targets = { hover: 5, completion: 20 };
  const open = results.openDocuments ? `, ${results.openDocuments.count} open docs` : '';
  for (const k of ['hover', 'completion', 'definition', 'references']) {
    const r = results.requests?.[k];
    if (!r) add(`${k} (median / p99)`, 'not run');
    else if (r.error) add(`${k}`, err(r));
    else
      add(
        `${k} (median / p99, n=${r.n}${open})`,
        `${fmtMs(r.median)} / ${fmtMs(r.p99)}  [non-empty ${r.nonEmpty}/${r.n}, avg size ${r.meanResultSize}]`,
        targets[k] ? `p99 < ${targets[k]} ms: ${r.p99 < targets[k] ? 'met' : 'not met'}` : '',
      );
  }
  if (results.requests?.error) add('LSP requests', err(results.requests));
  const ed = results.editToDiagnostics;
  if (!ed) add('record edit -> diagnostics', 'not run');
  else if (ed.error) add('record edit -> diagnostics', err(ed));
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
  else if (ck.error) add('incident-lens check', err(ck));
  else {
    add(
      'incident-lens check --format json',
      `${fmtMs(ck.ms)} (cpu ${fmtMs(ck.cpuMs)}; ${results.ratios?.checkOverRg?.toFixed(2) ?? '-'}x rg; exit ${ck.exitCode}${ck.diagnostics != null ? `, ${ck.diagnostics} diagnostics` : ''})`,
    );
    const fp = ck.ids.falsePositives;
    add(
      '  unknown ids reported / planted',
      `${ck.ids.unknownReported} / ${ck.ids.unknownExpected ?? '?'}; wrongly reported: strings ${fp.stringLiterals}, node_modules ${fp.nodeModules}, minified/binary ${fp.minifiedOrBinary}`,
    );
  }
  const h = results.history;
  if (h?.error) add('git history', err(h));
  else if (h) {
    add(
      `history: ${h.commits} commits read by us`,
      `${fmtMs(h.historyReadMs)} (list --file: ${fmtMs(h.cliListWithHistoryMs)} with, ${fmtMs(h.cliListWithoutHistoryMs)} without; ${h.commitReasonsFound} commit reasons)`,
    );
    add('  plain git log (hashes / --name-status -M)', `${fmtMs(h.gitLogHashesMs)} / ${fmtMs(h.gitLogNameStatusMs)}`);
  }
  const w = [0, 1].map((i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r) => `${r[0].padEnd(w[0])}  ${r[1].padEnd(w[1])}  ${r[2]}`.trimEnd();
  return [line(['measurement', 'value', 'target (informational)']), line(['-'.repeat(w[0]), '-'.repeat(w[1]), '-'.repeat(22)]), ...rows.map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------
// main

async function main() {
  let o;
  try {
    o = options();
  } catch (e) {
    console.error(`bench: ${e.message}\n${usage()}`);
    process.exit(2);
  }
  SERVER = o.server;
  CLI = o.cli;
  if (o.help) {
    console.log(usage());
    return;
  }
  const started = new Date();
  const rgPath = findRg();
  const machine = {
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? null,
    totalMemoryMB: Math.round(os.totalmem() / 1048576),
    freeMemoryMB: Math.round(os.freemem() / 1048576),
    loadAverage: os.loadavg().map((x) => round(x, 2)),
    node: process.version,
    rg: rgPath ? versionOf(rgPath) : null,
    rgPath,
    git: versionOf('git'),
  };
  const results = {
    startedAt: started.toISOString(),
    machine,
    options: { records: o.records, files: o.files, seed: o.seed, requests: o.requests, quick: !!o.quick },
    idPattern: ID_PATTERN,
  };
  const log = (m) => console.error(`[bench] ${m}`);
  if (o.scaling) {
    if (!existsSync(SERVER)) {
      log(`ERROR: ${SERVER} not found: run \`npm run build\` first (npm run bench does)`);
      process.exitCode = 1;
      return;
    }
    results.options = { seed: o.seed, scalingSizes: o.scalingSizes };
    results.scaling = await measureScaling(o, machine, log);
    results.finishedAt = new Date().toISOString();
    results.totalMs = Date.now() - started.getTime();
    writeFileSync(o.out, JSON.stringify(results, null, 2) + '\n');
    console.log(scalingTable(results.scaling));
    console.log(
      `\n${machine.cpus} cores (${machine.cpuModel}), node ${machine.node}, ${machine.rg ?? 'rg unavailable'}; results: ${o.out} (total ${fmtMs(results.totalMs)})`,
    );
    const failed = results.scaling.some(
      (r) => r.error || r.coldIndex?.error || r.warm?.error || heapFailed(r.coldIndex?.heap) || (r.rg?.error && r.rg.available !== false),
    );
    process.exitCode = failed ? 1 : 0;
    return;
  }
  const distMissing = [SERVER, CLI].filter((f) => !existsSync(f));
  if (distMissing.length)
    log(
      `ERROR: ${distMissing.map((f) => (f.startsWith(repo) ? f.slice(repo.length + 1) : f)).join(' and ')} not found: run \`npm run build\` first (npm run bench does). Measuring what does not need them.`,
    );

  log(`generating ${o.records} records + ${o.files} files (seed ${o.seed}) under ${o.dir}`);
  const gen = generateWorkspace({ records: o.records, files: o.files, seed: o.seed, dir: o.dir, force: o.force, log });
  results.generate = { tree: gen.tree, cached: gen.cached, timings: gen.timings, options: gen.manifest.options, counts: gen.manifest.counts };
  log(gen.cached ? `reusing ${gen.tree}` : `generated in ${fmtMs(gen.timings.totalMs)}`);

  log('rg and git grep (two runs each)');
  results.search = await measureSearchTools(gen.tree, o, machine);

  if (!existsSync(SERVER)) results.coldIndex = { error: 'dist/server.js not found: run `npm run build`' };
  else {
    log('language server: cold index, requests, edit -> diagnostics');
    await measureLsp(gen.tree, gen.manifest, o, results);
  }
  if (!existsSync(CLI)) results.check = { error: 'dist/cli.js not found: run `npm run build`' };
  else {
    log('incident-lens check');
    await measureCheck(gen.tree, o, results, gen.manifest.counts);
  }
  if (existsSync(SERVER) && existsSync(CLI)) {
    log(`warm starts from the index cache: nothing changed, ${o.quick ? 100 : 1000} files changed; check --cache`);
    await measureWarm(gen.tree, gen.manifest, o, results);
  }
  if (existsSync(CLI)) {
    const commits = o.quick ? 1000 : 10000;
    log(`git history: ${commits} commits`);
    try {
      results.history = measureHistory({ dir: resolve(o.dir), commits, cli: CLI, log });
    } catch (e) {
      results.history = { error: e.message };
    }
  }
  results.ratios = {
    coldIndexOverRg: results.coldIndex?.ms && results.search.rg?.ms ? round(results.coldIndex.ms / results.search.rg.ms, 2) : null,
    coldIndexOverGitGrep: results.coldIndex?.ms && results.search.gitGrep?.ms ? round(results.coldIndex.ms / results.search.gitGrep.ms, 2) : null,
    checkOverRg: results.check?.ms && results.search.rg?.ms ? round(results.check.ms / results.search.rg.ms, 2) : null,
    checkNoCacheOverRg: results.checkCache?.withoutCacheMs && results.search.rg?.ms ? round(results.checkCache.withoutCacheMs / results.search.rg.ms, 2) : null,
    warmUnchangedOverRg: results.warm?.unchanged?.ms && results.search.rg?.ms ? round(results.warm.unchanged.ms / results.search.rg.ms, 2) : null,
    warmAfterChangesOverRg: results.warm?.afterChanges?.ms && results.search.rg?.ms ? round(results.warm.afterChanges.ms / results.search.rg.ms, 2) : null,
    checkFilledCacheOverRg:
      results.checkCache?.filledCacheMs && results.search.rg?.ms ? round(results.checkCache.filledCacheMs / results.search.rg.ms, 2) : null,
  };
  if (o.profile && existsSync(SERVER) && existsSync(CLI)) {
    log('profiling (node --cpu-prof): CLI check and server cold index');
    await profileRuns(gen.tree, gen.manifest, o, results);
  }
  results.finishedAt = new Date().toISOString();
  results.totalMs = Date.now() - started.getTime();

  writeFileSync(o.out, JSON.stringify(results, null, 2) + '\n');
  console.log(table(results));
  if (results.profiles) {
    for (const [k, p] of Object.entries(results.profiles)) {
      if (p.error) {
        console.log(`\ntop self time, ${k}: ${p.error}`);
        continue;
      }
      for (const t of p.threads) {
        if (!t.totalMs) continue;
        console.log(`\ntop self time, ${k}${p.window ? ` (${p.window})` : ''}, ${t.thread} thread, ${t.file}:`);
        console.log(`  by package or source file (total ${t.totalMs} ms):`);
        for (const g of t.byGroup.slice(0, 10)) console.log(`  ${String(g.selfMs).padStart(8)} ms  ${String(g.percent).padStart(5)}%  ${g.group}`);
        console.log('  functions:');
        for (const f of t.top) console.log(`  ${String(f.selfMs).padStart(8)} ms  ${String(f.percent).padStart(5)}%  ${f.name}  ${f.where}`);
      }
    }
  }
  console.log(`\nresults: ${o.out} (total ${fmtMs(results.totalMs)}; times are noisy on a shared machine)`);
  const failed =
    ['coldIndex', 'check', 'editToDiagnostics', 'history', 'warm', 'checkCache'].some((k) => results[k]?.error) ||
    heapFailed(results.coldIndex?.heap) ||
    (results.requests && (results.requests.error || Object.values(results.requests).some((r) => r?.error))) ||
    Object.values(results.search).some((r) => r.error && r.available !== false);
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  console.error(`bench: ${e.stack ?? e.message}`);
  process.exit(1);
});
