import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { silentLogger } from '../../../server/src/core/ports';
import { IndexCache, type CacheKeys, type CacheSnapshot } from '../../../server/src/host/indexCache';

describe('index cache: writing a large one', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'il-cache-write-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const keys: CacheKeys = { root: '/w', references: '["INC-\\\\d+"]', records: '{}', maxFileSize: 1024 };
  const noFiles = { stamp: () => undefined };
  // Files with references and odd names (quotes, a line break, characters beyond Latin-1).
  const entries = Array.from({ length: 4567 }, (_, i) => [`src/f${i}-"é\n🙂.ts`, 8 + i, 1700000000000 + i, 1, 'source', [`INC-${i}`, 3, 8, 0]]);
  const snapshot = { entries, changed: true } as unknown as CacheSnapshot;

  it('writes a slice at a time one entry a line, with the length and checksum of them all in the header', async () => {
    const file = path.join(dir, 'index-x.json');
    await IndexCache.open(file, keys, noFiles, silentLogger).write(snapshot);
    const written = readFileSync(file);
    const newline = written.indexOf(10);
    const header = JSON.parse(written.subarray(0, newline).toString('utf8')) as { bytes: number; sha1: string };
    const body = written.subarray(newline + 1);
    assert.equal(body.toString('utf8'), entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
    assert.equal(header.bytes, body.length);
    assert.equal(header.sha1, createHash('sha1').update(body).digest('base64'));
    assert.deepEqual(readdirSync(dir), ['index-x.json'], 'no temporary file is left');
    // And it reads back whole: every entry is there the next time.
    assert.equal(IndexCache.open(file, keys, noFiles, silentLogger).size, entries.length);
  });

  it('lets other work in between its slices', async () => {
    const file = path.join(dir, 'index-y.json');
    let turns = 0;
    let writing = true;
    const count = () => {
      if (!writing) return;
      turns++;
      setImmediate(count);
    };
    setImmediate(count);
    await IndexCache.open(file, keys, noFiles, silentLogger).write(snapshot);
    writing = false;
    assert.ok(turns >= 2, `the event loop turned ${turns} time(s) during the write`);
  });
});
