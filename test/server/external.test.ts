import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CompletionRequest, DefinitionRequest, FileChangeType, HoverRequest, RegistrationRequest } from 'vscode-languageserver-protocol';
import { ListIncidentsRequest } from '../../common/protocol';
import { itemsOf, locationsOf, LspTestClient, markdownOf } from './lspClient';
import { startIndexed } from '../helpers/lspFixture';
import { tempWorkspace } from '../helpers/workspaces';

/**
 * A central incident repository next to a service repository that cites it: the server resolves
 * the service's references to the central records, as read-only context.
 */
describe('language server: records kept in another folder (externalRecords)', function () {
  this.timeout(60_000);
  let base: string;
  let service: string;
  const central = () => path.join(base, 'central');

  before(() => {
    base = tempWorkspace('incident-lens-external-', {
      'central/incidents/2024/INC-2024-017.yaml':
        '# The pool story\n\nid: INC-2024-017\ntitle: Checkout timed out when the pool ran dry\nstarted: 2024-03-05\nsummary: Connections leaked under retries.\n',
      'central/incidents/INC-2023-004.md': '---\nid: INC-2023-004\ntitle: Search cache stampede\nstarted: 2023-06-01\nsummary: s\n---\nStory.\n',
      // Problems of the central repository are its own: never reported in the citing folder.
      'central/incidents/broken.yaml': 'id: INC-2022-001\ntitle: 42\nsummary: mentions INC-4040\n',
      'central/README.md': 'Central reviews. INC-5050 is not defined anywhere.\n',
      'service/src/pool.ts': '// See INC-2024-017, INC-2023-004 and INC-7777.\nexport const size = 10;\n',
    });
    service = path.join(base, 'service');
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  /** Asks again (the server reads file events in a batch) until the answer is there. */
  async function eventually(what: string, ask: () => Promise<boolean>): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt++) {
      if (await ask()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.fail(`never saw ${what}`);
  }

  /** The unknown-reference warnings of pool.ts, once they are published (INC-7777 always is one). */
  async function unknownIds(client: LspTestClient): Promise<string[]> {
    const uri = client.uri('src/pool.ts');
    const diagnostics = await client.waitFor('diagnostics of pool.ts', () => client.diagnostics.get(uri));
    return diagnostics.filter((d) => d.code === 'unknown-reference').map((d) => /INC-[\d-]+/.exec(d.message)![0]);
  }

  it('resolves references to a folder given in initializationOptions: hover, definition, completion, listings', async () => {
    const client = await startIndexed(service, { initializationOptions: { externalRecords: ['../central'] } });
    try {
      client.open('src/pool.ts');
      assert.deepEqual(await unknownIds(client), ['INC-7777']);

      assert.match(markdownOf(await client.request(HoverRequest.type, client.at('src/pool.ts', 0, 10))), /Checkout timed out when the pool ran dry/);
      const defs = locationsOf(await client.request(DefinitionRequest.type, client.at('src/pool.ts', 0, 10)));
      assert.equal(defs[0].uri, pathToFileURL(path.join(central(), 'incidents/2024/INC-2024-017.yaml')).toString());
      assert.equal(defs[0].range.start.line, 2, 'at the id line of the central record');

      const list = await client.request(ListIncidentsRequest, {});
      assert.deepEqual(list.map((i) => i.id).sort(), ['INC-2022-001', 'INC-2023-004', 'INC-2024-017']);
      const labels = itemsOf(await client.request(CompletionRequest.type, client.at('src/pool.ts', 0, 8))).map((i) => i.label);
      assert.ok(labels.includes('INC-2023-004'), labels.join(', '));

      // Nothing is reported inside the central repository.
      for (const uri of client.diagnostics.keys()) assert.ok(!uri.includes('/central/'), `diagnostics published for ${uri}`);

      // The editor is asked to watch the central folder, and a change there is read.
      const registration = client.notifications.find((n) => n.method === RegistrationRequest.method && JSON.stringify(n.params).includes('/central'));
      assert.ok(registration, 'no file watcher registered for the external folder');
      writeFileSync(
        path.join(central(), 'incidents/2024/INC-2024-017.yaml'),
        'id: INC-2024-017\ntitle: Pool exhaustion, retold\nstarted: 2024-03-05\nsummary: Connections leaked under retries.\n',
      );
      await client.filesChanged([{ uri: pathToFileURL(path.join(central(), 'incidents/2024/INC-2024-017.yaml')).toString(), type: FileChangeType.Changed }]);
      await eventually('the new title in the hover', async () => {
        const again = markdownOf(await client.request(HoverRequest.type, client.at('src/pool.ts', 0, 10)));
        return again.includes('Pool exhaustion, retold');
      });
    } finally {
      await client.stop();
    }
  });
});

describe('language server: externalRecords of the repository file and trust', function () {
  this.timeout(60_000);
  let base: string;
  before(() => {
    base = mkdtempSync(path.join(tmpdir(), 'incident-lens-external-trust-'));
    mkdirSync(path.join(base, 'central'), { recursive: true });
    writeFileSync(path.join(base, 'central/INC-9.yaml'), 'id: INC-9\ntitle: Central nine\nstarted: 2024-01-01\nsummary: s\n');
    mkdirSync(path.join(base, 'service/src'), { recursive: true });
    writeFileSync(path.join(base, 'service/.incident-lens.yaml'), 'externalRecords:\n  - ../central\n');
    writeFileSync(path.join(base, 'service/src/a.ts'), '// INC-9 and INC-7777\n');
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  async function unknownIn(options: Parameters<typeof LspTestClient.start>[1]): Promise<string[]> {
    const client = await startIndexed(path.join(base, 'service'), options);
    try {
      client.open('src/a.ts');
      const diagnostics = await client.waitFor('diagnostics of a.ts', () => client.diagnostics.get(client.uri('src/a.ts')));
      return diagnostics.filter((d) => d.code === 'unknown-reference').map((d) => /INC-\d+/.exec(d.message)![0]);
    } finally {
      await client.stop();
    }
  }

  it('honours the file in a trusted workspace', async () => {
    assert.deepEqual(await unknownIn({}), ['INC-7777']);
  });

  it('ignores the file in an untrusted workspace, but honours the user setting there', async () => {
    assert.deepEqual(await unknownIn({ initializationOptions: { gitEnabled: false } }), ['INC-9', 'INC-7777']);
    assert.deepEqual(await unknownIn({ initializationOptions: { gitEnabled: false }, settings: { externalRecords: [path.join(base, 'central')] } }), [
      'INC-7777',
    ]);
  });
});
