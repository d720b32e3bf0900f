import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { TestRepo } from '../git/gitRepo';
import { CLI, runCli } from '../helpers/cli';
import { BROKEN, copyOfWorkspace, EXAMPLE, tempWorkspace } from '../helpers/workspaces';

/** A copy of the broken fixture with the hostile files that are too big or too odd to commit. */
function hostileWorkspace(): string {
  const dir = copyOfWorkspace('incident-lens-cli-', {}, BROKEN);
  const write = (rel: string, content: string | Buffer) => writeFileSync(path.join(dir, rel), content);
  write('src/logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49, 0x4e, 0x43, 0x2d, 0x31]));
  write('src/bundle.min.js', `/* INC-2024-001 */${'var a=1;'.repeat((50 * 1024 * 1024) / 8)}`);
  write('docs/long-id.txt', `INC-${'7'.repeat(10_000)} and INC-2024-001\n`);
  symlinkSync('.', path.join(dir, 'src/loop'));
  symlinkSync('/etc', path.join(dir, 'docs/etc-link'));
  const laughs = ['lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < 12; i++)
    laughs.push(
      `lol${i}: &l${i} [${Array(9)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  write('incidents/bomb.yaml', `id: INC-2024-005\ntitle: bomb\nstarted: 2024-01-01\nsummary: s\n${laughs.join('\n')}\n`);
  write('incidents/deep.yaml', `id: INC-2024-006\ntitle: deep\nstarted: 2024-01-01\nsummary: s\ntags: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`);
  write('incidents/crlf.yaml', '\ufeffid: INC-2024-007\r\ntitle: CRLF and BOM\r\nstarted: 2024-01-01\r\nsummary: s\r\nstatus: closed\r\n');
  write('incidents/tabs.yaml', 'id: INC-2024-008\ntitle: tabs\nstarted: 2024-01-01\nsummary: s\nservices:\n\t- api\n');
  write('incidents/conflict.yaml', 'id: INC-2024-009\n<<<<<<< HEAD\ntitle: ours\n=======\ntitle: theirs\n>>>>>>> branch\nstarted: 2024-01-01\nsummary: s\n');
  write('incidents/unclosed.md', '---\nid: INC-2024-011\ntitle: no closing fence\n\nBody text.\n');
  write('incidents/js.md', `---js\n{ id: (require('fs').writeFileSync(${JSON.stringify(path.join(dir, 'pwned'))}, 'x'), 'INC-2024-012') }\n---\nBody\n`);
  write('.incident-lens.yaml', 'idPatterns:\n  - "(a+)+$"\nseverities: [SEV1, SEV2, SEV3, SEV4, SEV5]\n');
  return dir;
}

describe('incident-lens CLI (the real binary)', function () {
  this.timeout(120_000);
  let hostile: string;
  before(() => {
    assert.ok(existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first');
    hostile = hostileWorkspace();
  });
  after(() => rmSync(hostile, { recursive: true, force: true }));

  it('check reports each mistake at its line and column, and exits 1', () => {
    const { code, stdout, stderr } = runCli(['check', BROKEN]);
    assert.equal(code, 1, stderr);
    const lines = stdout.trim().split('\n');
    const expect = [
      'incidents/INC-2024-001.yaml:6:11: error:',
      'incidents/INC-2024-001.yaml:8:25: warning: Related incident INC-2099-999',
      'incidents/INC-2024-001.yaml:12:9: warning: Timeline out of order',
      'incidents/INC-2024-001.yaml:16:11: warning: Code path src/missing.ts does not exist',
      'incidents/INC-2024-001.yaml:17:11: error:',
      'incidents/INC-2024-002-copy.yaml:1:5: error: Duplicate incident id INC-2024-002',
      'incidents/INC-2024-002.yaml:1:5: error: Duplicate incident id INC-2024-002',
      'incidents/schema.yaml:3:9: error:',
      'incidents/schema.yaml:4:11: error:',
      'incidents/schema.yaml:5:10: error:',
      'src/auth.ts:3:4: warning: Unknown incident INC-2024-010',
    ];
    for (const prefix of expect)
      assert.ok(
        lines.some((l) => l.startsWith(prefix)),
        `missing: ${prefix}\n${stdout}`,
      );
    assert.ok(
      lines.some((l) => /^incidents\/syntax\.yaml:\d+:\d+: error: .*\[yaml-syntax\]$/.test(l)),
      stdout,
    );
    assert.ok(!stdout.includes('INC-2024-777'), 'a string literal is not a reference');
    assert.match(stderr, /incident\(s\)/);
  });

  it('check exits 0 on a clean workspace and keeps progress off stderr when it is not a terminal', () => {
    const { code, stdout, stderr } = runCli(['check', EXAMPLE]);
    assert.equal(code, 0, stdout + stderr);
    assert.doesNotMatch(stderr, /Indexing/);
  });

  it('survives hostile input: bombs, deep nesting, binaries, 50 MB lines, symlink loops, bad patterns, ---js', () => {
    const { code, stdout, stderr } = runCli(['check', hostile]);
    assert.equal(code, 1, stderr);
    const has = (re: RegExp) => assert.match(stdout, re);
    has(/^\.incident-lens\.yaml:2:3: error: pattern "\(a\+\)\+\$": .*backtrack.*\[config\]$/m);
    has(/^incidents\/bomb\.yaml:\d+:\d+: error: .*alias.*\[yaml-syntax\]$/im);
    has(/^incidents\/deep\.yaml:\d+:\d+: error: .*nest.*\[yaml-syntax\]$/im);
    has(/^incidents\/crlf\.yaml:5:9: error: .*status.*\[schema\]$/m);
    has(/^incidents\/tabs\.yaml:6:1: error: .*\[yaml-syntax\]$/m);
    has(/^incidents\/conflict\.yaml:2:1: error: .*conflict.*\[yaml-syntax\]$/im);
    has(/^incidents\/unclosed\.md:1:1: error: .*\[front-matter\]$/m);
    has(/^incidents\/js\.md:1:4: warning: .*never evaluated.*\[front-matter\]$/m);
    assert.ok(!existsSync(path.join(hostile, 'pwned')), '---js front matter must never run');
    assert.doesNotMatch(stdout, /bundle\.min\.js|logo\.png|7777777/);
    // The default id pattern stays in force: the real references are still checked.
    has(/^src\/auth\.ts:3:4: warning: Unknown incident INC-2024-010/m);
  });

  it('finds the same problems with the ripgrep pre-filter as with the plain Node scan', () => {
    const withRipgrep = runCli(['check', hostile, '--format', 'json', '--verbose']);
    const plain = runCli(['check', hostile, '--format', 'json'], { env: { INCIDENT_LENS_NO_RIPGREP: '1' } });
    assert.deepEqual(JSON.parse(withRipgrep.stdout), JSON.parse(plain.stdout));
    if (process.env.CI === 'true') assert.match(withRipgrep.stderr, /ripgrep found \d+ candidate file/, 'CI installs ripgrep: the pre-filter must run');
  });

  it('check --format json and sarif carry the same problems', () => {
    const json = JSON.parse(runCli(['check', BROKEN, '--format', 'json']).stdout);
    assert.ok(json.some((p: { code: string; line: number }) => p.code === 'duplicate-id' && p.line === 1));
    const sarif = JSON.parse(runCli(['check', BROKEN, '--format', 'sarif']).stdout);
    assert.equal(sarif.version, '2.1.0');
    const runResult = sarif.runs[0];
    assert.equal(runResult.results.length, json.length);
    const ruleIds = runResult.tool.driver.rules.map((r: { id: string }) => r.id);
    for (const result of runResult.results) {
      assert.equal(ruleIds[result.ruleIndex], result.ruleId);
      const location = result.locations[0].physicalLocation;
      assert.ok(location.artifactLocation.uri && location.region.startLine >= 1 && location.region.startColumn >= 1);
    }
  });

  it('exits 2 with a message when it cannot run', () => {
    const missing = runCli(['check', path.join(tmpdir(), 'no-such-folder-incident-lens')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read folder/);
    const badFormat = runCli(['check', BROKEN, '--format', 'xml']);
    assert.equal(badFormat.code, 2);
    assert.match(badFormat.stderr, /--format/);
    assert.equal(runCli(['frobnicate']).code, 2);
    assert.equal(runCli(['check', '--bogus']).code, 2);
  });

  it('list shows incidents, and with --file the ones tied to it with reasons', () => {
    const all = runCli(['list', EXAMPLE]);
    assert.equal(all.code, 0);
    assert.match(all.stdout, /^INC-2024-017\t2024-03-05T14:02:00Z\tSEV2\tpublished\tCheckout timed out/m);
    assert.ok(all.stdout.indexOf('INC-2024-017') < all.stdout.indexOf('INC-2023-004'), 'newest first');
    const tied = runCli(['list', EXAMPLE, '--file', 'src/checkout/pool.ts']);
    assert.match(
      tied.stdout,
      /INC-2024-017 .*\n\s+referenced on line 2\n\s+referenced on line 6\n\s+listed in the record's code \(src\/checkout\/pool\.ts, lines 3-9\)/,
    );
    const json = JSON.parse(runCli(['list', EXAMPLE, '--file', 'src/search/cache.go', '--format', 'json']).stdout);
    assert.deepEqual(
      json[0].reasons.map((r: { kind: string }) => r.kind),
      ['reference', 'code'],
    );
  });

  it('show renders a record for a terminal, and fails clearly on an unknown id', () => {
    const shown = runCli(['show', 'INC-2024-017', '--folder', EXAMPLE]);
    assert.equal(shown.code, 0);
    assert.match(shown.stdout, /^INC-2024-017 {2}Checkout timed out/);
    assert.match(shown.stdout, /Contributing factors\n- The pool size was tuned/);
    assert.match(shown.stdout, /What was hard\n- surprise: /);
    const unknown = runCli(['show', 'INC-2024-071', '--folder', EXAMPLE]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no record defines INC-2024-071 \(did you mean INC-2024-017/);
  });

  it('refuses a configuration file that is a link (to /dev/stdin here) and says so', () => {
    const dir = copyOfWorkspace('incident-lens-cfg-');
    rmSync(path.join(dir, '.incident-lens.yaml'));
    symlinkSync('/dev/stdin', path.join(dir, '.incident-lens.yaml'));
    const result = spawnSync(process.execPath, [CLI, 'check', dir], { encoding: 'utf8', timeout: 30_000, input: 'records: [nowhere/**]\n' });
    rmSync(dir, { recursive: true, force: true });
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stdout, /^\.incident-lens\.yaml:1:1: error: Not read: it is not a regular text file .*\[config\]$/m);
    assert.match(result.stderr, /^2 incident\(s\)/m, 'the defaults stay in force');
  });

  it('list and show never pass terminal escape sequences from a record through', () => {
    const dir = tempWorkspace('incident-lens-esc-list-', {
      '.incident-lens.yaml': 'records: ["*.yaml"]\n',
      'r.yaml': 'id: INC-1\ntitle: "evil \\e]0;pwned\\a\\e[31m title"\nseverity: "SEV1\\e[2J"\nstarted: 2024-01-01\nsummary: s\ncode:\n  - path: a.ts\n',
      'a.ts': '// INC-1\n',
    });
    const outputs = [runCli(['list', dir]).stdout, runCli(['list', dir, '--file', path.join(dir, 'a.ts')]).stdout, runCli(['check', dir]).stdout];
    rmSync(dir, { recursive: true, force: true });
    for (const out of outputs) assert.ok(!out.includes('\u001b') && !out.includes('\u0007'), JSON.stringify(out));
    assert.match(outputs[0], /evil .*title/);
  });

  it('show never passes terminal escape sequences from a record through', () => {
    const dir = tempWorkspace('incident-lens-esc-', {
      '.incident-lens.yaml': 'records: ["*.yaml"]\n',
      'r.yaml': 'id: INC-1\ntitle: "evil \\e[2J\\e]0;pwned\\a title"\nstarted: 2024-01-01\nsummary: s\n',
    });
    const shown = runCli(['show', 'INC-1', '--folder', dir]);
    rmSync(dir, { recursive: true, force: true });
    assert.equal(shown.code, 0, shown.stderr);
    assert.ok(!shown.stdout.includes('\u001b') && !shown.stdout.includes('\u0007'), JSON.stringify(shown.stdout));
    assert.match(shown.stdout, /evil .*title/);
  });
});

describe('incident-lens CLI with git history', function () {
  this.timeout(120_000);
  let repo: string;
  before(() => {
    const test = TestRepo.copyOf(EXAMPLE, { prefix: 'incident-lens-cli-git-', identity: { name: 'Bob', email: 'bob@example.com' } });
    repo = test.dir;
    test.branch('feature');
    writeFileSync(path.join(repo, 'src/checkout/retry.py'), 'MAX_ATTEMPTS = 2\n');
    test.commit('Lower retry budget after INC-2023-004');
    writeFileSync(
      path.join(repo, 'incidents/2023/INC-2023-004.md'),
      readFileSync(path.join(EXAMPLE, 'incidents/2023/INC-2023-004.md'), 'utf8').replace('code:', 'commits: [deadbee]\ncode:'),
    );
  });
  after(() => rmSync(repo, { recursive: true, force: true }));

  it('ties files to incidents through commit messages, unless --no-git', () => {
    const tied = runCli(['list', repo, '--file', path.join(repo, 'src/checkout/retry.py')]);
    assert.match(tied.stdout, /INC-2023-004 .*\n\s+changed by commit [0-9a-f]{7} on \d{4}-\d{2}-\d{2} by Bob: Lower retry budget after INC-2023-004/);
    const without = runCli(['list', repo, '--file', path.join(repo, 'src/checkout/retry.py'), '--no-git']);
    assert.doesNotMatch(without.stdout, /changed by commit/);
  });

  it('lists the incidents touching this branch with --changed', () => {
    const changed = runCli(['list', repo, '--changed']);
    assert.equal(changed.code, 0, changed.stderr);
    assert.match(changed.stdout, /INC-2023-004 .*\n(\s+.*\n)*\s+src\/checkout\/retry\.py: changed by commit/);
    const explicit = runCli(['list', repo, '--changed=main', '--format', 'json']);
    const ids = JSON.parse(explicit.stdout).map((i: { id: string }) => i.id);
    assert.ok(ids.includes('INC-2023-004'));
    assert.equal(runCli(['list', repo, '--changed', '--no-git']).code, 2);
  });

  it('suggests --changed=BASE when the base is written as a separate word', () => {
    const spaced = runCli(['list', repo, '--changed', 'main']);
    assert.equal(spaced.code, 2);
    assert.match(spaced.stderr, /write --changed=main/);
  });

  it('check reports commits a record lists that do not exist', () => {
    const { stdout } = runCli(['check', repo]);
    assert.match(stdout, /^incidents\/2023\/INC-2023-004\.md:\d+:\d+: warning: Commit deadbee does not exist in this repository\. \[unknown-commit\]$/m);
    assert.doesNotMatch(runCli(['check', repo, '--no-git']).stdout, /unknown-commit/);
  });
});
