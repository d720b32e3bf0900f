import * as assert from 'node:assert/strict';
import { compileIdPatterns, DEFAULT_ID_PATTERN, MAX_ID_LENGTH } from '../../../server/src/core/references';

/** Ids (text only) the matcher finds in `text`. */
function found(patterns: string[], text: string): string[] {
  return compileIdPatterns(patterns)
    .matcher.findAll(text)
    .map((match) => match.id);
}

describe('references: id patterns', () => {
  it('finds default ids bounded by non-word characters, with offsets', () => {
    const { matcher, errors } = compileIdPatterns([DEFAULT_ID_PATTERN]);
    assert.deepEqual(errors, []);
    const text = '(INC-1) INC-1. INC-2024-017, xINC-3 INC-4x INC_5 INC-6_ é INC-7';
    assert.deepEqual(matcher.findAll(text), [
      { id: 'INC-1', start: 1, end: 6 },
      { id: 'INC-1', start: 8, end: 13 },
      { id: 'INC-2024-017', start: 15, end: 27 },
      { id: 'INC-7', start: 58, end: 63 },
    ]);
  });

  it('limits the search to [from, to) while judging boundaries against the whole text', () => {
    const { matcher } = compileIdPatterns([]);
    const text = 'INC-1 INC-2 xINC-3 INC-4';
    assert.deepEqual(
      matcher.findAll(text, 6, 18).map((match) => match.id),
      ['INC-2'],
    );
    // A range starting inside a word does not make the rest of the word an id.
    assert.deepEqual(matcher.findAll(text, 13), [{ id: 'INC-4', start: 19, end: 24 }]);
    // A match cut by the end of the range is not an id.
    assert.deepEqual(matcher.findAll(text, 0, 3), []);
  });

  it('answers whole-token questions', () => {
    const { matcher } = compileIdPatterns([]);
    assert.equal(matcher.matches('INC-2024-017'), true);
    assert.equal(matcher.matches('INC-'), false);
    assert.equal(matcher.matches('xINC-1'), false);
    assert.equal(matcher.matches('INC-1 '), false);
    assert.equal(matcher.matches('INC-' + '1'.repeat(MAX_ID_LENGTH)), false);
  });

  it('anchors in a pattern mean the same as the token boundaries', () => {
    assert.deepEqual(found(['^INC-\\d+$'], 'a INC-1 b'), ['INC-1']);
  });

  it('combines several patterns in text order, earliest and longest first', () => {
    const text = 'OPS-7 then INC-3, SEC-2024-1';
    assert.deepEqual(found(['INC-\\d+', 'OPS-\\d+', 'SEC-\\d+(?:-\\d+)?', 'SEC-\\d+'], text), ['OPS-7', 'INC-3', 'SEC-2024-1']);
  });

  it('rejects invalid, empty-matching and catastrophic patterns with a reason, keeping the good ones', () => {
    const { matcher, errors } = compileIdPatterns([
      '(',
      'a*',
      '(a+)+$',
      '(a|a)*',
      'x(a|a)+y',
      'OPS-\\d+',
      '(?:\\w+\\s?)+',
      '(?<=x)INC-1',
      'INC-(\\d)\\1',
      'x'.repeat(300),
    ]);
    const byIndex = new Map(errors.map((error) => [error.index, error.message]));
    assert.equal(byIndex.get(0), 'invalid regular expression: Unterminated group');
    assert.match(byIndex.get(1) ?? '', /empty string/);
    assert.match(byIndex.get(2) ?? '', /catastrophic/);
    assert.ok(byIndex.has(3));
    assert.match(byIndex.get(4) ?? '', /alternatives/);
    assert.equal(byIndex.has(5), false);
    assert.match(byIndex.get(6) ?? '', /catastrophic/);
    assert.match(byIndex.get(7) ?? '', /lookbehind/);
    assert.match(byIndex.get(8) ?? '', /backreference/);
    assert.match(byIndex.get(9) ?? '', /longer than/);
    assert.equal(
      errors.every((error) => error.pattern !== undefined),
      true,
    );
    assert.deepEqual(matcher.patterns, ['OPS-\\d+']);
    // An optional part inside a repetition splits the same run of characters many ways.
    for (const hidden of ['INC-(?:\\d\\d?)+x', 'INC-(?:\\d?\\d)+x']) {
      assert.match(compileIdPatterns([hidden]).errors[0]?.message ?? '', /catastrophic/, hidden);
    }
    for (const polynomial of ['\\w+\\d+', 'INC-\\d+-?\\d+']) {
      assert.match(compileIdPatterns([polynomial]).errors[0]?.message ?? '', /repetitions in a row/, polynomial);
    }
    assert.deepEqual(
      matcher.findAll('INC-1 OPS-2').map((match) => match.id),
      ['OPS-2'],
    );
  });

  it('accepts separated repetitions that cannot backtrack catastrophically', () => {
    for (const pattern of [
      DEFAULT_ID_PATTERN,
      '[A-Z]+-\\d+',
      'INC-\\d+(?:-[a-z]?\\d+)*',
      'INC-(?:\\d{4})+',
      '(?:[a-z]+\\.)+[a-z]+-\\d+',
      '(?:\\d+-)+\\d+',
      'INC-\\d{4}-\\d{3}',
      '(?:INC|OPS)-\\d+',
    ]) {
      assert.deepEqual(compileIdPatterns([pattern]).errors, [], pattern);
    }
  });

  it('falls back to the default pattern when every pattern is rejected, still reporting them', () => {
    const { matcher, errors } = compileIdPatterns(['(', 'a*']);
    assert.equal(errors.length, 2);
    assert.deepEqual(matcher.patterns, [DEFAULT_ID_PATTERN]);
    assert.deepEqual(found(['('], 'see INC-42.'), ['INC-42']);
    assert.deepEqual(compileIdPatterns([]).matcher.patterns, [DEFAULT_ID_PATTERN]);
  });

  it('offers ERE / rust-regex sources for a native pre-filter', () => {
    const { matcher } = compileIdPatterns([DEFAULT_ID_PATTERN, '[A-Z]{2,5}-\\d+(?=\\b)']);
    assert.equal(matcher.portable, true);
    assert.deepEqual(matcher.sources, ['INC-[[:digit:]]+(-[[:digit:]]+)*', '[A-Z]{2,5}-[[:digit:]]+']);
    const posix = new RegExp(matcher.sources[0].replace(/\[:digit:\]/g, '0-9'));
    assert.equal(posix.test('INC-2024-017'), true);
    assert.equal(compileIdPatterns(['INC-\\t\\d+']).matcher.portable, false);
  });

  it('keeps every literal a literal once groups are flattened and anchors dropped', () => {
    // `{` then an anchor then `2}`: dropping the anchor must not turn the text into a quantifier.
    const braces = compileIdPatterns(['x{^2}']).matcher;
    assert.equal(braces.matches('x{2}'), true);
    assert.equal(braces.matches('xx'), false);
    // Annex B: `\c` before a non-letter is a backslash and a `c`; `\1` without a group is octal.
    assert.equal(compileIdPatterns(['INC-\\c1']).matcher.matches('INC-\\c1'), true);
    assert.deepEqual(compileIdPatterns(['INC\\1']).errors, []);
    assert.match(compileIdPatterns(['(?<n>I)-\\k<n>']).errors[0]?.message ?? '', /backreferences \(\\k<n>\)/);
  });

  it('skips ids longer than the limit in linear time: 10,000 digits and a 1 MB line', () => {
    const { matcher } = compileIdPatterns([]);
    const long = 'INC-' + '7'.repeat(10_000);
    assert.deepEqual(
      matcher.findAll(`${long} INC-5`).map((match) => match.id),
      ['INC-5'],
    );
    assert.equal(matcher.matches(long), false);
    const exactly = 'INC-' + '1'.repeat(MAX_ID_LENGTH - 4);
    assert.deepEqual(
      matcher.findAll(`(${exactly})`).map((match) => match.id),
      [exactly],
    );
    // Whole units only, so the line does not end in a shortened (valid) id.
    const unit = 'INC-' + '1-'.repeat(200) + '1 ';
    const line = unit.repeat(Math.floor((1 << 20) / unit.length));
    const started = Date.now();
    assert.deepEqual(matcher.findAll(line), []);
    const upper = compileIdPatterns(['[A-Z]+-\\d+']).matcher;
    assert.deepEqual(upper.findAll('A'.repeat(1 << 20)), []);
    assert.deepEqual(upper.findAll('AB-'.repeat(1 << 18) + 'X'), []);
    // Informational only: timing is never asserted.
    console.log(`      1 MB pathological lines: ${Date.now() - started} ms`);
  });
});
