/**
 * Files no repository should hold but any can (FIFOs, symbolic links out of the folder, huge
 * sparse files, odd names), met by the real server over stdio through the events and requests
 * an editor sends.
 */
import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { mkfifo, smallWorkspace } from '../helpers/hostileFiles';
import { LspTestClient } from './lspClient';

interface Hover {
  contents: { kind: string; value: string };
}

/** Sends file events and waits until the server has applied them (it says so with indexChanged). */
async function fileEvents(client: LspTestClient, changes: Array<{ uri: string; type: number }>): Promise<void> {
  const before = client.notifications.filter((n) => n.method === 'incidentLens/indexChanged').length;
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
  await client.waitFor('the file events applied', () => client.notifications.filter((n) => n.method === 'incidentLens/indexChanged').length > before);
}

describe('language server on hostile files (over stdio)', function () {
  this.timeout(120_000);
  let root: string;
  let client: LspTestClient;

  before(async () => {
    root = smallWorkspace('il-server-hostile-');
    mkfifo(path.join(root, '.incident-lens.yaml'));
    client = await LspTestClient.start(root);
    await client.waitForIndex();
  });
  after(async () => {
    await client?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('never opens a FIFO: not as its configuration, not on a file event, not for a hover', async () => {
    const config = await client.waitFor('the configuration refused', () => client.diagnostics.get(client.uri('.incident-lens.yaml')));
    assert.match(config[0].message, /Not read: it is not a regular text file/);
    mkfifo(path.join(root, 'incidents/INC-2.yaml'));
    await fileEvents(client, [{ uri: client.uri('incidents/INC-2.yaml'), type: 1 }]);
    assert.equal(await client.request('textDocument/hover', client.at('incidents/INC-2.yaml', 0, 5)), null);
    // Still answering, with the index it had.
    const hover = await client.request<Hover>('textDocument/hover', client.at('src/app.ts', 0, 4));
    assert.match(hover.contents.value, /\*\*INC-1\*\* — One/);
  });
});
