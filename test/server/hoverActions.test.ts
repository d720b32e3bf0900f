import * as assert from 'node:assert/strict';
import { HoverRequest, ReferencesRequest } from 'vscode-languageserver-protocol';
import { IncidentAtRequest, type IncidentHover, type InitializationOptions } from '../../common/protocol';
import { LspTestClient, markdownOf } from './lspClient';
import { EXAMPLE } from '../helpers/workspaces';
import { startIndexed } from '../helpers/lspFixture';

/**
 * A client that draws the hover's actions itself (VS Code puts them on the first line) says so in
 * initializationOptions and asks incidentLens/incidentAt for what they need: the server's hover then
 * leaves out its own closing line. Without the option, that line stays (Neovim and others).
 */
describe('hover actions drawn by the client', function () {
  this.timeout(60_000);
  let client: LspTestClient;

  before(async () => {
    const options: InitializationOptions = { hoverActions: true };
    client = await startIndexed(EXAMPLE, { initializationOptions: options });
  });
  after(async () => {
    await client?.stop();
  });

  it('answers the incident at a reference with its title, reference count and record, and null elsewhere', async () => {
    const at = client.at('src/checkout/pool.ts', 1, 10);
    const incident = await client.request(IncidentAtRequest, { uri: at.textDocument.uri, position: at.position });
    assert.ok(incident);
    assert.equal(incident.id, 'INC-2024-017');
    assert.equal(incident.title, 'Checkout timed out after the connection pool was resized');
    assert.match(incident.recordUri, /^file:\/\/.*\/incidents\/2024\/INC-2024-017\.yaml$/);
    // The count is what Find References lists, the record's own id aside.
    const references = await client.request(ReferencesRequest.type, { ...at, context: { includeDeclaration: false } });
    assert.equal(incident.referenceCount, references?.length);
    assert.equal(incident.referenceCount, 5);
    // The string literal on line 8 is no reference; the record's own id is.
    const literal = client.at('src/checkout/pool.ts', 7, 12);
    assert.equal(await client.request(IncidentAtRequest, { uri: literal.textDocument.uri, position: literal.position }), null);
    const own = client.at('incidents/2024/INC-2024-017.yaml', 0, 6);
    assert.equal((await client.request(IncidentAtRequest, { uri: own.textDocument.uri, position: own.position }))?.id, 'INC-2024-017');
  });

  it('leaves the "N references · Open record" line out of the hover, and keeps the story', async () => {
    const text = markdownOf(await client.request(HoverRequest.type, client.at('src/checkout/pool.ts', 1, 10)));
    assert.match(text, /^\*\*INC-2024-017\*\* — Checkout timed out/);
    assert.match(text, /\*\*Contributing factors\*\*/);
    assert.doesNotMatch(text, /references ·|Open record/);
  });

  it('carries what the actions need in the hover itself, so the client asks once', async () => {
    const at = client.at('src/checkout/pool.ts', 1, 10);
    const hover = (await client.request(HoverRequest.type, at)) as IncidentHover | null;
    assert.deepEqual(hover?.incident, await client.request(IncidentAtRequest, { uri: at.textDocument.uri, position: at.position }));
    assert.equal(hover?.incident?.referenceCount, 5);
  });

  it('a client that does not say so gets the closing line', async () => {
    const plain = await startIndexed(EXAMPLE);
    try {
      const text = markdownOf(await plain.request(HoverRequest.type, plain.at('src/checkout/pool.ts', 1, 10)));
      assert.match(text, /5 references · \[Open record\]\(file:\/\/.*INC-2024-017\.yaml#L1\)$/);
      assert.equal(((await plain.request(HoverRequest.type, plain.at('src/checkout/pool.ts', 1, 10))) as IncidentHover | null)?.incident, undefined);
    } finally {
      await plain.stop();
    }
  });
});
