// The command line of bench/run.ts.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { count } from './shared/options';
import { DEFAULT_DIR } from './tree/generate';

const repo = resolve(__dirname, '..');

export const USAGE = [
  'usage: npx tsx bench/run.ts [--records N] [--files M] [--seed S] [--requests R] [--quick] [--dir DIR] [--out FILE] [--force] [--profile] [--server dist/server.js] [--cli dist/cli.js]',
  '       npx tsx bench/run.ts --scaling [--scaling-sizes 1000/10000,2000/20000,...] [--seed S] [--out FILE] [--server dist/server.js]',
].join('\n');

export interface Size {
  records: number;
  files: number;
}

/** The sizes of the scaling table (records/files). */
const SCALING_SIZES: Size[] = [
  { records: 1000, files: 10000 },
  { records: 2000, files: 20000 },
  { records: 10000, files: 100000 },
  { records: 20000, files: 300000 },
];

export type RunOptions = ReturnType<typeof sized<ReturnType<typeof readOptions>>>;

/** The options of this run; throws on a bad argument. */
export function options(argv = process.argv.slice(2)): RunOptions {
  return sized(readOptions(argv));
}

function readOptions(argv: string[]) {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      records: { type: 'string' },
      files: { type: 'string' },
      seed: { type: 'string' },
      requests: { type: 'string' },
      quick: { type: 'boolean', default: false },
      dir: { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      server: { type: 'string' },
      cli: { type: 'string' },
      scaling: { type: 'boolean', default: false },
      'scaling-sizes': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const quick = v.quick;
  if (v.scaling && quick) throw new Error('--scaling and --quick do not go together: --scaling is the long run');
  return {
    // --quick: a size for CI; every measurement still runs
    records: count('--records', v.records, quick ? 300 : 10000),
    files: count('--files', v.files, quick ? 3000 : 100000),
    seed: count('--seed', v.seed, 1),
    requests: count('--requests', v.requests, quick ? 100 : 500),
    quick,
    dir: v.dir ? resolve(v.dir) : DEFAULT_DIR,
    force: v.force,
    help: v.help,
    out: v.out ? resolve(v.out) : join(repo, v.scaling ? 'bench-scaling.json' : 'bench-results.json'),
    profile: v.profile,
    server: resolve(v.server ?? join(repo, 'dist', 'server.js')),
    cli: resolve(v.cli ?? join(repo, 'dist', 'cli.js')),
    scaling: v.scaling,
    scalingSizes: v['scaling-sizes'] === undefined ? SCALING_SIZES : parseSizes(v['scaling-sizes']),
  };
}

/** The options for a tree of this size: generous timeouts that scale with it (a hang still ends the run). */
export function sized<O extends Size>(o: O, size: Size = o) {
  const scale = Math.max(1, (size.files + size.records * 2) / 20000);
  return {
    ...o,
    records: size.records,
    files: size.files,
    indexTimeoutMs: Math.round(120_000 * scale),
    toolTimeoutMs: Math.round(120_000 * scale),
    requestTimeoutMs: 30_000,
    diagTimeoutMs: 30_000,
  };
}

function parseSizes(text: string): Size[] {
  return text.split(',').map((pair) => {
    const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(pair);
    if (!m) throw new Error(`--scaling-sizes takes records/files pairs separated by commas (1000/10000,2000/20000), got ${pair}`);
    return { records: Number(m[1]), files: Number(m[2]) };
  });
}
