import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ResponseError } from 'vscode-jsonrpc/node';
import { LspTestClient } from './lspClient';
import { recordYaml } from '../helpers/records';
import { listIds, startIndexed, stopAndRemove } from '../helpers/lspFixture';
import { tempWorkspace } from '../helpers/workspaces';

describe('language server: what an editor or a repository sends cannot exhaust or re-root it', function () {
  this.timeout(180_000);
  let root: string;
  let client: LspTestClient;
  const DENSE_FILES = 3;
  const UNKNOWN_PER_FILE = 5000;

  before(async () => {
    root = tempWorkspace('incident-lens-hardening-', { 'incidents/INC-1.yaml': recordYaml('INC-1', { title: 'First' }) });
    mkdirSync(path.join(root, 'docs'));
    for (let f = 0; f < DENSE_FILES; f++) {
      writeFileSync(path.join(root, `docs/dense${f}.md`), 'See INC-404.\n'.repeat(UNKNOWN_PER_FILE));
    }
    client = await startIndexed(root);
  });
  after(() => stopAndRemove(client, root));

  it('caps the diagnostics of a file, the last one counting the rest', async () => {
    for (let f = 0; f < DENSE_FILES; f++) {
      const diagnostics = await client.waitFor(`dense${f}.md diagnostics`, () => client.diagnostics.get(client.uri(`docs/dense${f}.md`)));
      assert.equal(diagnostics.length, 1000);
      assert.equal(diagnostics[998].code, 'unknown-reference');
      const last = diagnostics[999];
      assert.equal(last.code, 'more-problems');
      assert.equal(last.message, `${UNKNOWN_PER_FILE - 999} more problems in this file are not shown (at most 999 per file).`);
      assert.deepEqual(last.range.start, { line: 999, character: 4 }, 'placed at the first problem not shown');
    }
  });

  it('applies a watcher batch of 150,000 events, a record created in it included', async () => {
    writeFileSync(path.join(root, 'incidents/INC-2.yaml'), recordYaml('INC-2', { title: 'Created in a flood' }));
    const changes: Array<{ uri: string; type: number }> = [];
    for (let i = 0; i < 149_999; i++) changes.push({ uri: client.uri(`gone/f${i}.ts`), type: 3 });
    changes.push({ uri: client.uri('incidents/INC-2.yaml'), type: 1 });
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
    let ids: string[] = [];
    for (let attempt = 0; attempt < 600 && !ids.includes('INC-2'); attempt++) {
      ids = await listIds(client);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.deepEqual(ids.sort(), ['INC-1', 'INC-2']);
    assert.ok(!client.logs.some((line) => /file events failed|Maximum call stack/.test(line)), client.logs.join('\n').slice(-2000));
  });

  it('refuses a second initialize and stays on its workspace', async () => {
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'incident-lens-elsewhere-'));
    try {
      mkdirSync(path.join(elsewhere, 'incidents'));
      writeFileSync(path.join(elsewhere, 'incidents/OTHER-1.yaml'), recordYaml('INC-999', { title: 'Elsewhere' }));
      const uri = pathToFileURL(elsewhere).toString();
      await assert.rejects(
        client.request('initialize', { processId: 2 ** 22 + 12345, rootUri: uri, workspaceFolders: [{ uri, name: 'elsewhere' }], capabilities: {} }),
        (error: unknown) => error instanceof ResponseError && error.code === -32600 && /already initialized/.test(error.message),
      );
      await client.connection.sendNotification('initialized', {});
      // A parent process id that does not exist would have the library exit within 3 s had the
      // second initialize reached it: still answering after that, from the first workspace.
      await new Promise((resolve) => setTimeout(resolve, 3500));
      assert.deepEqual((await listIds(client)).sort(), ['INC-1', 'INC-2']);
      assert.equal(client.process.exitCode, null);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
