import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as nodePath from 'node:path';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { parseRecordFile } from '../../../server/src/core/records';
import { readPlainYaml } from '../../../server/src/core/records/plainYaml';
import { YAML_OPTIONS } from '../../../server/src/core/records/yamlPart';
import { CTX, fixture } from './helpers';

/** A node tree as comparable data: kinds, values, scalar styles and ranges. */
function shape(node: unknown): unknown {
  if (node === null || node === undefined) return null;
  if (isMap(node)) return { map: node.range, items: node.items.map((pair) => [shape(pair.key), shape(pair.value)]) };
  if (isSeq(node)) return { seq: node.range, items: node.items.map(shape) };
  if (isScalar(node)) return { value: node.value, type: node.type, range: node.range };
  return { unexpected: String(node) };
}

/**
 * Whether the fast path read `source`; when it did, its tree must be the `yaml` library's, node
 * for node, and the library must have nothing to report (the fast path reads only clean YAML).
 */
function readsLikeTheLibrary(source: string): boolean {
  const fast = readPlainYaml(source);
  if (!fast) return false;
  const doc = parseDocument(source, YAML_OPTIONS);
  assert.deepEqual([...doc.errors, ...doc.warnings], [], `the fast path read YAML the library reports on: ${JSON.stringify(source)}`);
  assert.deepEqual(shape(fast), shape(doc.contents), `trees differ for ${JSON.stringify(source)}`);
  return true;
}

// Each list holds one-line YAML documents (\n written out); a comment names what they probe.
const READ = [
  // YAML 1.1 booleans and dates stay text in the 1.2 core schema, and so they do here.
  'a: on\nb: yes\nc: no\nd: off\ne: y\nf: No\n',
  'a: 2024-01-01\nb: 2024-01-01T10:00:00Z\nc: 2024-03-05 14:02\n',
  // A plain whole number, leading zero too (1.2 has no `017` octal), and what only looks like one.
  'a: 12\nb: 017\nc: 1_000\nd: 12abc\ne: 1.2.3\n',
  'id: INC-1',
  '\n\nid: INC-1\n\n\n',
  'a: \'single\'\nb: "double # not a comment"\nc: \'\'\nd: ""\ne: "it\'s"\n',
  'a: x,y\nb: x]y\nc: x{}\nd: x#y\ne: café 😀\nf: a:b\ng: 50%\nh: 5 * 3\n',
  // Spaces after a value are not part of it; a no-break space is.
  'a: x   \nb: x\u00a0\nc: "x"  \n',
  // Comments on their own lines and after values, where they are not counted into a node.
  '# c\n\n# d\na: x\n# e\nb: y  # c: d\n# f\n',
  'a: "x" # c\nb: \'x\'   # c\nc: x#not-a-comment\nd: "x" #c\n',
  'a:\n  # c\n  - x\n  # d\n  - "y"   # c\n# e\nb: z\n',
  'a: # c\n  b: x\nc: # c\n  - x\n',
  'a: |\n  x\n\n# c\n\nb: y\n',
  'a: |\n  # content, not a comment\n  x\nb: y\n',
  'a: x #\n',
  'a:   spaced\nb:  |\n  x\n',
  'a: |\n  x\n  y\n',
  'a: |\n  x\n\n  y\n\n\nb: 1\n',
  'a: |-\n  x\n\n',
  'a: |\n  x\n   more indented\n  y\n',
  'a: |\n  # not a comment\n  key: not a key\n',
  'a: >\n  x\n  y\n\n  z\n',
  'a: >\n  x\n\n\n  y\n',
  'a: >-\n  x\n  y\n  z\n',
  'a: >\n  x\n\n',
  'a:\n  - x\n  - y\n',
  'a:\n  - x\n\n  - y\nb: z\n',
  'a:\n  - b: 1\n    c: 2\n  - b: 3\n',
  'a:\n  -   b: 1\n      c: 2\n',
  'a:\n  - b: |\n      x\n    c: y\n',
  'a:\n  - b: y\n    c: |\n      x\n\n',
  'a:\n  - b: x\n\n    c: y\n',
  'a:\n  b:\n    c: d\n  e: f\n',
  'a-b: c\nA_1: d\non: e\n__proto__: f\n',
  // A list at its key's column.
  'a:\n- x\n- y\nb:\n- c: 1\n  d: 2\n- c: |\n    x\n  d: y\ne: f\n',
  // One-line lists of text.
  'a: [x, y]\nb: [ x ,y ]  # c\nc: []\nd: [ ]\ne: ["x", \'y\']\nf: [on, 017, 2024-01-01, a b  ]\n',
];

const DECLINED = [
  // Anything but text or a plain whole number: null, booleans, octal, hex, floats, signs, big numbers.
  'a: null\n',
  'a: ~\n',
  'a: Null\n',
  'a: TRUE\n',
  'a: true\n',
  'a: 0o17\n',
  'a: 0x1f\n',
  'a: 1.5\n',
  'a: .inf\n',
  'a: 1e3\n',
  'a: +1\n',
  'a: -1\n',
  'a: 1234567890123456\n',
  // Anchors, aliases, tags, merge keys, duplicate keys.
  'a: &x v\nb: *x\n',
  'a: !!str 1\n',
  'a: !foo v\n',
  '<<: {a: 1}\n',
  'a: 1\na: 2\n',
  'null: x\n',
  'true: x\n',
  '1: x\n',
  '"a": b\n',
  'a b: c\n',
  // Documents, directives, conflict markers.
  '---\na: b\n',
  'a: b\n---\nc: d\n',
  'a: b\n...\n',
  '%YAML 1.2\n---\na: b\n',
  '<<<<<<< HEAD\na: 1\n=======\na: 2\n>>>>>>> x\n',
  // Comment lines indented past the next line (the library counts them into the node before),
  // comments after a block scalar's header, escapes, quotes that span lines or are followed by more.
  'a: x\n  # c\nb: y\n',
  'a: x\n   # c\n',
  'a:\n  - x\n    # c\n  - y\n',
  'a:\n  - b: |\n      x\n    # c\n',
  'a: | # c\n  x\n',
  'a: "x"#c\n',
  'a: "x\\ny"\n',
  "a: 'it''s'\n",
  'a: "a"b\n',
  'a: "x\n  y"\n',
  // Flow collections, indicators, mappings where a value is.
  'a: {b: c}\n',
  'a: [x, [y]]\n',
  'a: [x: y]\n',
  'a: [x, ]\n',
  'a: [null]\n',
  'a: ["a, b"]\n',
  'a: [x] y\n',
  'a: [x,\n  y]\n',
  'a:\n  - [x]\n',
  'a: [&a x, *a]\n',
  'a: -x\n',
  'a: ?x\n',
  'a: x: y\n',
  'a: x:\n',
  'a:x\n',
  // Plain scalars over several lines, empty values, indentation that does not line up.
  'a: x\n  y\n',
  'a: x\n\n  y\n',
  'a:\n  x\n',
  'a:\nb: c\n',
  'a:\n',
  'a: b\n  c: d\n',
  'a:\n    b: 1\n  c: 2\n',
  '  a: b\n',
  '- a\n- b\n',
  'a\n',
  'a:\n  - - x\n',
  'a:\n  -\n    b: x\n',
  // Block scalars: keep chomping, indentation indicators, leading empty lines, no final line break,
  // less indented lines, more indented lines when folded, a block scalar as a list item.
  'a: |+\n  x\n\n',
  'a: |2\n   x\n',
  'a: |\n\n  x\n',
  'a: |\n  x',
  'a: |\n    x\n  y\n',
  'a: |\n  x\n b: 1\n',
  'a: >-\n  x\n   y\n',
  'a:\n  - |\n    x\n',
  // Tabs, CR, BOM, control characters, line separators, whitespace-only lines, trailing spaces.
  'a: x\tb\n',
  'a: x\r\nb: y\r\n',
  '\ufeffa: b\n',
  'a: x\u0085y\n',
  'a: x\u2028y\n',
  'a: b\n  \n',
];

describe('readPlainYaml (the fast path of record parsing)', () => {
  for (const source of READ) {
    it(`reads ${JSON.stringify(source)} into the tree the yaml library builds`, () => {
      assert.ok(readsLikeTheLibrary(source), 'the fast path stepped aside');
    });
  }

  for (const source of DECLINED) {
    it(`steps aside for ${JSON.stringify(source)}`, () => {
      assert.equal(readPlainYaml(source), undefined);
    });
  }

  it('reads record fixtures with random edits the same as the library, or steps aside', () => {
    // Edits that touch what the fast path decides on: indentation, indicators, quotes, comments, line breaks.
    const edits = [
      ' ',
      '  ',
      '\n',
      '\n\n',
      ':',
      ': ',
      '- ',
      '#',
      ' #',
      '"',
      "'",
      '|',
      '>',
      '|-',
      '[',
      ']',
      ',',
      '{',
      '&a ',
      '*a',
      '!',
      '0',
      '\t',
      '~',
      '\n  ',
      '\n- ',
      '\\',
      '?',
      '---',
      '\u00a0',
    ];
    const seeds = [fixture('valid/INC-2024-017.yaml'), fixture('valid/INC-2023-004.md').split('---\n')[1]];
    let state = 12345;
    const random = (n: number): number => {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      return state % n;
    };
    let read = 0;
    for (let n = 0; n < 3000; n++) {
      const lines = seeds[random(seeds.length)].split('\n');
      const from = random(lines.length);
      let text = `${lines.slice(from, from + 1 + random(15)).join('\n')}\n`;
      for (let k = 1 + random(3); k > 0; k--) {
        const at = random(text.length + 1);
        text = random(2) === 0 ? text.slice(0, at) + edits[random(edits.length)] + text.slice(at) : text.slice(0, at) + text.slice(at + 1 + random(3));
      }
      if (readsLikeTheLibrary(text)) read++;
    }
    assert.ok(read > 200, `only ${read} of the edited texts took the fast path`);
  });

  it('reads every record fixture the same as the library, or steps aside', () => {
    const root = nodePath.join(__dirname, '../../fixtures/records');
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const full = nodePath.join(dir, name);
        return statSync(full).isDirectory() ? walk(full) : [full];
      });
    let read = 0;
    for (const file of walk(root)) {
      const text = readFileSync(file, 'utf8');
      if (readsLikeTheLibrary(text)) read++;
      const path = nodePath.relative(root, file);
      assert.deepEqual(parseRecordFile(path, text, CTX), parseRecordFile(path, text, CTX, { careful: true }), path);
    }
    assert.ok(read > 0, 'no fixture took the fast path');
  });
});

describe('parseRecordFile: the fast path gives what the careful path gives', () => {
  const record = (title: string, extra = ''): string =>
    [
      'id: INC-2024-001',
      `title: ${title}`,
      'status: published',
      'severity: SEV2',
      'started: 2024-03-05T14:02:00Z',
      'resolved: 2024-03-05T16:20:00Z',
      'summary: >-',
      '  The pool was smaller than the traffic needed.',
      'narrative: |',
      '  The on-call engineer saw the latency alert and looked at the gateway first.',
      '',
      '  Rolling back restored the pool.',
      'timeline:',
      '  - at: 2024-03-05T14:02:00Z',
      '    event: Deploy of the pool change.',
      '  - at: 2024-03-05T14:09:00Z',
      '    event: Latency alert.',
      '    source: page',
      'code:',
      '  - path: services/checkout/src/db/pool.ts',
      '    lines: 40',
      '  - glob: "services/checkout/**/*.ts"',
      'related:',
      '  - INC-2023-9',
      'commits:',
      '  - abc1234',
      extra,
    ].join('\n');

  // Whether the fast path reads the YAML, and whether the record is clean (so its result is the fast path's).
  const cases: Array<[string, string, { read: boolean; clean: boolean }]> = [
    ['a clean record', record('Checkout timed out'), { read: true, clean: true }],
    // Titles a YAML 1.1 parser would read as a boolean, a date or an octal number: text in 1.2.
    ['a title `on`', record('on'), { read: true, clean: true }],
    ['a title `yes`', record('yes'), { read: true, clean: true }],
    ['a title that is a date', record('2024-01-01'), { read: true, clean: true }],
    // A whole number where text belongs: read, and then a problem, so the careful path reports it.
    ['a title `017`', record('017'), { read: true, clean: false }],
    ['a title `null`', record('null'), { read: false, clean: false }],
    ['a title `0o17`', record('0o17'), { read: false, clean: false }],
    ['an anchor and an alias', record('&t Checkout', 'impact: *t'), { read: false, clean: true }],
    ['a tag', record('!!str 12'), { read: false, clean: true }],
    ['a duplicate key', record('Checkout', 'title: Again'), { read: false, clean: false }],
    ['an unknown field', record('Checkout', 'severty: SEV1'), { read: true, clean: false }],
    // The careful path counts unclosed brackets even in plain text, and reports too many.
    ['many unclosed brackets', record('Checkout', `impact: x${'['.repeat(70)}`), { read: false, clean: false }],
    ['blaming words', record('Checkout', 'impact: It was human error, and the root cause was a careless change.'), { read: true, clean: false }],
  ];
  for (const [name, text, expected] of cases) {
    for (const path of ['incidents/INC-2024-001.yaml', 'postmortems/INC-2024-001.md']) {
      it(`${name} (${path.endsWith('.md') ? 'front matter' : 'YAML'})`, () => {
        const yaml = `${text}\n`;
        // The body of a Markdown record stands in for a missing narrative; here the narrative is set.
        const file = path.endsWith('.md') ? `---\n${yaml}---\n\n# Checkout\n\nWe should have seen it coming.\n` : yaml;
        const ctx = { ...CTX, hindsightLanguage: 'hint' as const };
        const careful = parseRecordFile(path, file, ctx, { careful: true });
        assert.deepEqual(parseRecordFile(path, file, ctx), careful);
        assert.equal(readPlainYaml(yaml) !== undefined, expected.read, 'read by the fast path');
        assert.equal(careful.problems.length === 0, expected.clean, JSON.stringify(careful.problems));
        assert.ok(careful.record);
      });
    }
  }
});
