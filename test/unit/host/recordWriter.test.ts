import * as assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ensureRecordFolder, recordFolderState, UnsafeRecordFolder, writeNewRecord } from '../../../server/src/host/recordWriter';

/** The one record writer (New Incident Record, import), on real folders and real symbolic links in a temp folder. */
describe('record writer: a new record on disk', () => {
  let base: string;
  let root: string;
  let elsewhere: string;
  const text = (id: string) => `id: ${id}\n`;

  beforeEach(() => {
    base = realpathSync(mkdtempSync(path.join(tmpdir(), 'incident-lens-record-file-')));
    root = path.join(base, 'workspace');
    elsewhere = path.join(base, 'elsewhere');
    mkdirSync(root);
    mkdirSync(elsewhere);
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('creates the records folder and writes the next free id', async () => {
    const written = await writeNewRecord(root, 'docs/incidents', ['INC-2026-004', 'INC-2025-010'], 2026, text);
    assert.equal(written.id, 'INC-2026-005');
    assert.equal(written.file, path.join(root, 'docs/incidents/INC-2026-005.yaml'));
    assert.equal(readFileSync(written.file, 'utf8'), 'id: INC-2026-005\n');
  });

  it('never overwrites a file the index does not know (it takes the next id)', async () => {
    mkdirSync(path.join(root, 'incidents'));
    writeFileSync(path.join(root, 'incidents/INC-2026-001.yaml'), 'not yet indexed\n');
    const written = await writeNewRecord(root, 'incidents', [], 2026, text);
    assert.equal(written.id, 'INC-2026-002');
    assert.equal(readFileSync(path.join(root, 'incidents/INC-2026-001.yaml'), 'utf8'), 'not yet indexed\n');
  });

  it('never writes through a dangling link named like the next record', async () => {
    mkdirSync(path.join(root, 'incidents'));
    const outside = path.join(elsewhere, 'planted.yaml');
    symlinkSync(outside, path.join(root, 'incidents/INC-2026-001.yaml'));
    const written = await writeNewRecord(root, 'incidents', [], 2026, text);
    assert.equal(written.id, 'INC-2026-002');
    assert.ok(!existsSync(outside), 'the link target was created outside the workspace');
    assert.ok(lstatSync(path.join(root, 'incidents/INC-2026-001.yaml')).isSymbolicLink());
  });

  it('refuses a records folder that is a symbolic link, and writes nothing', async () => {
    symlinkSync(elsewhere, path.join(root, 'incidents'));
    assert.equal(await recordFolderState(root, 'incidents'), 'unsafe');
    await assert.rejects(writeNewRecord(root, 'incidents', [], 2026, text), (error: unknown) => {
      assert.ok(error instanceof UnsafeRecordFolder);
      assert.match(error.message, /^incidents: incidents is a symbolic link; New Incident Record writes only into real folders inside the workspace\.$/);
      return true;
    });
    assert.deepEqual(readdirSync(elsewhere), []);
  });

  it('refuses a link anywhere on the way, even one not pointing at a folder yet', async () => {
    symlinkSync(elsewhere, path.join(root, 'docs'));
    assert.equal(await recordFolderState(root, 'docs/incidents'), 'unsafe');
    await assert.rejects(ensureRecordFolder(root, 'docs/incidents'), /docs is a symbolic link/);
    symlinkSync(path.join(elsewhere, 'missing'), path.join(root, 'postmortems'));
    assert.equal(await recordFolderState(root, 'postmortems'), 'unsafe');
    await assert.rejects(ensureRecordFolder(root, 'postmortems/2026'), /postmortems is a symbolic link/);
    assert.deepEqual(readdirSync(elsewhere), []);
  });

  it('refuses a file in place of a folder, and paths that leave the workspace', async () => {
    writeFileSync(path.join(root, 'incidents'), 'a file\n');
    assert.equal(await recordFolderState(root, 'incidents'), 'unsafe');
    await assert.rejects(ensureRecordFolder(root, 'incidents'), /incidents is not a folder/);
    for (const folder of ['../elsewhere', 'a/../../elsewhere', path.join(elsewhere), '']) {
      assert.equal(await recordFolderState(root, folder), 'unsafe', folder);
      await assert.rejects(ensureRecordFolder(root, folder), UnsafeRecordFolder, folder);
    }
    assert.deepEqual(readdirSync(elsewhere), []);
  });

  it('tells a real folder from a missing one', async () => {
    mkdirSync(path.join(root, 'incidents/2026'), { recursive: true });
    assert.equal(await recordFolderState(root, 'incidents/2026'), 'directory');
    assert.equal(await recordFolderState(root, 'incidents/2027'), 'absent');
    assert.equal(await recordFolderState(root, 'postmortems'), 'absent');
  });

  it('moves past a taken name beyond 2^53 instead of trying it forever', async () => {
    mkdirSync(path.join(root, 'incidents'));
    writeFileSync(path.join(root, 'incidents/INC-2026-9007199254740994.yaml'), 'taken\n');
    const written = await writeNewRecord(root, 'incidents', ['INC-2026-9007199254740993'], 2026, text);
    assert.equal(written.id, 'INC-2026-9007199254740995');
  });
});
