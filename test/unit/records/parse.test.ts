import * as assert from 'node:assert/strict';
import { CTX, fixture, parse, summarize } from './helpers';

describe('parseRecordFile: valid records', () => {
  it('reads every field of a YAML record, with no problems', () => {
    const text = fixture('valid/INC-2024-017.yaml');
    const { kind, record, problems } = parse('incidents/INC-2024-017.yaml', text);
    assert.deepEqual(summarize(text, problems), []);
    assert.equal(kind, 'record');
    assert.ok(record);
    assert.equal(record.id, 'INC-2024-017');
    assert.equal(text.slice(record.idSpan.start, record.idSpan.end), 'INC-2024-017');
    assert.equal(record.path, 'incidents/INC-2024-017.yaml');
    assert.equal(record.format, 'yaml');
    assert.equal(record.title, 'Checkout requests timed out after the connection pool change');
    assert.equal(record.status, 'published');
    assert.equal(record.severity, 'SEV2');
    assert.equal(record.started, '2024-03-05T14:02:00Z');
    assert.equal(record.detected, '2024-03-05T14:09:00Z');
    assert.equal(record.mitigated, '2024-03-05T14:41:00Z');
    assert.equal(record.resolved, '2024-03-05T16:20:00Z');
    assert.deepEqual(record.services, ['checkout-api', 'payments-gateway']);
    assert.match(record.summary, /^For 39 minutes .* slowed down\.$/);
    assert.ok(record.narrative?.startsWith('The on-call engineer saw the latency alert'));
    assert.match(record.impact ?? '', /^About 4,100 customers/);
    assert.equal(record.timeline.length, 4);
    assert.deepEqual(
      { at: record.timeline[1].at, event: record.timeline[1].event, source: record.timeline[1].source },
      { at: '2024-03-05T14:09:00Z', event: 'Latency alert pages the on-call engineer.', source: 'page' },
    );
    assert.ok(text.slice(record.timeline[1].span.start, record.timeline[1].span.end).startsWith('at: 2024-03-05T14:09:00Z'));
    assert.equal(record.contributingFactors.length, 3);
    assert.deepEqual(record.difficulties[0], {
      kind: 'surprise',
      description: 'A change that had been quiet for four hours seemed an unlikely trigger.',
    });
    assert.equal(record.learnings.length, 1);
    assert.deepEqual(record.participants[1], { name: 'Jonas Weber', role: 'on-call' });
    assert.equal(record.participants[0].perspective, 'Expected the gateway to be at fault because its status page was yellow.');
    assert.deepEqual(record.actionItems[0], {
      description: 'Add a pool saturation panel to the checkout dashboard.',
      owner: 'Jonas Weber',
      status: 'done',
      link: 'https://tracker.example.com/CHK-1402',
    });
    assert.deepEqual(record.actionItems[1], { description: 'Load-test pool changes against a slow gateway.', status: 'open' });
    assert.deepEqual(record.links, [{ title: 'Incident channel transcript', url: 'https://chat.example.com/archives/C123/p1709647320' }]);
    assert.deepEqual(record.tags, ['database', 'capacity']);
  });

  it('normalises code entries and keeps the span of each path or glob value', () => {
    const text = fixture('valid/INC-2024-017.yaml');
    const record = parse('incidents/INC-2024-017.yaml', text).record!;
    const code = record.code.map(({ span, ...rest }) => ({ ...rest, at: text.slice(span.start, span.end) }));
    assert.deepEqual(code, [
      {
        path: 'services/checkout/src/db/pool.ts',
        lines: { start: 40, end: 72 },
        note: 'Pool size and acquire timeout.',
        at: 'services/checkout/src/db/pool.ts',
      },
      { glob: 'services/checkout/config/*.yaml', at: 'services/checkout/config/*.yaml' },
      { path: 'services/checkout/src/server.ts', lines: { start: 12, end: 12 }, at: './services\\checkout\\src\\server.ts' },
    ]);
  });

  it('keeps commits and related ids with the span of each value (quotes included)', () => {
    const text = fixture('valid/INC-2024-017.yaml');
    const record = parse('incidents/INC-2024-017.yaml', text).record!;
    assert.deepEqual(
      record.commits.map((c) => [c.value, text.slice(c.span.start, c.span.end)]),
      [
        ['3f2a9c1', '3f2a9c1'],
        ['0912345', '"0912345"'],
      ],
    );
    assert.deepEqual(
      record.related.map((r) => [r.value, text.slice(r.span.start, r.span.end)]),
      [['INC-2023-004', 'INC-2023-004']],
    );
  });

  it('reads a Markdown record: front matter fields, body as narrative, spans into the whole file', () => {
    const text = fixture('valid/INC-2023-004.md');
    const { kind, record, problems } = parse('postmortems/INC-2023-004.md', text);
    assert.deepEqual(summarize(text, problems), []);
    assert.equal(kind, 'record');
    assert.ok(record);
    assert.equal(record.format, 'markdown');
    assert.equal(record.status, 'in-review');
    assert.equal(text.slice(record.idSpan.start, record.idSpan.end), 'INC-2023-004');
    assert.equal(record.idSpan.start, text.indexOf('INC-2023-004'));
    assert.ok(record.narrative?.startsWith('# What happened\n\nThe pricing team shipped'));
    assert.ok(record.narrative?.endsWith('kept refreshing the old keys.'));
    assert.deepEqual(record.code[0].lines, { start: 88, end: 88 });
    assert.equal(text.slice(record.code[0].span.start, record.code[0].span.end), 'services/pricing/cache.py');
    assert.equal(text.slice(record.related[0].span.start, record.related[0].span.end), 'INC-2024-017');
  });

  it('prefers a narrative in the front matter over the body', () => {
    const text = '---\nid: INC-1\ntitle: t\nstarted: 2024-01-01\nsummary: s\nnarrative: From the front matter.\n---\nBody text.\n';
    assert.equal(parse('a.md', text).record?.narrative, 'From the front matter.');
  });

  it('treats Markdown without front matter, or without an id, as a document with nothing reported', () => {
    const notes = fixture('valid/architecture-notes.md');
    assert.deepEqual(parse('docs/incidents/architecture-notes.md', notes), { kind: 'document', problems: [] });
    assert.deepEqual(parse('docs/incidents/plain.md', '# Notes\n\nSee INC-42.\n'), { kind: 'document', problems: [] });
    assert.deepEqual(parse('docs/incidents/empty.md', ''), { kind: 'document', problems: [] });
    const rules = '---\nSome prose: with a colon: and more\n\tindented: [\n---\nText\n';
    assert.deepEqual(parse('docs/incidents/rules.md', rules), { kind: 'document', problems: [] });
  });

  it('builds a record best-effort from an invalid file, with defaults', () => {
    const text = 'id: INC-7\nstatus: unknown-status\ntimeline: [{event: no time}]\ndifficulties: [{}]\n';
    const { record, problems } = parse('incidents/INC-7.yaml', text);
    assert.ok(problems.length > 0);
    assert.ok(record);
    assert.equal(record.title, '');
    assert.equal(record.summary, '');
    assert.equal(record.status, 'draft');
    assert.deepEqual(record.services, []);
    assert.deepEqual(
      record.timeline.map((t) => ({ at: t.at, event: t.event })),
      [{ at: '', event: 'no time' }],
    );
    assert.deepEqual(record.difficulties, [{ kind: '', description: '' }]);
    assert.equal(record.started, undefined);
  });

  it('defines no record without a non-empty string id, but is still a record file', () => {
    for (const text of ['title: no id\n', 'id: 42\ntitle: numeric\n', 'id: ""\n', 'id:\n']) {
      const parsed = parse('incidents/x.yaml', text);
      assert.equal(parsed.kind, 'record', text);
      assert.equal(parsed.record, undefined, text);
      assert.ok(
        parsed.problems.some((p) => p.code === 'schema'),
        text,
      );
    }
    const numeric = parse('a.md', '---\nid: 42\n---\n');
    assert.equal(numeric.kind, 'record');
    assert.equal(numeric.record, undefined);
  });

  it('reads YAML 1.2 core: unquoted dates stay strings, yes/no are not booleans', () => {
    const text = 'id: INC-1\ntitle: t\nstarted: 2024-03-05\nsummary: s\ntags: [yes, no, on]\n';
    const { record, problems } = parse('a.yml', text);
    assert.deepEqual(problems, []);
    assert.equal(record?.started, '2024-03-05');
    assert.deepEqual(record?.tags, ['yes', 'no', 'on']);
  });

  it('uses the context severities', () => {
    const text = 'id: INC-1\ntitle: t\nstarted: 2024-03-05\nsummary: s\nseverity: P1\n';
    assert.deepEqual(summarize(text, parse('a.yaml', text).problems), ['schema: P1']);
    assert.deepEqual(parse('a.yaml', text, { ...CTX, severities: ['P1', 'P2'] }).problems, []);
  });
});
