/**
 * `incident-lens mcp` under a client that misbehaves: one message over the size limit (the SDK's
 * own Client sends it), and a raw stdio client that sends hundreds of calls and stops reading the
 * answers. The real binary, on a real git repository (see test/cli/reviewRepo.ts).
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { makeReviewRepo, write } from '../cli/reviewRepo';
import { CLI } from '../helpers/cli';

const PEAK_RSS = path.join(__dirname, '../helpers/peakMemory.cjs');
const TEN_MB = 10 * 1024 * 1024;

/** CPU time the process has used so far, in clock ticks (Linux); undefined elsewhere. */
function cpuTicks(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/** Resolves once the process has used no CPU for a while: it is done, or waiting on a pipe. */
async function idle(pid: number): Promise<void> {
  let last = -1;
  for (let still = 0; still < 4;) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = cpuTicks(pid) ?? last;
    still = now === last ? still + 1 : 0;
    last = now;
  }
}

describe('incident-lens mcp: an oversized message and a client that stops reading', function () {
  this.timeout(300_000);
  let repo: string;

  before(() => {
    assert.ok(existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first');
    repo = makeReviewRepo();
    // Every get_incident answer carries this narrative twice (text and structured): ~400 KB.
    write(repo, 'incidents/INC-2024-009.yaml', `id: INC-2024-009\ntitle: Big\nstarted: 2024-01-01\nsummary: s\nnarrative: "${'word '.repeat(40_000)}"\n`);
  });
  after(() => rmSync(repo, { recursive: true, force: true }));

  it('answers a message over 10 MB with a JSON-RPC error and a log line, and keeps serving', async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', repo, '--no-git'], cwd: repo, stderr: 'pipe' });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new Client({ name: 'incident-lens-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      await assert.rejects(
        client.callTool({ name: 'search_incidents', arguments: { query: 'x'.repeat(TEN_MB + 1) } }),
        (error: unknown) => error instanceof McpError && error.code === -32600 && /more than 10485760 bytes/.test(error.message),
      );
      const after = await client.callTool({ name: 'search_incidents', arguments: { query: 'pool' } });
      assert.ok(!after.isError, JSON.stringify(after));
      assert.match(stderr, /incident-lens mcp: refused a message of more than 10485760 bytes \(request id \d+\); not read/);
    } finally {
      await client.close();
    }
  });

  it('stops reading requests while answers wait to be written: memory stays bounded, every call answered', async function () {
    if (cpuTicks(process.pid) === undefined) this.skip();
    const calls = 400;
    const peakFile = path.join(mkdtempSync(path.join(tmpdir(), 'incident-lens-mcp-peak-')), 'rss');
    const child = spawn(process.execPath, ['--require', PEAK_RSS, CLI, 'mcp', repo, '--no-git'], {
      cwd: repo,
      env: { ...process.env, INCIDENT_LENS_TEST_PEAK_RSS: peakFile },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.stdout.pause();
    const send = (message: object) => child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
    send({ id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    send({ method: 'notifications/initialized' });
    for (let id = 1; id <= calls; id++) send({ id, method: 'tools/call', params: { name: 'get_incident', arguments: { id: 'INC-2024-009' } } });
    // Not reading: the server answers what it can, then must wait for the client.
    await idle(child.pid!);

    const answered = new Set<number>();
    let pending = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        pending += chunk.toString();
        const lines = pending.split('\n');
        pending = lines.pop()!;
        for (const line of lines) {
          const message = JSON.parse(line) as { id: number; result?: { isError?: boolean } };
          assert.ok(message.result && !message.result.isError, line.slice(0, 300));
          answered.add(message.id);
        }
        if (answered.size === calls + 1) resolve();
      });
      child.stdout.resume();
    });
    child.stdin.end();
    assert.equal(await exited, 0);
    const peakMiB = Number(readFileSync(peakFile, 'utf8')) / 1024;
    rmSync(path.dirname(peakFile), { recursive: true, force: true });
    // Held until written, the 400 answers took about 870 MiB here; read only as far ahead as the
    // client reads, about 210 MiB (most of it the server's own start).
    assert.ok(peakMiB < 400, `peak RSS ${Math.round(peakMiB)} MiB`);
  });

  it('answers every request read before the client closed stdin, then exits', async () => {
    const calls = 20;
    const child = spawn(process.execPath, [CLI, 'mcp', repo, '--no-git'], { cwd: repo, stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const lines = [
      { id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } },
      { method: 'notifications/initialized' },
      ...Array.from({ length: calls }, (_, i) => ({ id: i + 1, method: 'tools/call', params: { name: 'get_incident', arguments: { id: 'INC-2024-009' } } })),
    ];
    // One write and the end of input: more requests than the server reads ahead of its answers.
    child.stdin.end(lines.map((message) => `${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`).join(''));
    assert.equal(await exited, 0);
    const ids = output
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { id: number }).id);
    assert.deepEqual(
      ids.sort((a, b) => a - b),
      Array.from({ length: calls + 1 }, (_, i) => i),
    );
  });
});
