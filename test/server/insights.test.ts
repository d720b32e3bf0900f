import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { InsightsRequest, ListIncidentsRequest } from '../../common/protocol';
import { LspTestClient } from './lspClient';
import { copyOfWorkspace } from '../helpers/workspaces';
import { startIndexed, stopAndRemove } from '../helpers/lspFixture';

describe('incidentLens/insights over stdio', function () {
  this.timeout(60_000);
  let root: string;
  let client: LspTestClient;

  before(async () => {
    root = copyOfWorkspace('incident-lens-insights-');
    writeFileSync(
      path.join(root, 'incidents/2024/INC-2024-099.yaml'),
      'id: INC-2024-099\ntitle: Nobody cites me\nstarted: 2024-06-01\nsummary: A floating one.\n',
    );
    client = await startIndexed(root);
  });
  after(() => stopAndRemove(client, root));

  it('answers with the same figures as the CLI, for the folder of a file', async () => {
    const result = await client.request(InsightsRequest, { uri: client.uri('src/checkout/pool.ts') });
    assert.ok(result);
    assert.equal(result.folderUri, client.uri(''));
    assert.equal(result.insights.incidentCount, 3);
    assert.deepEqual(result.insights.coverage, { code: 2, docs: 0, 'tied-only': 0, floating: 1, architectureDocs: 2 });
    assert.deepEqual(
      result.insights.weaving.filter((w) => w.weaving === 'floating').map((w) => w.id),
      ['INC-2024-099'],
    );
  });

  it('narrows to a path and makes its reading list', async () => {
    const result = await client.request(InsightsRequest, { path: 'src/checkout' });
    assert.deepEqual(
      result?.insights.readingList.map((r) => r.id),
      ['INC-2024-017'],
    );
  });

  it('marks the floating incidents in the listing the sidebar shows', async () => {
    const listed = await client.request(ListIncidentsRequest, {});
    assert.deepEqual(
      listed.filter((i) => i.floating).map((i) => i.id),
      ['INC-2024-099'],
    );
  });

  it('follows an edit of a record at once', async () => {
    const record = 'incidents/2024/INC-2024-099.yaml';
    client.open(record);
    client.change(record, 'id: INC-2024-099\ntitle: Nobody cites me\nstarted: 2024-06-01\nsummary: A floating one.\ncode:\n  - path: src/checkout/pool.ts\n');
    // Poll as the insights view would after an indexChanged notification.
    let tied: { weaving: string; codeListed: string[] } | undefined;
    for (let attempt = 0; attempt < 100 && tied?.weaving !== 'tied-only'; attempt++) {
      const result = await client.request(InsightsRequest, {});
      tied = result?.insights.weaving.find((x) => x.id === 'INC-2024-099');
      if (tied?.weaving !== 'tied-only') await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(tied);
    assert.deepEqual(tied.codeListed, ['src/checkout/pool.ts']);
  });
});
