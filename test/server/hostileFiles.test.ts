/**
 * Files no repository should hold but any can (FIFOs, symbolic links out of the folder, huge
 * sparse files, odd names), met by the real server over stdio through the events and requests
 * an editor sends.
 */
import * as assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FileChangeType, HoverRequest, type FileEvent } from 'vscode-languageserver-protocol';
import { ListIncidentsRequest } from '../../common/protocol';
import { mkfifo, PEAK_MEMORY_PRELOAD, smallWorkspace, sparseFile } from '../helpers/hostileFiles';
import { LspTestClient, markdownOf } from './lspClient';
import { startIndexed } from '../helpers/lspFixture';

/** Sends file events and waits until the server has applied them (it says so with indexChanged). */
async function fileEvents(client: LspTestClient, changes: FileEvent[]): Promise<void> {
  const before = client.indexChanges().length;
  await client.filesChanged(changes);
  await client.waitFor('the file events applied', () => client.indexChanges().length > before);
}

describe('language server on hostile files (over stdio)', function () {
  this.timeout(120_000);
  let root: string;
  let client: LspTestClient;
  let outside: string;

  before(async () => {
    root = smallWorkspace('il-server-hostile-');
    // A folder elsewhere on the disk, linked into the records folder.
    outside = mkdtempSync(path.join(tmpdir(), 'il-outside-'));
    mkdirSync(path.join(outside, 'sub'));
    const secret = 'id: INC-666\ntitle: Outside the workspace\nstarted: 2024-01-01\nsummary: read from elsewhere\n';
    writeFileSync(path.join(outside, 'INC-666.yaml'), secret);
    writeFileSync(path.join(outside, 'sub/INC-667.yaml'), secret.replace(/666/g, '667'));
    symlinkSync(outside, path.join(root, 'incidents/ext'));
    mkfifo(path.join(root, '.incident-lens.yaml'));
    client = await startIndexed(root);
  });
  after(async () => {
    await client?.stop();
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('never opens a FIFO: not as its configuration, not on a file event, not for a hover', async () => {
    const config = await client.waitFor('the configuration refused', () => client.diagnostics.get(client.uri('.incident-lens.yaml')));
    assert.match(config[0].message, /Not read: it is not a regular text file/);
    mkfifo(path.join(root, 'incidents/INC-2.yaml'));
    await fileEvents(client, [{ uri: client.uri('incidents/INC-2.yaml'), type: FileChangeType.Created }]);
    assert.equal(await client.request(HoverRequest.type, client.at('incidents/INC-2.yaml', 0, 5)), null);
    // Still answering, with the index it had.
    assert.match(markdownOf(await client.request(HoverRequest.type, client.at('src/app.ts', 0, 4))), /\*\*INC-1\*\* — One/);
  });

  it('never follows a symbolic link on the way to a file: not on a file event, a hover or a close', async () => {
    const ids = async () => (await client.request(ListIncidentsRequest, {})).map((r) => r.id);
    const linked = 'incidents/ext/INC-666.yaml';
    assert.deepEqual(await ids(), ['INC-1'], 'the cold index does not follow the link');
    await fileEvents(client, [
      { uri: client.uri(linked), type: FileChangeType.Created },
      { uri: client.uri('incidents/ext/sub'), type: FileChangeType.Created },
      { uri: client.uri('incidents/ext'), type: FileChangeType.Created },
    ]);
    assert.deepEqual(await ids(), ['INC-1'], 'file events do not follow it');
    assert.equal(await client.request(HoverRequest.type, client.at(linked, 0, 5)), null);
    // An editor that opened the file through the link, then closed it: back to the disk, which
    // for this path is nothing the server may read.
    const refusals = () => client.logs.filter((l) => l.includes(`Not reading ${linked}: a folder on the way is a symbolic link`)).length;
    const refusedBefore = refusals();
    client.open(linked, 'id: INC-1\n', 'yaml');
    client.close(linked);
    await client.waitFor('the closed document refused', () => refusals() > refusedBefore);
    assert.deepEqual(await ids(), ['INC-1'], 'closing it does not read through it');
    assert.match(markdownOf(await client.request(HoverRequest.type, client.at('src/app.ts', 0, 4))), /\*\*INC-1\*\* — One/);
  });
});

describe('language server on a huge file (over stdio)', function () {
  this.timeout(120_000);

  it('never reads a file over maxFileSize, not even to place the problem that says so', async () => {
    const root = smallWorkspace('il-server-huge-');
    let client: LspTestClient | undefined;
    try {
      // 2 GB: under the 2 GiB that one read call takes, so nothing but the size check stops a read.
      sparseFile(path.join(root, 'incidents/INC-2.yaml'), 2_000_000_000);
      const peakFile = path.join(root, 'peak-rss');
      client = await LspTestClient.start(root, {
        env: { NODE_OPTIONS: `--require ${PEAK_MEMORY_PRELOAD}`, INCIDENT_LENS_TEST_PEAK_RSS: peakFile },
      });
      const lsp = client;
      const uri = lsp.uri('incidents/INC-2.yaml');
      const skipped = await lsp.waitFor('the skipped record reported', () => lsp.diagnostics.get(uri));
      assert.equal(skipped.length, 1);
      assert.match(skipped[0].message, /^Record not read: it is 2000000000 bytes, over maxFileSize \(1048576 bytes\)/);
      assert.deepEqual(skipped[0].range.start, { line: 0, character: 0 });
      // An editor opened it (with a small buffer of its own), then closed it: back to the disk.
      lsp.open('incidents/INC-2.yaml', 'id: INC-2\ntitle: Two\nstarted: 2024-01-01\nsummary: s\n', 'yaml');
      await lsp.waitFor('the buffer indexed', () => lsp.diagnostics.get(uri)?.length === 0);
      lsp.close('incidents/INC-2.yaml');
      await lsp.waitFor('skipped again once closed', () => lsp.diagnostics.get(uri)?.[0]?.code === 'file-skipped');
      const exited = once(lsp.process, 'exit');
      await lsp.stop();
      client = undefined;
      await exited;
      // Reading it whole would take its 2 GB into memory.
      const peakMiB = Number(readFileSync(peakFile, 'utf8')) / 1024;
      assert.ok(peakMiB > 0 && peakMiB < 512, `peak memory ${peakMiB} MiB`);
    } finally {
      await client?.stop();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
