import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CLI } from '../helpers/cli';
import { recordYaml } from '../helpers/records';

function lines(n: number, line: (i: number) => string): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(line(i));
  return out.join('\n') + '\n';
}

describe('incident-lens check on files with tens of thousands of problems (the real binary)', function () {
  this.timeout(600_000);
  let dir: string;
  before(() => {
    assert.ok(existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first');
    dir = mkdtempSync(path.join(tmpdir(), 'incident-lens-limit-'));
    mkdirSync(path.join(dir, 'incidents'));
    // The inputs of the report: 32,000 unknown keys (309 KB), 32,000 conflict-marker lines, and a
    // configuration of unknown keys; each took from 20 s to minutes before.
    writeFileSync(path.join(dir, 'incidents/INC-1.yaml'), recordYaml('INC-1') + lines(32_000, (i) => `k${i}: v`));
    const markers = ['<<<<<<< ours', 'title: a', '=======', 'title: b', '>>>>>>> theirs'];
    writeFileSync(path.join(dir, 'incidents/INC-2.yaml'), recordYaml('INC-2') + lines(32_000, (i) => markers[i % markers.length]));
    writeFileSync(
      path.join(dir, '.incident-lens.yaml'),
      lines(32_000, (i) => `setting_${i}: value`),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reports the first 100 problems of each file and how many more, at file:line:col', () => {
    const result = spawnSync(process.execPath, [CLI, 'check', dir, '--no-git'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.equal(result.status, 1, result.stderr);
    const out = result.stdout.trim().split('\n');
    const of = (file: string) => out.filter((line) => line.startsWith(`${file}:`));
    const unknown = of('incidents/INC-1.yaml');
    assert.equal(unknown.length, 101);
    assert.match(unknown[0], /^incidents\/INC-1\.yaml:5:1: warning: Unknown field `k0`/);
    assert.equal(
      unknown[100],
      'incidents/INC-1.yaml:105:1: warning: And 31900 more problems in this file from here on: only the first 100 are reported. [too-many-problems]',
    );
    const conflicts = of('incidents/INC-2.yaml');
    assert.equal(conflicts.length, 101);
    assert.match(conflicts[0], /^incidents\/INC-2\.yaml:5:1: error: Unresolved git merge conflict marker/);
    assert.match(conflicts[100], /^incidents\/INC-2\.yaml:\d+:\d+: error: And \d+ more problems in this file from here on/);
    const config = of('.incident-lens.yaml');
    assert.equal(config.length, 101);
    assert.equal(
      config[100],
      '.incident-lens.yaml:101:1: error: And 31900 more problems in this file from here on: only the first 100 are reported. [too-many-problems]',
    );
  });
});
