import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { LspTestClient } from './lspClient';
import { recordYaml } from '../helpers/records';
import { listIds, startIndexed } from '../helpers/lspFixture';
import { tempWorkspace } from '../helpers/workspaces';

/** Full indexes the server ran to the end, as its log says ("Indexed N files in T ms."). */
const fullIndexes = (client: LspTestClient) => client.logs.filter((line) => /^Indexed \d+ files in \d+ ms\.$/.test(line)).length;
const progressBegins = (client: LspTestClient) =>
  client.notifications.filter((n) => n.method === '$/progress' && (n.params as { value: { kind: string } }).value.kind === 'begin').length;

function workspace(records: number): string {
  const root = tempWorkspace('incident-lens-floods-', { 'src/app.ts': '// INC-0\n' });
  mkdirSync(path.join(root, 'incidents'));
  for (let i = 0; i < records; i++) writeFileSync(path.join(root, `incidents/INC-${i}.yaml`), recordYaml(`INC-${i}`, { title: `Incident ${i}` }));
  return root;
}

describe('language server: floods of edits, re-indexes and settings', function () {
  this.timeout(180_000);

  it('indexes a folder once at start, though the editor repeats its settings twice', async () => {
    const root = workspace(50);
    const client = await LspTestClient.start(root);
    try {
      // What VS Code's client sends at start: the settings it syncs, then again on registration.
      void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await client.waitForIndex();
      // One more round trip after both notifications: anything they started has started by then.
      await client.request('incidentLens/listIncidents', {});
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.equal(fullIndexes(client), 1, client.logs.join('\n'));
      assert.equal(progressBegins(client), 1);

      // A real change of settings does index again.
      const changed = await startIndexed(root, { settings: { exclude: ['src/**'] } });
      assert.equal(fullIndexes(changed), 1);
      await changed.stop();
    } finally {
      await client.stop();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('builds a folder once at start when the editor repeats its settings before answering the first request for them', async () => {
    const root = workspace(50);
    // VS Code's extension host is busy at start: the server's request for the settings waits,
    // and the settings notification arrives meanwhile.
    const client = await LspTestClient.start(root, { configurationDelayMs: 150 });
    try {
      void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await client.waitForIndex();
      await client.request('incidentLens/listIncidents', {});
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.deepEqual(
        client.logs.filter((line) => /a newer index was asked for/.test(line)),
        [],
      );
      assert.equal(fullIndexes(client), 1);
    } finally {
      await client.stop();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('coalesces 20 re-index requests sent at once into one index', async () => {
    const root = workspace(300);
    const client = await startIndexed(root);
    try {
      const before = { indexes: fullIndexes(client), begins: progressBegins(client) };
      writeFileSync(path.join(root, 'incidents/INC-9999.yaml'), recordYaml('INC-9999'));
      await Promise.all(Array.from({ length: 20 }, () => client.request('incidentLens/reindex', null)));
      assert.equal(fullIndexes(client) - before.indexes, 1, 'one full index for 20 requests');
      assert.equal(progressBegins(client) - before.begins, 1);
      const ids = await listIds(client);
      assert.equal(ids.length, 301, client.logs.join('\n'));
      assert.ok(ids.includes('INC-9999'), 'every request settles on an index that saw the disk after it was sent');
    } finally {
      await client.stop();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('coalesces 3,000 quick edits: diagnostics for the last version, not one computation per keystroke', async () => {
    const root = workspace(1);
    const client = await LspTestClient.start(root);
    const EDITS = 3000;
    try {
      await client.waitForIndex();
      const rel = 'src/typing.ts';
      const uri = client.uri(rel);
      client.open(rel, '');
      for (let k = 0; k < EDITS; k++) {
        const at = { line: k, character: 0 };
        void client.connection.sendNotification('textDocument/didChange', {
          textDocument: { uri, version: k + 2 },
          contentChanges: [{ range: { start: at, end: at }, text: `// INC-9${k}\n` }],
        });
      }
      const finalVersion = EDITS + 1;
      await client.waitFor('diagnostics of the last version', () => client.published.some((p) => p.uri === uri && p.version === finalVersion));
      const mine = client.published.filter((p) => p.uri === uri);
      // One computation per pause in typing; here the keys never paused.
      assert.ok(mine.length * 100 <= EDITS, `${mine.length} publications for ${EDITS} edits`);
      for (let i = 1; i < mine.length; i++) assert.ok(mine[i].version! > mine[i - 1].version!, 'never an older version after a newer one');
      const last = client.diagnostics.get(uri)!;
      assert.equal(last.length, 1000);
      assert.equal(last[999].message, `${EDITS - 999} more problems in this file are not shown (at most 999 per file).`);
      // A request sees the latest text at once, without waiting for a pause.
      const at = { line: EDITS, character: 0 };
      void client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: finalVersion + 1 },
        contentChanges: [{ range: { start: at, end: at }, text: '// INC-0\n' }],
      });
      const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', client.at(rel, EDITS, 5));
      assert.match(hover!.contents.value, /Incident 0/);
    } finally {
      await client.stop();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('drops a record deleted while its tab is open at once, and Re-index agrees', async () => {
    const root = workspace(3);
    const client = await startIndexed(root);
    try {
      client.open('incidents/INC-1.yaml');
      client.open('incidents/INC-2.yaml');
      await client.request('incidentLens/listIncidents', {});
      unlinkSync(path.join(root, 'incidents/INC-1.yaml'));
      void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('incidents/INC-1.yaml'), type: 3 }] });
      await client.waitFor('the views told of the deletion', () =>
        client.notifications.some((n) => n.method === 'incidentLens/indexChanged' && (n.params as { records: number }).records === 2),
      );
      assert.deepEqual(await listIds(client), ['INC-0', 'INC-2'], 'gone at once, tab still open');
      await client.request('incidentLens/reindex', null);
      assert.deepEqual(await listIds(client), ['INC-0', 'INC-2'], 'Re-index does not bring it back from the open tab');

      // A deletion the watcher never reported: Re-index is authoritative about the disk.
      unlinkSync(path.join(root, 'incidents/INC-2.yaml'));
      await client.request('incidentLens/reindex', null);
      assert.deepEqual(await listIds(client), ['INC-0']);
      client.close('incidents/INC-1.yaml');
      client.close('incidents/INC-2.yaml');
      await client.request('incidentLens/reindex', null);
      assert.deepEqual(await listIds(client), ['INC-0'], 'and closing the tabs changes nothing');

      // Typing in a tab whose file is gone makes it a draft again: it counts until closed.
      client.open('incidents/INC-7.yaml', recordYaml('INC-7'));
      unlinkSync(path.join(root, 'incidents/INC-0.yaml'));
      client.open('incidents/INC-0.yaml', recordYaml('INC-0'));
      void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('incidents/INC-0.yaml'), type: 3 }] });
      let ids = await listIds(client);
      for (let attempt = 0; attempt < 100 && ids.includes('INC-0'); attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        ids = await listIds(client);
      }
      assert.deepEqual(ids, ['INC-7']);
      client.change('incidents/INC-0.yaml', recordYaml('INC-0', { title: 'Edited after the deletion' }));
      assert.deepEqual(await listIds(client), ['INC-0', 'INC-7']);
    } finally {
      await client.stop();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
