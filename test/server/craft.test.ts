import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  CodeActionRequest,
  CodeLensRequest,
  CompletionRequest,
  DocumentLinkRequest,
  HoverRequest,
  MarkupContent,
  PrepareRenameRequest,
  RenameRequest,
  WorkspaceSymbolRequest,
  type Diagnostic,
} from 'vscode-languageserver-protocol';
import { FileIncidentsRequest, StoryRequest } from '../../common/protocol';
import { codeActionsOf, itemsOf, LspTestClient, markdownOf } from './lspClient';
import { copyOfWorkspace } from '../helpers/workspaces';
import { startIndexed, stopAndRemove } from '../helpers/lspFixture';

/** Editor craft (issue 14), over stdio as an editor asks: writing and navigating records. */
describe('editor craft over stdio', function () {
  this.timeout(60_000);
  let root: string;
  let client: LspTestClient;

  before(async () => {
    root = copyOfWorkspace('incident-lens-craft-');
    // A team's own severities: completion offers these, not the default SEV1..SEV5.
    writeFileSync(path.join(root, '.incident-lens.yaml'), 'severities: [SEV1, SEV2, SEV3, low]\n');
    client = await startIndexed(root);
  });
  after(() => stopAndRemove(client, root));

  /** The diagnostics of an open file once they describe `text` (a predicate on them). */
  function diagnosticsOf(rel: string, ready: (d: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    return client.waitFor(`diagnostics of ${rel}`, () => {
      const d = client.diagnostics.get(client.uri(rel));
      return d && ready(d) ? d : undefined;
    });
  }

  async function fixesFor(rel: string, diagnostic: Diagnostic) {
    const uri = client.uri(rel);
    return codeActionsOf(
      await client.request(CodeActionRequest.type, { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } }),
    );
  }

  it('reports a record that lists itself or an id twice, and the related fix offers neither its own id nor listed ones', async () => {
    const rel = 'incidents/2024/INC-2024-018.yaml';
    const text = [
      'id: INC-2024-018',
      'title: Second checkout outage',
      'started: 2024-04-01',
      'summary: s',
      'related:',
      '  - INC-2024-018',
      '  - INC-2024-017',
      '  - INC-2024-017',
      '  - INC-2024-01',
      '',
    ].join('\n');
    client.open(rel, text);
    const diagnostics = await diagnosticsOf(rel, (d) => d.some((x) => x.code === 'unknown-related'));
    const byLine = new Map(diagnostics.map((d) => [d.range.start.line, d]));
    assert.equal(byLine.get(5)?.code, 'self-related', JSON.stringify(diagnostics));
    assert.match(byLine.get(5)!.message, /INC-2024-018 lists itself as related/);
    assert.equal(byLine.get(6), undefined);
    assert.equal(byLine.get(7)?.code, 'duplicate-related');
    assert.equal(byLine.get(8)?.code, 'unknown-related');

    // INC-2024-01 is as close to the record's own id and to INC-2024-017 (already listed) as to
    // anything: neither may be offered; INC-2023-004 is the one other incident.
    const unknownFixes = await fixesFor(rel, byLine.get(8)!);
    const offered = unknownFixes.map((a) => a.edit?.changes?.[client.uri(rel)][0].newText);
    assert.ok(!offered.includes('INC-2024-018'), `own id offered: ${offered.join(', ')}`);
    assert.ok(!offered.includes('INC-2024-017'), `a listed id offered: ${offered.join(', ')}`);
    assert.deepEqual(offered, ['INC-2023-004']);
    assert.equal(unknownFixes[0].title, 'Change to INC-2023-004 — Search results went stale after a cache key change');

    const selfFix = await fixesFor(rel, byLine.get(5)!);
    assert.equal(selfFix[0].title, 'Remove INC-2024-018 from related');
    assert.deepEqual(selfFix[0].edit?.changes?.[client.uri(rel)][0], {
      range: { start: { line: 5, character: 0 }, end: { line: 6, character: 0 } },
      newText: '',
    });
    client.close(rel);
  });

  it("counts a file's incidents once: the file lens and the status-bar request agree right after an insertion", async () => {
    const rel = 'src/checkout/pool.ts';
    const uri = client.uri(rel);
    const original = readFileSync(path.join(root, rel), 'utf8');
    client.open(rel, original, 'typescript');
    const count = async () => {
      const lenses = (await client.request(CodeLensRequest.type, { textDocument: { uri } })) ?? [];
      const fileLens = lenses.find((l) => /past incidents?$/.test(l.command?.title ?? ''));
      const statusBar = await client.request(FileIncidentsRequest, { uri });
      return { lens: fileLens?.command?.title, statusBar: statusBar.length };
    };
    assert.deepEqual(await count(), { lens: '1 past incident', statusBar: 1 });
    // Insert Incident Reference: a new comment naming the other incident, asked about at once.
    client.change(rel, `// see INC-2023-004\n${original}`);
    assert.deepEqual(await count(), { lens: '2 past incidents', statusBar: 2 });
    client.close(rel);
  });

  it('shows the phases a record has, each from the start, and a published record without `resolved` is not "not yet resolved"', async () => {
    const hover = markdownOf(await client.request(HoverRequest.type, client.at('src/checkout/pool.ts', 1, 10)));
    // The summary says "for 39 minutes": mitigation, not resolution, is when the impact stopped.
    assert.match(hover, /Started 2024-03-05 14:02:00Z · detected after 7 min · mitigated after 39 min · resolved after 2 h 18 min/);
    const story = await client.request(StoryRequest, { id: 'INC-2024-017' });
    assert.deepEqual(
      story?.milestones?.map((m) => `${m.mark} ${m.after}`),
      ['detected 7 min', 'mitigated 39 min', 'resolved 2 h 18 min'],
    );

    const rel = 'incidents/2024/INC-2024-030.yaml';
    client.open(
      rel,
      'id: INC-2024-030\ntitle: Published, no resolved\nstatus: published\nstarted: 2024-06-01T10:00:00Z\nmitigated: 2024-06-01T10:25:00Z\nsummary: s\n',
    );
    client.open('notes.md', 'See INC-2024-030.\n');
    const published = markdownOf(await client.request(HoverRequest.type, client.at('notes.md', 0, 6)));
    assert.match(published, /mitigated after 25 min · no resolution time recorded/);
    assert.doesNotMatch(published, /not yet resolved/);
    client.change(rel, 'id: INC-2024-030\ntitle: A draft, still going\nstatus: draft\nstarted: 2024-06-01T10:00:00Z\nsummary: s\n');
    assert.match(markdownOf(await client.request(HoverRequest.type, client.at('notes.md', 0, 6))), /Started 2024-06-01 10:00:00Z · not yet resolved/);
    client.close('notes.md');
    client.close(rel);
  });

  describe('completion while writing a record', () => {
    const rel = 'incidents/2024/INC-2024-040.yaml';
    after(() => client.close(rel));

    before(() => client.open(rel, 'id: INC-2024-040\n'));

    /** The completion labels at the end of `text` (the record as typed so far). */
    async function labelsAtEnd(text: string) {
      client.change(rel, text);
      const lines = text.split('\n');
      const items = itemsOf(await client.request(CompletionRequest.type, client.at(rel, lines.length - 1, lines[lines.length - 1].length)));
      return { labels: items.map((i) => i.label), items };
    }

    it('completes the keys a record does not have yet, with their schema descriptions', async () => {
      const { labels, items } = await labelsAtEnd('id: INC-2024-040\ntitle: t\nsta');
      for (const key of ['started', 'status', 'summary', 'difficulties', 'contributing_factors'])
        assert.ok(labels.includes(key), `${key} in ${labels.join(', ')}`);
      assert.ok(!labels.includes('id') && !labels.includes('title'), 'keys already there are not offered');
      const status = items.find((i) => i.label === 'status')!;
      assert.ok(MarkupContent.is(status.documentation));
      assert.match(status.documentation.value, /Where the review stands/);
      assert.equal(status.textEdit && 'range' in status.textEdit ? status.textEdit.newText : undefined, 'status: ');

      // In a list entry: the entry's own keys, minus those it has.
      const entry = await labelsAtEnd('id: INC-2024-040\ndifficulties:\n  - kind: surprise\n    ');
      assert.deepEqual(entry.labels, ['description']);
    });

    it('completes the values of status, severity (the configured list), difficulties.kind, timeline.source and action_items.status', async () => {
      assert.deepEqual((await labelsAtEnd('id: INC-2024-040\nstatus: ')).labels, ['draft', 'in-review', 'published']);
      assert.deepEqual((await labelsAtEnd('id: INC-2024-040\nseverity: ')).labels, ['SEV1', 'SEV2', 'SEV3', 'low']);
      assert.deepEqual((await labelsAtEnd('id: INC-2024-040\ndifficulties:\n  - kind: ')).labels, ['confusion', 'uncertainty', 'ambiguity', 'surprise']);
      assert.deepEqual((await labelsAtEnd('id: INC-2024-040\ntimeline:\n  - at: 2024-01-01\n    event: e\n    source: ')).labels, [
        'log',
        'chat',
        'dashboard',
        'deploy',
        'page',
        'interview',
        'other',
      ]);
      assert.deepEqual((await labelsAtEnd('id: INC-2024-040\naction_items:\n  - description: d\n    status: ')).labels, ['open', 'done', 'wont-do']);
    });

    it('completes a date key to the current time, in the form the record writes its dates', async () => {
      const before = Date.now();
      const [full] = (await labelsAtEnd('id: INC-2024-040\nstarted: 2024-03-05T14:02:00Z\ndetected: ')).labels;
      assert.match(full, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      const at = Date.parse(full);
      assert.ok(at >= before - 1000 && at <= Date.now() + 1000, `${full} is now`);
      const [minutes] = (await labelsAtEnd('id: INC-2024-040\nstarted: 2024-03-05 14:02Z\ntimeline:\n  - at: ')).labels;
      assert.match(minutes, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}Z$/);
      const [day] = (await labelsAtEnd('id: INC-2024-040\nstarted: 2024-03-05\nresolved: ')).labels;
      assert.equal(day.length, 10);
      assert.match(day, /^\d{4}-\d{2}-\d{2}$/);
    });
  });

  it('quick fixes a misspelt key by renaming it and an impossible date to the nearest real one', async () => {
    const rel = 'incidents/2024/INC-2024-041.yaml';
    const uri = client.uri(rel);
    client.open(rel, 'id: INC-2024-041\ntitle: t\nstarted: 2024-02-30T14:02Z\nresolved: 2024-3-5\nsummery: s\n');
    const diagnostics = await diagnosticsOf(rel, (d) => d.length >= 3);
    const at = (line: number) => diagnostics.find((d) => d.range.start.line === line)!;
    const edits = async (line: number) =>
      (await fixesFor(rel, at(line))).map((a) => ({ title: a.title, preferred: a.isPreferred, edit: a.edit?.changes?.[uri] }));

    assert.deepEqual(await edits(4), [
      {
        title: 'Rename to `summary`',
        preferred: true,
        edit: [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 7 } }, newText: 'summary' }],
      },
    ]);
    assert.deepEqual(await edits(2), [
      {
        title: 'Change to `2024-02-29T14:02Z`',
        preferred: true,
        edit: [{ range: { start: { line: 2, character: 9 }, end: { line: 2, character: 26 } }, newText: '2024-02-29T14:02Z' }],
      },
    ]);
    assert.equal((await edits(3))[0].edit?.[0].newText, '2024-03-05');
    client.close(rel);
  });

  it('makes each `code` path of a record a link to the file at its lines, and only paths inside the folder that exist', async () => {
    const links = (await client.request(DocumentLinkRequest.type, { textDocument: { uri: client.uri('incidents/2024/INC-2024-017.yaml') } })) ?? [];
    const code = links.find((l) => l.range.start.line === 59);
    assert.deepEqual(code?.range, { start: { line: 59, character: 10 }, end: { line: 59, character: 30 } });
    assert.equal(code?.target, `${client.uri('src/checkout/pool.ts')}#L3-L9`);
    assert.equal(code?.tooltip, 'Open src/checkout/pool.ts, lines 3–9');

    const rel = 'incidents/2024/INC-2024-042.yaml';
    client.open(
      rel,
      'id: INC-2024-042\ntitle: t\nstarted: 2024-01-01\nsummary: s\ncode:\n  - path: ../outside.ts\n  - path: src/gone.ts\n  - path: src/search/cache.go\n',
    );
    await diagnosticsOf(rel, (d) => d.some((x) => x.code === 'unsafe-code-path'));
    const own = (await client.request(DocumentLinkRequest.type, { textDocument: { uri: client.uri(rel) } })) ?? [];
    assert.deepEqual(
      own.map((l) => [l.range.start.line, l.target]),
      [[7, client.uri('src/search/cache.go')]],
    );
    client.close(rel);
  });

  it('finds incidents by service and tag in workspace symbols, named with what matched', async () => {
    const names = async (query: string) => ((await client.request(WorkspaceSymbolRequest.type, { query })) ?? []).map((s) => s.name);
    assert.deepEqual(await names('payments-gateway'), ['INC-2024-017 Checkout timed out after the connection pool was resized — payments-gateway']);
    assert.deepEqual(await names('capacity'), ['INC-2024-017 Checkout timed out after the connection pool was resized — capacity']);
    // By id or title, names stay as they were.
    assert.deepEqual(await names('INC-2023-004'), ['INC-2023-004 Search results went stale after a cache key change']);
  });

  describe('renaming an incident id (F2)', () => {
    it('prepares on the record id and on any reference, not on a string literal', async () => {
      assert.deepEqual(await client.request(PrepareRenameRequest.type, client.at('src/search/cache.go', 2, 70)), {
        range: { start: { line: 2, character: 68 }, end: { line: 2, character: 80 } },
        placeholder: 'INC-2023-004',
      });
      const onRecord = await client.request(PrepareRenameRequest.type, client.at('incidents/2023/INC-2023-004.md', 1, 6));
      assert.deepEqual(onRecord, { range: { start: { line: 1, character: 4 }, end: { line: 1, character: 16 } }, placeholder: 'INC-2023-004' });
      assert.equal(await client.request(PrepareRenameRequest.type, client.at('src/checkout/pool.ts', 7, 12)), null);
    });

    it('edits the record id and every reference in code, docs and related lists, open or closed', async () => {
      // An open, unsaved doc with a second mention: its buffer is what gets edited.
      const doc = 'docs/architecture.md';
      const buffer = `Also INC-2023-004.\n${readFileSync(path.join(root, doc), 'utf8')}`;
      client.open(doc, buffer, 'markdown');
      const edit = await client.request(RenameRequest.type, { ...client.at('src/search/cache.go', 2, 70), newName: 'INC-2023-005' });
      const changes = edit?.changes ?? {};
      const where = Object.entries(changes)
        .flatMap(([uri, edits]) =>
          edits.map((e) => `${path.relative(root, new URL(uri).pathname)}:${e.range.start.line}:${e.range.start.character}=${e.newText}`),
        )
        .sort();
      const related = readFileSync(path.join(root, 'incidents/2024/INC-2024-017.yaml'), 'utf8')
        .split('\n')
        .findIndex((l) => l.startsWith('related:'));
      assert.deepEqual(where, [
        'docs/architecture.md:0:5=INC-2023-005',
        `docs/architecture.md:4:${buffer.split('\n')[4].indexOf('INC-2023-004')}=INC-2023-005`,
        'incidents/2023/INC-2023-004.md:1:4=INC-2023-005',
        `incidents/2024/INC-2024-017.yaml:${related}:10=INC-2023-005`,
        'src/search/cache.go:2:68=INC-2023-005',
      ]);
      client.close(doc);
    });

    it('refuses an id that is taken or that does not match the id patterns, saying why', async () => {
      const rename = (newName: string) => client.request(RenameRequest.type, { ...client.at('src/search/cache.go', 2, 70), newName });
      await assert.rejects(rename('INC-2024-017'), /INC-2024-017 is already taken: incidents\/2024\/INC-2024-017\.yaml defines it/);
      await assert.rejects(rename('BUG-7'), /"BUG-7" is not an incident id: it must match one of the idPatterns \(INC-\\d\+\(\?:-\\d\+\)\*\) as a whole/);
    });
  });
});
