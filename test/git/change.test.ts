/**
 * "What changed since the merge base" has one answer: the Branch view (`list --changed`, the
 * server's Touching This Branch) and `review` (and MCP `incidents_for_diff`, which is review)
 * read it from the same place, so they name the same incidents, renames included.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { TestRepo, removeDir } from './gitRepo';

const CLI = path.join(__dirname, '../../dist/cli.js');

function cli(cwd: string, ...args: string[]): unknown {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  assert.strictEqual(result.status, 0, result.stderr);
  return JSON.parse(result.stdout);
}

function record(id: string, codePath: string): string {
  return `id: ${id}\ntitle: ${id} title\nseverity: SEV2\nstatus: published\nstarted: 2024-01-01\nsummary: Summary of ${id}.\ncode:\n  - path: ${codePath}\n`;
}

const lines = (name: string) => Array.from({ length: 30 }, (_, i) => `export const ${name}${i} = ${i};\n`).join('');

describe('the change since the merge base: one answer for the Branch view and review', function () {
  this.timeout(120_000);
  let repo: TestRepo;
  before(() => {
    assert.ok(fs.existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first');
    repo = TestRepo.init();
    repo.write('incidents/INC-1.yaml', record('INC-1', 'src/moved.ts')).write('incidents/INC-2.yaml', record('INC-2', 'src/back.ts'));
    repo.write('src/moved.ts', lines('moved')).write('src/back.ts', lines('back'));
    repo.commit('base');
    repo.git('checkout', '-q', '-b', 'feature');
    // Renamed on the branch: the record still lists the old name.
    repo.git('mv', 'src/moved.ts', 'src/renamed.ts');
    // Renamed on the branch, then renamed back in the index: no change at all since the merge base.
    repo.git('mv', 'src/back.ts', 'src/away.ts');
    repo.commitStaged('Move files');
    repo.git('mv', 'src/away.ts', 'src/back.ts');
  });
  after(() => removeDir(repo.dir));

  it('names the same incidents for a renamed file', () => {
    const branch = cli(repo.dir, 'list', '--changed=main', '--format', 'json') as Array<{ id: string }>;
    const review = cli(repo.dir, 'review', '--base', 'main', '--format', 'json') as { incidents: Array<{ id: string; places: Array<{ path: string }> }> };
    assert.deepStrictEqual(
      review.incidents.map((i) => [i.id, i.places.map((p) => p.path)]),
      [['INC-1', ['src/renamed.ts']]],
    );
    assert.deepStrictEqual(
      branch.map((t) => t.id),
      review.incidents.map((i) => i.id),
    );
  });
});
