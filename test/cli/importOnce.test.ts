import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli, runCliAsync } from '../helpers/cli';

/** `imported_from` of every record file in a folder. */
function importedFrom(records: string): string[] {
  return readdirSync(records)
    .filter((name) => name.endsWith('.md'))
    .map((name) => /^imported_from: (.*)$/m.exec(readFileSync(path.join(records, name), 'utf8'))?.[1] ?? `(none in ${name})`)
    .sort();
}

/** Each source is imported once (issue 21.4): records are never sources, and runs at once claim each source. */
describe('incident-lens import: each source once (the real binary)', function () {
  this.timeout(240_000);
  let repo: string;
  beforeEach(() => {
    repo = mkdtempSync(path.join(tmpdir(), 'incident-lens-import-once-'));
    mkdirSync(path.join(repo, 'old'));
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  it('never imports its own records: importing the folder that holds them three times keeps two records', () => {
    writeFileSync(path.join(repo, 'old/queue.md'), '# Queue stalls\n\nStarted 2024-03-01. The queue stalled.\n');
    writeFileSync(path.join(repo, 'old/cache.md'), '# Cache stampede\n\nStarted 2024-04-02. The cache stampeded.\n');
    for (let run = 1; run <= 3; run++) {
      const { code, stdout, stderr } = runCli(['import', '.', '--format', 'json'], { cwd: repo });
      assert.equal(code, 0, `run ${run}: ${stderr}${stdout}`);
      assert.deepEqual(importedFrom(path.join(repo, 'incidents')), ['old/cache.md', 'old/queue.md'], `run ${run}`);
    }
  });

  it('two imports running at once import each source once', async () => {
    const count = 400;
    for (let i = 0; i < count; i++) {
      writeFileSync(path.join(repo, `old/pm-${String(i).padStart(3, '0')}.md`), `# Outage ${i}\n\nStarted 2024-03-01. Something broke.\n`);
    }
    const args = ['import', path.join(repo, 'old'), '--folder', repo, '--format', 'json'];
    const first = runCliAsync(args);
    // The second starts once the first writes: its index misses records the first writes while it plans.
    const records = path.join(repo, 'incidents');
    const until = Date.now() + 60_000;
    while (!(existsSync(records) && readdirSync(records).length > 0) && Date.now() < until) {
      /* wait without yielding, so the second run starts right away */
    }
    const runs = await Promise.all([first, runCliAsync(args)]);
    for (const run of runs) assert.ok(run.stdout.trim().startsWith('{'), run.stderr);
    const sources = importedFrom(path.join(repo, 'incidents'));
    assert.equal(sources.length, new Set(sources).size, `${sources.length - new Set(sources).size} source(s) imported twice`);
    // A source one run planned under an id the other took meanwhile is refused (never overwritten);
    // the next run imports it, still once.
    const after = runCli(args);
    assert.equal(after.code, 0, after.stderr);
    const all = importedFrom(path.join(repo, 'incidents'));
    assert.equal(all.length, new Set(all).size, `${all.length - new Set(all).size} source(s) imported twice`);
    assert.equal(all.length, count);
    // No claim is left behind.
    assert.deepEqual(
      readdirSync(path.join(repo, 'incidents')).filter((name) => name.startsWith('.')),
      [],
    );
  });
});
