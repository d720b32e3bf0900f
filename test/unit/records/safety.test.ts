import * as assert from 'node:assert/strict';
import type { ParsedRecordFile } from '../../../server/src/core/records';
import { fixture, only, parse, summarize } from './helpers';

const HEAD = 'id: INC-1\ntitle: t\nstarted: 2024-03-05\nsummary: s\n';

/** Every span of every problem lies inside the text. */
function assertSpansInside(text: string, result: ParsedRecordFile): void {
  for (const p of result.problems) {
    assert.ok(p.span.start >= 0 && p.span.start <= p.span.end && p.span.end <= text.length, JSON.stringify(p));
  }
}

/**
 * Runs `run` and logs how long it took. Never asserted: these machines are shared and noisy. The
 * guard against a parse that blows up is mocha's timeout, far above any of these.
 */
function timed<T>(what: string, run: () => T): T {
  const start = process.hrtime.bigint();
  const result = run();
  console.log(`      ${what}: ${(Number(process.hrtime.bigint() - start) / 1e6).toFixed(0)} ms`);
  return result;
}

describe('parseRecordFile: hostile and broken input', function () {
  // Generous, since the machine may be busy: a hang or a blow-up, not a slow run, is what fails.
  this.timeout(30_000);

  it('reports malformed YAML with its range, and still reads what it can', () => {
    const text = 'id: INC-1\ntitle: "unterminated\nstarted: 2024-03-05\n';
    const result = parse('a.yaml', text);
    assertSpansInside(text, result);
    const syntax = result.problems.filter((p) => p.code === 'yaml-syntax');
    assert.ok(syntax.length > 0);
    assert.equal(syntax[0].severity, 'error');
    assert.equal(result.record?.id, 'INC-1');
  });

  it('never throws and keeps spans inside the text for any truncation of a record', () => {
    const full = fixture('valid/INC-2024-017.yaml');
    const md = fixture('valid/INC-2023-004.md');
    for (let cut = 0; cut <= full.length; cut += 7) assertSpansInside(full.slice(0, cut), parse('a.yaml', full.slice(0, cut)));
    for (let cut = 0; cut <= md.length; cut += 5) assertSpansInside(md.slice(0, cut), parse('a.md', md.slice(0, cut)));
  });

  it('stops a billion-laughs alias bomb with one clear problem', () => {
    const text = fixture('broken/billion-laughs.yaml');
    const result = timed('alias bomb', () => parse('incidents/bomb.yaml', text));
    const p = only(result.problems, 'yaml-syntax');
    assert.match(p.message, /alias bomb/);
    assert.match(text.slice(p.span.start, p.span.end), /^\*[a-i]$/);
    assert.equal(result.record?.id, 'INC-2024-024');
    assert.deepEqual(result.record?.tags, []);
  });

  it('still resolves ordinary aliases', () => {
    const text = `${HEAD}services: &svc [api, db]\ntags: *svc\n`;
    const result = parse('a.yaml', text);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.record?.tags, ['api', 'db']);
  });

  const deep: Array<[string, () => string]> = [
    ['10,000 nested flow lists', () => `${HEAD}tags: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`],
    ['10,000 unclosed flow lists', () => `${HEAD}tags: ${'['.repeat(10_000)}`],
    ['10,000 nested flow maps', () => `${HEAD}tags: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`],
    ['10,000 nested block lists on one line', () => `${HEAD}tags:\n${'- '.repeat(10_000)}x\n`],
    ['2,000 nested block maps', () => HEAD + Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}k:\n`).join('')],
    ['100 nested flow lists', () => `${HEAD}tags: ${'['.repeat(100)}${']'.repeat(100)}\n`],
    // Deep for a record but easy for the parser: the limit of the tree walk itself.
    ['100 nested block maps', () => HEAD + Array.from({ length: 100 }, (_, i) => `${' '.repeat(i)}k:\n`).join('')],
  ];
  for (const [name, make] of deep) {
    it(`reports "nesting too deep" once for ${name}, without overflowing the stack`, () => {
      const text = make();
      const result = timed(name, () => parse('incidents/deep.yaml', text));
      assertSpansInside(text, result);
      const deepProblems = result.problems.filter((p) => /Nesting too deep/.test(p.message));
      assert.equal(deepProblems.length, 1, JSON.stringify(result.problems.slice(0, 3)));
      assert.equal(deepProblems[0].code, 'yaml-syntax');
      assert.ok(result.problems.length <= 52, String(result.problems.length));
      // The data was cut short, so it is not validated: no flood of schema errors.
      assert.ok(!result.problems.some((p) => p.code === 'schema'));
      assert.equal(result.record?.id, 'INC-1');
    });
  }

  it('reports a duplicate key at the second key and keeps the first value', () => {
    const text = fixture('broken/duplicate-keys.yaml');
    const result = parse('incidents/dup.yaml', text);
    const p = only(result.problems, 'yaml-syntax');
    assert.equal(p.span.start, text.lastIndexOf('\ntitle:') + 1);
    assert.equal(text.slice(p.span.start, p.span.end), 'title');
    assert.match(p.message, /Duplicate key `title`: it is already set on line 2/);
    assert.equal(result.record?.title, 'First title');
  });

  it('keeps spans exact after a byte order mark, in YAML and in front matter', () => {
    const yaml = `\uFEFF${HEAD}status: done\n`;
    const result = parse('a.yaml', yaml);
    assert.equal(yaml.slice(result.record!.idSpan.start, result.record!.idSpan.end), 'INC-1');
    assert.deepEqual(summarize(yaml, result.problems), ['schema: done']);
    const md = `\uFEFF---\n${HEAD}status: done\n---\nBody\n`;
    const mdResult = parse('a.md', md);
    assert.equal(mdResult.kind, 'record');
    assert.equal(md.slice(mdResult.record!.idSpan.start, mdResult.record!.idSpan.end), 'INC-1');
    assert.deepEqual(summarize(md, mdResult.problems), ['schema: done']);
  });

  it('keeps spans exact with CRLF line endings', () => {
    const text = fixture('valid/INC-2024-017.yaml').replace(/\r?\n/g, '\r\n');
    const result = parse('a.yaml', text);
    assert.deepEqual(result.problems, []);
    const record = result.record!;
    assert.equal(text.slice(record.idSpan.start, record.idSpan.end), 'INC-2024-017');
    for (const c of record.code) assert.ok(!text.slice(c.span.start, c.span.end).includes('\r'));
    assert.equal(text.slice(record.related[0].span.start, record.related[0].span.end), 'INC-2023-004');
    const broken = fixture('broken/schema-errors.yaml').replace(/\n/g, '\r\n');
    const brokenResult = parse('b.yaml', broken);
    assert.deepEqual(
      summarize(broken, brokenResult.problems),
      summarize(fixture('broken/schema-errors.yaml'), parse('b.yaml', fixture('broken/schema-errors.yaml')).problems),
    );
    const md = fixture('valid/INC-2023-004.md').replace(/\n/g, '\r\n');
    const mdResult = parse('a.md', md);
    assert.deepEqual(mdResult.problems, []);
    assert.equal(md.slice(mdResult.record!.idSpan.start, mdResult.record!.idSpan.end), 'INC-2023-004');
  });

  it('reports tabs used for indentation at the tab', () => {
    const text = fixture('broken/tabs.yaml');
    const p = only(parse('a.yaml', text).problems, 'yaml-syntax');
    assert.equal(p.span.start, text.indexOf('\t'));
    assert.match(p.message, /Tabs are not allowed as indentation/);
  });

  it('reports each git conflict marker on its line, reading both sides', () => {
    const text = fixture('broken/conflict.yaml');
    const result = parse('a.yaml', text);
    assert.deepEqual(summarize(text, result.problems), [
      'yaml-syntax: <<<<<<< HEAD',
      'yaml-syntax: =======',
      'yaml-syntax: summary',
      'yaml-syntax: >>>>>>> feature/summary',
    ]);
    assert.match(result.problems[0].message, /merge conflict marker/);
    assert.match(result.problems[2].message, /Duplicate key `summary`/);
    assert.equal(result.record?.summary, 'Ours.');
  });

  it('does not mistake a lone ======= for a conflict marker', () => {
    const text = `${HEAD}narrative: |\n  Heading\n  =======\n`;
    assert.deepEqual(parse('a.yaml', text).problems, []);
  });

  it('never evaluates ---js front matter', () => {
    const text = fixture('broken/js-front-matter.md');
    const result = parse('incidents/js.md', text);
    assert.equal((globalThis as Record<string, unknown>).__incidentLensEvaluated, undefined);
    assert.equal(result.kind, 'document');
    assert.equal(result.record, undefined);
    const p = only(result.problems, 'front-matter');
    assert.equal(text.slice(p.span.start, p.span.end), 'js');
  });

  it('never evaluates custom tags: they are reported and the value stays text', () => {
    const text = fixture('broken/custom-tags.yaml');
    const result = parse('a.yaml', text);
    assert.equal((globalThis as Record<string, unknown>).__incidentLensEvaluated, undefined);
    assert.deepEqual(summarize(text, result.problems), ['yaml-syntax: !!js/function', 'yaml-syntax: !!binary']);
    assert.ok(result.problems.every((p) => p.severity === 'warning'));
    assert.equal(result.record?.title, 'function () { globalThis.__incidentLensEvaluated = true }');
    assert.equal(result.record?.summary, 'aGVsbG8=');
  });

  it('keeps hostile strings verbatim as data', () => {
    const title = '<img src=x onerror=alert(1)>';
    const summary = '[click](command:workbench.action.terminal.new) <script>alert(1)</script>';
    const text = HEAD.replace('title: t', `title: "${title}"`).replace('summary: s', `summary: "${summary}"`);
    const record = parse('a.yaml', text).record!;
    assert.equal(record.title, title);
    assert.equal(record.summary, summary);
  });

  it('keeps a __proto__ key as data without touching prototypes', () => {
    const text = `${HEAD}__proto__: {polluted: yes}\nconstructor: {prototype: {polluted: yes}}\n`;
    const result = parse('a.yaml', text);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(summarize(text, result.problems), ['schema: __proto__', 'schema: constructor']);
  });

  it('parses a 1 MB record', () => {
    const entries = Array.from(
      { length: 9000 },
      (_, i) =>
        `  - at: 2024-03-05T${String(Math.floor(i / 3600) % 24).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z\n` +
        `    event: Entry ${i} of a long timeline, with some words to make it realistic.\n    source: log\n`,
    );
    const text = `${HEAD}timeline:\n${entries.join('')}`;
    assert.ok(text.length > 1_000_000, String(text.length));
    const result = timed('1 MB record', () => parse('incidents/huge.yaml', text));
    assert.deepEqual(result.problems, []);
    assert.equal(result.record?.timeline.length, 9000);
  });
});
