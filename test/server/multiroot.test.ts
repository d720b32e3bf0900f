import * as assert from 'node:assert/strict';
import { cpSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ListIncidentsRequest, RecordGlobsRequest } from '../../common/protocol';
import { DefinitionRequest, HoverRequest, ReferencesRequest } from 'vscode-languageserver-protocol';
import { locationsOf, markdownOf } from './lspClient';
import { EXAMPLE, tempWorkspace, writeFiles } from '../helpers/workspaces';
import { startIndexed } from '../helpers/lspFixture';

describe('language server: multi-root workspaces and settings', function () {
  this.timeout(60_000);
  let base: string;
  before(() => {
    base = tempWorkspace('incident-lens-multiroot-', {
      'web/src/app.ts': '// Same pool story as INC-2024-017 in the shop repo.\n',
      'ops/reviews/OPS-7.yaml': 'id: OPS-7\ntitle: Disk filled on the build farm\nstarted: 2024-02-02\nsummary: Builds failed for an afternoon.\n',
      'ops/notes.md': 'See OPS-7 and OPS-8.\n',
    });
    cpSync(EXAMPLE, path.join(base, 'shop'), { recursive: true });
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  it('resolves a reference in one folder to a record in another', async () => {
    const client = await startIndexed(path.join(base, 'web'), { extraFolders: [path.join(base, 'shop')] });
    try {
      client.open('src/app.ts');
      assert.match(markdownOf(await client.request(HoverRequest.type, client.at('src/app.ts', 0, 25))), /Checkout timed out/);
      const defs = locationsOf(await client.request(DefinitionRequest.type, client.at('src/app.ts', 0, 25)));
      assert.ok(defs[0].uri.includes('/shop/incidents/2024/INC-2024-017.yaml'));
    } finally {
      await client.stop();
    }
  });

  it('leaves a nested folder to its own index: nothing is indexed twice', async () => {
    writeFiles(base, {
      'mono/svc/incidents/INC-2.yaml': 'id: INC-2\ntitle: Nested\nstarted: 2024-01-01\nsummary: s\n',
      'mono/svc/notes.md': 'About INC-2.\n',
      'mono/README.md': 'Top level.\n',
    });
    const client = await startIndexed(path.join(base, 'mono'), { extraFolders: [path.join(base, 'mono/svc')] });
    try {
      const notes = pathToFileURL(path.join(base, 'mono/svc/notes.md')).toString();
      const refs = await client.request(ReferencesRequest.type, {
        textDocument: { uri: notes },
        position: { line: 0, character: 8 },
        context: { includeDeclaration: false },
      });
      assert.deepEqual(
        refs?.map((r) => r.uri),
        [notes],
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(client.diagnostics.get(notes)?.length ?? 0, 0);
    } finally {
      await client.stop();
    }
  });

  it('takes records and id patterns from the editor settings', async () => {
    const client = await startIndexed(path.join(base, 'ops'), { settings: { records: ['reviews/**'], idPatterns: ['OPS-\\d+'] } });
    try {
      const listed = await client.request(ListIncidentsRequest, {});
      assert.deepEqual(
        listed.map((i) => i.id),
        ['OPS-7'],
      );
      const globs = await client.request(RecordGlobsRequest, { uri: client.uri('notes.md') });
      assert.deepEqual(globs.records, ['reviews/**']);
      const notes = client.uri('notes.md');
      const diagnostics = await client.waitFor('OPS-8 unknown', () => client.diagnostics.get(notes));
      assert.deepEqual(
        diagnostics.map((d) => d.message),
        ['Unknown incident OPS-8: no record defines it.'],
      );
    } finally {
      await client.stop();
    }
  });
});
