/**
 * THE MARKER TEST: a repository whose own configuration names programs at every place git could
 * run one (fsmonitor, pager, external diff, filters, textconv, diff drivers, hooks, gpg, ssh,
 * askpass, credential helper, ext:: transport). Every method of the history port runs and answers;
 * the marker file those programs write must not exist. The controls then run plain git on the
 * same repository and see the marker appear, so the test can fail.
 */
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { createGitHistory } from '../../server/src/host/git';
import { RecordingLogger, TestRepo, git, plainGit, removeDir, tempDir, testGitEnv } from './gitRepo';

const QUERY = { idRegexSources: ['INC-\\d+'], maxCommits: 1000 };

describe('git safety: a hostile repository never makes us run a program', function () {
  this.timeout(30_000);
  if (process.platform === 'win32') return; // shell scripts as the hostile programs

  let tools: string;
  let marker: string;
  let repo: TestRepo;
  const h: Record<string, string> = {};

  function script(tag: string, passThrough: boolean): string {
    const file = path.join(tools, `${tag}.sh`);
    fs.writeFileSync(file, `#!/bin/sh\necho "${tag} $*" >> '${marker}'\n${passThrough ? 'cat\n' : ''}exit 0\n`, { mode: 0o755 });
    return file;
  }

  function markerTags(): string[] {
    if (!fs.existsSync(marker)) return [];
    return fs
      .readFileSync(marker, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(' ')[0]);
  }

  before(() => {
    tools = tempDir('il-tools-');
    marker = path.join(tools, 'MARKER');
    repo = TestRepo.init();
    repo.write('.gitattributes', '*.ts filter=x diff=x\n*.md diff=x\n');
    repo.write('src/a.ts', 'export const a = 1;\n'.repeat(20)).write('src/b.ts', 'b\n').write('README.md', 'r\n').write('plain.txt', 'p\n');
    h.first = repo.commit('First cut, INC-1');
    fs.mkdirSync(path.join(repo.dir, 'lib'));
    repo.git('mv', 'src/a.ts', 'lib/a.ts');
    h.move = repo.commitStaged('Move a');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('src/b.ts', 'b2\n');
    h.feature = repo.commit('Fix for INC-2');

    // Now the repository turns hostile.
    const hooks = path.join(tools, 'hooks');
    fs.mkdirSync(hooks);
    for (const hook of ['post-checkout', 'post-merge', 'pre-commit', 'post-commit', 'reference-transaction', 'post-index-change', 'fsmonitor-watchman']) {
      fs.copyFileSync(script(`hook-${hook}`, false), path.join(hooks, hook));
      fs.chmodSync(path.join(hooks, hook), 0o755);
    }
    const settings: Array<[string, string]> = [
      ['core.fsmonitor', script('fsmonitor', false)],
      ['core.pager', script('core-pager', true)],
      ['pager.log', script('pager-log', true)],
      ['pager.diff', script('pager-diff', true)],
      ['diff.external', script('diff-external', false)],
      ['diff.x.command', script('diff-command', false)],
      ['diff.x.textconv', script('textconv', true)],
      ['filter.x.clean', script('filter-clean', true)],
      ['filter.x.smudge', script('filter-smudge', true)],
      ['filter.x.required', 'true'],
      ['core.hooksPath', hooks],
      ['log.showSignature', 'true'],
      ['gpg.program', script('gpg', false)],
      ['core.sshCommand', script('ssh', false)],
      ['core.askPass', script('askpass', false)],
      ['credential.helper', `!${script('credential', false)}`],
      ['protocol.ext.allow', 'always'],
      ['protocol.allow', 'always'],
      ['remote.origin.url', `ext::${script('ext-transport', false)}`],
      ['core.alternateRefsCommand', script('alternate-refs', false)],
      ['color.ui', 'always'],
      ['core.untrackedCache', 'true'],
    ];
    for (const [key, value] of settings) repo.git('config', key, value);

    // A working tree with every kind of change: content, stat only, untracked.
    repo.write('lib/a.ts', 'export const a = 2;\n'.repeat(20));
    const b = path.join(repo.dir, 'src/b.ts');
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(b, later, later);
    repo.write('src/new.ts', 'n\n').write('plain.txt', 'p2\n');
    // An index older than the files it records makes every entry "racily clean": git would
    // re-read each file (through the clean filter) to tell whether it changed.
    const old = new Date('2001-09-09T01:46:40Z');
    fs.utimesSync(path.join(repo.dir, '.git', 'index'), old, old);
  });

  after(() => {
    removeDir(repo.dir);
    removeDir(tools);
  });

  it('every method of the port answers, and no program of the repository ran', async () => {
    const log = new RecordingLogger();
    const port = createGitHistory(repo.dir, log);

    assert.strictEqual(await port.head(), h.feature);
    const scan = await port.commitsMentioningIncidents(QUERY);
    assert.deepStrictEqual(
      scan?.commits.map((c) => [c.hash, c.ids, c.files]),
      [
        [h.feature, ['INC-2'], ['src/b.ts']],
        [h.first, ['INC-1'], ['.gitattributes', 'README.md', 'lib/a.ts', 'plain.txt', 'src/b.ts']],
      ],
    );
    const since = await port.commitsMentioningIncidents({ ...QUERY, since: h.move });
    assert.deepStrictEqual(
      since?.commits.map((c) => c.hash),
      [h.feature],
    );
    const existing = await port.existingCommits([h.first, h.move.slice(0, 7), 'abcdef0123']);
    assert.deepStrictEqual(existing && [...existing].sort(), [h.first, h.move.slice(0, 7)].sort());
    const described = await port.describeCommits([h.move]);
    assert.strictEqual(described.get(h.move)?.subject, 'Move a');
    const changed = await port.changedSinceMergeBase();
    const changedFromMain = await port.changedSinceMergeBase('main');

    assert.deepStrictEqual(markerTags(), [], `programs ran: ${fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8') : ''}`);
    assert.ok(!fs.existsSync(marker));
    assert.deepStrictEqual(changed, ['lib/a.ts', 'plain.txt', 'src/b.ts', 'src/new.ts']);
    assert.deepStrictEqual(changedFromMain, changed);
    assert.deepStrictEqual(log.warns, []);
  });

  it('a partial clone never fetches: its promisor remote (an ext:: command) is not run', async () => {
    const origin = TestRepo.init();
    const clones = tempDir();
    const mark = path.join(tools, 'PARTIAL');
    try {
      origin.write('x.ts', Array.from({ length: 40 }, (_, i) => `line ${i}\n`).join(''));
      origin.commit('Add x (INC-1)');
      origin.git('mv', 'x.ts', 'y.ts');
      origin.write('y.ts', fs.readFileSync(path.join(origin.dir, 'y.ts'), 'utf8') + 'changed\n');
      origin.commit('Rename and change (INC-2)');
      origin.git('config', 'uploadpack.allowFilter', 'true');
      git(clones, 'clone', '-q', '--filter=blob:none', `file://${origin.dir}`, 'c');
      const clone = path.join(clones, 'c');
      const transport = path.join(tools, 'transport.sh');
      fs.writeFileSync(transport, `#!/bin/sh\necho ext >> '${mark}'\n`, { mode: 0o755 });
      git(clone, 'config', 'remote.origin.url', `ext::${transport}`);
      git(clone, 'config', 'protocol.ext.allow', 'always');

      const log = new RecordingLogger();
      const scan = await createGitHistory(clone, log).commitsMentioningIncidents(QUERY);
      assert.deepStrictEqual(
        scan?.commits.map((c) => c.ids),
        [['INC-2'], ['INC-1']],
      );
      assert.deepStrictEqual(log.warns, []);
      assert.ok(!fs.existsSync(mark), 'the transport ran');

      // Control: plain git reads the missing blobs for rename detection through the transport.
      plainGit(clone, 'log', '--name-status', '-M');
      assert.ok(fs.existsSync(mark), 'control: plain git did not run the transport');
    } finally {
      fs.rmSync(mark, { force: true });
      removeDir(origin.dir);
      removeDir(clones);
    }
  });

  describe('controls: plain git on the same repository does run them', () => {
    afterEach(() => fs.rmSync(marker, { force: true }));

    const plainGitInRepo = (...args: string[]) => plainGit(repo.dir, ...args);

    it('git diff-index on a racily clean index runs the clean filter', () => {
      // A repository of its own, so that the entry's stat data is known to match the file and the
      // index is no newer than the file: git must then read the file (through the filter).
      const racy = TestRepo.init();
      try {
        racy.write('.gitattributes', '*.ts filter=x\n').write('r.ts', 'r\n');
        racy.commit('Add r');
        racy.git('config', 'filter.x.clean', `${path.join(tools, 'filter-clean.sh')}`);
        const file = path.join(racy.dir, 'r.ts');
        const mtime = fs.statSync(file).mtime;
        fs.utimesSync(path.join(racy.dir, '.git', 'index'), mtime, mtime);
        plainGit(racy.dir, '-c', 'core.fsmonitor=false', 'diff-index', '--name-only', 'HEAD');
        assert.ok(markerTags().includes('filter-clean'), markerTags().join(','));
      } finally {
        removeDir(racy.dir);
      }
    });

    it('git diff runs diff.external and the diff driver command', () => {
      plainGitInRepo('diff');
      const tags = markerTags();
      assert.ok(tags.includes('diff-external'), tags.join(','));
      assert.ok(tags.includes('diff-command'), tags.join(','));
    });

    it('git status runs core.fsmonitor and the clean filter', () => {
      plainGitInRepo('status', '--porcelain');
      const tags = markerTags();
      assert.ok(tags.includes('fsmonitor'), tags.join(','));
      assert.ok(tags.includes('filter-clean'), tags.join(','));
    });

    it('git diff --no-ext-diff runs the textconv driver', () => {
      plainGitInRepo('diff', '--no-ext-diff');
      assert.ok(markerTags().includes('textconv'), markerTags().join(','));
    });

    it('git checkout runs the post-checkout hook and the smudge filter', () => {
      plainGitInRepo('checkout', '-q', '-f', 'main');
      plainGitInRepo('checkout', '-q', '-f', 'feature');
      const tags = markerTags();
      assert.ok(tags.includes('hook-post-checkout'), tags.join(','));
      assert.ok(tags.includes('filter-smudge'), tags.join(','));
    });

    it('git log on a terminal runs the pager', function () {
      const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
      if (!hasScript) this.skip();
      execFileSync('script', ['-qec', 'git log -1', '/dev/null'], { cwd: repo.dir, env: testGitEnv(), stdio: 'ignore' });
      assert.ok(
        markerTags().some((t) => t === 'pager-log' || t === 'core-pager'),
        markerTags().join(','),
      );
    });
  });
});
