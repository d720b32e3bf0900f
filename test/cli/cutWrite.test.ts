import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CLI, runCli } from '../helpers/cli';

/**
 * A write cut half way leaves no truncated record (issue 21.9): the import runs under a file size
 * limit smaller than the record (`ulimit -f`), so its write is cut as a full disk or a killed
 * process would cut it.
 */
describe('incident-lens import: a write cut half way (the real binary)', function () {
  this.timeout(120_000);
  let repo: string;
  beforeEach(() => {
    repo = mkdtempSync(path.join(tmpdir(), 'incident-lens-cut-write-'));
    mkdirSync(path.join(repo, 'old'));
    const body = Array.from({ length: 4000 }, (_, i) => `Line ${i} of what the responders saw while the queue stalled.`).join('\n');
    writeFileSync(path.join(repo, 'old/big.md'), `# Queue stalls\n\nStarted 2024-03-01.\n\n${body}\n\nTHE END OF THE STORY\n`);
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  it('leaves either no record or the whole record, and check stays green', () => {
    // 64 blocks (32 or 64 KiB depending on the shell): the record is about 270 KB.
    const cut = spawnSync('sh', ['-c', 'ulimit -f 64 && exec "$@"', 'sh', process.execPath, CLI, 'import', 'old', '--format', 'json'], {
      cwd: repo,
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.notEqual(cut.status, 0, `the write was not cut: ${cut.stdout}`);
    const records = readdirSync(path.join(repo, 'incidents')).filter((name) => /\.md$/.test(name));
    for (const name of records) {
      assert.match(readFileSync(path.join(repo, 'incidents', name), 'utf8'), /THE END OF THE STORY\n/, `${name} is a truncated record`);
    }
    const check = runCli(['check', '.', '--no-git'], { cwd: repo });
    assert.doesNotMatch(check.stdout, /incidents\//, check.stdout);
    // And the import, run again without the limit, writes the whole record.
    const again = runCli(['import', 'old', '--format', 'json'], { cwd: repo });
    assert.equal(again.code, 0, again.stderr);
    const written = readdirSync(path.join(repo, 'incidents')).filter((name) => /\.md$/.test(name));
    assert.equal(written.length, 1, written.join(', '));
    assert.match(readFileSync(path.join(repo, 'incidents', written[0]), 'utf8'), /THE END OF THE STORY\n/);
  });
});
