import * as assert from 'node:assert/strict';
import { normalizeCodeGlob, normalizeCodePath, parseLineRange, unsafePathReason } from '../../../server/src/core/records/codePaths';
import { compareRecordDates, parseRecordDate } from '../../../server/src/core/records/dates';
import { splitFrontMatter } from '../../../server/src/core/records/frontMatter';

describe('record dates', () => {
  it('parses dates and date-times, with and without offsets', () => {
    assert.deepEqual(parseRecordDate('1970-01-02'), { day: 1 });
    assert.deepEqual(parseRecordDate('1970-01-01T01:00Z'), { day: 0, time: 3_600_000 });
    assert.deepEqual(parseRecordDate('1970-01-01T01:00:00.5+01:00'), { day: 0, time: 500 });
    assert.deepEqual(parseRecordDate('1970-01-01 00:00-0130'), { day: 0, time: 5_400_000 });
    assert.equal(parseRecordDate('2024-02-30'), undefined);
    assert.equal(parseRecordDate('2024-02-29')?.day, parseRecordDate('2024-03-01')!.day - 1);
    assert.equal(parseRecordDate('2024-03-05T24:00'), undefined);
    assert.equal(parseRecordDate('yesterday'), undefined);
  });

  it('compares at the precision both sides have', () => {
    const cmp = (a: string, b: string): number => Math.sign(compareRecordDates(parseRecordDate(a)!, parseRecordDate(b)!));
    assert.equal(cmp('2024-03-05T10:00Z', '2024-03-05T11:00+02:00'), 1);
    assert.equal(cmp('2024-03-05', '2024-03-05T23:00Z'), 0);
    assert.equal(cmp('2024-03-04T23:00Z', '2024-03-05'), -1);
  });
});

describe('code paths', () => {
  it('tells safe from unsafe paths and globs', () => {
    assert.equal(unsafePathReason('src/a.ts', false), undefined);
    assert.equal(unsafePathReason('./src/../a.ts', false), undefined);
    assert.match(unsafePathReason('src/../../a.ts', false) ?? '', /climbs out/);
    assert.match(unsafePathReason('..', false) ?? '', /climbs out/);
    assert.match(unsafePathReason('D:\\x', false) ?? '', /drive letter/);
    assert.match(unsafePathReason('a\u0000b', false) ?? '', /control/);
    assert.equal(unsafePathReason('src/*/../x', true), undefined);
    assert.match(unsafePathReason('src/**/../../x', true) ?? '', /climbs out/);
    // In a glob a backslash escapes, so `\..` is not a parent segment.
    assert.equal(unsafePathReason('a\\..\\..\\b', true), undefined);
  });

  it('normalises paths and globs', () => {
    assert.equal(normalizeCodePath('./src\\lib//./a.ts'), 'src/lib/a.ts');
    assert.equal(normalizeCodePath('src/lib/../a.ts'), 'src/a.ts');
    assert.equal(normalizeCodeGlob('././src//**/*.ts'), 'src/**/*.ts');
    assert.equal(normalizeCodeGlob('src/\\*.ts'), 'src/\\*.ts');
  });

  it('parses line ranges', () => {
    assert.deepEqual(parseLineRange('40-72'), { start: 40, end: 72 });
    assert.deepEqual(parseLineRange('7'), { start: 7, end: 7 });
    assert.deepEqual(parseLineRange(12), { start: 12, end: 12 });
    assert.equal(parseLineRange('0'), undefined);
    assert.equal(parseLineRange('4-'), undefined);
    assert.equal(parseLineRange(1.5), undefined);
  });
});

describe('front matter', () => {
  it('finds YAML front matter and where the body starts', () => {
    const text = '---\nid: a\n---\nbody';
    const fm = splitFrontMatter(text);
    assert.equal(fm.kind, 'yaml');
    if (fm.kind !== 'yaml') return;
    assert.equal(fm.yaml, 'id: a\n');
    assert.equal(text.slice(fm.bodyStart), 'body');
    assert.equal(splitFrontMatter('---yaml\nid: a\n...\n').kind, 'yaml');
    assert.equal(splitFrontMatter('---\r\nid: a\r\n---\r\n').kind, 'yaml');
  });

  it('recognises front matter that is not there, unclosed, or in another language', () => {
    assert.equal(splitFrontMatter('# Title\n---\n').kind, 'none');
    assert.equal(splitFrontMatter('----\n').kind, 'none');
    assert.equal(splitFrontMatter('---\nid: a\n').kind, 'unclosed');
    const js = splitFrontMatter('--- js \n{}\n---\n');
    assert.equal(js.kind, 'foreign');
    if (js.kind === 'foreign') assert.deepEqual(js.languageSpan, { start: 4, end: 6 });
  });
});
