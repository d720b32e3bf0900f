import * as assert from 'node:assert/strict';
import { HistoryIndex } from '../../../server/src/core/history/historyIndex';
import { IncidentIndex } from '../../../server/src/core/index/incidentIndex';
import { loadFolder } from '../../../server/src/core/index/loader';
import { computeInsights, isArchitectureDoc } from '../../../server/src/core/features/insights';
import { DEFAULT_OPTIONS } from '../../../server/src/core/model';
import { silentLogger } from '../../../server/src/core/ports';
import { compileIdPatterns } from '../../../server/src/core/references';
import { contentSecurityPolicy } from '../../../server/src/core/render/html/csp';
import { renderInsightsBody, renderInsightsDocument, renderInsightsHtml } from '../../../server/src/core/render/insights/html';
import { MemoryWorkspace } from '../../helpers/memoryWorkspace';

/** A record with only the required fields, unless more are given. */
function record(id: string, started: string, extra = ''): string {
  return `id: ${id}\ntitle: Incident ${id}\nstarted: ${started}\nsummary: Something of ${id} broke.\n${extra}`;
}

const RICH = `services: [payments]
narrative: |
  Ana saw the error rate climb and suspected the new gateway, because its dashboard was red too.
  Only when Ben read the deploy log did the pool change come up; it had looked harmless that morning.
participants:
  - name: Ana
    perspective: The dashboards pointed two ways at once.
difficulties:
  - kind: confusion
    description: Two dashboards disagreed.
contributing_factors: [A pool sized for average traffic, A slow gateway]
learnings: [Size pools for the slowest dependency]
timeline:
  - at: 2024-03-05T14:02:00Z
    event: errors rise
  - at: 2024-03-05T14:40:00Z
    event: pool restored
action_items:
  - description: Load-test pool changes
    owner: payments-team
  - description: Add a pool dashboard
    status: done
code:
  - path: src/pay/pool.ts
`;

async function build(files: Record<string, string>, history?: HistoryIndex) {
  const index = new IncidentIndex(DEFAULT_OPTIONS, compileIdPatterns(DEFAULT_OPTIONS.idPatterns).matcher);
  await loadFolder(new MemoryWorkspace(files), index, silentLogger);
  return (query: { path?: string; service?: string } = {}) => computeInsights(index, history, { ...query, now: new Date('2025-03-05T00:00:00Z') });
}

describe('insights', () => {
  // Five incidents, one of each kind of weaving, so every figure is obvious by construction:
  //   INC-1 referenced from code; INC-2 from an architecture doc only; INC-3 listed in code only;
  //   INC-4 tied by a commit only; INC-5 tied to nothing.
  const files = {
    'incidents/INC-1.yaml': record('INC-1', '2024-03-05T14:00:00Z', RICH),
    'incidents/INC-2.yaml': record('INC-2', '2023-01-10', 'services: [payments]\ncontributing_factors: [one thing]\n'),
    'incidents/INC-3.yaml': record('INC-3', '2023-06-01', 'services: [search]\ncode:\n  - path: src/pay/pool.ts\n'),
    'incidents/INC-4.yaml': record(
      'INC-4',
      '2022-02-02',
      'narrative: If only we had known. The root cause was a typo in the config that nobody spotted for weeks while traffic grew.\n',
    ),
    'incidents/INC-5.yaml': record('INC-5', '2021-12-12', 'summary: also INC-1 is mentioned here, in a record, which does not reach code\n'),
    'src/pay/pool.ts': '// Sized for the slowest dependency: see INC-1\nexport const POOL = 40;\n',
    'docs/architecture/payments.md': 'Payments talk to the gateway (INC-2).\n',
    'docs/notes.md': 'Nothing here.\n',
    'src/search/index.go': 'package search\n',
  };
  const history = HistoryIndex.fromScan({
    commits: [
      {
        hash: 'a'.repeat(40),
        shortHash: 'aaaaaaa',
        subject: 'fix INC-4',
        date: '2022-02-03T00:00:00Z',
        author: 'x',
        ids: ['INC-4'],
        files: ['src/search/index.go'],
        renames: [],
      },
    ],
    renames: [],
    truncated: false,
  });

  it('tells how each incident reaches the code', async () => {
    const insights = (await build(files, history))();
    const byId = Object.fromEntries(insights.weaving.map((w) => [w.id, w.weaving]));
    assert.deepEqual(byId, { 'INC-1': 'code', 'INC-2': 'docs', 'INC-3': 'tied-only', 'INC-4': 'tied-only', 'INC-5': 'floating' });
    assert.deepEqual(insights.coverage, { code: 1, docs: 1, 'tied-only': 2, floating: 1, architectureDocs: 1 });
    assert.equal(insights.withHistory, true);
  });

  it('without history, a commit tie does not count and the incident floats', async () => {
    const insights = (await build(files))();
    assert.equal(insights.weaving.find((w) => w.id === 'INC-4')?.weaving, 'floating');
    assert.equal(insights.withHistory, false);
  });

  it('measures the depth of each write-up', async () => {
    const insights = (await build(files, history))();
    const rich = insights.depth.find((d) => d.id === 'INC-1')!;
    assert.deepEqual(
      { ...rich, id: undefined, title: undefined },
      {
        id: undefined,
        title: undefined,
        narrative: true,
        difficulties: true,
        severalFactors: true,
        learnings: true,
        perspectives: true,
        timeline: true,
        templateOnly: false,
        singleRootCause: false,
      },
    );
    assert.equal(insights.depthTotals.templateOnly, 3); // INC-3 and INC-5 have nothing; INC-2 only one factor
    assert.equal(insights.depthTotals.singleRootCause, 2); // INC-2 (one factor), INC-4 ("the root cause")
    assert.equal(insights.depth.find((d) => d.id === 'INC-4')!.narrative, true);
  });

  it('finds where incidents gather, and where a comment would help', async () => {
    const insights = (await build(files, history))();
    assert.deepEqual(insights.hotFiles, [{ name: 'src/pay/pool.ts', incidents: ['INC-1', 'INC-3'] }]);
    assert.deepEqual(insights.hotFolders, [{ name: 'src/pay/', incidents: ['INC-1', 'INC-3'] }]);
    assert.deepEqual(insights.hotServices, [{ name: 'payments', incidents: ['INC-1', 'INC-2'] }]);
    // pool.ts mentions INC-1 but not INC-3, which lists it; index.go is tied to INC-4 by a commit only.
    assert.deepEqual(insights.uncommented, [
      { path: 'src/pay/pool.ts', incidents: ['INC-3'] },
      { path: 'src/search/index.go', incidents: ['INC-4'] },
    ]);
  });

  it('lists open action items oldest first, with owner and age, and counts wording', async () => {
    const insights = (await build(files, history))();
    assert.deepEqual(insights.openActions, [{ id: 'INC-1', description: 'Load-test pool changes', owner: 'payments-team', ageDays: 364 }]);
    assert.deepEqual(insights.wording, [{ id: 'INC-4', blame: 0, hindsight: 2 }]);
  });

  it('counts incidents per year by service', async () => {
    const insights = (await build(files, history))();
    assert.deepEqual(insights.perYearByService, [
      { year: '2021', services: { '': 1 } },
      { year: '2022', services: { '': 1 } },
      { year: '2023', services: { payments: 1, search: 1 } },
      { year: '2024', services: { payments: 1 } },
    ]);
  });

  it('makes a reading list for a path: the incidents of that code, most tied first, with their lesson', async () => {
    const insights = (await build(files, history))({ path: 'src/pay' });
    assert.deepEqual(
      insights.readingList.map((r) => [r.id, r.lesson]),
      [
        ['INC-1', 'Size pools for the slowest dependency'],
        ['INC-3', 'Something of INC-3 broke.'],
      ],
    );
    assert.equal(insights.incidentCount, 2);
    const byService = (await build(files, history))({ service: 'Payments' });
    assert.deepEqual(
      byService.readingList.map((r) => r.id),
      ['INC-1', 'INC-2'],
    );
  });

  it('renders under the one policy; in the webview every link is the index of a target the extension opens', async () => {
    const insights = (await build(files, history))();
    const policy = (html: string) => /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1].replace(/&#39;/g, "'");
    const page = renderInsightsHtml(insights, 'shop');
    assert.equal(policy(page), contentSecurityPolicy({ styles: 'inline' }));
    assert.doesNotMatch(page, /<script|data-target/);
    const frame = { nonce: 'Zm9vYmFyYmF6cXV4cXV1eA', script: 'void 0;', cspSource: "'self'", version: 3 };
    const body = renderInsightsBody(insights, 'shop', 'webview');
    const webview = renderInsightsDocument('shop', body, frame);
    assert.equal(policy(webview.html), contentSecurityPolicy({ nonce: frame.nonce, script: true, styles: 'inline', webviewSource: "'self'" }));
    assert.match(webview.html, /<main id="insights" data-id="Incident knowledge in shop" data-version="3">/);
    assert.match(webview.html, /<script nonce="Zm9vYmFyYmF6cXV4cXV1eA">void 0;<\/script>/);
    assert.doesNotMatch(body.html, /data-incident|data-file/);
    const links = [...body.html.matchAll(/<a class="(incident|file)" data-target="(\d+)" tabindex="0">(?:<code>)?([^<]+)/g)];
    assert.ok(links.length > 0);
    for (const [, kind, index, label] of links) {
      assert.deepEqual(body.targets[Number(index)], kind === 'incident' ? { kind: 'story', id: label } : { kind: 'file', path: label });
    }
    assert.equal(links.length, body.targets.length);
  });

  it('counts architecture documents apart', () => {
    for (const path of ['docs/architecture/payments.md', 'docs/adr/0003-retries.md', 'adr-12.md', 'docs/system-architecture.md', 'design/queue.md'])
      assert.ok(isArchitectureDoc(path), path);
    for (const path of ['docs/notes.md', 'README.md', 'docs/runbook.md']) assert.ok(!isArchitectureDoc(path), path);
  });
});
