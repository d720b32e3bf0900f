import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli, runCliAsync } from '../helpers/cli';

/** Every file under `dir`, relative, sorted. */
function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** Writers never follow `..` or links the reader never would (issue 21.3), through the real binary. */
describe('incident-lens writers: no name that leaves its folder, no link followed (the real binary)', function () {
  this.timeout(180_000);
  let base: string;
  let repo: string;
  let outside: string;

  beforeEach(() => {
    base = realpathSync(mkdtempSync(path.join(tmpdir(), 'incident-lens-writer-links-')));
    repo = path.join(base, 'repo');
    outside = path.join(base, 'outside');
    mkdirSync(repo);
    mkdirSync(outside);
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('import refuses an id that is not a single file name under permissive idPatterns, writing nothing outside', () => {
    writeFileSync(path.join(repo, '.incident-lens.yaml'), 'idPatterns:\n  - "INC-[A-Za-z0-9./-]+"\n');
    mkdirSync(path.join(repo, 'old'));
    writeFileSync(
      path.join(repo, 'old/escape.md'),
      '---\nid: INC-1/../../../outside/planted\ntitle: Queue stalls\nstarted: 2024-03-01\n---\n\n# Queue stalls\n\nThe queue stalled.\n',
    );
    const run = runCli(['import', 'old', '--format', 'json'], { cwd: repo });
    assert.deepEqual(allFiles(outside), [], 'a record was written outside the repository');
    const report = JSON.parse(run.stdout) as { entries: Array<{ outcome: string; reason?: string }> };
    assert.equal(report.entries[0].outcome, 'refused', run.stdout);
    assert.match(report.entries[0].reason ?? '', /not a single file name/);
    assert.equal(run.code, 1, run.stderr);
  });

  it('import writes no record outside when the records folder is swapped for a link while it writes', async () => {
    const sources = path.join(base, 'sources');
    mkdirSync(sources);
    const count = 600;
    for (let i = 0; i < count; i++) {
      writeFileSync(path.join(sources, `pm-${String(i).padStart(4, '0')}.md`), `# Outage number ${i}\n\nStarted 2024-03-01. Something broke.\n`);
    }
    const records = path.join(repo, 'incidents');
    const running = runCliAsync(['import', sources, '--folder', repo, '--format', 'json']);
    // As soon as the first record is there, the folder becomes a link to a folder outside.
    const until = Date.now() + 60_000;
    while (!(existsSync(records) && readdirSync(records).length > 0) && Date.now() < until) {
      /* wait for the first record, without yielding: the swap must come while the import writes */
    }
    renameSync(records, path.join(repo, 'incidents-real'));
    symlinkSync(outside, records);
    const run = await running;
    assert.deepEqual(allFiles(outside), [], `${allFiles(outside).length} record(s) were written outside the repository`);
    assert.ok(run.stdout.trim().startsWith('{'), run.stderr);
    const written = allFiles(path.join(repo, 'incidents-real')).length;
    assert.ok(written > 0 && written <= count, `${written} record(s) in the folder that was opened`);
  });

  it('insights --out refuses a link planted on its way, and overwrites nothing outside', () => {
    writeFileSync(path.join(outside, 'index.html'), 'not yours\n');
    symlinkSync(outside, path.join(repo, 'report'));
    const direct = runCli(['insights', '.', '--no-git', '--out', 'report'], { cwd: repo });
    assert.equal(direct.code, 2, direct.stderr);
    assert.match(direct.stderr, /--out report: .*report is a symbolic link/);
    mkdirSync(path.join(repo, 'site'));
    symlinkSync(outside, path.join(repo, 'site/pages'));
    const deeper = runCli(['insights', '.', '--no-git', '--out', 'site/pages/latest'], { cwd: repo });
    assert.equal(deeper.code, 2, deeper.stderr);
    assert.deepEqual(allFiles(outside), ['index.html']);
    assert.equal(readFileSync(path.join(outside, 'index.html'), 'utf8'), 'not yours\n');
    // A real folder is still written, made where missing.
    const fine = runCli(['insights', '.', '--no-git', '--out', 'site/real/latest'], { cwd: repo });
    assert.equal(fine.code, 0, fine.stderr);
    assert.ok(existsSync(path.join(repo, 'site/real/latest/index.html')));
  });
});
