import * as assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { NewRecordRequest, type NewRecordParams } from '../../common/protocol';
import { LspTestClient } from './lspClient';

/** New Incident Record asks the server to write: the id, the folder and the file are the server's. */
describe('language server: incidentLens/newRecord', function () {
  this.timeout(60_000);
  let base: string;
  let root: string;
  let elsewhere: string;
  const draft = (year: number): Omit<NewRecordParams, 'folderUri'> => ({
    year,
    beforeId: '# draft\nid: ',
    afterId: '\ntitle: "Queue stalls"\nstatus: draft\n',
  });

  beforeEach(() => {
    base = realpathSync(mkdtempSync(path.join(tmpdir(), 'incident-lens-server-new-record-')));
    root = path.join(base, 'workspace');
    elsewhere = path.join(base, 'elsewhere');
    mkdirSync(path.join(root, 'incidents/2026'), { recursive: true });
    mkdirSync(path.join(root, 'src'));
    mkdirSync(elsewhere);
    writeFileSync(path.join(root, 'incidents/2026/INC-2026-004.yaml'), 'id: INC-2026-004\ntitle: "Cache stampede"\nstatus: published\nstarted: "2026-01-02"\n');
    writeFileSync(path.join(root, 'src/queue.ts'), '// See INC-2026-006 before touching the queue.\nexport {};\n');
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('writes the next free id into the year folder, and the new record resolves references at once', async () => {
    const client = await LspTestClient.start(root);
    try {
      await client.waitForIndex();
      client.open('src/queue.ts');
      const before = await client.waitFor('diagnostics of queue.ts', () => client.diagnostics.get(client.uri('src/queue.ts')));
      assert.ok(before.some((d) => d.message.includes('INC-2026-006')));
      // A file the index does not know takes its name: never overwritten, the next id is taken.
      writeFileSync(path.join(root, 'incidents/2026/INC-2026-005.yaml'), 'not yet indexed\n');

      const written = await client.connection.sendRequest(NewRecordRequest, { folderUri: pathToFileURL(root).toString(), ...draft(2026) });
      assert.equal(written.id, 'INC-2026-006');
      assert.equal(written.recordUri, client.uri('incidents/2026/INC-2026-006.yaml'));
      assert.equal(
        readFileSync(path.join(root, 'incidents/2026/INC-2026-006.yaml'), 'utf8'),
        '# draft\nid: INC-2026-006\ntitle: "Queue stalls"\nstatus: draft\n',
      );
      assert.equal(readFileSync(path.join(root, 'incidents/2026/INC-2026-005.yaml'), 'utf8'), 'not yet indexed\n');
      // No file watcher in this client: the server reads what it wrote itself.
      await client.waitFor('the unknown reference to clear', () => {
        const now = client.diagnostics.get(client.uri('src/queue.ts'));
        return now && !now.some((d) => d.message.includes('INC-2026-006'));
      });
    } finally {
      await client.stop();
    }
  });

  it('refuses a records folder that is a symbolic link, writing nothing anywhere', async () => {
    rmSync(path.join(root, 'incidents'), { recursive: true });
    symlinkSync(elsewhere, path.join(root, 'incidents'));
    writeFileSync(path.join(root, '.incident-lens.yaml'), 'records:\n  - "incidents/**/*.yaml"\n');
    const client = await LspTestClient.start(root);
    try {
      await client.waitForIndex();
      await assert.rejects(
        client.connection.sendRequest(NewRecordRequest, { folderUri: pathToFileURL(root).toString(), ...draft(2026) }),
        /every records folder is a symbolic link or a file; records are written only into real folders inside the workspace\./,
      );
      assert.deepEqual(readdirSync(elsewhere), []);
      assert.ok(lstatSync(path.join(root, 'incidents')).isSymbolicLink());
      await assert.rejects(client.connection.sendRequest(NewRecordRequest, { folderUri: pathToFileURL(elsewhere).toString(), ...draft(2026) }), /not indexed/);
      assert.equal(existsSync(path.join(elsewhere, 'INC-2026-001.yaml')), false);
    } finally {
      await client.stop();
    }
  });
});
