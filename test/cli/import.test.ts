import * as assert from 'node:assert/strict';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CLI, runCli } from '../helpers/cli';

const CORPUS = path.join(__dirname, '../fixtures/postmortems');

const NOBODY = { uid: 65534, gid: 65534 };

/** Every folder and file under `dir` (and `dir` itself) readable and writable by every user. */
function openToEveryone(dir: string): void {
  chmodSync(dir, 0o777);
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    if (!entry.isSymbolicLink()) chmodSync(full, entry.isDirectory() ? 0o777 : 0o666);
  }
}

interface Entry {
  source: string;
  outcome: string;
  reason?: string;
  id?: string;
  record?: string;
  mapped: string[];
  missing: string[];
  unmapped: string[];
  notes: string[];
}

function importJson(args: string[], cwd: string, as?: { uid: number; gid: number }): { code: number | null; entries: Entry[]; totals: Record<string, number> } {
  const { code, stdout, stderr } = runCli(['import', ...args, '--format', 'json'], { cwd, ...as });
  assert.ok(stdout.trim().startsWith('{'), `no JSON report (exit ${code}): ${stderr}`);
  const report = JSON.parse(stdout) as { entries: Entry[]; totals: Record<string, number> };
  return { code, entries: report.entries, totals: report.totals };
}

/** A repository to import into, with the corpus copied in as `old-postmortems/`. */
function workspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'incident-lens-import-'));
  cpSync(CORPUS, path.join(dir, 'old-postmortems'), { recursive: true });
  mkdirSync(path.join(dir, 'src'));
  writeFileSync(path.join(dir, 'src/search.ts'), '// Ranking client leak: see INC-2022-031 and INC-118\nexport const x = 1;\n');
  return dir;
}

function files(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name), 'utf8')]));
}

describe('incident-lens import (the real binary)', function () {
  this.timeout(120_000);
  const made: string[] = [];
  const fresh = () => {
    const dir = workspace();
    made.push(dir);
    return dir;
  };
  before(() => assert.ok(existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first'));
  after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('imports complete postmortems into records that pass check, the whole body kept as the narrative', () => {
    const dir = fresh();
    const { code, entries } = importJson(['old-postmortems/sre', 'old-postmortems/exports', 'old-postmortems/homegrown'], dir);
    assert.equal(code, 0, JSON.stringify(entries, null, 1));
    assert.deepEqual(
      entries.map((e) => [e.source, e.outcome, e.id]),
      [
        ['old-postmortems/sre/2023-03-14-catalog-search-outage.md', 'imported', 'INC-2023-001'],
        ['old-postmortems/sre/payments-latency-regression.md', 'imported', 'INC-2022-031'],
        ['old-postmortems/exports/INC-118-elevated-api-errors.md', 'imported', 'INC-118'],
        ['old-postmortems/exports/retrospective-checkout-failures.md', 'imported', 'INC-2024-001'],
        ['old-postmortems/homegrown/INC-2019-004.md', 'imported', 'INC-2019-004'],
        ['old-postmortems/homegrown/INC-2024-017-cache.md', 'imported', 'INC-2024-017'],
        ['old-postmortems/homegrown/outage-notes-2020-11-02.md', 'imported', 'INC-2020-001'],
      ],
    );
    assert.ok(entries.every((e) => e.missing.length === 0));
    const check = runCli(['check', dir, '--format', 'json'], { cwd: dir });
    const errors = (JSON.parse(check.stdout) as Array<{ severity: string; message: string; path: string }>).filter((p) => p.severity === 'error');
    assert.deepEqual(errors, []);
    assert.equal(check.code, 0, check.stdout);

    const sre = readFileSync(path.join(dir, 'incidents/INC-2023-001.md'), 'utf8');
    const original = readFileSync(path.join(CORPUS, 'sre/2023-03-14-catalog-search-outage.md'), 'utf8');
    assert.ok(sre.endsWith(`---\n\n${original.trim()}\n`), 'the body is the original, whole');
    assert.match(sre, /^imported_from: old-postmortems\/sre\/2023-03-14-catalog-search-outage\.md$/m);
    // The references in the code now resolve: hover and definition have a record to show.
    const list = runCli(['list', dir, '--file', 'src/search.ts', '--format', 'json', '--no-git'], { cwd: dir });
    assert.deepEqual(
      (JSON.parse(list.stdout) as Array<{ id: string }>).map((i) => i.id),
      ['INC-118', 'INC-2022-031'],
    );
  });

  it('--dry-run writes nothing and reports what a run would do; a second run imports nothing', () => {
    const dir = fresh();
    const dry = importJson(['old-postmortems/collection', '--dry-run'], dir);
    assert.equal(dry.code, 0);
    assert.equal(dry.totals.imported, 3);
    assert.equal(existsSync(path.join(dir, 'incidents')), false);

    const first = importJson(['old-postmortems/collection'], dir);
    assert.deepEqual(
      first.entries.map((e) => e.id),
      dry.entries.map((e) => e.id),
    );
    const written = files(path.join(dir, 'incidents'));
    const again = importJson(['old-postmortems/collection', 'old-postmortems/collection/queue-backlog.md'], dir);
    assert.equal(again.code, 0);
    assert.deepEqual(
      again.entries.map((e) => e.outcome),
      ['already-imported', 'already-imported', 'already-imported', 'already-imported'],
    );
    assert.deepEqual(files(path.join(dir, 'incidents')), written);
    const text = runCli(['import', 'old-postmortems/collection'], { cwd: dir });
    assert.match(text.stdout, /already there old-postmortems\/collection\/dns-provider-outage\.md: already imported as INC-2021-001/);
  });

  it('writes records whose sources lack a required field, and lists what a person must fill in', () => {
    const dir = fresh();
    const text = runCli(['import', 'old-postmortems/incomplete', '--dry-run', '--to', 'postmortems/imported'], { cwd: dir });
    assert.match(text.stdout, /to fill in: title, started/);
    assert.match(text.stderr, /need fields filled in/);
    const { code, entries } = importJson(['old-postmortems/incomplete', 'old-postmortems/collection'], dir);
    assert.equal(code, 0);
    const missing = Object.fromEntries(entries.map((e) => [path.basename(e.source), e.missing]));
    assert.deepEqual(missing, {
      'cache-stampede.md': ['started'],
      'postmortem.md': ['title', 'started'],
      'billing-double-charge.md': ['started'],
      'dns-provider-outage.md': [],
      'queue-backlog.md': ['started'],
    });
    const billing = entries.find((e) => e.source.endsWith('billing-double-charge.md'))!;
    assert.ok(billing.unmapped.includes('front matter "start_time": not a date Incident Lens can read without guessing'));
    assert.ok(billing.unmapped.includes('front matter "company": no matching field'));
    const check = runCli(['check', dir], { cwd: dir });
    assert.equal(check.code, 1);
    for (const e of entries.filter((x) => x.missing.length)) {
      for (const field of e.missing) assert.match(check.stdout, new RegExp(`${e.record}:\\d+:\\d+: error: Missing required field \`${field}\``));
    }
  });

  it('never reuses a taken id and never overwrites a file', () => {
    const dir = fresh();
    mkdirSync(path.join(dir, 'incidents'));
    writeFileSync(path.join(dir, 'incidents/INC-2022-031.yaml'), 'id: INC-2022-031\ntitle: Another\nstarted: 2022-01-01\nsummary: s\n');
    writeFileSync(path.join(dir, 'incidents/INC-2019-004.md'), 'Notes that are not a record.\n');
    const { code, entries } = importJson(['old-postmortems/sre/payments-latency-regression.md', 'old-postmortems/homegrown/INC-2019-004.md'], dir);
    assert.equal(code, 0);
    assert.deepEqual(
      entries.map((e) => e.id),
      // INC-2019-004.md exists (not a record): the next free id of 2019 instead.
      ['INC-2022-032', 'INC-2019-001'],
    );
    assert.ok(entries[0].notes.some((n) => n.includes('INC-2022-031') && n.includes('incidents/INC-2022-031.yaml')));
    assert.equal(readFileSync(path.join(dir, 'incidents/INC-2019-004.md'), 'utf8'), 'Notes that are not a record.\n');
    const check = runCli(['check', dir, '--format', 'json'], { cwd: dir });
    assert.ok(!check.stdout.includes('duplicate-id'), check.stdout);
  });

  it('refuses hostile sources each with a reason, imports the rest and exits 1', () => {
    const dir = fresh();
    const bad = path.join(dir, 'bad');
    mkdirSync(bad);
    writeFileSync(path.join(bad, 'binary.md'), Buffer.from([0x23, 0x20, 0x41, 0, 0, 0x42]));
    writeFileSync(path.join(bad, 'latin1.md'), Buffer.from('# Caf\xe9 outage\n\nDate: 2020-01-01\n', 'latin1'));
    writeFileSync(path.join(bad, 'empty.md'), '  \n\n');
    writeFileSync(path.join(bad, 'huge.md'), `# Huge\n\n${'x'.repeat(3000)}\n`);
    writeFileSync(path.join(dir, '.incident-lens.yaml'), 'maxFileSize: 2048\n');
    symlinkSync('/etc/passwd', path.join(bad, 'link.md'));
    writeFileSync(path.join(bad, 'fine.md'), '# Fine\n\nDate: 2020-01-01\n\n## Summary\n\nAll good.\n');
    const { code, entries } = importJson(['bad', 'old-postmortems/hostile', 'https://example.com/pm.md', 'missing.md'], dir);
    assert.equal(code, 1);
    const reasons = Object.fromEntries(entries.filter((e) => e.outcome === 'refused').map((e) => [path.basename(e.source), e.reason]));
    assert.match(reasons['binary.md']!, /binary/);
    assert.match(reasons['latin1.md']!, /not UTF-8/);
    assert.match(reasons['empty.md']!, /empty/);
    assert.match(reasons['huge.md']!, /over maxFileSize \(2048 bytes\)/);
    assert.match(reasons['link.md']!, /symbolic link/);
    assert.match(reasons['js-front-matter.md']!, /js, not YAML/);
    assert.match(reasons['toml.md']!, /toml, not YAML/);
    assert.match(reasons['broken-yaml.md']!, /not valid YAML/);
    assert.match(reasons['unclosed.md']!, /never closed/);
    assert.match(reasons['alias-bomb.md']!, /cannot be read/);
    assert.match(reasons['pm.md']!, /nothing is fetched/);
    assert.match(reasons['missing.md']!, /ENOENT/);
    assert.equal(existsSync('/tmp/incident-lens-pwned'), false);
    const imported = entries.filter((e) => e.outcome === 'imported').map((e) => path.basename(e.source));
    assert.deepEqual(imported.sort(), ['fine.md', 'front-matter-fence.md', 'script-title.md']);

    // Record text stays inert: no escape sequence reaches the terminal, fields carry none.
    const text = runCli(['import', 'old-postmortems/hostile/script-title.md', '--dry-run', '--to', 'elsewhere'], { cwd: dir });
    assert.ok(!/\u001b/.test(text.stdout + text.stderr));
    const script = entries.find((e) => e.source.endsWith('script-title.md'))!;
    const record = readFileSync(path.join(dir, script.record!), 'utf8');
    const frontMatter = record.slice(0, record.indexOf('\n---\n'));
    assert.ok(!/\u001b|\\e/.test(frontMatter), frontMatter);
    const fence = entries.find((e) => e.source.endsWith('front-matter-fence.md'))!;
    assert.match(readFileSync(path.join(dir, fence.record!), 'utf8'), /^id: INC-\d{4}-\d{3}$/m);
    const show = runCli(['show', fence.id!, '--folder', dir], { cwd: dir });
    assert.equal(show.code, 0, show.stderr);
  });

  it('refuses a folder it cannot read, and goes on', () => {
    const dir = fresh();
    mkdirSync(path.join(dir, 'locked'));
    // Root reads every folder: as root, the import runs as `nobody`, with the workspace open to it.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) openToEveryone(dir);
    chmodSync(path.join(dir, 'locked'), 0);
    try {
      const { code, entries } = importJson(['locked', 'old-postmortems/homegrown/INC-2019-004.md'], dir, asRoot ? NOBODY : undefined);
      assert.equal(code, 1);
      assert.match(entries[0].reason!, /folder cannot be read/);
      assert.equal(entries[1].outcome, 'imported');
    } finally {
      chmodSync(path.join(dir, 'locked'), 0o755);
    }
  });

  it("says when a source's file name is not UTF-8, the folder's other files imported", () => {
    const dir = fresh();
    const folder = path.join(dir, 'names');
    mkdirSync(folder);
    // A Latin-1 "é" in the name: bytes Node can only show as a replacement character.
    writeFileSync(Buffer.concat([Buffer.from(`${folder}/caf`), Buffer.from([0xe9]), Buffer.from('.md')]), '# Caf\u00e9 outage\n\nDate: 2020-01-01\n');
    writeFileSync(path.join(folder, 'fine.md'), '# Fine\n\nDate: 2020-01-01\n\n## Summary\n\nAll good.\n');
    const { code, entries } = importJson(['names'], dir);
    assert.equal(code, 1);
    const refused = entries.filter((e) => e.outcome === 'refused');
    assert.equal(refused.length, 1);
    assert.match(refused[0].reason!, /file name is not valid UTF-8/);
    assert.deepEqual(
      entries.filter((e) => e.outcome === 'imported').map((e) => path.basename(e.source)),
      ['fine.md'],
    );
  });

  it('never writes through a symbolic link and exits 2 on bad arguments', () => {
    const dir = fresh();
    const outside = mkdtempSync(path.join(tmpdir(), 'incident-lens-outside-'));
    made.push(outside);
    symlinkSync(outside, path.join(dir, 'incidents'));
    const linked = runCli(['import', 'old-postmortems/homegrown'], { cwd: dir });
    assert.equal(linked.code, 2);
    assert.match(linked.stderr, /incidents is a symbolic link/);
    assert.deepEqual(readdirSync(outside), []);
    assert.equal(runCli(['import'], { cwd: dir }).code, 2);
    assert.equal(runCli(['import', 'x.md', '--to', '../up'], { cwd: dir }).code, 2);
    assert.equal(runCli(['import', 'x.md', '--to', '/abs'], { cwd: dir }).code, 2);
    assert.equal(runCli(['import', 'x.md', '--format', 'sarif'], { cwd: dir }).code, 2);
    assert.ok(statSync(path.join(dir, 'old-postmortems')).isDirectory());
  });
});
