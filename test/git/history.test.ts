import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { HistoryIndex, updateHistory, type HistoryPort, type HistoryQuery } from '../../server/src/core/history';
import { createGitHistory } from '../../server/src/host/git';
import { RecordingLogger, TestRepo, git, removeDir, tempDir } from './gitRepo';

const QUERY = { idRegexSources: ['INC-\\d+(?:-\\d+)*'], maxCommits: 10_000 };

describe('git history (real repositories)', function () {
  this.timeout(30_000);

  describe('a repository with renames and a merge', () => {
    let repo: TestRepo;
    const h: Record<string, string> = {};

    before(() => {
      repo = TestRepo.init();
      repo.write('src/a.ts', 'export const a = 1;\n'.repeat(20)).write('src/b.ts', 'export const b = 2;\n'.repeat(20));
      h.first = repo.commit('Add retry queue (INC-2024-001)');
      repo.write('src/a.ts', 'export const a = 1;\n'.repeat(20) + '// more\n');
      h.unrelated = repo.commit('Tidy imports, mentions XINC-9 and INC-x only');
      repo.write('src/a.ts', 'export const a = 1;\n'.repeat(20) + '// more\n// cap\n').write('src/b.ts', 'export const b = 3;\n'.repeat(20));
      h.fix = repo.commit('Cap retries\n\nFollow-up of INC-2024-001; see also INC-42.\nINC-42 again.');
      fs.mkdirSync(path.join(repo.dir, 'lib'));
      repo.git('mv', 'src/a.ts', 'lib/queue.ts');
      h.move = repo.commitStaged('Move the queue to lib');
      repo.git('checkout', '-q', '-b', 'feature');
      repo.write('src/c.ts', 'export const c = 3;\n');
      h.feature = repo.commit('Add c');
      repo.git('checkout', '-q', 'main');
      repo.write('README.md', 'readme\n');
      h.readme = repo.commit('Docs');
      h.merge = repo.merge('feature', 'Merge feature for INC-7');
    });
    after(() => removeDir(repo.dir));

    it('reads only the commits that mention an id, newest first, with their details', async () => {
      const log = new RecordingLogger();
      const scan = await createGitHistory(repo.dir, log).commitsMentioningIncidents(QUERY);
      assert.ok(scan);
      const commits = scan.commits;
      assert.strictEqual(scan.truncated, false);
      assert.deepStrictEqual(scan.renames, [{ from: 'src/a.ts', to: 'lib/queue.ts' }]);
      assert.deepStrictEqual(
        commits.map((c) => c.hash),
        [h.merge, h.fix, h.first],
      );
      const fix = commits[1];
      assert.deepStrictEqual(fix.ids, ['INC-2024-001', 'INC-42']);
      assert.strictEqual(fix.subject, 'Cap retries');
      assert.strictEqual(fix.author, 'Ada Responder');
      assert.match(fix.date, /^2024-01-01T\d\d:00:00[+-]\d\d:\d\d|Z$/);
      assert.ok(h.fix.startsWith(fix.shortHash) && fix.shortHash.length >= 7);
      assert.deepStrictEqual(log.warns, []);
    });

    it('follows renames: the file gets the commits of its old name', async () => {
      const commits = await createGitHistory(repo.dir, new RecordingLogger()).commitsMentioningIncidents(QUERY);
      const index = new HistoryIndex(commits!.commits);
      assert.deepStrictEqual(
        index.commitsForFile('lib/queue.ts').map((c) => c.hash),
        [h.fix, h.first],
      );
      assert.deepStrictEqual(index.commitsForFile('src/a.ts'), []);
      assert.deepStrictEqual(index.filesForIncident('INC-2024-001'), ['lib/queue.ts', 'src/b.ts']);
      assert.deepStrictEqual(index.filesForIncident('INC-42'), ['lib/queue.ts', 'src/b.ts']);
      assert.deepStrictEqual(
        index.commitsForIncident('INC-2024-001').map((c) => c.hash),
        [h.fix, h.first],
      );
    });

    it('ties a merge commit to the files its branch brought in (first parent diff)', async () => {
      const commits = await createGitHistory(repo.dir, new RecordingLogger()).commitsMentioningIncidents(QUERY);
      const index = new HistoryIndex(commits!.commits);
      assert.deepStrictEqual(index.filesForIncident('INC-7'), ['src/c.ts']);
    });

    it('checks which commits exist and describes them', async () => {
      const port = createGitHistory(repo.dir, new RecordingLogger());
      const blob = repo.git('rev-parse', 'HEAD:README.md').trim();
      const asked = [h.fix, h.first.slice(0, 8), 'deadbeefdeadbeef', blob, '--all', 'HEAD', 'zz12345'];
      const existing = await port.existingCommits(asked);
      assert.deepStrictEqual(existing && [...existing].sort(), [h.fix, h.first.slice(0, 8)].sort());
      const described = await port.describeCommits([h.move.slice(0, 10), 'deadbeefdeadbeef']);
      assert.deepStrictEqual([...described.keys()], [h.move.slice(0, 10)]);
      const move = described.get(h.move.slice(0, 10))!;
      assert.strictEqual(move.subject, 'Move the queue to lib');
      assert.strictEqual(move.hash, h.move);
      assert.deepStrictEqual(move.renames, [{ from: 'src/a.ts', to: 'lib/queue.ts' }]);
    });

    it('answers with paths relative to a workspace folder inside the repository', async () => {
      const commits = await createGitHistory(path.join(repo.dir, 'src'), new RecordingLogger()).commitsMentioningIncidents(QUERY);
      const index = new HistoryIndex(commits!.commits);
      // src/a.ts has since moved out of the folder (to lib/): seen from src/ it was deleted.
      assert.deepStrictEqual(index.filesForIncident('INC-2024-001'), ['a.ts', 'b.ts']);
      assert.deepStrictEqual(index.filesForIncident('INC-7'), ['c.ts']);
    });

    it('ignores GIT_DIR and other GIT_* variables of the environment it was started in', async () => {
      const other = TestRepo.init();
      other.commit('INC-999 elsewhere');
      const saved = process.env.GIT_DIR;
      process.env.GIT_DIR = path.join(other.dir, '.git');
      try {
        const commits = await createGitHistory(repo.dir, new RecordingLogger()).commitsMentioningIncidents(QUERY);
        assert.deepStrictEqual(
          commits?.commits.map((c) => c.hash),
          [h.merge, h.fix, h.first],
        );
      } finally {
        if (saved === undefined) delete process.env.GIT_DIR;
        else process.env.GIT_DIR = saved;
        removeDir(other.dir);
      }
    });
  });

  describe('incremental refresh', () => {
    let repo: TestRepo;
    before(() => {
      repo = TestRepo.init();
    });
    after(() => removeDir(repo.dir));

    it('merges only the newer commits when HEAD moves, following a new rename, and rescans after a rewrite', async () => {
      repo.write('src/pool.ts', 'export const pool = 1;\n'.repeat(30));
      const first = repo.commit('Pool limits for INC-1');
      const calls: HistoryQuery[] = [];
      const real = createGitHistory(repo.dir, new RecordingLogger());
      const port: HistoryPort = {
        head: () => real.head(),
        existingCommits: (x) => real.existingCommits(x),
        describeCommits: (x) => real.describeCommits(x),
        changedSinceMergeBase: (x) => real.changedSinceMergeBase(x),
        commitsMentioningIncidents: (q) => {
          calls.push(q);
          return real.commitsMentioningIncidents(q);
        },
      };
      const index = await updateHistory(port, undefined, QUERY);
      assert.ok(index);
      assert.strictEqual(index.head, first);
      assert.deepStrictEqual(index.incidentsForFile('src/pool.ts'), ['INC-1']);

      // HEAD has not moved: nothing is read.
      assert.strictEqual(await updateHistory(port, index, QUERY), index);
      assert.strictEqual(calls.length, 1);

      repo.git('mv', 'src/pool.ts', 'src/connectionPool.ts');
      const second = repo.commitStaged('Rename pool (INC-2)');
      const updated = await updateHistory(port, index, QUERY);
      assert.strictEqual(updated, index, 'the same index, merged');
      assert.strictEqual(calls.length, 2);
      assert.strictEqual(calls[1].since, first);
      assert.strictEqual(index.head, second);
      assert.deepStrictEqual(
        index.commitsForFile('src/connectionPool.ts').map((c) => c.hash),
        [second, first],
      );
      assert.deepStrictEqual(index.commitsForFile('src/pool.ts'), []);

      // History rewritten: the old HEAD is no longer an ancestor, so it is read again in full.
      repo.git('reset', '-q', '--hard', first);
      const third = repo.commit('Another direction, INC-3');
      const rescanned = await updateHistory(port, index, QUERY);
      assert.ok(rescanned && rescanned !== index);
      assert.strictEqual(calls.length, 4, 'an incremental attempt, then a full scan');
      assert.deepStrictEqual(
        rescanned.all().map((c) => c.hash),
        [third, first],
      );
    });

    it('since: answers only commits newer than the given one', async () => {
      const port = createGitHistory(repo.dir, new RecordingLogger());
      const base = (await port.head())!;
      repo.write('x.ts', 'x\n');
      const newer = repo.commit('INC-10 newer');
      const commits = await port.commitsMentioningIncidents({ ...QUERY, since: base });
      assert.deepStrictEqual(
        commits?.commits.map((c) => c.hash),
        [newer],
      );
      assert.strictEqual(await port.commitsMentioningIncidents({ ...QUERY, since: '--all' }), undefined);
    });
  });

  describe('caps the walk at maxCommits', () => {
    it('scans only the newest commits and says so once', async () => {
      const repo = TestRepo.init();
      try {
        const hashes: string[] = [];
        for (let i = 0; i < 12; i++) hashes.push(repo.commit(`Step ${i} of INC-5`));
        const log = new RecordingLogger();
        const commits = await createGitHistory(repo.dir, log).commitsMentioningIncidents({ ...QUERY, maxCommits: 5 });
        assert.deepStrictEqual(
          commits?.commits.map((c) => c.hash),
          hashes.slice(-5).reverse(),
        );
        assert.strictEqual(log.infos.length, 1);
        assert.deepStrictEqual(log.warns, []);
      } finally {
        removeDir(repo.dir);
      }
    });
  });

  describe('changedSinceMergeBase', () => {
    let repo: TestRepo;
    before(() => {
      repo = TestRepo.init();
      repo.write('keep.ts', 'k\n').write('edit.ts', 'e\n').write('wip.ts', 'w\n');
      repo.commit('base');
      repo.git('checkout', '-q', '-b', 'feature');
      repo.write('edit.ts', 'e2\n').write('added.ts', 'a\n');
      repo.commit('feature work');
      repo.git('checkout', '-q', 'main');
      repo.write('mainOnly.ts', 'm\n');
      repo.commit('main moves on');
      repo.git('checkout', '-q', 'feature');
      repo.write('wip.ts', 'w2\n').write('untracked.ts', 'u\n');
    });
    after(() => removeDir(repo.dir));

    it('lists files changed on the branch, uncommitted and untracked ones included', async () => {
      const port = createGitHistory(repo.dir, new RecordingLogger());
      const expected = ['added.ts', 'edit.ts', 'untracked.ts', 'wip.ts'];
      assert.deepStrictEqual(await port.changedSinceMergeBase(), expected);
      assert.deepStrictEqual(await port.changedSinceMergeBase('main'), expected);
    });

    it('refuses a base that looks like an option and logs one line', async () => {
      const log = new RecordingLogger();
      const port = createGitHistory(repo.dir, log);
      const out = path.join(repo.dir, 'injected.txt');
      assert.strictEqual(await port.changedSinceMergeBase(`--output=${out}`), undefined);
      assert.strictEqual(await port.changedSinceMergeBase('no-such-branch'), undefined);
      assert.ok(!fs.existsSync(out));
      assert.strictEqual(log.warns.length, 1);
    });

    it('works on a detached HEAD', async () => {
      repo.git('stash', '-u', '-q'); // the test repo's own working tree, not the project's
      try {
        const featureHead = repo.git('rev-parse', 'HEAD').trim();
        repo.git('checkout', '-q', '--detach', 'HEAD');
        const log = new RecordingLogger();
        const port = createGitHistory(repo.dir, log);
        assert.strictEqual(await port.head(), featureHead);
        assert.deepStrictEqual(await port.changedSinceMergeBase(), ['added.ts', 'edit.ts']);
        assert.deepStrictEqual((await port.commitsMentioningIncidents(QUERY))?.commits, []);
        assert.deepStrictEqual(log.warns, []);
      } finally {
        repo.git('checkout', '-q', 'feature');
        repo.git('stash', 'pop', '-q');
      }
    });
  });

  describe('degrades to no history with exactly one log line', () => {
    async function everyMethod(port: HistoryPort) {
      return {
        commits: await port.commitsMentioningIncidents(QUERY),
        again: await port.commitsMentioningIncidents(QUERY),
        existing: await port.existingCommits(['abcdef1']),
        described: (await port.describeCommits(['abcdef1'])).size,
        changed: await port.changedSinceMergeBase(),
        head: await port.head(),
      };
    }
    const NONE = { commits: undefined, again: undefined, existing: undefined, described: 0, changed: undefined, head: undefined };

    it('not a repository', async () => {
      const dir = tempDir();
      try {
        const log = new RecordingLogger();
        assert.deepStrictEqual(await everyMethod(createGitHistory(dir, log)), NONE);
        assert.strictEqual(log.warns.length, 1);
        assert.match(log.warns[0], /not a git repository/);
      } finally {
        removeDir(dir);
      }
    });

    it('a folder that does not exist', async () => {
      const log = new RecordingLogger();
      assert.deepStrictEqual(await everyMethod(createGitHistory(path.join(tempDir(), 'gone', 'away'), log)), NONE);
      assert.strictEqual(log.warns.length, 1);
    });

    it('an empty repository', async () => {
      const repo = TestRepo.init();
      try {
        const log = new RecordingLogger();
        assert.deepStrictEqual(await everyMethod(createGitHistory(repo.dir, log)), NONE);
        assert.strictEqual(log.warns.length, 1);
        assert.match(log.warns[0], /no commits/);
      } finally {
        removeDir(repo.dir);
      }
    });

    it('a missing git binary', async () => {
      const dir = tempDir();
      try {
        const log = new RecordingLogger();
        const port = createGitHistory(dir, log, { binary: path.join(dir, 'no-such-git') });
        assert.deepStrictEqual(await everyMethod(port), NONE);
        assert.strictEqual(log.warns.length, 1);
        assert.match(log.warns[0], /git was not found/);
      } finally {
        removeDir(dir);
      }
    });

    it('a git that hangs is stopped by the timeout', async function () {
      if (process.platform === 'win32') this.skip();
      const dir = tempDir();
      try {
        const slow = path.join(dir, 'slow-git');
        fs.writeFileSync(slow, '#!/bin/sh\nsleep 10\n', { mode: 0o755 });
        const log = new RecordingLogger();
        const port = createGitHistory(dir, log, { binary: slow, timeoutMs: 300 });
        const started = Date.now();
        assert.strictEqual(await port.head(), undefined);
        assert.strictEqual(await port.commitsMentioningIncidents(QUERY), undefined);
        assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
        assert.strictEqual(log.warns.length, 1);
        assert.match(log.warns[0], /too long/);
      } finally {
        removeDir(dir);
      }
    });

    it('a shallow clone: no history, commits not judged, but HEAD and the branch diff still answer', async () => {
      const origin = TestRepo.init();
      const clone = tempDir();
      try {
        origin.write('a.ts', 'a\n');
        const old = origin.commit('INC-1 old');
        origin.write('a.ts', 'a2\n');
        const tip = origin.commit('INC-2 tip');
        git(clone, 'clone', '-q', '--depth', '1', `file://${origin.dir}`, 'c');
        const log = new RecordingLogger();
        const port = createGitHistory(path.join(clone, 'c'), log);
        assert.strictEqual(await port.commitsMentioningIncidents(QUERY), undefined);
        assert.strictEqual(await port.existingCommits([old, tip]), undefined);
        assert.strictEqual(await port.head(), tip);
        assert.strictEqual(log.warns.length, 1);
        assert.match(log.warns[0], /shallow/);
      } finally {
        removeDir(origin.dir);
        removeDir(clone);
      }
    });

    it('dubious ownership (a repository owned by someone else)', async function () {
      if (typeof process.getuid !== 'function' || process.getuid() !== 0) this.skip(); // needs chown
      const repo = TestRepo.init();
      try {
        repo.write('a.ts', 'a\n');
        repo.commit('INC-1');
        fs.chownSync(repo.dir, 65534, 65534);
        fs.chownSync(path.join(repo.dir, '.git'), 65534, 65534);
        const log = new RecordingLogger();
        const saved = process.env.SUDO_UID;
        delete process.env.SUDO_UID;
        try {
          assert.deepStrictEqual(await everyMethod(createGitHistory(repo.dir, log)), NONE);
        } finally {
          if (saved !== undefined) process.env.SUDO_UID = saved;
        }
        assert.strictEqual(log.warns.length, 1);
        assert.match(log.warns[0], /dubious ownership/);
      } finally {
        removeDir(repo.dir);
      }
    });
  });
});
