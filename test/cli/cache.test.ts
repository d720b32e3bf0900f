import * as assert from 'node:assert/strict';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CLI, runCli, runCliAsync } from '../helpers/cli';
import { ageFiles, BROKEN, EXAMPLE, filesUnder } from '../helpers/workspaces';

/** The counts of the cache's log line (`--verbose`). */
function cacheLine(stderr: string): { unchanged: number; sameText: number; parsed: number; read: number } {
  const m =
    /Cache: (\d+) file\(s\) unchanged since it was written, (\d+) touched record\(s\) with the same text; (\d+) record\(s\) parsed, (\d+) other file\(s\) read\./.exec(
      stderr,
    );
  assert.ok(m, `the cache's log line in:\n${stderr}`);
  return { unchanged: Number(m[1]), sameText: Number(m[2]), parsed: Number(m[3]), read: Number(m[4]) };
}

describe('incident-lens --cache DIR (the real binary)', function () {
  this.timeout(120_000);
  let work: string;
  let folder: string;
  let cache: string;

  before(() => assert.ok(existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first'));
  beforeEach(() => {
    work = mkdtempSync(path.join(tmpdir(), 'incident-lens-cache-'));
    folder = path.join(work, 'repo');
    cache = path.join(work, 'cache');
    cpSync(BROKEN, folder, { recursive: true });
    cpSync(path.join(EXAMPLE, 'src'), path.join(folder, 'src'), { recursive: true });
    cpSync(path.join(EXAMPLE, 'docs'), path.join(folder, 'docs'), { recursive: true });
    ageFiles(folder);
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  const check = (...extra: string[]) => runCli(['check', folder, '--format', 'json', '--no-git', ...extra]);
  const cached = () => check('--cache', cache, '--verbose');
  const cacheFiles = () => (existsSync(cache) ? readdirSync(cache) : []);

  it('gives exactly what a run without it gives, and the next run reads and parses nothing', () => {
    const plain = check();
    assert.equal(plain.code, 1, plain.stderr);
    const before = filesUnder(folder);
    const first = cached();
    assert.equal(first.code, plain.code, first.stderr);
    assert.equal(first.stdout, plain.stdout);
    assert.deepEqual(cacheFiles().length, 1, 'one cache file for the folder');
    assert.match(cacheFiles()[0], /^index-[0-9a-f]{16}\.json$/);
    assert.deepEqual(filesUnder(folder), before, 'nothing is written in the folder');

    const second = cached();
    assert.equal(second.code, plain.code, second.stderr);
    assert.equal(second.stdout, plain.stdout);
    const counts = cacheLine(second.stderr);
    assert.deepEqual({ ...counts, unchanged: counts.unchanged > 5 }, { unchanged: true, sameText: 0, parsed: 0, read: 0 });
    assert.doesNotMatch(second.stderr, /wrote/, 'nothing changed: the cache is not written again');
  });

  it('reads what changed: an edited record, a new file, a deleted one; a touched record is not parsed again', () => {
    cached();
    const record = path.join(folder, 'incidents/INC-2024-001.yaml');
    writeFileSync(record, readFileSync(record, 'utf8').replace(/^title:.*$/m, 'title: 42\nstatus: closed'));
    writeFileSync(path.join(folder, 'src/new.ts'), '// see INC-2024-001 and INC-9999\n');
    unlinkSync(path.join(folder, 'docs/runbook.md'));
    const touched = path.join(folder, 'incidents/INC-2024-002.yaml');
    utimesSync(touched, new Date(), new Date());

    const again = cached();
    const plain = check();
    assert.equal(again.code, plain.code, again.stderr);
    assert.equal(again.stdout, plain.stdout);
    assert.match(plain.stdout, /INC-9999/);
    const problems = JSON.parse(plain.stdout) as Array<{ path: string; message: string }>;
    assert.ok(problems.some((p) => p.path === 'incidents/INC-2024-001.yaml' && /status/.test(p.message)));
    const counts = cacheLine(again.stderr);
    assert.equal(counts.sameText, 1, 'the touched record had the same text');
    assert.equal(counts.parsed, 1, 'only the edited record is parsed');
    assert.equal(counts.read, 1, 'only the new source file is read');
  });

  it('drops what a changed configuration shapes, and only that', () => {
    cached();
    writeFileSync(path.join(folder, '.incident-lens.yaml'), 'severities: [SEV1, SEV2]\n');
    const severities = cached();
    assert.equal(severities.stdout, check().stdout);
    assert.match(severities.stderr, /configuration of records changed/);
    const counts = cacheLine(severities.stderr);
    assert.ok(counts.parsed >= 5, `every record is parsed again: ${JSON.stringify(counts)}`);
    assert.ok(counts.unchanged >= 4, `the other files come from the cache: ${JSON.stringify(counts)}`);

    writeFileSync(path.join(folder, '.incident-lens.yaml'), 'idPatterns: ["INC-\\\\d+(?:-\\\\d+)*", "OPS-\\\\d+"]\n');
    writeFileSync(path.join(folder, 'src/ops.ts'), '// OPS-7\n');
    ageFiles(folder);
    const patterns = cached();
    assert.equal(patterns.stdout, check().stdout);
    assert.match(patterns.stdout, /OPS-7/);
    assert.match(patterns.stderr, /not used: the id patterns changed/);
    assert.equal(cacheLine(patterns.stderr).unchanged, 0);
  });

  it('ignores a truncated, corrupt, foreign or forged cache file, and writes a good one', () => {
    const plain = check();
    cached();
    const [name] = cacheFiles();
    const file = path.join(cache, name);
    const good = readFileSync(file, 'utf8');
    const newline = good.indexOf('\n');
    const header = JSON.parse(good.slice(0, newline)) as Record<string, unknown>;
    // One letter of the body changed (in the middle of the file, where the entries are).
    let at = Math.floor((newline + good.length) / 2);
    while (!/[a-z]/.test(good[at])) at++;
    const oneLetter = good.slice(0, at) + (good[at] === 'a' ? 'b' : 'a') + good.slice(at + 1);
    const forge = (body: string) =>
      JSON.stringify({ ...header, bytes: Buffer.byteLength(body), sha1: createHash('sha1').update(body).digest('base64') }) + '\n' + body;
    const damaged: Array<[string, string | Buffer, RegExp]> = [
      ['truncated', good.slice(0, Math.floor(good.length / 2)), /truncated or corrupt/],
      ['one letter changed', oneLetter, /truncated or corrupt/],
      ['empty', '', /not a cache file/],
      ['binary garbage', Buffer.from([0, 159, 146, 150, 10, 255, 0, 1]), /not a cache file/],
      ['another folder', good.replace(JSON.stringify(header.root), JSON.stringify('/elsewhere')), /another folder/],
      ['forged entries', forge('["incidents/INC-2024-001.yaml",1,1,2,"x",{"kind":"record","problems":"none"},[]]\n'), /corrupt/],
      ['forged references', forge('["src/new.ts",1,1,1,"source",["INC-1",5,2,0]]\n'), /corrupt/],
    ];
    for (const [what, content, why] of damaged) {
      writeFileSync(file, content);
      const result = cached();
      assert.equal(result.code, plain.code, `${what}: ${result.stderr}`);
      assert.equal(result.stdout, plain.stdout, what);
      assert.match(result.stderr, why, what);
      assert.equal(cacheLine(result.stderr).unchanged, 0, what);
      const next = cached();
      assert.equal(next.stdout, plain.stdout, what);
      assert.equal(cacheLine(next.stderr).parsed, 0, `${what}: the cache was written anew`);
    }
  });

  it('refuses a cache whose checksum was made to match: entries are checked as strictly as a first parse', () => {
    const list = (...extra: string[]) => runCli(['list', folder, '--format', 'json', '--no-git', ...extra]);
    const show = (...extra: string[]) => runCli(['show', 'INC-2024-001', '--folder', folder, '--no-git', ...extra]);
    const runs: Array<[string, (...extra: string[]) => ReturnType<typeof runCli>]> = [
      ['check', check],
      ['list', list],
      ['list --file', (...extra) => list('--file', 'src/auth.ts', ...extra)],
      ['show', show],
    ];
    const plain = runs.map(([, command]) => command());
    cached();
    const file = path.join(cache, cacheFiles()[0]);
    const good = readFileSync(file, 'utf8');
    const newline = good.indexOf('\n');
    const header = JSON.parse(good.slice(0, newline)) as Record<string, unknown>;
    type Entry = [string, number, number, number, ...unknown[]];
    const entries = good
      .slice(newline + 1)
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Entry);
    const record = (forged: Entry[]) =>
      (forged.find((e) => e[3] === 2 && (e[5] as { record?: { id: string } }).record?.id === 'INC-2024-001')![5] as { record: Record<string, unknown> }).record;
    const source = (forged: Entry[]) => forged.find((e) => e[0] === 'src/auth.ts')!;
    /** The good cache with one thing changed, and a checksum that matches again (anyone who can write the file can do it). */
    const forge = (change: (forged: Entry[]) => void) => {
      const forged = structuredClone(entries);
      change(forged);
      const body = forged.map((entry) => `${JSON.stringify(entry)}\n`).join('');
      return `${JSON.stringify({ ...header, bytes: Buffer.byteLength(body), sha1: createHash('sha1').update(body).digest('base64') })}\n${body}`;
    };
    const forgeries: Array<[string, (forged: Entry[]) => void]> = [
      ['a severity the configuration does not list', (forged) => (record(forged).severity = 'SEV0')],
      [
        'a tie to a file outside the folder',
        (forged) => (record(forged).code as unknown[]).push({ path: '../../outside/secret.ts', span: { start: 0, end: 1 } }),
      ],
      ['an entry for a path outside the folder', (forged) => forged.push(['../outside/INC-9.md', 40, 1, 1, 'document', ['INC-2024-001', 3, 15, 0]])],
      ['a record path unlike its key', (forged) => (record(forged).path = '../outside/INC-2024-001.yaml')],
      ['a record id the patterns refuse', (forged) => (record(forged).id = 'INC-2024-001\u202e')],
      ['a reference id the patterns refuse', (forged) => ((source(forged)[5] as unknown[])[0] = 'INC-2024-001\u2066')],
      ['a timeline of the wrong types', (forged) => (record(forged).timeline = [{ at: 5, event: { x: 1 }, span: { start: 0, end: 1 } }])],
      ['a title that is not text', (forged) => (record(forged).title = { toString: 1 })],
      ['offsets past the end of the file', (forged) => ((source(forged)[5] as number[])[2] = 1e9)],
    ];
    assert.ok(entries.includes(source(entries)) && record(entries), 'the entries to forge are in the cache');
    for (const [what, change] of forgeries) {
      runs.forEach(([command, run], i) => {
        writeFileSync(file, forge(change));
        const result = run('--cache', cache, '--verbose');
        assert.equal(result.code, plain[i].code, `${what}, ${command}: ${result.stderr}`);
        assert.equal(result.stdout, plain[i].stdout, `${what}, ${command}`);
        assert.match(result.stderr, /Index cache .* not used: it is corrupt/, `${what}, ${command}`);
      });
    }
  });

  it('does not read a huge cache file whole', function () {
    if (process.platform !== 'linux') this.skip();
    const plain = check();
    cached();
    // 1 GB of nothing, where the cache file is (sparse: it takes no room on disk).
    const file = path.join(cache, cacheFiles()[0]);
    writeFileSync(file, '');
    truncateSync(file, 1_000_000_000);
    const preload = path.join(work, 'peak.js');
    writeFileSync(preload, "process.on('exit', () => process.stderr.write(`peak RSS ${process.resourceUsage().maxRSS} KB\\n`));\n");
    const result = runCli(['check', folder, '--format', 'json', '--no-git', '--cache', cache, '--verbose'], { nodeArgs: ['--require', preload] });
    assert.equal(result.stdout, plain.stdout, result.stderr);
    assert.match(result.stderr, /not used: not a cache file/);
    const peakKB = Number(/peak RSS (\d+) KB/.exec(result.stderr)?.[1]);
    assert.ok(peakKB > 0 && peakKB < 500_000, `peak RSS ${peakKB} KB for a 1 GB cache file`);
  });

  it('survives runs at the same time: each gives the full answer, one good cache file is left', async () => {
    const plain = check();
    const runs = await Promise.all([1, 2, 3].map(() => runCliAsync(['check', folder, '--format', 'json', '--no-git', '--cache', cache])));
    for (const result of runs) {
      assert.equal(result.code, plain.code, result.stderr);
      assert.equal(result.stdout, plain.stdout);
    }
    assert.equal(cacheFiles().length, 1, `no temporary file is left: ${cacheFiles().join(', ')}`);
    const next = cached();
    assert.equal(next.stdout, plain.stdout);
    assert.equal(cacheLine(next.stderr).parsed, 0);
  });

  it('keeps nothing from outside the folder (records from elsewhere are read, not cached)', () => {
    const central = path.join(work, 'central');
    mkdirSync(path.join(central, 'incidents'), { recursive: true });
    writeFileSync(path.join(central, 'incidents/INC-7000.yaml'), 'id: INC-7000\ntitle: Central secret\nstarted: 2024-01-01\nsummary: kept elsewhere\n');
    writeFileSync(path.join(folder, 'src/central.ts'), '// INC-7000\n');
    ageFiles(folder);
    const first = runCli(['check', folder, '--format', 'json', '--no-git', '--cache', cache, '--records-from', path.join(central, 'incidents')]);
    assert.doesNotMatch(first.stdout, /INC-7000/, 'the external record resolves the reference');
    const text = readFileSync(path.join(cache, cacheFiles()[0]), 'utf8');
    assert.doesNotMatch(text, /Central secret|kept elsewhere|central\/incidents/);
    assert.ok(statSync(path.join(cache, cacheFiles()[0])).mode % 0o1000 === 0o600, 'only its owner may read it');
  });
});
