import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import { ReferencesRequest } from 'vscode-languageserver-protocol';
import { ListIncidentsRequest } from '../../common/protocol';
import { LspTestClient } from './lspClient';
import { startIndexed, stopAndRemove } from '../helpers/lspFixture';
import { tempWorkspace } from '../helpers/workspaces';
import { recordYaml } from '../helpers/records';

const FILES = 3000;
/** LSP's RequestCancelled error code. */
const REQUEST_CANCELLED = -32800;

describe('language server: requests the editor cancels', function () {
  this.timeout(180_000);
  let root: string;
  let client: LspTestClient;

  before(async () => {
    root = tempWorkspace('incident-lens-cancel-', { 'incidents/INC-1.yaml': recordYaml('INC-1', { title: 'Widely cited' }) });
    mkdirSync(path.join(root, 'src'));
    for (let i = 0; i < FILES; i++) writeFileSync(path.join(root, `src/f${i}.ts`), `export const x${i} = ${i}; // INC-1\n`);
    client = await startIndexed(root);
  });
  after(() => stopAndRemove(client, root));

  it('answers other requests while finding references, and stops when cancelled', async () => {
    const params = { ...client.at('src/f0.ts', 0, 26), context: { includeDeclaration: false } };
    const everything = await client.request(ReferencesRequest.type, params);
    assert.equal(everything?.length, FILES);

    const source = new CancellationTokenSource();
    const references = client.connection.sendRequest(ReferencesRequest.type, params, source.token);
    // Sent after the search: answered only if the search lets other messages in while it runs.
    const listed = await client.request(ListIncidentsRequest, {});
    assert.deepEqual(
      listed.map((r) => r.id),
      ['INC-1'],
    );
    source.cancel();
    await assert.rejects(references, (error: unknown) => error instanceof ResponseError && error.code === REQUEST_CANCELLED);

    // Nothing is left half done: the next search finds everything again.
    assert.equal((await client.request(ReferencesRequest.type, params))?.length, FILES);
  });
});
