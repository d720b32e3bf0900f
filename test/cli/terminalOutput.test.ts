/**
 * The CLI's human-readable output is read by terminals and by CI logs, which act on control
 * characters: a line break in a file name starts a new log line (GitHub Actions obeys one that
 * starts with `::error`), a lone carriage return lets a title overwrite itself. The real binary on
 * real odd file names and records shows each control as a visible escape instead.
 */
import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../helpers/cli';
import { makeReviewRepo } from './reviewRepo';
import { tempWorkspace } from '../helpers/workspaces';

const FORGING_NAME = 'x\n::error file=app.js,line=1::FORGED\n.ts';

/** Every control character of an output, except the line feeds that end its own lines. */
function controlsIn(output: string): string[] {
  return [...output.replace(/\n/g, '')].filter((ch) => /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(ch));
}

describe('incident-lens CLI: control characters in file names and records', function () {
  this.timeout(120_000);
  let dir: string;

  before(() => {
    dir = tempWorkspace('incident-lens-controls-', {
      'incidents/INC-1.yaml': [
        'id: INC-1',
        'title: "Checkout was slow\\rAll systems\\tnormal"',
        'severity: SEV2',
        'started: 2024-01-01',
        'summary: "First line\\nsecond \\e[31mred\\e[0m line"',
        'code:',
        '  - path: "src/\\u202Eevil.ts"',
        '',
      ].join('\n'),
      [`src/${FORGING_NAME}`]: '// INC-999\n',
      'src/\u202Eevil.ts': '// INC-1\n',
    });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('check prints a file name with line breaks as one line, the breaks escaped: no forged workflow command', () => {
    const { code, stdout } = runCli(['check', dir]);
    assert.equal(code, 0);
    assert.deepEqual(
      stdout.split('\n').filter((line) => line.startsWith('::')),
      [],
      stdout,
    );
    assert.ok(
      stdout
        .split('\n')
        .includes('src/x\\n::error file=app.js,line=1::FORGED\\n.ts:1:4: warning: Unknown incident INC-999: no record defines it. [unknown-reference]'),
      stdout,
    );
    assert.deepEqual(controlsIn(stdout), []);
  });

  it('show keeps a lone carriage return from overwriting the title, and escapes every other control', () => {
    const { code, stdout } = runCli(['show', 'INC-1', '--folder', dir]);
    assert.equal(code, 0);
    assert.deepEqual(controlsIn(stdout), [], JSON.stringify(stdout));
    const lines = stdout.split('\n');
    assert.equal(lines[0], 'INC-1  Checkout was slow\\rAll systems\\tnormal');
    assert.match(lines[1], /^SEV2 · draft/);
    // A narrative keeps its line breaks; what is inside a line shows escaped.
    const summary = lines.indexOf('Summary');
    assert.deepEqual(lines.slice(summary + 1, summary + 3), ['First line', 'second \\e[31mred\\e[0m line']);
    assert.ok(lines.includes('- src/\\u{202E}evil.ts'), stdout);
  });

  it('list keeps one line and five tab-separated fields per incident', () => {
    const { code, stdout } = runCli(['list', dir]);
    assert.equal(code, 0);
    assert.deepEqual(stdout.split('\n'), ['INC-1\t2024-01-01\tSEV2\tdraft\tCheckout was slow\\rAll systems\\tnormal', '']);
  });

  it('list --file names the tie reasons of an odd file on one line', () => {
    const { code, stdout } = runCli(['list', dir, '--file', path.join(dir, 'src', '\u202Eevil.ts'), '--no-git']);
    assert.equal(code, 0);
    assert.deepEqual(controlsIn(stdout), [], JSON.stringify(stdout));
    assert.match(stdout, /^INC-1 {2}Checkout was slow\\rAll systems\\tnormal {2}\(SEV2\)\n/);
  });

  it('every message that echoes an argument escapes it: no forged workflow command, no raw control', () => {
    const forging = 'x\n::error file=app.js,line=1::FORGED\r\u001b[2J';
    const repo = makeReviewRepo();
    try {
      const runs: string[][] = [
        ['review', repo, '--base', forging],
        ['review', repo, '--format', forging],
        ['review', repo, '--max-bytes', forging],
        ['review', repo, '--fail-on', forging],
        ['list', repo, `--bogus${forging}`],
        ['list', repo, '--file', forging, '--no-git'],
        ['insights', repo, '--out', path.join(dir, forging), '--no-git'],
        ['show', forging, '--folder', repo],
        [forging],
        ['check', path.join(dir, 'absent', forging)],
        ['check', repo, '--records-from', path.join(dir, 'absent', forging)],
      ];
      for (const args of runs) {
        const { stdout, stderr } = runCli(args, { cwd: repo });
        for (const output of [stdout, stderr]) {
          const said = JSON.stringify({ args, output });
          assert.deepEqual(
            output.split('\n').filter((line) => line.startsWith('::')),
            [],
            said,
          );
          assert.deepEqual(controlsIn(output), [], said);
        }
        // Shown, escaped (an unknown flag is quoted up to its `=`).
        assert.match(stdout + stderr, /x\\n::error file/, JSON.stringify(args));
      }
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});
