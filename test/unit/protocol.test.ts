import * as assert from 'node:assert/strict';
import * as protocol from '../../common/protocol';

/** Every custom message declared in common/protocol.ts, by its exported name. */
const declared = Object.entries(protocol)
  .filter(([name]) => /(Request|Notification)$/.test(name))
  .map(([name, value]) => ({ name, method: (value as { method: string }).method }));

/**
 * The wire names are a contract with every editor (Neovim's config, other clients): the typed
 * declarations may change shape, a published method name may not.
 */
describe('the custom protocol', () => {
  it('keeps every published message on its wire name', () => {
    const published = {
      BranchIncidentsRequest: 'incidentLens/branchIncidents',
      FileIncidentsRequest: 'incidentLens/fileIncidents',
      IndexChangedNotification: 'incidentLens/indexChanged',
      ListIncidentsRequest: 'incidentLens/listIncidents',
      RecordGlobsRequest: 'incidentLens/recordGlobs',
      ReferenceContextRequest: 'incidentLens/referenceContext',
      ReindexRequest: 'incidentLens/reindex',
      TrustChangedNotification: 'incidentLens/trustChanged',
    };
    const actual = Object.fromEntries(declared.map(({ name, method }) => [name, method]));
    for (const [name, method] of Object.entries(published)) assert.equal(actual[name], method, name);
  });

  it('gives each message its own name under incidentLens/', () => {
    const methods = declared.map((d) => d.method);
    assert.ok(methods.length >= 8);
    assert.deepEqual(
      methods.filter((m) => !m.startsWith('incidentLens/')),
      [],
    );
    assert.equal(new Set(methods).size, methods.length, `a wire name is declared twice: ${methods.join(', ')}`);
  });
});
