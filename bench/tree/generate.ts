// Deterministic workspace generator for the Incident Lens benchmark.
//
//   npx tsx bench/tree/generate.ts [--records N] [--files M] [--seed S] [--dir DIR] [--force] [--quick]
//
// Writes DIR/ws-<N>r-<M>f-s<S>-g<version>/tree (a git repository with one commit) and, last of all,
// manifest.json beside it: ground truth (reference positions, counts) that bench/run.ts reads. A
// tree whose manifest exists is reused as is, so re-runs with the same (N, M, seed) are fast.
// Everything comes from one seeded PRNG stream, walked in a fixed order: same options, same bytes.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { count } from '../shared/options';
import { planIds } from './ids';
import { newCounts, type GenerateTimings, type Manifest, type PlantedRef, type RecordEntry } from './manifest';
import { dice } from './random';
import { recordFile } from './records';
import { commentLine, minified, pngLike, POOL, snippetPools, sourceFile } from './sources';
import { NOUNS, sentenceFactory, VERBS } from './vocabulary';

/** Bump when the generated content changes, so cached trees are not reused. */
export const GENERATOR_VERSION = 2;

export const DEFAULT_DIR = resolve(__dirname, '..', '..', '.bench');

export interface TreeSize {
  records: number;
  files: number;
  seed: number;
}

export interface GeneratedTree {
  tree: string;
  manifest: Manifest;
  cached: boolean;
  timings: GenerateTimings;
}

type Log = (message: string) => void;

export function workspacePaths({ records, files, seed, dir = DEFAULT_DIR }: TreeSize & { dir?: string }) {
  const root = join(dir, `ws-${records}r-${files}f-s${seed}-g${GENERATOR_VERSION}`);
  return { root, tree: join(root, 'tree'), manifest: join(root, 'manifest.json') };
}
type Paths = ReturnType<typeof workspacePaths>;

/** Generates (or reuses) the workspace. */
export function generateWorkspace({
  records = 10000,
  files = 100000,
  seed = 1,
  dir = DEFAULT_DIR,
  force = false,
  log = () => {},
}: Partial<TreeSize> & { dir?: string; force?: boolean; log?: Log } = {}): GeneratedTree {
  const final = workspacePaths({ records, files, seed, dir });
  if (!force && existsSync(final.manifest)) return reuse(final);
  // Build in a private directory and rename it into place at the end: a run that is interrupted,
  // or two runs at once, never leave (or read) a half-written tree.
  const workRoot = `${final.root}.tmp-${process.pid}`;
  const work = { root: workRoot, tree: join(workRoot, 'tree'), manifest: join(workRoot, 'manifest.json') };
  removeAbandoned(final.root);
  rmSync(work.root, { recursive: true, force: true });
  mkdirSync(work.tree, { recursive: true });
  return finish(buildInto(work, { records, files, seed }, log), work, final, force);
}

function reuse(paths: Paths): GeneratedTree {
  const manifest = JSON.parse(readFileSync(paths.manifest, 'utf8')) as Manifest;
  return { tree: paths.tree, manifest, cached: true, timings: manifest.timings };
}

/** Removes <root>.tmp-<pid> / .old-<pid> directories left by runs that no longer exist. */
function removeAbandoned(root: string): void {
  const parent = dirname(root);
  const prefix = root.slice(parent.length + 1);
  if (!existsSync(parent)) return;
  for (const name of readdirSync(parent)) {
    const m = name.startsWith(prefix) ? /\.(?:tmp|old)-(\d+)$/.exec(name.slice(prefix.length)) : null;
    if (!m) continue;
    let alive = true;
    try {
      process.kill(Number(m[1]), 0);
    } catch {
      alive = false;
    }
    if (!alive) rmSync(join(parent, name), { recursive: true, force: true });
  }
}

function finish(result: GeneratedTree, work: Paths, final: Paths, force: boolean): GeneratedTree {
  if (existsSync(final.root)) {
    if (!force && existsSync(final.manifest)) {
      // another run finished first: use its tree
      rmSync(work.root, { recursive: true, force: true });
      return reuse(final);
    }
    const old = `${final.root}.old-${process.pid}`;
    renameSync(final.root, old);
    rmSync(old, { recursive: true, force: true });
  }
  renameSync(work.root, final.root);
  return { ...result, tree: final.tree };
}

function buildInto(paths: Paths, { records, files, seed }: TreeSize, log: Log): GeneratedTree {
  const t0 = performance.now();
  const t = dice(seed);
  const sentence = sentenceFactory(t);
  const pools = snippetPools(t, sentence);
  const { planned, ids } = planIds(records, t);

  const madeDirs = new Set<string>();
  let bytes = 0;
  const write = (rel: string, content: string | Buffer) => {
    const folder = dirname(rel);
    if (!madeDirs.has(folder)) {
      mkdirSync(join(paths.tree, folder), { recursive: true });
      madeDirs.add(folder);
    }
    writeFileSync(join(paths.tree, rel), content);
    bytes += typeof content === 'string' ? Buffer.byteLength(content) : content.length;
  };
  const counts = newCounts();

  const usedPaths = new Set<string>();
  const sourcePaths: string[] = [];
  const refs: PlantedRef[] = [];
  for (let i = 0; i < files; i++) {
    const { rel, content } = sourceFile(i, files, t, pools, ids, usedPaths, refs, counts);
    write(rel, content);
    sourcePaths.push(rel);
  }

  // minified bundles (one 2 MB single line, a few smaller) and binary files
  write(
    'web/vendor/bundle.min.js',
    minified(t, 2 * 1024 * 1024, ids.known, () => ids.fake(2095)),
  );
  counts.minified++;
  for (let i = 0; i < 3; i++) {
    write(
      `web/vendor/chunk-${i}.min.js`,
      minified(t, t.int(100_000, 400_000), ids.known, () => ids.fake(2095)),
    );
    counts.minified++;
  }
  const nBinary = Math.max(3, Math.round(files * 0.002));
  for (let i = 0; i < nBinary; i++) {
    write(`assets/img/${t.pick(NOUNS)}-${i}.png`, pngLike(t, t.int(2000, 50000), t.chance(0.3) ? ids.fake(2095) : null));
    counts.binary++;
  }

  // node_modules (ignored by .gitignore, must be skipped by the indexer)
  const nNodeModules = Math.max(20, Math.round(files * 0.01));
  for (let i = 0; i < nNodeModules; i++) {
    const pkg = `${t.pick(NOUNS)}-${t.pick(VERBS)}${i % 40}`;
    const c = commentLine('js', ids.fake(2096), t);
    write(`node_modules/${pkg}/lib/${t.pick(NOUNS)}_${i}.js`, `'use strict';\n${c.text}${pools.js[i % POOL].s}`);
    counts.nodeModulesFiles++;
  }
  write('.gitignore', 'node_modules/\n');

  const recordEntries: RecordEntry[] = [];
  for (const r of planned) {
    const { rel, content, idLine } = recordFile(r, t, sentence, ids, sourcePaths, counts);
    write(rel, content);
    counts.recordFiles++;
    recordEntries.push({ id: r.id, path: rel, idLine, idCol: 4 });
  }
  counts.bytes = bytes;
  counts.unknownIds = ids.handedOut[2099];
  counts.decoyIds = { stringLiterals: ids.handedOut[2097], nodeModules: ids.handedOut[2096], minifiedOrBinary: ids.handedOut[2095] };
  const tWrite = performance.now();

  const git = commitTree(paths.tree, log);
  counts.gitRepository = git.available;
  const timings = {
    writeMs: Math.round(tWrite - t0),
    gitAddMs: Math.round(git.addedAt - tWrite),
    gitCommitMs: Math.round(git.committedAt - git.addedAt),
    totalMs: Math.round(git.committedAt - t0),
  };
  const manifest: Manifest = { generatorVersion: GENERATOR_VERSION, options: { records, files, seed }, counts, timings, refs, records: recordEntries };
  const tmp = paths.manifest + '.tmp';
  writeFileSync(tmp, JSON.stringify(manifest));
  renameSync(tmp, paths.manifest); // written last: its presence marks a complete tree
  log(
    `generated ${records} records + ${files} files (${(bytes / 1048576).toFixed(0)} MB) in ${timings.totalMs} ms (write ${timings.writeMs}, git add ${timings.gitAddMs}, commit ${timings.gitCommitMs})`,
  );
  return { tree: paths.tree, manifest, cached: false, timings };
}

/** Makes the tree a git repository of one commit, fast and hermetic; when git is missing the tree is still usable. */
function commitTree(tree: string, log: Log): { available: boolean; addedAt: number; committedAt: number } {
  const env = {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'bench',
    GIT_AUTHOR_EMAIL: 'bench@example.invalid',
    GIT_COMMITTER_NAME: 'bench',
    GIT_COMMITTER_EMAIL: 'bench@example.invalid',
    GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
    GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
  };
  const config = [
    'core.fsmonitor=false',
    'core.hooksPath=/dev/null',
    'gc.auto=0',
    'core.looseCompression=1',
    'core.autocrlf=false',
    'commit.gpgsign=false',
    'init.defaultBranch=main',
  ];
  const git = (...args: string[]) =>
    execFileSync('git', [...config.flatMap((c) => ['-c', c]), ...args], { cwd: tree, env, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 << 20 });
  try {
    execFileSync('git', ['--version'], { stdio: 'ignore' });
  } catch {
    // the benchmark reports git grep as unavailable
    log('git not found: the workspace is not a git repository');
    const now = performance.now();
    return { available: false, addedAt: now, committedAt: now };
  }
  git('init', '-q');
  git('add', '-A');
  const addedAt = performance.now();
  git('commit', '-q', '--no-verify', '-m', 'Generated benchmark workspace');
  return { available: true, addedAt, committedAt: performance.now() };
}

if (require.main === module) {
  try {
    const { values } = parseArgs({
      options: {
        records: { type: 'string' },
        files: { type: 'string' },
        seed: { type: 'string' },
        dir: { type: 'string' },
        force: { type: 'boolean' },
        quick: { type: 'boolean' },
      },
    });
    const r = generateWorkspace({
      records: count('--records', values.records, values.quick ? 300 : 10000),
      files: count('--files', values.files, values.quick ? 3000 : 100000),
      seed: count('--seed', values.seed, 1),
      dir: values.dir ? resolve(values.dir) : DEFAULT_DIR,
      force: values.force,
      log: (m) => console.error(m),
    });
    console.log(JSON.stringify({ tree: r.tree, cached: r.cached, timings: r.timings, counts: r.manifest.counts }, null, 2));
  } catch (e) {
    console.error(`generate: ${(e as Error).message}`);
    process.exit(2);
  }
}
