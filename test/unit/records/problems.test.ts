import * as assert from 'node:assert/strict';
import { CTX, fixture, only, parse, summarize } from './helpers';

const HEAD = 'id: INC-1\ntitle: t\nstarted: 2024-03-05\nsummary: s\n';

describe('parseRecordFile: problems at the exact key or value', () => {
  it('maps schema errors to values, unknown fields to keys', () => {
    const text = fixture('broken/schema-errors.yaml');
    const { problems, record } = parse('incidents/schema-errors.yaml', text);
    assert.deepEqual(summarize(text, problems), [
      'schema: finished',
      'schema: 2024-13-01',
      'schema: contributing_factor',
      'schema: slack',
      'schema: frustration',
      'unsafe-code-path: /etc/passwd',
      'unsafe-code-path: ../../**/*.key',
      'schema: glob',
      'schema: 12345678',
      'schema: not-a-hash',
    ]);
    const unknown = problems.find((p) => text.slice(p.span.start, p.span.end) === 'contributing_factor')!;
    assert.equal(unknown.severity, 'warning');
    assert.match(unknown.message, /did you mean `contributing_factors`/);
    assert.match(problems[0].message, /draft, in-review, published/);
    assert.match(problems[8].message, /quote it: "12345678"/);
    assert.ok(problems.every((p) => p.path === 'incidents/schema-errors.yaml'));
    // Unsafe entries are left out of the record so nothing downstream reads them.
    assert.deepEqual(
      record?.code.map((c) => c.path ?? c.glob),
      ['src/queue.ts'],
    );
  });

  it('reports a missing required field at the id key, or at the first key of a nested mapping', () => {
    const text = 'title: t\nid: INC-1\nstarted: 2024-03-05\ntimeline:\n  - event: e\n    source: log\n';
    const { problems } = parse('a.yaml', text);
    assert.deepEqual(summarize(text, problems), ['schema: id', 'schema: event']);
    assert.match(problems[0].message, /Missing required field `summary`/);
    assert.match(problems[1].message, /Missing required field `at` in `timeline\[0\]`/);
    const noId = 'title: t\nstarted: 2024-03-05\nsummary: s\n';
    assert.deepEqual(summarize(noId, parse('a.yaml', noId).problems), ['schema: title']);
  });

  it('reports a record that is not a mapping at its start, and an empty record', () => {
    const list = '- id: INC-1\n- title: t\n';
    const p = only(parse('a.yaml', list).problems, 'schema');
    assert.equal(list.slice(p.span.start, p.span.end), '- id: INC-1');
    assert.match(p.message, /must be a mapping/);
    const empty = only(parse('a.yaml', '# nothing yet\n').problems, 'schema');
    assert.match(empty.message, /empty/);
  });

  it('points at the key when the value is empty', () => {
    const text = `${HEAD}services:\nstatus:\n`;
    assert.deepEqual(summarize(text, parse('a.yaml', text).problems), ['schema: services', 'schema: status']);
  });

  it('requires exactly one of path and glob in a code entry', () => {
    const text = `${HEAD}code:\n  - lines: "3"\n    note: n\n  - path: a.ts\n    glob: "*.ts"\n`;
    const problems = parse('a.yaml', text).problems;
    assert.deepEqual(summarize(text, problems), ['schema: lines', 'schema: glob']);
    assert.match(problems[0].message, /needs a `path`/);
    assert.match(problems[1].message, /both `path` and `glob`/);
  });

  it('checks line ranges', () => {
    const text = `${HEAD}code:\n  - path: a.ts\n    lines: "72-40"\n  - path: b.ts\n    lines: 40-\n  - path: c.ts\n    lines: 0\n`;
    const problems = parse('a.yaml', text).problems;
    assert.deepEqual(summarize(text, problems), ['schema: "72-40"', 'schema: 40-', 'schema: 0']);
    assert.match(problems[0].message, /ends \(40\) before it starts \(72\)/);
  });

  it('reports resolved before started at the resolved value, comparing days when one side is a date', () => {
    const text = `${HEAD}resolved: 2024-03-04T23:59Z\n`.replace('started: 2024-03-05', 'started: 2024-03-05T00:10+01:00');
    // 00:10+01:00 is 23:10Z on the 4th: resolved (23:59Z) is after it.
    assert.deepEqual(parse('a.yaml', text).problems, []);
    const before = `${HEAD}resolved: 2024-03-04T23:59Z\n`;
    const p = only(parse('a.yaml', before).problems, 'resolved-before-started');
    assert.equal(before.slice(p.span.start, p.span.end), '2024-03-04T23:59Z');
    assert.equal(p.severity, 'error');
    const sameDay = `${HEAD}resolved: 2024-03-05T10:00Z\n`.replace('started: 2024-03-05', 'started: 2024-03-05T12:00Z');
    assert.equal(parse('a.yaml', sameDay).problems.length, 1);
    const dateOnly = `${HEAD}resolved: 2024-03-05\n`.replace('started: 2024-03-05', 'started: 2024-03-05T12:00Z');
    assert.deepEqual(parse('a.yaml', dateOnly).problems, []);
  });

  it('reports an impossible calendar date that the pattern lets through', () => {
    const text = HEAD.replace('2024-03-05', '2023-02-29');
    const p = only(parse('a.yaml', text).problems, 'schema');
    assert.equal(text.slice(p.span.start, p.span.end), '2023-02-29');
    assert.match(p.message, /not a real date/);
  });

  it('reports a timeline entry earlier than the one before it, at its `at`', () => {
    const text =
      `${HEAD}timeline:\n` +
      '  - {at: 2024-03-05T10:00Z, event: a}\n' +
      '  - {at: 2024-03-05T09:00Z, event: b}\n' +
      '  - {at: 2024-03-05T09:30Z, event: c}\n' +
      '  - {at: 2024-03-05, event: d}\n';
    const problems = parse('a.yaml', text).problems;
    assert.deepEqual(summarize(text, problems), ['timeline-order: 2024-03-05T09:00Z']);
    assert.equal(problems[0].severity, 'warning');
  });

  for (const [value, why] of [
    ['/etc/passwd', /absolute/],
    ['C:/Windows/win.ini', /drive letter/],
    ['c:relative', /drive letter/],
    ['\\\\server\\share\\x', /absolute/],
    ['../secrets.txt', /climbs out/],
    ['src/../../x', /climbs out/],
    ['src\\..\\..\\x', /climbs out/],
  ] as const) {
    it(`reports the unsafe code path ${value}`, () => {
      const text = `${HEAD}code:\n  - path: '${value}'\n`;
      const { problems, record } = parse('a.yaml', text);
      const p = only(problems, 'unsafe-code-path');
      assert.equal(text.slice(p.span.start, p.span.end), `'${value}'`);
      assert.match(p.message, why);
      assert.equal(p.severity, 'error');
      assert.deepEqual(record?.code, []);
    });
  }

  it('reports globs that climb out, including past `**`', () => {
    const text = `${HEAD}code:\n  - glob: "**/../x"\n  - glob: "/abs/**"\n  - glob: "src/*/../*.ts"\n`;
    const problems = parse('a.yaml', text).problems;
    assert.deepEqual(summarize(text, problems), ['unsafe-code-path: "**/../x"', 'unsafe-code-path: "/abs/**"']);
  });

  it('accepts inner `..` that stays inside and normalises it', () => {
    const text = `${HEAD}code:\n  - path: src/lib/../main.ts\n`;
    const { problems, record } = parse('a.yaml', text);
    assert.deepEqual(problems, []);
    assert.equal(record?.code[0].path, 'src/main.ts');
  });

  it('reports front matter without a closing line at its opening', () => {
    const text = fixture('broken/unclosed-front-matter.md');
    const result = parse('incidents/x.md', text);
    assert.equal(result.kind, 'document');
    assert.equal(result.record, undefined);
    const p = only(result.problems, 'front-matter');
    assert.deepEqual(p.span, { start: 0, end: 3 });
    assert.equal(p.severity, 'error');
  });

  it('reports front matter in another language without reading it', () => {
    for (const [text, language] of [
      ['---json\n{"id": "INC-1"}\n---\n', 'json'],
      ['---toml\nid = "INC-1"\n---\n', 'toml'],
      ['+++\nid = "INC-1"\n+++\n', '+++'],
    ]) {
      const result = parse('incidents/x.md', text);
      assert.equal(result.record, undefined);
      const p = only(result.problems, 'front-matter');
      assert.equal(text.slice(p.span.start, p.span.end), language);
      assert.match(p.message, /only YAML/);
    }
  });

  it('shifts front matter spans by where the front matter starts', () => {
    const text = '---\nid: INC-1\ntitle: t\nstarted: 2024-03-05\nsummary: s\nstatus: done\n---\nBody\n';
    const p = only(parse('a.md', text).problems, 'schema');
    assert.equal(text.slice(p.span.start, p.span.end), 'done');
    assert.equal(p.span.start, text.indexOf('done'));
  });
});

describe('parseRecordFile: blameless language', () => {
  const withSummary = (summary: string): string => HEAD.replace('summary: s', `summary: ${summary}`);

  it('flags blame-oriented phrases at the phrase, with the configured severity', () => {
    const text = withSummary('It was human error; the operator was careless and should have checked.');
    const problems = parse('a.yaml', text).problems;
    assert.deepEqual(summarize(text, problems), ['blameless-language: human error', 'blameless-language: careless', 'blameless-language: should have']);
    assert.ok(problems.every((p) => p.severity === 'hint'));
    assert.match(problems[0].message, /conditions that made the action make sense at the time/);
    const warned = parse('a.yaml', text, { ...CTX, blamelessLanguage: 'warning' }).problems;
    assert.ok(warned.every((p) => p.severity === 'warning'));
    assert.deepEqual(parse('a.yaml', text, { ...CTX, blamelessLanguage: 'off' }).problems, []);
  });

  it('leaves neutral wording alone', () => {
    for (const summary of [
      'The deploy failed to start and the job failed to acquire a lock.',
      'We ran git blame on the pool config; the review stayed blameless.',
      "A page fault storm; fault tolerance held. It was nobody's fault.",
      'We could have lost data.',
    ]) {
      const text = withSummary(JSON.stringify(summary));
      assert.deepEqual(summarize(text, parse('a.yaml', text).problems), [], summary);
    }
  });

  it('flags "failed to" only after a person', () => {
    const text = withSummary('The engineer failed to notice; someone failed to page.');
    assert.deepEqual(summarize(text, parse('a.yaml', text).problems), ['blameless-language: The engineer failed to', 'blameless-language: someone failed to']);
  });

  it('checks every narrative field, across line breaks of block scalars', () => {
    const text =
      HEAD +
      'narrative: >\n  It was a human\n  error.\n' +
      'impact: Blamed on ops.\n' +
      'contributing_factors: [negligence]\n' +
      'learnings: ["It was the fault of the tooling"]\n' +
      'difficulties: [{kind: confusion, description: Whose fault was it?}]\n' +
      'timeline: [{at: 2024-03-05, event: Sam failed to look. He failed to look.}]\n' +
      'participants: [{name: A, perspective: human error}]\n';
    assert.deepEqual(summarize(text, parse('a.yaml', text).problems), [
      'blameless-language: human\n  error',
      'blameless-language: Blamed',
      'blameless-language: negligence',
      'blameless-language: fault of',
      'blameless-language: He failed to',
    ]);
  });

  it('checks the Markdown body when it is the narrative', () => {
    const text = '---\nid: INC-1\ntitle: t\nstarted: 2024-03-05\nsummary: s\n---\nThis was human error.\n';
    const p = only(parse('a.md', text).problems, 'blameless-language');
    assert.equal(text.slice(p.span.start, p.span.end), 'human error');
  });
});
