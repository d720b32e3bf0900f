import * as assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import { ImportRequest, type ImportResult } from '../../common/protocol';
import { runCli } from '../helpers/cli';
import { startIndexed } from '../helpers/lspFixture';
import type { LspTestClient } from './lspClient';

const CORPUS = path.join(__dirname, '../fixtures/postmortems');
/** LSP's RequestCancelled error code. */
const REQUEST_CANCELLED = -32800;

/** A server on a folder with one record and a file that cites it, indexed and the file open. */
async function startedIn(dir: string): Promise<LspTestClient> {
  mkdirSync(path.join(dir, 'incidents'));
  mkdirSync(path.join(dir, 'src'));
  writeFileSync(path.join(dir, 'incidents/INC-7.yaml'), 'id: INC-7\ntitle: Checkout errors\nstarted: 2024-01-01\nsummary: s\n');
  writeFileSync(path.join(dir, 'src/pay.ts'), '// Slow checkouts: INC-7\nexport {};\n');
  const client = await startIndexed(dir);
  client.open('src/pay.ts');
  return client;
}

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
    const client = await startIndexed(root);
    try {
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

  it('answers other requests while a large import reads, and stops it when cancelled', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'incident-lens-server-import-large-'));
    const client = await startedIn(dir);
    try {
      // Postmortems that are slow to read (runs of brackets make Markdown's link search work hard).
      mkdirSync(path.join(dir, 'old'));
      for (let i = 0; i < 12; i++)
        writeFileSync(path.join(dir, `old/pm-${i}.md`), `# ${'['.repeat(20_000)}\n\nDate: 2020-01-0${1 + (i % 9)}\n\n- ${'['.repeat(20_000)}\n`);
      const sources = [pathToFileURL(path.join(dir, 'old')).toString()];
      const hoverAt = client.at('src/pay.ts', 0, 22);

      let answered = false;
      const preview = client.connection.sendRequest(ImportRequest, { sources, dryRun: true }).then((result) => ((answered = true), result));
      // Sent after the import: answered first only if the import does not hold the thread that answers.
      const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', hoverAt);
      assert.match(hover.contents.value, /Checkout errors/);
      assert.equal(answered, false, 'the hover waited for the import');
      assert.equal((await preview).totals.imported, 12);

      const cancel = new CancellationTokenSource();
      const run = client.connection.sendRequest(ImportRequest, { sources, dryRun: false }, cancel.token);
      await client.request('textDocument/hover', hoverAt);
      cancel.cancel();
      await assert.rejects(run, (error: unknown) => error instanceof ResponseError && error.code === REQUEST_CANCELLED);
      assert.equal(existsSync(path.join(dir, 'incidents/INC-2020-001.md')), false, 'a cancelled import wrote records');
    } finally {
      await client.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('language server: incidentLens/import while another import wrote records it has not read', function () {
  this.timeout(120_000);
  let root: string;
  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'incident-lens-server-import-once-'));
    cpSync(path.join(CORPUS, 'sre'), path.join(root, 'old'), { recursive: true });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('imports each source once: the records folder is read again before writing (issue 21.4)', async () => {
    const client = await startIndexed(root);
    try {
      // The CLI imports while the server runs; this client watches no files, so its index misses them.
      const cli = runCli(['import', 'old', '--format', 'json'], { cwd: root });
      assert.equal(cli.code, 0, cli.stderr);
      const before = readdirSync(path.join(root, 'incidents')).sort();
      assert.equal(before.length, 2);
      const sources = [pathToFileURL(path.join(root, 'old')).toString()];
      const result: ImportResult = await client.connection.sendRequest(ImportRequest, { sources, dryRun: false });
      assert.deepEqual(readdirSync(path.join(root, 'incidents')).sort(), before, 'a source was imported twice');
      assert.deepEqual(result.totals, { imported: 0, alreadyImported: 2, refused: 0, needFilling: 0 });
    } finally {
      await client.stop();
    }
  });
});
