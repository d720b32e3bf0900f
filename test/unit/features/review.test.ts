import * as assert from 'node:assert/strict';
import { hunkTouches, meetsSeverity, recordLink, reviewChange, reviewReport, type ChangedFile } from '../../../server/src/core/features/review';
import { HistoryIndex } from '../../../server/src/core/history';
import { IncidentIndex } from '../../../server/src/core/index/incidentIndex';
import { DEFAULT_OPTIONS } from '../../../server/src/core/model';
import { compileIdPatterns } from '../../../server/src/core/references';
import { renderReviewMarkdown, REVIEW_MARKER } from '../../../server/src/core/render/review/markdown';
import { renderReviewSarif } from '../../../server/src/core/render/review/sarif';
import { recordYaml } from '../../helpers/records';

function indexOf(files: Record<string, string>): IncidentIndex {
  const index = new IncidentIndex(DEFAULT_OPTIONS, compileIdPatterns(DEFAULT_OPTIONS.idPatterns).matcher);
  for (const [path, text] of Object.entries(files)) index.setFile(path, text);
  return index;
}

const lines = (n: number, prefix = 'line') => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`).join('\n') + '\n';
/** One line (0-based) rewritten. */
const edit = (line: number) => ({ oldStart: line, oldEnd: line + 1, newStart: line, newEnd: line + 1 });
const meta = { base: 'main', mergeBase: 'a'.repeat(40), head: 'b'.repeat(40) };

describe('review: changed lines', () => {
  it('a removal touches a range it falls inside, not one it is far from', () => {
    const removal = { oldStart: 5, oldEnd: 6, newStart: 5, newEnd: 5 };
    assert.equal(hunkTouches(removal, 3, 6), true);
    assert.equal(hunkTouches(removal, 8, 9), false);
    assert.equal(hunkTouches({ oldStart: 1, oldEnd: 2, newStart: 1, newEnd: 3 }, 2, 4), true);
    assert.equal(hunkTouches({ oldStart: 1, oldEnd: 2, newStart: 1, newEnd: 3 }, 3, 4), false);
  });
});

describe('review: touched incidents', () => {
  it('orders code, reference, record and history ties, and leaves untied changes out', () => {
    const code = lines(20);
    const index = indexOf({
      'incidents/a.yaml': recordYaml('INC-1', { extra: 'severity: SEV4\ncode:\n  - path: src/a.ts\n    lines: "5-8"\n' }),
      'incidents/b.yaml': recordYaml('INC-2', { extra: 'severity: SEV3\n' }),
      'incidents/c.yaml': recordYaml('INC-3', { extra: 'severity: SEV2\n' }),
      'incidents/d.yaml': recordYaml('INC-4', { extra: 'severity: SEV1\n' }),
      'src/a.ts': code.replace('line 6\n', 'changed\n'),
      'src/b.ts': `// INC-2 why this is odd\n${code}`.replace('line 2\n', 'changed\n'),
      'src/c.ts': code.replace('line 1\n', 'x\n'),
      'src/far.ts': `// INC-2\n\n${code}`.replace('line 15\n', 'changed\n'),
    });
    const history = new HistoryIndex(
      [{ hash: 'c'.repeat(40), shortHash: 'ccccccc', subject: 'fix INC-4', date: '2024-01-01', author: 'x', ids: ['INC-4'], files: ['src/c.ts'], renames: [] }],
      'c'.repeat(40),
    );
    const changes: ChangedFile[] = [
      // The line ranges are git's (test/git/lineRanges.test.ts); here they are given.
      { path: 'src/a.ts', status: 'modified', oldText: code, newText: code.replace('line 6\n', 'changed\n'), hunks: [edit(5)] },
      {
        path: 'src/b.ts',
        status: 'modified',
        oldText: `// INC-2 why this is odd\n${code}`,
        newText: `// INC-2 why this is odd\n${code}`.replace('line 2\n', 'changed\n'),
        hunks: [edit(2)],
      },
      { path: 'src/c.ts', status: 'modified', oldText: code, newText: code.replace('line 1\n', 'x\n'), hunks: [edit(0)] },
      {
        path: 'src/far.ts',
        status: 'modified',
        oldText: `// INC-2\n\n${code}`,
        newText: `// INC-2\n\n${code}`.replace('line 15\n', 'changed\n'),
        hunks: [edit(16)],
      },
      {
        path: 'incidents/c.yaml',
        status: 'modified',
        oldText: recordYaml('INC-3', { extra: 'severity: SEV2\n' }),
        newText: recordYaml('INC-3', { extra: 'severity: SEV2\n' }) + 'tags: [x]\n',
        hunks: [{ oldStart: 5, oldEnd: 5, newStart: 5, newEnd: 6 }],
      },
    ];
    const result = reviewChange({ index, changes, history });
    assert.deepEqual(
      result.incidents.map((i) => [i.record.id, i.strongest]),
      [
        ['INC-1', 'code'],
        ['INC-2', 'reference'],
        ['INC-3', 'record'],
        ['INC-4', 'history'],
      ],
    );
    const [a, b] = result.incidents;
    assert.deepEqual(
      a.places.map((p) => [p.path, p.startLine, p.endLine]),
      [['src/a.ts', 6, 6]],
    );
    // Only the place right under the comment: src/far.ts changed far below its reference.
    assert.deepEqual(
      b.places.map((p) => [p.path, p.startLine]),
      [['src/b.ts', 3]],
    );
    const noHistory = reviewChange({ index, changes });
    assert.deepEqual(
      noHistory.incidents.map((i) => i.record.id),
      ['INC-1', 'INC-2', 'INC-3'],
    );
  });

  it('a removed or moved referencing comment still ties the incident, as does a deleted file', () => {
    const index = indexOf({ 'incidents/a.yaml': recordYaml('INC-7'), 'src/x.py': 'def f():\n    pass\n' });
    const oldText = '# INC-7: keep the lock\ndef f():\n    pass\n';
    const removed = reviewChange({ index, changes: [{ path: 'src/x.py', status: 'modified', oldText, newText: 'def f():\n    pass\n' }] });
    assert.equal(removed.incidents[0].record.id, 'INC-7');
    assert.match(removed.incidents[0].places[0].detail, /removed or moved/);
    assert.equal(removed.incidents[0].places[0].startLine, 1);
    const deleted = reviewChange({ index, changes: [{ path: 'src/gone.py', status: 'deleted', oldText }] });
    assert.equal(deleted.incidents[0].places[0].startLine, undefined);
    // A string literal is not a reference, before or after.
    const literal = reviewChange({ index, changes: [{ path: 'src/x.py', status: 'modified', oldText: 'x = "INC-7"\n', newText: 'x = 1\n' }] });
    assert.deepEqual(literal.incidents, []);
  });

  it('a renamed file keeps the ties its old name had in a record', () => {
    const index = indexOf({ 'incidents/a.yaml': recordYaml('INC-8', { extra: 'code:\n  - path: src/old.ts\n' }), 'src/new.ts': 'a\n' });
    const result = reviewChange({ index, changes: [{ path: 'src/new.ts', oldPath: 'src/old.ts', status: 'renamed', oldText: 'a\n', newText: 'a\n' }] });
    assert.equal(result.incidents[0].record.id, 'INC-8');
    assert.match(result.incidents[0].places[0].detail, /renamed from src\/old\.ts/);
  });

  it('--fail-on compares with the configured severity order', () => {
    const index = indexOf({ 'incidents/a.yaml': recordYaml('INC-1', { extra: 'severity: SEV2\ncode:\n  - path: a.ts\n' }), 'a.ts': 'x\n' });
    const report = reviewReport(reviewChange({ index, changes: [{ path: 'a.ts', status: 'modified', oldText: 'y\n', newText: 'x\n' }] }), meta, {
      repoPrefix: '',
    });
    assert.equal(meetsSeverity(report, 'SEV1', DEFAULT_OPTIONS.severities), false);
    assert.equal(meetsSeverity(report, 'SEV2', DEFAULT_OPTIONS.severities), true);
    assert.equal(meetsSeverity(report, 'SEV3', DEFAULT_OPTIONS.severities), true);
  });

  it('links to the blob at the head commit on GitHub, else the path', () => {
    assert.equal(recordLink('incidents/a b.yaml', { repoPrefix: '' }), 'incidents/a b.yaml');
    assert.equal(
      recordLink('incidents/a b.yaml', { repoPrefix: 'svc/', github: { serverUrl: 'https://github.com/', repository: 'acme/shop', sha: 'abc1234' } }),
      'https://github.com/acme/shop/blob/abc1234/svc/incidents/a%20b.yaml',
    );
    assert.equal(recordLink('a.yaml', { repoPrefix: '', github: { serverUrl: 'javascript:alert(1)', repository: 'acme/shop', sha: 'abc1234' } }), 'a.yaml');
  });
});

describe('review: Markdown and SARIF', function () {
  // 500 records are parsed here: slow on a busy machine, and not what is measured.
  this.timeout(120_000);
  function bigReport(count: number, hostile = '') {
    const files: Record<string, string> = {};
    const changes: ChangedFile[] = [];
    for (let i = 0; i < count; i++) {
      files[`incidents/${i}.yaml`] = recordYaml(`INC-${i}`, {
        extra: `learnings: ["${hostile}lesson ${i} ${'x'.repeat(200)}"]\ncode:\n  - path: src/f${i}.ts\n`,
      });
      files[`src/f${i}.ts`] = 'new\n';
      changes.push({ path: `src/f${i}.ts`, status: 'modified', oldText: 'old\n', newText: 'new\n' });
    }
    return reviewReport(reviewChange({ index: indexOf(files), changes }), meta, { repoPrefix: '' });
  }

  it('stays under the byte budget by summing up the tail, never cutting a row', () => {
    const report = bigReport(500);
    for (const max of [1000, 5000, 60_000]) {
      const md = renderReviewMarkdown(report, max);
      assert.ok(Buffer.byteLength(md) <= max, `${Buffer.byteLength(md)} > ${max}`);
      const rows = md.split('\n').filter((l) => l.startsWith('| **INC-'));
      assert.ok(rows.every((r) => r.endsWith(' |')));
      // Every incident is in a row or in the line that sums up the tail; details left out are said.
      const more = /…and (\d+) more incident\(s\)/.exec(md);
      assert.equal(rows.length + Number(more?.[1] ?? 0), 500);
      assert.match(md, /_Details of \d+ more incident\(s\) are left out/);
    }
    const small = bigReport(3);
    const md = renderReviewMarkdown(small, 60_000);
    assert.ok(md.startsWith(REVIEW_MARKER));
    assert.equal((md.match(/<details>/g) ?? []).length, 3);
    assert.doesNotMatch(md, /more incident/);
  });

  it('record text makes no HTML, links, autolinks or mentions', () => {
    const report = bigReport(1, '<img src=x onerror=alert(1)> [x](javascript:alert(1)) @team www.evil.example https://evil.example #12 ');
    const md = renderReviewMarkdown(report, 60_000);
    assert.doesNotMatch(md, /<img/);
    assert.doesNotMatch(md, /(?<!\\)\]\(/);
    assert.doesNotMatch(md, /@team/);
    assert.doesNotMatch(md, /https:\/\/evil/);
    assert.doesNotMatch(md, /www\.evil/);
    assert.doesNotMatch(md, /#12/);
    const sarif = renderReviewSarif(report, '1.0.0');
    assert.doesNotMatch(sarif, /@team/);
    assert.doesNotMatch(sarif, /\[x\]/);
  });
});
