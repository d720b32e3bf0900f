/**
 * A folder large enough to be listed and searched by ripgrep in one walk (over
 * NATIVE_WALK_FROM_FILES files) must give exactly what a walk in Node gives: the same problems,
 * the same records, the same files known to exist, whatever odd files it holds, and also when
 * ripgrep fails part way. Each run goes through the real `incident-lens` binary and real ripgrep.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { NATIVE_WALK_FROM_FILES } from '../../server/src/host/nodeWorkspace';
import { mkfifo } from '../helpers/hostileFiles';
import { CLI, runCli } from '../helpers/cli';
import { recordYaml } from '../helpers/records';

const run = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(args, { timeout: 120_000, env });

function ripgrepOnPath(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/** A tree of many small files in many folders, with the odd files a walk can get wrong. */
function bigTree(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'il-one-walk-'));
  const write = (rel: string | Buffer, text: string | Buffer) => {
    const file = typeof rel === 'string' ? path.join(dir, rel) : Buffer.concat([Buffer.from(`${dir}/`), rel]);
    mkdirSync(path.dirname(file.toString()), { recursive: true });
    writeFileSync(file, text);
  };
  const files = NATIVE_WALK_FROM_FILES + 200;
  for (let i = 0; i < files; i++) {
    const folder = `src/m${i % 97}/d${i % 13}`;
    // One file in fifty refers to a record; one in a hundred and fifty to an unknown id.
    const text = i % 50 === 0 ? `// see INC-${1 + (i % 40)}\n` : i % 150 === 7 ? `// after INC-9${i}\n` : `export const v${i} = ${i};\n`;
    write(`${folder}/f${i}.ts`, text);
  }
  for (let id = 1; id <= 40; id++) write(`incidents/INC-${id}.yaml`, recordYaml(`INC-${id}`));
  // Known to exist though never read (too large, binary): a `code` path to each is not stale. A
  // link and a FIFO are not files of the folder: a `code` path to either is.
  write(
    'incidents/INC-41.yaml',
    recordYaml('INC-41', {
      extra: 'code:\n  - path: docs/big.md\n  - path: assets/logo.png\n  - path: src/link.ts\n  - path: src/pipe.ts\n  - path: vendor/x.ts\n',
    }),
  );
  write('docs/big.md', `INC-505 ${'x'.repeat(1_100_000)}\n`);
  write('assets/logo.png', Buffer.concat([Buffer.from('\x89PNG\0\0'), Buffer.from(' INC-506 ')]));
  symlinkSync('m0/d0/f0.ts', path.join(dir, 'src/link.ts'));
  mkfifo(path.join(dir, 'src/pipe.ts'));
  // Odd names: a line break, bytes that are not UTF-8 (Latin-1 "café"), a leading "..".
  write('incidents/INC-42.\nyaml.yaml', recordYaml('INC-42'));
  write(Buffer.from('src/café.ts', 'latin1'), '// INC-42 and INC-503\n');
  write(Buffer.from('incidents/INC-43-café.yaml', 'latin1'), recordYaml('INC-43'));
  write('..notes.md', 'See INC-43 and INC-504.\n');
  // Left out: an excluded folder, node_modules, and .git.
  write('vendor/x.ts', '// INC-507\n');
  write('node_modules/pkg/x.ts', '// INC-508\n');
  write('.git/x.ts', '// INC-509\n');
  write('.incident-lens.yaml', 'exclude:\n  - "vendor/**"\n');
  return dir;
}

describe('incident-lens CLI on a folder listed and searched in one walk (real ripgrep)', function () {
  this.timeout(300_000);
  const rg = ripgrepOnPath();
  let dir: string;
  let plain: ReturnType<typeof run>;
  const made: string[] = [];

  before(function () {
    assert.ok(existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first');
    if (!rg) {
      // CI installs ripgrep (.ci/run); a machine without it has nothing to compare.
      if (process.env.CI === 'true') assert.fail('ripgrep is missing');
      this.skip();
    }
    dir = bigTree();
    made.push(dir);
    plain = run(['check', dir, '--no-git', '--format', 'json', '--verbose'], { INCIDENT_LENS_NO_RIPGREP: '1' });
    assert.equal(plain.code, 0, plain.stderr);
  });
  after(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('the walk in Node (no ripgrep) finds what the folder holds', () => {
    const problems = JSON.parse(plain.stdout) as Array<{ path: string; code: string; message: string }>;
    const unknown = problems.filter((p) => p.code === 'unknown-reference').map((p) => `${p.path} ${/INC-\d+/.exec(p.message)?.[0]}`);
    assert.ok(unknown.includes('src/caf\ufffd.ts INC-503') && unknown.includes('..notes.md INC-504'), unknown.join('\n'));
    assert.ok(!unknown.some((u) => /INC-50[5-9]/.test(u)), `read what must not be: ${unknown.join('\n')}`);
    assert.equal(unknown.filter((u) => u.startsWith('src/m')).length, Math.ceil((NATIVE_WALK_FROM_FILES + 200 - 7) / 150));
    const stale = problems.filter((p) => p.code === 'missing-code-path').map((p) => p.message);
    assert.equal(stale.length, 3, stale.join('\n'));
    for (const gone of ['src/link.ts', 'src/pipe.ts', 'vendor/x.ts'])
      assert.ok(
        stale.some((m) => m.includes(gone)),
        `${gone} is not a file of the folder`,
      );
    assert.doesNotMatch(plain.stderr, /ripgrep/);
  });

  it('lists and searches with ripgrep in one walk, and finds exactly the same', () => {
    const withRipgrep = run(['check', dir, '--no-git', '--format', 'json', '--verbose']);
    assert.match(withRipgrep.stderr, /ripgrep listed and searched \d+ file\(s\) in one walk/);
    assert.doesNotMatch(withRipgrep.stderr, /ripgrep found \d+ candidate/, 'the folder was walked a second time');
    assert.match(withRipgrep.stderr, /Native search left \d+ of \d+ file\(s\) unread/);
    assert.equal(withRipgrep.stdout, plain.stdout);
    const list = (env: NodeJS.ProcessEnv) => run(['list', dir, '--no-git', '--format', 'json'], env).stdout;
    assert.equal(list({}), list({ INCIDENT_LENS_NO_RIPGREP: '1' }));
  });

  it('fills an empty cache in one walk, and a start from that cache finds exactly the same', () => {
    const cache = mkdtempSync(path.join(tmpdir(), 'il-one-walk-cache-'));
    made.push(cache);
    const filling = run(['check', dir, '--no-git', '--format', 'json', '--verbose', '--cache', cache]);
    assert.match(filling.stderr, /ripgrep listed and searched \d+ file\(s\) in one walk/);
    assert.equal(filling.stdout, plain.stdout);
    const warm = run(['check', dir, '--no-git', '--format', 'json', '--verbose', '--cache', cache]);
    assert.match(warm.stderr, /Cache: \d+ file\(s\) unchanged since it was written, 0 touched record\(s\) with the same text; 0 record\(s\) parsed/);
    assert.doesNotMatch(warm.stderr, /ripgrep/, 'nothing changed: nothing to search');
    assert.equal(warm.stdout, plain.stdout);
  });

  for (const [how, script] of [
    ['fails part way (its output cut in the middle of a line, then exit 2)', (real: string) => `"${real}" "$@" > "$0.out"; head -c 20000 "$0.out"; exit 2`],
    ['cannot run at all', () => 'exit 127'],
  ] as const) {
    it(`lists the rest in Node when ripgrep ${how}, and finds exactly the same`, () => {
      const bin = mkdtempSync(path.join(tmpdir(), 'il-rg-'));
      made.push(bin);
      writeFileSync(path.join(bin, 'rg'), `#!/bin/sh\n${script(rg!)}\n`);
      chmodSync(path.join(bin, 'rg'), 0o755);
      const failing = run(['check', dir, '--no-git', '--format', 'json', '--verbose'], { PATH: `${bin}${path.delimiter}${process.env.PATH}` });
      assert.match(
        failing.stderr,
        /ripgrep (exited with (2|127)|ended in the middle of a line) after listing \d+ file\(s\); the rest are listed in Node and read/,
      );
      assert.equal(failing.stdout, plain.stdout);
    });
  }
});
