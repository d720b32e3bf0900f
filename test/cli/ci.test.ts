/**
 * docs/ci.md, run: the shell lines of its GitHub Actions workflow and its GitLab CI job, exactly
 * as the doc has them, against a real temporary repository with the CI variables set. What needs
 * the network is not run: the pull-request comment step (`gh api`) and the `uses:` actions
 * (checkout is done here by cloning with full history; setup-node is this Node; the SARIF upload
 * is replaced by checking the file it would upload).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { git, makeReviewRepo } from './reviewRepo';
import { CLI } from '../helpers/cli';

const DOC = readFileSync(path.join(__dirname, '../../docs/ci.md'), 'utf8');
const EXPECTED = ['INC-2024-001', 'INC-2024-002', 'INC-2024-003'];

/** The ```yaml block of the doc whose first line names `file`. */
function block(file: string): Record<string, unknown> {
  for (const match of DOC.matchAll(/```yaml\n([^]*?)```/g)) if (match[1].startsWith(`# ${file}\n`)) return parse(match[1]) as Record<string, unknown>;
  throw new Error(`docs/ci.md has no yaml block for ${file}`);
}

/** `npx --yes incident-lens ...` runs the binary built here (npx would fetch it from the registry). */
function fakeNpx(dir: string): string {
  const bin = path.join(dir, 'bin');
  spawnSync('mkdir', ['-p', bin]);
  const script = `#!/bin/sh\nif [ "$1" = --yes ] && [ "$2" = incident-lens ]; then shift 2; exec "${process.execPath}" "${CLI}" "$@"; fi\necho "unexpected npx $*" >&2; exit 127\n`;
  writeFileSync(path.join(bin, 'npx'), script);
  chmodSync(path.join(bin, 'npx'), 0o755);
  return bin;
}

function bash(script: string, cwd: string, env: Record<string, string>) {
  const clean = { ...process.env };
  for (const key of Object.keys(clean)) if (/^(GITHUB_|GITLAB_|CI_)/.test(key)) delete clean[key];
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
    cwd,
    encoding: 'utf8',
    env: { ...clean, ...env },
    timeout: 240_000,
  });
  assert.equal(result.status, 0, `${script}\n${result.stderr}`);
  return result.stdout;
}

/** The origin: the review repository with the whole change committed on `feature`. */
function origin(): { dir: string; head: string } {
  const dir = makeReviewRepo();
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'rest of the change');
  return { dir, head: git(dir, 'rev-parse', 'HEAD').trim() };
}

describe('docs/ci.md, run against a real repository', function () {
  this.timeout(600_000);
  const cleanup: string[] = [];
  after(() => cleanup.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('GitHub Actions: the summary and the SARIF file name a, b, c in order', () => {
    const { dir, head } = origin();
    const work = mkdtempSync(path.join(tmpdir(), 'incident-lens-gha-'));
    cleanup.push(dir, work);
    const clone = path.join(work, 'repo');
    // actions/checkout with fetch-depth: 0, on the pull request's head.
    git(work, 'clone', '-q', '--no-local', dir, clone);
    git(clone, 'checkout', '-q', '--detach', head);
    const summary = path.join(work, 'summary.md');
    writeFileSync(summary, '');
    const runnerTemp = path.join(work, 'runner-temp');
    mkdirSync(runnerTemp);
    const expressions: Record<string, string> = {
      'github.base_ref': 'main',
      'github.token': 'not-used',
      'github.event.pull_request.number': '7',
      'runner.temp': runnerTemp,
    };
    const expand = (value: unknown) => String(value).replace(/\$\{\{\s*([\w.]+)\s*\}\}/g, (_, e: string) => expressions[e]);
    const env = {
      PATH: `${fakeNpx(work)}:${process.env.PATH}`,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_SHA: head,
      GITHUB_BASE_REF: 'main',
      RUNNER_TEMP: runnerTemp,
    };
    const workflow = block('.github/workflows/incident-lens.yml') as {
      jobs: { review: { steps: Array<{ uses?: string; run?: string; env?: Record<string, string>; with?: Record<string, unknown> }> } };
    };
    const steps = workflow.jobs.review.steps;
    assert.equal(steps.find((s) => s.uses?.startsWith('actions/checkout'))?.with?.['fetch-depth'], 0);
    let ran = 0;
    for (const step of steps) {
      if (!step.run) continue;
      if (step.run.includes('gh api')) continue; // the PR comment needs GitHub
      const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v)]));
      bash(step.run, clone, { ...env, ...stepEnv });
      ran++;
    }
    assert.equal(ran, 1);
    // The comment step (not run: it needs GitHub) finds its earlier comment by the line the Markdown starts with.
    const comment = steps.find((s) => s.run?.includes('gh api'))!.run!;
    assert.ok(comment.includes("marker='<!-- incident-lens-review -->'") && comment.includes('--method PATCH'));
    const md = readFileSync(summary, 'utf8');
    assert.ok(md.startsWith('<!-- incident-lens-review -->'));
    assert.deepEqual(
      md
        .split('\n')
        .filter((l) => l.startsWith('| **INC-'))
        .map((l) => /INC-\d+-\d+/.exec(l)![0]),
      EXPECTED,
    );
    assert.ok(md.includes(`https://github.com/acme/shop/blob/${head}/incidents/INC-2024-001.yaml`));
    assert.ok(!md.includes('src/other.ts'));
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'));
    const sarif = JSON.parse(readFileSync(expand(upload?.with?.sarif_file), 'utf8'));
    assert.deepEqual(
      sarif.runs[0].results.map((r: { message: { text: string } }) => /INC-\d+-\d+/.exec(r.message.text)![0]),
      EXPECTED,
    );
  });

  it('GitLab CI: the job finds a, b, c in order in a clone without the target branch', () => {
    const { dir, head } = origin();
    const work = mkdtempSync(path.join(tmpdir(), 'incident-lens-gitlab-'));
    cleanup.push(dir, work);
    const clone = path.join(work, 'repo');
    // A merge request pipeline's clone: the source branch only, full depth (GIT_DEPTH: 0).
    git(work, 'clone', '-q', '--no-local', '--single-branch', '--branch', 'feature', dir, clone);
    assert.throws(() => git(clone, 'rev-parse', '--verify', '--quiet', 'origin/main'));
    const job = (block('.gitlab-ci.yml') as Record<string, { script: string[]; variables: Record<string, unknown>; rules: Array<{ if: string }> }>)[
      'incident-lens-review'
    ];
    assert.equal(job.variables.GIT_DEPTH, 0);
    assert.equal(job.rules[0].if, '$CI_PIPELINE_SOURCE == "merge_request_event"');
    const env = {
      PATH: `${fakeNpx(work)}:${process.env.PATH}`,
      CI: 'true',
      GITLAB_CI: 'true',
      CI_PIPELINE_SOURCE: 'merge_request_event',
      CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main',
      CI_COMMIT_SHA: head,
      TMPDIR: mkdtempSync(path.join(work, 'tmp-')),
    };
    const log = bash(job.script.join('\n'), clone, env);
    const at = EXPECTED.map((id) => log.indexOf(id));
    assert.ok(
      at.every((n, i) => n >= 0 && (i === 0 || n > at[i - 1])),
      log,
    );
    const report = JSON.parse(readFileSync(path.join(clone, 'incident-lens.json'), 'utf8'));
    assert.deepEqual(
      report.incidents.map((i: { id: string }) => i.id),
      EXPECTED,
    );
    assert.ok(readFileSync(path.join(clone, 'incident-lens.md'), 'utf8').startsWith('<!-- incident-lens-review -->'));
  });
});
