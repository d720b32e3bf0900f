import * as assert from 'node:assert/strict';
import { CTX, parse } from './helpers';

const REST = 'title: t\nstarted: 2024-01-01\nsummary: s\n';

describe('parseRecordFile: the id must match the id patterns', () => {
  const lookAlikes: Array<[string, string, RegExp]> = [
    ['a zero-width space', '"INC-1\\u200B"', /`id` INC-1<U\+200B> is not an incident id: .*; it contains U\+200B\./],
    ['a right-to-left override', '"\\u202EINC-1"', /`id` <U\+202E>INC-1 is not an incident id: .*; it contains U\+202E\./],
    ['a Cyrillic letter', '\u0406NC-1', /`id` <U\+0406>NC-1 is not an incident id: .*; it contains U\+0406\./],
    ['a leading space', '" INC-1"', /`id` <U\+0020>INC-1 is not an incident id: .*; it contains U\+0020\./],
  ];
  for (const [what, written, message] of lookAlikes) {
    it(`reports an id with ${what} at the id, and defines no incident`, () => {
      const text = `id: ${written}\n${REST}`;
      const result = parse('incidents/a.yaml', text, CTX);
      assert.equal(result.kind, 'record');
      assert.equal(result.record, undefined);
      assert.equal(result.problems.length, 1, JSON.stringify(result.problems));
      const [problem] = result.problems;
      assert.equal(problem.severity, 'error');
      assert.equal(problem.code, 'schema');
      assert.equal(text.slice(problem.span.start, problem.span.end), written);
      assert.match(problem.message, message);
      assert.match(problem.message, /one of the idPatterns \(INC-\\d\+\(\?:-\\d\+\)\*\) as a whole/);
      assert.match(problem.message, /this record defines no incident/);
      // The message names odd characters by code point and never carries them.
      assert.doesNotMatch(problem.message, /[\u200B\u202E\u0406]/);
    });
  }

  it('matches the whole id, not a part of it', () => {
    for (const id of ['INC-1x', 'xINC-1', 'INC-1 2', 'INC-']) {
      const result = parse('incidents/a.yaml', `id: ${id}\n${REST}`, CTX);
      assert.equal(result.record, undefined, id);
      assert.equal(result.problems.length, 1, id);
    }
    assert.equal(parse('incidents/a.yaml', `id: INC-2024-017\n${REST}`, CTX).record?.id, 'INC-2024-017');
  });

  it('follows the configured patterns, in Markdown front matter too', () => {
    const ops = { ...CTX, idPatterns: ['OPS-\\d+'] };
    assert.equal(parse('ops/a.yaml', `id: OPS-7\n${REST}`, ops).record?.id, 'OPS-7');
    const inc = parse('ops/b.md', `---\nid: INC-1\n${REST}---\nBody\n`, ops);
    assert.equal(inc.kind, 'record');
    assert.equal(inc.record, undefined);
    assert.match(inc.problems[0].message, /^`id` INC-1 is not an incident id: it must match one of the idPatterns \(OPS-\\d\+\) as a whole\./);
    assert.equal(inc.problems[0].span.start, '---\nid: '.length);
  });
});
