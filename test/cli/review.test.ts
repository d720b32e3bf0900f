import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import MarkdownIt from 'markdown-it';
import { git, makeReviewRepo, POOL, write } from './reviewRepo';
import { CLI, runCli } from '../helpers/cli';

/** Every run as if outside GitHub Actions, whatever runs the tests. */
const run = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) =>
  runCli(args, { cwd, timeout: 120_000, env: { GITHUB_SERVER_URL: undefined, GITHUB_REPOSITORY: undefined, GITHUB_SHA: undefined, ...env } });

/** INC-2024-001 at a severity, its code range on src/pool.ts lines 3-5. */
const gated = (severity: string) =>
  `id: INC-2024-001\ntitle: Pool\nseverity: ${severity}\nstatus: published\nstarted: 2024-01-01\nsummary: s\ncode:\n  - path: src/pool.ts\n    lines: "3-5"\n`;

/** New-side lines the change touched, per file, as `git diff -U0` against the merge base tells. */
function changedLines(dir: string): Map<string, Set<number>> {
  const mergeBase = git(dir, 'merge-base', 'main', 'HEAD').trim();
  const out = new Map<string, Set<number>>();
  let file = '';
  for (const line of git(dir, 'diff', '-U0', '--no-color', '--no-ext-diff', mergeBase).split('\n')) {
    const name = /^\+\+\+ b\/(.*)$/.exec(line);
    if (name) file = name[1];
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (!hunk) continue;
    const start = Number(hunk[1]);
    const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
    const set = out.get(file) ?? new Set<number>();
    for (let l = start; l < start + Math.max(count, 1); l++) set.add(l);
    out.set(file, set);
  }
  return out;
}

const EXPECTED = ['INC-2024-001', 'INC-2024-002', 'INC-2024-003'];

/**
 * A repository whose main branch holds `files` and src/pool.ts, with a branch `feature` checked out
 * that changes a line of src/pool.ts; `work` runs in it, and the folder is removed afterwards.
 */
function onFeatureBranch(prefix: string, files: Record<string, string>, work: (dir: string) => void): void {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  try {
    git(dir, 'init', '-q', '-b', 'main');
    for (const [name, text] of Object.entries({ ...files, 'src/pool.ts': POOL })) write(dir, name, text);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'base');
    git(dir, 'checkout', '-q', '-b', 'feature');
    write(dir, 'src/pool.ts', POOL.replace('const timeout = 30;', 'const timeout = 5;'));
    work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('incident-lens review (the real binary on a real repository)', function () {
  this.timeout(180_000);
  let repo: string;
  before(() => {
    assert.ok(existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first');
    repo = makeReviewRepo();
  });
  after(() => rmSync(repo, { recursive: true, force: true }));

  it('json: finds the code range, the referencing comment and the history tie in that order, not the untied file', () => {
    const { code, stdout } = run(['review', '--format', 'json'], repo);
    assert.equal(code, 0);
    const report = JSON.parse(stdout);
    assert.deepEqual(
      report.incidents.map((i: { id: string; strongest: string }) => [i.id, i.strongest]),
      [
        ['INC-2024-001', 'code'],
        ['INC-2024-002', 'reference'],
        ['INC-2024-003', 'history'],
      ],
    );
    assert.equal(report.changedFiles, 4);
    assert.equal(report.base, 'main');
    const [a] = report.incidents;
    assert.equal(a.severity, 'SEV3');
    assert.match(a.lesson, /^Pool size and timeout move together/);
    assert.deepEqual(a.openActions, ['Alert on pool saturation [click](javascript:alert(1))']);
    assert.deepEqual(
      a.places.map((p: { path: string; startLine: number }) => [p.path, p.startLine]),
      [['src/pool.ts', 4]],
    );
    assert.ok(!stdout.includes('src/other.ts'));
  });

  it('text and markdown list the same incidents in the same order; markdown escapes record text', () => {
    const text = run(['review', '--format', 'text'], repo).stdout;
    const order = (s: string) => EXPECTED.map((id) => s.indexOf(id));
    assert.ok(
      order(text).every((at, i, all) => at >= 0 && (i === 0 || at > all[i - 1])),
      text,
    );
    assert.ok(!text.includes('src/other.ts'));
    const md = run(['review'], repo).stdout;
    assert.ok(md.startsWith('<!-- incident-lens-review -->'));
    const rows = md.split('\n').filter((l) => l.startsWith('| **INC-'));
    assert.deepEqual(
      rows.map((r) => /INC-\d+-\d+/.exec(r)![0]),
      EXPECTED,
    );
    assert.ok(!md.includes('src/other.ts'));
    assert.doesNotMatch(md, /<img|@oncall-team|https:\/\/evil|(?<!\\)\]\(javascript/);
  });

  it('sarif: one note per incident per place, on a changed line, with rule metadata and stable fingerprints', () => {
    const first = JSON.parse(run(['review', '--format', 'sarif'], repo).stdout);
    const second = JSON.parse(run(['review', '--format', 'sarif'], repo).stdout);
    const results = first.runs[0].results;
    assert.deepEqual(
      results.map((r: { message: { text: string } }) => /INC-\d+-\d+/.exec(r.message.text)![0]),
      EXPECTED,
    );
    const changed = changedLines(repo);
    const rules = first.runs[0].tool.driver.rules;
    for (const result of results) {
      assert.equal(result.level, 'note');
      const location = result.locations[0].physicalLocation;
      const lines = changed.get(location.artifactLocation.uri);
      assert.ok(lines?.has(location.region.startLine), `${location.artifactLocation.uri}:${location.region.startLine} is not a changed line`);
      const rule = rules[result.ruleIndex];
      assert.equal(rule.id, result.ruleId);
      for (const field of [rule.shortDescription.text, rule.fullDescription.text, rule.help.text, rule.help.markdown]) assert.ok(field.length > 10);
      assert.match(result.partialFingerprints['incidentLens/v1'], /^[0-9a-f]{16}$/);
    }
    assert.deepEqual(
      second.runs[0].results.map((r: { partialFingerprints: object }) => r.partialFingerprints),
      results.map((r: { partialFingerprints: object }) => r.partialFingerprints),
    );
    assert.equal(new Set(results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['incidentLens/v1'])).size, results.length);
  });

  it('links to the record at the head commit when the GitHub variables are set', () => {
    const env = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/shop', GITHUB_SHA: 'a'.repeat(40) };
    const report = JSON.parse(run(['review', '--format', 'json'], repo, env).stdout);
    assert.equal(report.incidents[0].link, `https://github.com/acme/shop/blob/${'a'.repeat(40)}/incidents/INC-2024-001.yaml`);
  });

  it('exits 1 only when --fail-on is met, and never reads history with --no-git', () => {
    assert.equal(run(['review', '--fail-on', 'SEV1', '--format', 'json'], repo).code, 1);
    assert.equal(run(['review', '--fail-on', 'SEV3', '--format', 'json'], repo).code, 1);
    const noGit = run(['review', '--no-git', '--fail-on', 'SEV1', '--format', 'json'], repo);
    assert.equal(noGit.code, 0, noGit.stderr);
    assert.deepEqual(
      JSON.parse(noGit.stdout).incidents.map((i: { id: string }) => i.id),
      EXPECTED.slice(0, 2),
    );
    assert.equal(run(['review', '--fail-on', 'SEV4', '--format', 'json'], repo).code, 1);
  });

  it('exits 2 and says what to do when it cannot run', () => {
    const unknown = run(['review', '--base', 'no-such-branch'], repo);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown base "no-such-branch".*git fetch/);
    const badSeverity = run(['review', '--fail-on', 'SEV9'], repo);
    assert.equal(badSeverity.code, 2);
    assert.match(badSeverity.stderr, /--fail-on must be one of the configured severities/);
    assert.equal(run(['review', '--max-bytes', '10'], repo).code, 2);
    const plain = mkdtempSync(path.join(tmpdir(), 'incident-lens-plain-'));
    try {
      write(plain, 'a.txt', 'x\n');
      const notRepo = run(['review', plain], plain);
      assert.equal(notRepo.code, 2);
      assert.match(notRepo.stderr, /not a git repository.*inside a git clone/);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });

  it('line-diffs only the files an incident is tied to: a rewritten 1 MB file nothing is tied to is not diffed', () => {
    const big = (word: string) => Array.from({ length: 30_000 }, (_, i) => `${word} ${i} ${'x'.repeat(24)}\n`).join('');
    const record = 'id: INC-2024-001\ntitle: Pool\nstarted: 2024-01-01\nsummary: s\ncode:\n  - path: src/pool.ts\n    lines: "3-5"\n';
    onFeatureBranch('incident-lens-review-big-', { 'incidents/INC-2024-001.yaml': record, 'data/big.txt': big('row') }, (dir) => {
      write(dir, 'data/big.txt', big('line'));
      const { code, stdout, stderr } = run(['review', '--format', 'json', '--verbose'], dir);
      assert.equal(code, 0, stderr);
      const report = JSON.parse(stdout);
      assert.equal(report.changedFiles, 2);
      assert.deepEqual(
        report.incidents.map((i: { id: string; places: Array<{ path: string; startLine: number }> }) => [i.id, i.places.map((p) => [p.path, p.startLine])]),
        [['INC-2024-001', [['src/pool.ts', 4]]]],
      );
      assert.match(stderr, /line ranges of 1 of 2 changed file\(s\)/);
    });
  });

  it('--fail-on is judged from the merge base: lowering the severity, deleting the record or reordering the severities still fails', () => {
    const cases: Record<string, (dir: string) => void> = {
      lowered: (dir) => write(dir, 'incidents/INC-2024-001.yaml', gated('SEV4')),
      deleted: (dir) => git(dir, 'rm', '-q', 'incidents/INC-2024-001.yaml'),
      reordered: (dir) => write(dir, '.incident-lens.yaml', 'severities: [SEV5, SEV4, SEV3, SEV2, SEV1]\n'),
    };
    for (const [name, change] of Object.entries(cases)) {
      onFeatureBranch('incident-lens-review-gate-', { 'incidents/INC-2024-001.yaml': gated('SEV1') }, (dir) => {
        change(dir);
        const gate = run(['review', '--format', 'json', '--fail-on', 'SEV2'], dir);
        assert.equal(gate.code, 1, `${name}: ${gate.stderr}`);
        const report = JSON.parse(gate.stdout);
        assert.deepEqual(
          report.incidents.map((i: { id: string }) => i.id),
          ['INC-2024-001'],
          name,
        );
        if (name === 'deleted') assert.match(JSON.stringify(report.incidents[0].places), /the record was deleted/);
      });
    }
  });

  it('reports a change to .incident-lens.yaml in its own row in every format, and none when the change leaves it alone', () => {
    const files = { '.incident-lens.yaml': 'records: [incidents/**]\n', 'incidents/INC-2024-001.yaml': gated('SEV1') };
    onFeatureBranch('incident-lens-review-config-', files, (dir) => {
      const untouched = run(['review', '--format', 'text'], dir);
      assert.equal(untouched.code, 0, untouched.stderr);
      assert.doesNotMatch(untouched.stdout, /Configuration changed/);
      assert.doesNotMatch(run(['review', '--format', 'markdown'], dir).stdout, /Configuration changed/);
      assert.equal(JSON.parse(run(['review', '--format', 'json'], dir).stdout).configChange, undefined);

      // The records drop out of the index and the severities turn around: the gate's own inputs.
      write(dir, '.incident-lens.yaml', 'records: [elsewhere/**]\nseverities: [SEV5, SEV4, SEV3, SEV2, SEV1]\n');
      const text = run(['review', '--format', 'text'], dir);
      assert.equal(text.code, 0, text.stderr);
      assert.match(
        text.stdout,
        /^Configuration changed: \.incident-lens\.yaml {2}the change edits the configuration the review reads; settings changed: records, severities;/m,
      );
      const md = run(['review', '--format', 'markdown'], dir).stdout;
      assert.match(
        md,
        /^\*\*Configuration changed:\*\* `\.incident-lens\.yaml` the change edits the configuration the review reads; settings changed: records, severities;/m,
      );
      const json = JSON.parse(run(['review', '--format', 'json'], dir).stdout);
      assert.deepEqual(
        [json.configChange.path, json.configChange.status, json.configChange.settings],
        ['.incident-lens.yaml', 'modified', ['records', 'severities']],
      );
      // The records are out of sight of this configuration: the gate cannot judge, so it fails.
      const gate = run(['review', '--format', 'json', '--fail-on', 'SEV1'], dir);
      assert.equal(gate.code, 1, gate.stderr);
      assert.match(gate.stderr, /--fail-on: the change edits records in the configuration/);

      // Moved to a hostile name: the path goes through the same escaping as every other path.
      git(dir, 'checkout', '-q', '--', '.incident-lens.yaml');
      git(dir, 'mv', '.incident-lens.yaml', 'x|`<img src=x>` @oncall\ny.yaml');
      const moved = run(['review', '--format', 'markdown'], dir).stdout;
      const line = moved.split('\n').find((l) => l.startsWith('**Configuration changed:**'));
      assert.ok(line, moved);
      const html = new MarkdownIt().render(line);
      assert.doesNotMatch(html, /<img/);
      assert.match(html, /<code>x\|'&lt;img src=x&gt;' @oncall y\.yaml<\/code> the change moves the configuration/);
      assert.match(run(['review', '--format', 'text'], dir).stdout, /^Configuration changed: x\|`<img src=x>` @oncall y\.yaml {2}the change moves/m);
    });
  });

  it('reads untracked files, deletions and renames of the working tree', () => {
    const dir = makeReviewRepo();
    try {
      git(dir, 'stash', '-q');
      // An untracked file under a comment, a referencing comment deleted, a record's file renamed.
      write(dir, 'src/new.ts', '// INC-2024-002: same backoff here\nexport const wait = 0;\n');
      write(dir, 'src/retry.py', 'import time\n');
      git(dir, 'mv', 'src/pool.ts', 'src/pools.ts');
      const report = JSON.parse(run(['review', '--format', 'json', '--no-git'], dir).stdout);
      const places = report.incidents.flatMap((i: { id: string; places: Array<{ path: string; detail: string }> }) =>
        i.places.map((p) => `${i.id} ${p.path} ${p.detail}`),
      );
      assert.ok(
        places.some((p: string) => p.startsWith('INC-2024-002 src/new.ts')),
        places.join('\n'),
      );
      assert.ok(
        places.some((p: string) => /^INC-2024-002 src\/retry\.py .*removed or moved/.test(p)),
        places.join('\n'),
      );
      assert.ok(
        places.some((p: string) => /^INC-2024-001 src\/pools\.ts .*renamed from src\/pool\.ts/.test(p)),
        places.join('\n'),
      );
      unlinkSync(path.join(dir, 'src/new.ts'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a `|` or a line break in a changed path keeps its PR-comment table row whole', () => {
    const dir = makeReviewRepo();
    try {
      for (const name of ['src/a|b.ts', 'src/back\\|slash.ts', 'src/line\nbreak.ts'])
        write(dir, name, '// INC-2024-002: same backoff here\nexport const wait = 0;\n');
      const { code, stdout } = run(['review', '--no-git'], dir);
      assert.equal(code, 0);
      // Read as GitHub does: a GFM table, each row its cells, each place a code span.
      const tokens = new MarkdownIt().parse(stdout, {});
      const rows: string[][][] = [];
      for (const token of tokens) {
        if (token.type === 'tr_open') rows.push([]);
        if (token.type === 'inline' && rows.length && tokens[tokens.indexOf(token) - 1].type === 'td_open')
          rows[rows.length - 1].push((token.children ?? []).filter((t) => t.type === 'code_inline').map((t) => t.content));
      }
      const body = rows.filter((r) => r.length);
      assert.equal(body.length, 2, stdout);
      for (const row of body) assert.equal(row.length, 4, stdout);
      assert.deepEqual(body[1][3], ['src/a|b.ts:1-2', 'src/back\\|slash.ts:1-2', 'src/line break.ts:1-2'], stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--max-bytes holds with a 1,000-character base branch name, the headline counted too', () => {
    const dir = makeReviewRepo();
    try {
      const long = Array.from({ length: 5 }, (_, i) => `${String(i)}${'é'.repeat(50)}${'b'.repeat(149)}`).join('/');
      assert.ok(long.length >= 1000);
      git(dir, 'branch', long, 'main');
      for (const max of [1000, 1500]) {
        const { code, stdout } = run(['review', '--base', long, '--max-bytes', String(max)], dir);
        assert.equal(code, 0);
        assert.ok(Buffer.byteLength(stdout) <= max, `${Buffer.byteLength(stdout)} bytes for ${max}`);
        assert.match(stdout, /This change touches \*\*3\*\* past incident/);
      }
      // Nothing touched: the headline alone.
      git(dir, 'stash', '-u', '-q');
      git(dir, 'branch', '-f', long, 'HEAD');
      const { code, stdout } = run(['review', '--base', long, '--max-bytes', '1000'], dir);
      assert.equal(code, 0);
      assert.match(stdout, /touches no past incident/);
      assert.ok(Buffer.byteLength(stdout) <= 1000, `${Buffer.byteLength(stdout)} bytes`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a 500-incident change stays under --max-bytes, the tail summed up', () => {
    const dir = makeReviewRepo();
    try {
      for (let i = 0; i < 500; i++) {
        write(
          dir,
          `incidents/many/INC-9000-${i}.yaml`,
          `id: INC-9000-${i}\ntitle: Incident ${i} with a long title ${'x'.repeat(60)}\nseverity: SEV2\nstarted: 2024-01-01\nsummary: s\nlearnings: ["${'lesson '.repeat(20)}"]\ncode:\n  - path: src/many/f${i}.ts\n`,
        );
        write(dir, `src/many/f${i}.ts`, 'export const x = 1;\n');
      }
      git(dir, 'add', '-A');
      git(dir, 'commit', '-q', '-m', 'many');
      git(dir, 'branch', '-f', 'main', 'HEAD');
      for (let i = 0; i < 500; i++) write(dir, `src/many/f${i}.ts`, 'export const x = 2;\n');
      for (const max of [undefined, 20_000]) {
        const { code, stdout } = run(['review', '--no-git', ...(max ? ['--max-bytes', String(max)] : [])], dir);
        assert.equal(code, 0);
        assert.ok(Buffer.byteLength(stdout) <= (max ?? 60_000), `${Buffer.byteLength(stdout)} bytes`);
        const rows = stdout.split('\n').filter((l) => l.startsWith('| **INC-'));
        assert.ok(rows.every((r) => r.endsWith(' |')));
        const more = /…and (\d+) more incident\(s\)/.exec(stdout);
        assert.ok(more, 'the tail is summed up');
        assert.equal(rows.length + Number(more[1]), 500);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('check --format sarif carries the same rule metadata and stable fingerprints', () => {
    const broken = path.join(__dirname, '../fixtures/workspaces/broken');
    const first = JSON.parse(run(['check', broken, '--format', 'sarif'], process.cwd()).stdout).runs[0];
    const second = JSON.parse(run(['check', broken, '--format', 'sarif'], process.cwd()).stdout).runs[0];
    for (const rule of first.tool.driver.rules) {
      for (const field of [rule.shortDescription.text, rule.fullDescription.text, rule.help.text, rule.help.markdown]) assert.ok(field.length > 10, rule.id);
    }
    const prints = (r: { results: Array<{ partialFingerprints: Record<string, string> }> }) => r.results.map((x) => x.partialFingerprints['incidentLens/v1']);
    assert.ok(prints(first).every((f) => /^[0-9a-f]{16}$/.test(f)));
    assert.deepEqual(prints(second), prints(first));
    assert.equal(new Set(prints(first)).size, first.results.length);
  });
});
