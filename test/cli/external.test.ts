import * as assert from 'node:assert/strict';
import { rmSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../helpers/cli';
import { tempWorkspace, writeFiles } from '../helpers/workspaces';

/** A service repository citing a central incident repository cloned next to it. */
describe('incident-lens CLI: records from a central repository (--records-from, externalRecords)', function () {
  this.timeout(120_000);
  let base: string;
  before(() => {
    base = tempWorkspace('incident-lens-cli-external-', {
      'central/incidents/INC-2024-017.yaml': 'id: INC-2024-017\ntitle: Pool ran dry\nstarted: 2024-03-05\nsummary: Leaked connections.\n',
      'central/incidents/broken.yaml': 'id: INC-2022-001\ntitle: 42\nsummary: cites INC-4040\n',
      'service/src/pool.ts': '// See INC-2024-017.\nexport const size = 10;\n',
      'configured/.incident-lens.yaml': 'externalRecords: [../central]\n',
      'configured/src/pool.ts': '// See INC-2024-017.\n',
    });
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  it('check knows the references to external records and reports nothing of theirs', () => {
    const alone = runCli(['check', 'service', '--format', 'json', '--no-git'], { cwd: base });
    assert.equal(alone.code, 0);
    assert.match(alone.stdout, /Unknown incident INC-2024-017/);
    const withCentral = runCli(['check', 'service', '--records-from', 'central', '--format', 'json', '--no-git'], { cwd: base });
    assert.equal(withCentral.code, 0, withCentral.stderr);
    assert.deepEqual(JSON.parse(withCentral.stdout), []);
  });

  it('list, list --file and show read external records', () => {
    const list = runCli(['list', 'service', '--records-from', 'central', '--format', 'json', '--no-git'], { cwd: base });
    assert.deepEqual(
      (JSON.parse(list.stdout) as Array<{ id: string; path: string }>).map((r) => [r.id, r.path]),
      [
        ['INC-2024-017', '../central/incidents/INC-2024-017.yaml'],
        ['INC-2022-001', '../central/incidents/broken.yaml'],
      ],
    );
    const tied = runCli(['list', 'service', '--file', 'service/src/pool.ts', '--records-from', 'central', '--no-git'], { cwd: base });
    assert.match(tied.stdout, /INC-2024-017 {2}Pool ran dry/);
    const show = runCli(['show', 'INC-2024-017', '--folder', 'service', '--records-from', 'central'], { cwd: base });
    assert.equal(show.code, 0, show.stderr);
    assert.match(show.stdout, /Pool ran dry/);
  });

  it('honours externalRecords of .incident-lens.yaml, relative to the folder', () => {
    const check = runCli(['check', 'configured', '--format', 'json', '--no-git', '--trust-config'], { cwd: base });
    assert.equal(check.code, 0);
    assert.deepEqual(JSON.parse(check.stdout), []);
  });

  it('import never takes an id a central record has', () => {
    writeFiles(base, { 'service/old/INC-2024-017-notes.md': '# Pool notes\n\nDate: 2024-03-05\n\n## Summary\n\nAgain.\n' });
    const imported = runCli(['import', 'service/old', '--folder', 'service', '--records-from', 'central', '--dry-run', '--format', 'json'], { cwd: base });
    const entries = (JSON.parse(imported.stdout) as { entries: Array<{ id: string; notes: string[] }> }).entries;
    assert.equal(entries[0].id, 'INC-2024-018');
    assert.ok(entries[0].notes.some((n) => n.includes('../central/incidents/INC-2024-017.yaml')));
  });

  it('exits 2 when --records-from is not a folder; warns when the file names a missing one', () => {
    const missing = runCli(['check', 'service', '--records-from', 'nowhere'], { cwd: base });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--records-from .*nowhere: not a folder/);
    writeFiles(base, { 'dangling/.incident-lens.yaml': 'externalRecords: [../gone]\n' });
    const dangling = runCli(['check', 'dangling', '--no-git', '--trust-config'], { cwd: base });
    assert.equal(dangling.code, 0);
    assert.match(dangling.stderr, /warning: external records .*gone: not a folder/);
  });

  it('reads no folder outside the repository that its own externalRecords names, unless --trust-config (issue 21.7)', () => {
    writeFiles(base, {
      'sibling-private/incidents/INC-2024-900.yaml': 'id: INC-2024-900\ntitle: Private payroll outage\nstarted: 2024-03-05\nsummary: Secret.\n',
      'pr/.incident-lens.yaml': 'externalRecords: [../sibling-private, leads-out, shared]\n',
      'pr/shared/INC-2024-100.yaml': 'id: INC-2024-100\ntitle: Shared inside\nstarted: 2024-03-05\nsummary: Inside the repository.\n',
    });
    symlinkSync(path.join(base, 'sibling-private'), path.join(base, 'pr/leads-out'));
    const listed = runCli(['list', 'pr', '--format', 'json', '--no-git'], { cwd: base });
    assert.equal(listed.code, 0, listed.stderr);
    assert.doesNotMatch(listed.stdout, /Private payroll outage|INC-2024-900/);
    assert.match(listed.stdout, /INC-2024-100/, 'a folder inside the repository is still read');
    assert.match(
      listed.stderr,
      /externalRecords of \.incident-lens\.yaml names folders outside .*\(\.\.\/sibling-private, leads-out\): not read; pass --trust-config/,
    );
    const trusted = runCli(['list', 'pr', '--format', 'json', '--no-git', '--trust-config'], { cwd: base });
    assert.equal(trusted.code, 0, trusted.stderr);
    assert.match(trusted.stdout, /INC-2024-900/);
    assert.doesNotMatch(trusted.stderr, /not read/);
  });
});
