import * as assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ImportRequest, type ImportResult } from '../../common/protocol';
import { LspTestClient } from './lspClient';

const CORPUS = path.join(__dirname, '../fixtures/postmortems');

describe('language server: incidentLens/import', function () {
  this.timeout(60_000);
  let root: string;
  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'incident-lens-server-import-'));
    cpSync(path.join(CORPUS, 'sre'), path.join(root, 'old'), { recursive: true });
    mkdirSync(path.join(root, 'src'));
    writeFileSync(path.join(root, 'src/pay.ts'), '// Slow checkouts: INC-2022-031\nexport {};\n');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('previews without writing, imports, and the new records resolve references at once', async () => {
    const client = await LspTestClient.start(root);
    try {
      await client.waitForIndex();
      client.open('src/pay.ts');
      const before = await client.waitFor('diagnostics of pay.ts', () => client.diagnostics.get(client.uri('src/pay.ts')));
      assert.ok(before.some((d) => d.message.includes('INC-2022-031')));

      const sources = [pathToFileURL(path.join(root, 'old')).toString()];
      const preview = await client.connection.sendRequest(ImportRequest, { sources, dryRun: true });
      assert.deepEqual(preview.totals, { imported: 2, alreadyImported: 0, refused: 0, needFilling: 0 });
      assert.equal(existsSync(path.join(root, 'incidents')), false);

      const result: ImportResult = await client.connection.sendRequest(ImportRequest, { sources, dryRun: false });
      assert.deepEqual(
        result.entries.map((e) => e.record),
        ['incidents/INC-2023-001.md', 'incidents/INC-2022-031.md'],
      );
      assert.equal(result.entries[1].recordUri, pathToFileURL(path.join(root, 'incidents/INC-2022-031.md')).toString());
      assert.match(readFileSync(path.join(root, 'incidents/INC-2022-031.md'), 'utf8'), /^imported_from: old\/payments-latency-regression\.md$/m);
      // No file watcher in this client: the server reads what it wrote itself.
      await client.waitFor('the unknown reference to clear', () => {
        const now = client.diagnostics.get(client.uri('src/pay.ts'));
        return now && !now.some((d) => d.message.includes('INC-2022-031'));
      });
      const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', client.at('src/pay.ts', 0, 20));
      assert.match(hover.contents.value, /Payments latency regression/);

      const again = await client.connection.sendRequest(ImportRequest, { sources, dryRun: false });
      assert.deepEqual(again.totals, { imported: 0, alreadyImported: 2, refused: 0, needFilling: 0 });
      await assert.rejects(client.connection.sendRequest(ImportRequest, { sources, to: '../outside', dryRun: true }), /inside the workspace folder/);
    } finally {
      await client.stop();
    }
  });
});
