/**
 * A git history no sane team writes but any repository can hold: commits whose messages are
 * megabytes long. Through the real `incident-lens` binary on a real repository.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { PEAK_MEMORY_PRELOAD } from '../helpers/hostileFiles';
import { removeDir, testGitEnv, TestRepo } from '../git/gitRepo';
import { CLI } from '../helpers/cli';

const COMMITS = 48;
/** Over the 1 MiB of a message that is read. */
const MESSAGE_BYTES = 1_250_000;

/**
 * Appends `count` commits with long messages in one `git fast-import` (a commit per process would
 * take minutes). Returns how many bytes of message they hold.
 */
function commitLongMessages(repo: TestRepo, count: number): number {
  let total = 0;
  const filler = 'The pool drained slowly and nobody could see why at the time.\n'.repeat(Math.ceil(MESSAGE_BYTES / 62));
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    // INC-1 opens the message; INC-2 closes it, past the part that is read.
    const message = `Drain the pool gently, part ${i} (INC-1)\n\n${filler}See also INC-2.\n`;
    const content = `export const part${i} = ${i};\n`;
    total += Buffer.byteLength(message);
    parts.push(
      'commit refs/heads/main',
      `committer Ada Responder <ada@example.com> ${1_704_110_400 + i * 3600} +0000`,
      `data ${Buffer.byteLength(message)}`,
      message,
      ...(i === 0 ? ['from refs/heads/main^0'] : []),
      `M 100644 inline src/part${i}.ts`,
      `data ${Buffer.byteLength(content)}`,
      content,
    );
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: repo.dir, env: testGitEnv(), input: parts.join('\n'), maxBuffer: 1024 * 1024 });
  repo.git('reset', '-q', '--hard', 'main');
  return total;
}

describe('incident-lens CLI on a history of huge commit messages (real git)', function () {
  this.timeout(300_000);
  let repo: TestRepo;
  let messageBytes: number;
  before(() => {
    repo = TestRepo.init();
    repo.write('incidents/INC-1.yaml', 'id: INC-1\ntitle: Pool drained\nstarted: 2024-01-01\nsummary: s\n');
    repo.write('incidents/INC-2.yaml', 'id: INC-2\ntitle: Mentioned late\nstarted: 2024-01-02\nsummary: s\n');
    repo.commit('Add the records');
    messageBytes = commitLongMessages(repo, COMMITS);
  });
  after(() => removeDir(repo.dir));

  it('reads history as it streams, each message only up to 1 MiB', () => {
    const peakFile = path.join(repo.dir, '.git', 'peak-rss');
    /** `list --file` on the repository: its output, and the peak memory of the process in MiB. */
    const list = (...extra: string[]) => {
      const result = spawnSync(
        process.execPath,
        ['--require', PEAK_MEMORY_PRELOAD, CLI, 'list', repo.dir, '--file', 'src/part7.ts', '--format', 'json', ...extra],
        {
          encoding: 'utf8',
          maxBuffer: 16 * 1024 * 1024,
          env: { ...process.env, INCIDENT_LENS_TEST_PEAK_RSS: peakFile },
        },
      );
      assert.equal(result.status, 0, result.stderr);
      const tied = JSON.parse(result.stdout) as Array<{ id: string; reasons: Array<{ kind: string; detail: string }> }>;
      return { tied, peakMiB: Number(readFileSync(peakFile, 'utf8')) / 1024 };
    };
    const withoutHistory = list('--no-git');
    const { tied, peakMiB } = list();
    // INC-2 is mentioned only past the first MiB of each message: not read, not tied.
    assert.deepEqual(
      tied.map((t) => t.id),
      ['INC-1'],
    );
    assert.deepEqual(
      tied[0].reasons.map((r) => r.kind),
      ['commit'],
    );
    assert.match(tied[0].reasons[0].detail, /Drain the pool gently, part 7 \(INC-1\)/);
    // Held whole, the log and its copies add several times its size to the peak (before history
    // was streamed: 142 MiB for these 57 MiB), and never less than its size (the log itself); read
    // commit by commit, what is held does not grow with the log: one message, and what the
    // collector has not yet freed of git's output (about 32 MiB here: V8 collects the chunks once
    // enough of them are waiting, however long the log).
    const messageMiB = messageBytes / 1024 / 1024;
    const added = peakMiB - withoutHistory.peakMiB;
    console.log(`      git log of ${messageMiB.toFixed(0)} MiB of messages added ${added.toFixed(1)} MiB to the peak memory`);
    assert.ok(added < messageMiB, `history added ${added.toFixed(1)} MiB for ${messageMiB.toFixed(0)} MiB of messages`);
  });

  it('keeps a line of a message as the reason: a 1 MB first paragraph is not printed', () => {
    const own = TestRepo.init();
    try {
      own.write('incidents/INC-1.yaml', 'id: INC-1\ntitle: Pool drained\nstarted: 2024-01-01\nsummary: s\n');
      own.write('src/a.ts', 'export const a = 1;\n');
      // One paragraph of a megabyte: no blank line ends the subject.
      const messageFile = path.join(own.dir, '.git', 'long-message');
      writeFileSync(messageFile, `Fix the pool (INC-1) ${'and then some more words '.repeat(8)}\n${'the pool drained slowly\n'.repeat(45_000)}`);
      own.git('add', '-A');
      own.git('commit', '-q', '--no-verify', '-F', messageFile);
      const result = spawnSync(process.execPath, [CLI, 'list', own.dir, '--file', 'src/a.ts', '--format', 'json'], {
        encoding: 'utf8',
        maxBuffer: 16 * 1024 * 1024,
      });
      assert.equal(result.status, 0, result.stderr);
      const tied = JSON.parse(result.stdout) as Array<{ id: string; reasons: Array<{ kind: string; detail: string }> }>;
      assert.deepEqual(
        tied.map((t) => [t.id, t.reasons.map((r) => r.kind)]),
        [['INC-1', ['commit']]],
      );
      const { detail } = tied[0].reasons[0];
      assert.match(detail, /: Fix the pool \(INC-1\) and then some more words/);
      assert.ok(detail.length < 400, `a reason of ${detail.length} characters`);
      assert.ok(detail.endsWith('…'), detail.slice(-40));
    } finally {
      removeDir(own.dir);
    }
  });
});
