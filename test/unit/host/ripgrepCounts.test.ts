import * as assert from 'node:assert/strict';
import { RipgrepCountParser } from '../../../server/src/host/ripgrepCounts';

/** What `rg --count --include-zero --null` prints for one file. */
const printed = (path: Buffer | string, count: number | string) => Buffer.concat([Buffer.from(path), Buffer.from(`\0${count}\n`)]);

function parse(output: Buffer, chunkSize: number) {
  const files: Array<{ path: string; count: number }> = [];
  const parser = new RipgrepCountParser((path, count) => files.push({ path: path.toString('latin1'), count }));
  for (let at = 0; at < output.length; at += chunkSize) parser.push(output.subarray(at, at + chunkSize));
  return { files, incomplete: parser.incomplete };
}

describe('ripgrep count parser', () => {
  // A line break and a colon in a name, and a byte that is not UTF-8 (Latin-1 "é").
  const latin1 = Buffer.from('/w/src/café.ts', 'latin1');
  const output = Buffer.concat([printed('/w/a.ts', 0), printed('/w/odd\nname:3.md', 12), printed(latin1, 1)]);
  const expected = [
    { path: '/w/a.ts', count: 0 },
    { path: '/w/odd\nname:3.md', count: 12 },
    { path: '/w/src/café.ts', count: 1 },
  ];

  it('reads every file and its count, however the output is cut into chunks', () => {
    for (const size of [1, 2, 3, 5, 8, 13, output.length]) assert.deepEqual(parse(output, size), { files: expected, incomplete: false }, `chunks of ${size}`);
  });

  it('keeps the bytes of a name as printed (not decoded)', () => {
    const files: Buffer[] = [];
    new RipgrepCountParser((path) => files.push(path)).push(printed(latin1, 1));
    assert.deepEqual(files, [latin1]);
  });

  it('takes a count it cannot read as "may match", and says when the output stops mid-entry', () => {
    assert.deepEqual(parse(printed('/w/a.ts', 'x'), 4).files, [{ path: '/w/a.ts', count: 1 }]);
    assert.deepEqual(parse(Buffer.concat([printed('/w/a.ts', 2), Buffer.from('/w/b.t')]), 4), { files: [{ path: '/w/a.ts', count: 2 }], incomplete: true });
    assert.deepEqual(parse(Buffer.from('/w/b.ts\x004'), 4), { files: [], incomplete: true });
  });
});
