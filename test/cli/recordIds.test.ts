import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CLI, runCli } from '../helpers/cli';
import { tempWorkspace } from '../helpers/workspaces';

const run = (args: string[]) => runCli(args, { timeout: 120_000 });

describe('incident-lens with records whose ids only look like ids (the real binary)', function () {
  this.timeout(300_000);
  let dir: string;
  before(() => {
    assert.ok(existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first');
    dir = tempWorkspace('incident-lens-ids-', { 'src/app.ts': '// see INC-1\n' });
    mkdirSync(path.join(dir, 'incidents'));
    const record = (file: string, id: string, title: string) =>
      writeFileSync(path.join(dir, 'incidents', file), `title: ${title}\nid: ${id}\nstarted: 2024-01-01\nsummary: s\n`);
    record('INC-1.yaml', 'INC-1', 'The real one');
    record('zwsp.yaml', '"INC-1\\u200B"', 'Zero-width space');
    record('rtl.yaml', '"\\u202EINC-1"', 'Right-to-left override');
    record('cyrillic.yaml', '\u0406NC-1', 'Cyrillic I');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('check reports each look-alike id at its file, line and column', () => {
    const { code, stdout, stderr } = run(['check', dir, '--no-git']);
    assert.equal(code, 1, stderr);
    const lines = stdout.trim().split('\n');
    const idProblems = lines.filter((line) => line.includes('is not an incident id'));
    assert.deepEqual(
      idProblems.map((line) => line.slice(0, line.indexOf(' is not'))),
      [
        'incidents/cyrillic.yaml:2:5: error: `id` <U+0406>NC-1',
        'incidents/rtl.yaml:2:5: error: `id` <U+202E>INC-1',
        'incidents/zwsp.yaml:2:5: error: `id` INC-1<U+200B>',
      ],
    );
    assert.ok(
      idProblems.every((line) => line.endsWith('this record defines no incident. [schema]')),
      stdout,
    );
    assert.doesNotMatch(stdout, /Duplicate incident id/);
    assert.doesNotMatch(stdout, /[\u200B\u202E\u0406]/);
  });

  it('list shows the one real incident, not three look-alikes beside it', () => {
    const { code, stdout, stderr } = run(['list', dir, '--no-git']);
    assert.equal(code, 0, stderr);
    const incidents = stdout.trim().split('\n');
    assert.equal(incidents.length, 1, stdout);
    assert.match(incidents[0], /^INC-1\t2024-01-01\t.*The real one$/);
    const tied = run(['list', dir, '--file', path.join(dir, 'src/app.ts'), '--format', 'json', '--no-git']);
    assert.deepEqual(
      JSON.parse(tied.stdout).map((i: { id: string; title: string }) => [i.id, i.title]),
      [['INC-1', 'The real one']],
    );
  });
});
