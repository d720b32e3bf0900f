import * as assert from 'node:assert/strict';
import { GitLogParser, MAX_MESSAGE_BYTES, type StreamedCommit } from '../../../server/src/host/git/log';

const MARKERS = { start: '\x1eS0123\x1e', mid: '\x1eM0123\x1e', end: '\x1eE0123\x1e' };

/** What `git log` with our format prints for one commit. */
function printed(header: string, message: string, changes: string): string {
  return `${MARKERS.start}${header}${MARKERS.mid}${message}${MARKERS.end}${changes}`;
}

function parse(output: Buffer, chunkSize: number): StreamedCommit[] {
  const commits: StreamedCommit[] = [];
  const parser = new GitLogParser(MARKERS, (commit) => commits.push(commit));
  for (let at = 0; at < output.length; at += chunkSize) parser.push(output.subarray(at, at + chunkSize));
  parser.close();
  return commits;
}

describe('git log stream parser', () => {
  const output = Buffer.from(
    printed('aaa\x1fa\x1f2024-01-01\x1fAda', 'Fix INC-1 — café\n', '\0\nM\0src/a.ts\0') +
      printed('bbb\x1fb\x1f2024-01-02\x1fBo', 'Second\n', '\0\nA\0src/b.ts\0'),
  );
  const expected = [
    { header: 'aaa\x1fa\x1f2024-01-01\x1fAda', message: 'Fix INC-1 — café\n', changes: '\0\nM\0src/a.ts\0' },
    { header: 'bbb\x1fb\x1f2024-01-02\x1fBo', message: 'Second\n', changes: '\0\nA\0src/b.ts\0' },
  ];

  it('splits commits the same whatever the chunks (markers and characters cut in two)', () => {
    for (const size of [1, 2, 3, 7, 8, 9, 64, output.length]) assert.deepEqual(parse(output, size), expected, `chunks of ${size}`);
  });

  it('keeps the first MAX_MESSAGE_BYTES of a message, drops the rest unread, and goes on', () => {
    const long = `INC-1 ${'x'.repeat(MAX_MESSAGE_BYTES)} INC-2`;
    const commits = parse(Buffer.from(printed('h1', long, 'M\0a\0') + printed('h2', 'short', 'M\0b\0')), 10_000);
    assert.equal(commits.length, 2);
    assert.equal(Buffer.byteLength(commits[0].message), MAX_MESSAGE_BYTES);
    assert.ok(commits[0].message.startsWith('INC-1 ') && !commits[0].message.includes('INC-2'));
    assert.deepEqual(commits[1], { header: 'h2', message: 'short', changes: 'M\0b\0' });
  });

  it('never ends a cut message with half a character', () => {
    const long = `${'x'.repeat(MAX_MESSAGE_BYTES - 1)}é and more`;
    const [commit] = parse(Buffer.from(printed('h', long, '')), 4096);
    assert.equal(commit.message, 'x'.repeat(MAX_MESSAGE_BYTES - 1));
  });

  it('drops a commit the stream cut short', () => {
    assert.deepEqual(parse(Buffer.from(`${MARKERS.start}h${MARKERS.mid}half a mess`), 5), []);
  });
});
