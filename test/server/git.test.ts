import * as assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { BranchIncidentsRequest, FileIncidentsRequest, type FileIncidentsResult } from '../../common/protocol';
import { CodeLensRequest, HoverRequest } from 'vscode-languageserver-protocol';
import { plainGit, TestRepo } from '../git/gitRepo';
import { LspTestClient, markdownOf } from './lspClient';
import { EXAMPLE } from '../helpers/workspaces';
import { startIndexed } from '../helpers/lspFixture';

/** A copy of the example workspace as a git repository whose config would run a program if obeyed. */
function hostileRepo(): { repo: string; marker: string } {
  const test = TestRepo.copyOf(EXAMPLE, { prefix: 'incident-lens-server-git-', identity: { name: 'Ada', email: 'ada@example.com' } });
  const repo = test.dir;
  const marker = path.join(repo, '..', `${path.basename(repo)}-MARKER`);
  test.branch('fix-cache');
  writeFileSync(path.join(repo, 'src/search/cache.go'), 'package search\n');
  test.commit('Restore the price-list version in the cache key (INC-2023-004)');
  const script = path.join(repo, '..', `${path.basename(repo)}-evil.sh`);
  writeFileSync(script, `#!/bin/sh\necho ran >> ${JSON.stringify(marker)}\ncat\n`);
  chmodSync(script, 0o755);
  for (const [key, value] of [
    ['core.fsmonitor', script],
    ['core.pager', script],
    ['diff.external', script],
    ['core.hooksPath', path.dirname(script)],
    ['filter.evil.smudge', script],
    ['filter.evil.clean', script],
  ])
    test.git('config', key, value);
  writeFileSync(path.join(repo, '.gitattributes'), '* filter=evil\n');
  return { repo, marker };
}

describe('language server with git history', function () {
  this.timeout(60_000);
  let repo: string;
  let marker: string;

  before(() => ({ repo, marker } = hostileRepo()));
  after(() => {
    rmSync(repo, { recursive: true, force: true });
    rmSync(marker, { force: true });
  });

  it('shows commit reasons, commits in hovers and the branch view, and never runs the repo config', async () => {
    const client = await startIndexed(repo);
    try {
      const uri = client.uri('src/search/cache.go');
      let incidents: FileIncidentsResult = [];
      for (let i = 0; i < 50 && !incidents.some((t) => t.reasons.some((r) => r.kind === 'commit')); i++) {
        incidents = await client.request(FileIncidentsRequest, { uri });
        await new Promise((r) => setTimeout(r, 100));
      }
      const commit = incidents.find((t) => t.id === 'INC-2023-004')?.reasons.find((r) => r.kind === 'commit');
      assert.ok(commit, JSON.stringify(incidents));
      assert.match(commit.detail, /^changed by commit [0-9a-f]{7} on \d{4}-\d{2}-\d{2} by Ada: Restore the price-list version/);
      client.open('docs/architecture.md');
      const docLine = readFileSync(path.join(repo, 'docs/architecture.md'), 'utf8').split('\n')[3];
      const hover = markdownOf(await client.request(HoverRequest.type, client.at('docs/architecture.md', 3, docLine.indexOf('INC-2023-004') + 2)));
      assert.match(hover, /\*\*Commits mentioning it\*\*\n\n- `[0-9a-f]{7}` Restore the price-list version in the cache key \(INC-2023-004\)/);
      const branch = await client.request(BranchIncidentsRequest, {});
      assert.equal(branch.available, true);
      assert.deepEqual(
        branch.incidents.map((i) => i.id),
        ['INC-2023-004'],
      );
      const lenses = (await client.request(CodeLensRequest.type, { textDocument: { uri } })) ?? [];
      assert.equal(lenses[0].command?.title, '1 past incident');
    } finally {
      await client.stop();
    }
    assert.ok(!existsSync(marker), `git ran a program from the repository config: ${existsSync(marker) ? readFileSync(marker, 'utf8') : ''}`);
    // The control: the same config does run the script when git is used plainly.
    plainGit(repo, '-c', 'core.pager=', 'diff', 'HEAD~1', '--', 'src/search/cache.go');
    assert.ok(existsSync(marker), 'control: plain git diff should have run diff.external');
  });

  it('names the base the branch view compares with, and says when HEAD is that base', async () => {
    const test = TestRepo.copyOf(EXAMPLE, { prefix: 'incident-lens-server-base-' });
    try {
      let client = await LspTestClient.start(test.dir);
      try {
        await client.waitForIndex();
        const onMain = await client.request(BranchIncidentsRequest, {});
        assert.deepEqual(onMain.base, { base: 'main', branch: 'main', onBase: true });
      } finally {
        await client.stop();
      }
      test.branch('fix-cache');
      writeFileSync(path.join(test.dir, 'src/search/cache.go'), 'package search\n');
      test.commit('Restore the cache key');
      client = await LspTestClient.start(test.dir);
      try {
        await client.waitForIndex();
        const onBranch = await client.request(BranchIncidentsRequest, {});
        assert.deepEqual(onBranch.base, { base: 'main', branch: 'fix-cache', onBase: false });
      } finally {
        await client.stop();
      }
    } finally {
      rmSync(test.dir, { recursive: true, force: true });
    }
  });

  it('runs no git in an untrusted workspace', async () => {
    rmSync(marker, { force: true });
    const client = await startIndexed(repo, { initializationOptions: { gitEnabled: false } });
    try {
      const incidents = await client.request(FileIncidentsRequest, { uri: client.uri('src/search/cache.go') });
      assert.ok(
        incidents.every((t) => t.reasons.every((r) => r.kind !== 'commit')),
        JSON.stringify(incidents),
      );
      const branch = await client.request(BranchIncidentsRequest, {});
      assert.equal(branch.available, false);
    } finally {
      await client.stop();
    }
    assert.ok(!existsSync(marker));
  });
});
