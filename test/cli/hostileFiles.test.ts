/**
 * Files no repository should hold but any can: FIFOs, symbolic links out of the folder, huge
 * sparse files, odd names. Each goes through the real `incident-lens` binary.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { mkfifo, PEAK_MEMORY_PRELOAD, smallWorkspace, sparseFile } from '../helpers/hostileFiles';
import { CLI, runCli } from '../helpers/cli';
import { recordYaml } from '../helpers/records';

describe('incident-lens CLI on hostile files (the real binary)', function () {
  this.timeout(120_000);
  const made: string[] = [];
  const workspace = (prefix: string) => {
    const dir = smallWorkspace(prefix);
    made.push(dir);
    return dir;
  };
  before(() => assert.ok(existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first'));
  after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('never opens a FIFO: one named .incident-lens.yaml is refused, the rest is checked', () => {
    const dir = workspace('il-fifo-');
    mkfifo(path.join(dir, '.incident-lens.yaml'));
    mkfifo(path.join(dir, 'incidents/INC-2.yaml'));
    const { code, stdout, stderr, signal } = runCli(['check', dir]);
    assert.equal(signal, null, 'check hung on a FIFO');
    assert.equal(code, 1, stderr);
    assert.match(stdout, /^\.incident-lens\.yaml:1:1: error: Not read: it is not a regular text file/m);
    assert.match(stdout, /^src\/app\.ts:1:14: warning: Unknown incident INC-404/m);
    assert.match(stderr, /1 incident\(s\)/);
  });

  it('reads a folder given through a link, and follows no link inside it', () => {
    const dir = workspace('il-links-');
    const outside = mkdtempSync(path.join(tmpdir(), 'il-outside-'));
    made.push(outside);
    writeFileSync(path.join(outside, 'INC-666.yaml'), 'id: INC-666\ntitle: Outside\nstarted: 2024-01-01\nsummary: s\n');
    writeFileSync(path.join(outside, 'notes.md'), 'INC-999\n');
    symlinkSync(outside, path.join(dir, 'incidents/ext'));
    const linkToFolder = `${dir}-link`;
    symlinkSync(dir, linkToFolder);
    made.push(linkToFolder);
    const { code, stdout, stderr } = runCli(['check', linkToFolder]);
    assert.equal(code, 0, stderr);
    // Placed at its column: the file was read (its text found through the folder's own link).
    assert.equal(stdout.trim(), 'src/app.ts:1:14: warning: Unknown incident INC-404: no record defines it. [unknown-reference]');
    assert.match(stderr, /^1 incident\(s\)/m);
  });

  it('never reads a file over maxFileSize, not even to place the problem that says so', () => {
    const dir = workspace('il-huge-');
    // 2 GB: under the 2 GiB that one read call takes, so nothing but the size check stops a read.
    const huge = 2_000_000_000;
    sparseFile(path.join(dir, 'incidents/INC-2.yaml'), huge);
    sparseFile(path.join(dir, 'src/huge.ts'), huge);
    const peakFile = path.join(dir, 'peak-rss');
    const { code, stdout, stderr } = runCli(['check', dir], { nodeArgs: ['--require', PEAK_MEMORY_PRELOAD], env: { INCIDENT_LENS_TEST_PEAK_RSS: peakFile } });
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^incidents\/INC-2\.yaml:1:1: warning: Record not read: it is 2000000000 bytes, over maxFileSize \(1048576 bytes\)/m);
    assert.match(stdout, /^src\/app\.ts:1:14: warning: Unknown incident INC-404/m);
    // Reading either file whole would take its 2 GB into memory.
    const peakMiB = Number(readFileSync(peakFile, 'utf8')) / 1024;
    assert.ok(peakMiB > 0 && peakMiB < 512, `peak memory ${peakMiB} MiB`);
  });

  it('checks a 1 MB file of 125,000 references without overflowing the call stack', () => {
    const dir = workspace('il-dense-');
    writeFileSync(path.join(dir, 'src/dense.ts'), '//INC-1\n'.repeat(125_000));
    writeFileSync(path.join(dir, 'src/unknown.ts'), '//INC-7\n'.repeat(125_000));
    const { code, stdout, stderr } = runCli(['check', dir]);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^src\/unknown\.ts:1:3: warning: Unknown incident INC-7/m);
    assert.match(stderr, /^1 incident\(s\), 4 file\(s\) indexed; 0 error\(s\)/m);
    const listed = runCli(['list', dir, '--file', 'src/dense.ts', '--format', 'json']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(
      (JSON.parse(listed.stdout) as Array<{ id: string }>).map((t) => t.id),
      ['INC-1'],
    );
  });

  for (const [how, env] of [
    ['with ripgrep', {}],
    ['without ripgrep', { INCIDENT_LENS_NO_RIPGREP: '1' }],
  ] as const) {
    it(`reads records and references under odd names (${how}): a line break, bytes that are not UTF-8, a leading ".."`, () => {
      const dir = workspace('il-names-');
      writeFileSync(path.join(dir, 'incidents/INC-2.\nyaml.yaml'), recordYaml('INC-2'));
      // Latin-1 "café": the byte 0xE9 alone is not UTF-8, so no JavaScript string names the file.
      const latin1 = (name: string) => Buffer.concat([Buffer.from(`${dir}/`), Buffer.from(name, 'latin1')]);
      writeFileSync(latin1('incidents/INC-3-café.yaml'), recordYaml('INC-3'));
      writeFileSync(latin1('src/café.ts'), '// INC-3 and INC-503\n');
      // Inside the folder, though its name starts with two dots.
      writeFileSync(path.join(dir, '..notes.md'), 'See INC-2 and INC-504.\n');

      const { code, stdout, stderr } = runCli(['check', dir, '--format', 'json'], { env });
      assert.equal(code, 0, stderr);
      const problems = JSON.parse(stdout) as Array<{ path: string; code: string; message: string }>;
      assert.deepEqual(
        problems.map((p) => `${p.path}: ${p.code} ${/INC-\d+/.exec(p.message)?.[0] ?? ''}`).sort(),
        ['..notes.md: unknown-reference INC-504', 'src/app.ts: unknown-reference INC-404', 'src/caf\ufffd.ts: unknown-reference INC-503'],
        'no file reported unreadable; the references of every file are read',
      );
      const listed = runCli(['list', dir, '--format', 'json'], { env });
      assert.deepEqual((JSON.parse(listed.stdout) as Array<{ id: string }>).map((r) => r.id).sort(), ['INC-1', 'INC-2', 'INC-3']);
      const tied = runCli(['list', dir, '--file', '..notes.md', '--format', 'json'], { env });
      assert.deepEqual(
        (JSON.parse(tied.stdout) as Array<{ id: string }>).map((r) => r.id),
        ['INC-2'],
      );
    });
  }

  it('excludes a record whose name holds a line break like any other', () => {
    const dir = workspace('il-names-excluded-');
    writeFileSync(path.join(dir, 'incidents/INC-2\nold.yaml'), 'id: INC-2\ntitle: Old\nstarted: 2024-01-01\nsummary: s\n');
    writeFileSync(path.join(dir, '.incident-lens.yaml'), 'exclude:\n  - "incidents/*old.yaml"\n');
    const listed = runCli(['list', dir, '--format', 'json']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(
      (JSON.parse(listed.stdout) as Array<{ id: string }>).map((r) => r.id),
      ['INC-1'],
    );
  });
});
