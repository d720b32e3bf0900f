/** The changed line ranges `review` reads from git's own diff (host/git/lineRanges.ts). */
import * as assert from 'node:assert/strict';
import { addLineRanges } from '../../server/src/host/git';
import { RecordingLogger } from './gitRepo';

/** The changed runs between two texts, as review gets them (an unknown text is an empty one). */
async function changedHunks(oldText: string | undefined, newText: string | undefined) {
  const [file] = await addLineRanges([{ path: 'f.ts', status: 'modified', oldText: oldText ?? '', newText: newText ?? '' }], () => true, new RecordingLogger());
  return file.hunks ?? [];
}

const lines = (n: number, prefix = 'line') => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`).join('\n') + '\n';

describe('review: changed lines from git', () => {
  it('finds edits, additions and removals as line runs on both sides', async () => {
    const before = lines(10);
    const after = before.replace('line 3\n', 'line three\n').replace('line 7\n', '').replace('line 10\n', 'line 10\nline 11\n');
    assert.deepEqual(await changedHunks(before, after), [
      { oldStart: 2, oldEnd: 3, newStart: 2, newEnd: 3 },
      { oldStart: 6, oldEnd: 7, newStart: 6, newEnd: 6 },
      { oldStart: 10, oldEnd: 10, newStart: 9, newEnd: 10 },
    ]);
    assert.deepEqual(await changedHunks(undefined, 'a\nb\n'), [{ oldStart: 0, oldEnd: 0, newStart: 0, newEnd: 2 }]);
    assert.deepEqual(await changedHunks('same\n', 'same\n'), []);
  });

  it('diffs only the files asked for, and says how many', async () => {
    const log = new RecordingLogger();
    const files = await addLineRanges(
      [
        { path: 'tied.ts', status: 'modified', oldText: 'a\nb\n', newText: 'a\nc\n' },
        { path: 'untied.ts', status: 'modified', oldText: lines(50), newText: lines(50, 'other') },
      ],
      (file) => file.path === 'tied.ts',
      log,
    );
    assert.deepEqual(
      files.map((f) => [f.path, f.hunks]),
      [
        ['tied.ts', [{ oldStart: 1, oldEnd: 2, newStart: 1, newEnd: 2 }]],
        ['untied.ts', undefined],
      ],
    );
    assert.deepEqual(log.infos, ['review: line ranges of 1 of 2 changed file(s), the ones an incident is tied to']);
  });

  it('without a scratch folder, the files count as changed whole and one warning says why', async () => {
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = '/nonexistent/incident-lens-scratch';
    try {
      const log = new RecordingLogger();
      const files = await addLineRanges([{ path: 'tied.ts', status: 'modified', oldText: 'a\n', newText: 'b\n' }], () => true, log);
      assert.equal(files[0].hunks, undefined);
      assert.equal(log.warns.length, 1);
      assert.match(log.warns[0], /no line ranges/);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });
});
