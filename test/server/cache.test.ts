import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LspTestClient, type Diagnostic } from './lspClient';
import { ageFiles, BROKEN, EXAMPLE } from '../helpers/workspaces';
import { startIndexed } from '../helpers/lspFixture';

interface Session {
  diagnostics: Record<string, Diagnostic[]>;
  logs: string;
}

/** One server session to index complete: every file's diagnostics, sorted by URI, and the log. */
async function session(root: string, cacheFolder?: string): Promise<Session> {
  const client = await startIndexed(root, { initializationOptions: cacheFolder ? { cacheFolder } : {} });
  try {
    // The cache is written once the index is in service: a round trip lets that turn pass.
    await client.request('incidentLens/listIncidents', {});
    const diagnostics: Record<string, Diagnostic[]> = {};
    for (const uri of [...client.diagnostics.keys()].sort()) {
      const list = client.diagnostics.get(uri) ?? [];
      if (list.length > 0) diagnostics[uri] = list;
    }
    return { diagnostics, logs: client.logs.join('\n') };
  } finally {
    await client.stop();
  }
}

describe('language server: the index cache in the editor storage (initializationOptions.cacheFolder)', function () {
  this.timeout(180_000);
  let work: string;
  let root: string;
  let storage: string;

  beforeEach(() => {
    work = mkdtempSync(path.join(tmpdir(), 'incident-lens-server-cache-'));
    root = path.join(work, 'repo');
    storage = path.join(work, 'storage', 'incident-lens');
    cpSync(BROKEN, root, { recursive: true });
    cpSync(path.join(EXAMPLE, 'src'), path.join(root, 'src'), { recursive: true });
    ageFiles(root);
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('starts warm from its cache with the same diagnostics, and reads what changed while it was closed', async () => {
    const cold = await session(root);
    assert.ok(Object.keys(cold.diagnostics).length >= 4, JSON.stringify(Object.keys(cold.diagnostics)));

    const first = await session(root, storage);
    assert.deepEqual(first.diagnostics, cold.diagnostics);
    assert.equal(readdirSync(storage).length, 1, 'one cache file for the one folder, in the storage folder the editor gave');

    const warm = await session(root, storage);
    assert.deepEqual(warm.diagnostics, cold.diagnostics);
    assert.match(
      warm.logs,
      /Cache: \d+ file\(s\) unchanged since it was written, 0 touched record\(s\) with the same text; 0 record\(s\) parsed, 0 other file\(s\) read\./,
    );

    // Changed while no window was open: a source file gains an unknown reference, a record a mistake.
    writeFileSync(path.join(root, 'src/checkout/pool.ts'), `${readFileSync(path.join(root, 'src/checkout/pool.ts'), 'utf8')}\n// INC-8888\n`);
    const record = path.join(root, 'incidents/INC-2024-001.yaml');
    writeFileSync(record, readFileSync(record, 'utf8').replace(/^title:.*$/m, 'title: [not, text]'));
    const changed = await session(root, storage);
    const fresh = await session(root);
    assert.deepEqual(changed.diagnostics, fresh.diagnostics);
    assert.match(JSON.stringify(changed.diagnostics), /INC-8888/);
    assert.match(changed.logs, /1 record\(s\) parsed, 1 other file\(s\) read/);
  });

  it('finishes writing a large cache at shutdown, even right after the index is complete', async () => {
    // Enough files for the write to take several slices (it yields between them).
    for (let i = 0; i < 20_000; i++) writeFileSync(path.join(root, `src/gen${i}.ts`), i % 100 === 0 ? `// INC-2024-001 ${i}\n` : `export const v = ${i};\n`);
    ageFiles(root);
    const client = await LspTestClient.start(root, { initializationOptions: { cacheFolder: storage } });
    try {
      await client.waitForIndex();
    } finally {
      // No request in between: the shutdown itself must wait for the write.
      await client.stop();
    }
    const warm = await session(root, storage);
    const m =
      /Cache: (\d+) file\(s\) unchanged since it was written, 0 touched record\(s\) with the same text; 0 record\(s\) parsed, 0 other file\(s\) read\./.exec(
        warm.logs,
      );
    assert.ok(m && Number(m[1]) > 20_000, warm.logs);
  });

  it('never trusts a corrupt cache file: it indexes from the files and writes a good one', async () => {
    const cold = await session(root);
    await session(root, storage);
    const [name] = readdirSync(storage);
    const file = path.join(storage, name);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.slice(0, text.length - 100));
    const corrupt = await session(root, storage);
    assert.deepEqual(corrupt.diagnostics, cold.diagnostics);
    assert.match(corrupt.logs, /not used: it is truncated or corrupt/);
    const next = await session(root, storage);
    assert.deepEqual(next.diagnostics, cold.diagnostics);
    assert.match(next.logs, /0 record\(s\) parsed/);
  });

  it('follows a changed configuration: records are parsed again under the new severities', async () => {
    await session(root, storage);
    writeFileSync(path.join(root, '.incident-lens.yaml'), 'severities: [P1, P2]\n');
    const changed = await session(root, storage);
    const fresh = await session(root);
    assert.deepEqual(changed.diagnostics, fresh.diagnostics);
    assert.match(JSON.stringify(changed.diagnostics), /configured severities: P1, P2/);
    assert.match(changed.logs, /configuration of records changed/);
  });
});
