/**
 * `incident-lens mcp`, driven the way an agent's client drives it: the SDK's own Client over
 * stdio against the real binary, on a real git repository (see test/cli/reviewRepo.ts).
 */
import * as assert from 'node:assert/strict';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import Ajv from 'ajv';
import { makeReviewRepo } from '../cli/reviewRepo';
import { CLI } from '../helpers/cli';

const EXPECTED = ['INC-2024-001', 'INC-2024-002', 'INC-2024-003'];

async function connect(args: string[], cwd: string): Promise<{ client: Client; stderr: () => string }> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', ...args], cwd, stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'incident-lens-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

function text(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

describe('incident-lens mcp (the SDK client over stdio, the real binary)', function () {
  this.timeout(300_000);
  let repo: string;
  let client: Client;
  let stderr: () => string;
  const schemas = new Map<string, object>();
  const ajv = new Ajv({ strict: false });

  before(async () => {
    assert.ok(existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first');
    repo = makeReviewRepo();
    ({ client, stderr } = await connect([repo], repo));
  });
  after(async () => {
    await client?.close();
    rmSync(repo, { recursive: true, force: true });
  });

  async function call(name: string, args: Record<string, unknown>): Promise<CallToolResult> {
    const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
    if (!result.isError) {
      const validate = ajv.compile(schemas.get(name)!);
      assert.ok(validate(result.structuredContent), `${name}: ${ajv.errorsText(validate.errors)}`);
      assert.ok(text(result).length > 0);
    }
    return result;
  }

  it('lists the four read-only tools, each with input and output schemas', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), ['get_incident', 'incidents_for_diff', 'incidents_for_files', 'search_incidents']);
    for (const tool of tools) {
      assert.equal(tool.inputSchema.type, 'object');
      assert.equal(tool.outputSchema?.type, 'object');
      assert.equal(tool.annotations?.readOnlyHint, true);
      schemas.set(tool.name, tool.outputSchema!);
    }
  });

  it('incidents_for_diff: a, b, c in order, not d, with the structure review gives', async () => {
    const result = await call('incidents_for_diff', {});
    assert.ok(!result.isError, text(result));
    const report = result.structuredContent as { incidents: Array<{ id: string; strongest: string; places: Array<{ path: string; startLine: number }> }> };
    assert.deepEqual(
      report.incidents.map((i) => [i.id, i.strongest]),
      [
        [EXPECTED[0], 'code'],
        [EXPECTED[1], 'reference'],
        [EXPECTED[2], 'history'],
      ],
    );
    assert.ok(!JSON.stringify(report).includes('src/other.ts'));
    assert.match(text(result), /INC-2024-001[^]*INC-2024-002[^]*INC-2024-003/);
  });

  it('incidents_for_diff sees edits made after the server started', async () => {
    writeFileSync(path.join(repo, 'src/other.ts'), '// INC-2024-002: the same backoff applies here\nexport const other = 1;\n');
    const result = await call('incidents_for_diff', { base: 'main' });
    const report = result.structuredContent as { incidents: Array<{ id: string; places: Array<{ path: string }> }> };
    const b = report.incidents.find((i) => i.id === 'INC-2024-002')!;
    assert.ok(
      b.places.some((p) => p.path === 'src/other.ts'),
      JSON.stringify(b),
    );
  });

  it('incidents_for_files: the ties of each file, with reasons, history included', async () => {
    const result = await call('incidents_for_files', { paths: ['src/pool.ts', path.join(repo, 'src/cache.go'), 'src/nothing.ts'] });
    assert.ok(!result.isError, text(result));
    const files = (result.structuredContent as { files: Array<{ path: string; incidents: Array<{ id: string; reasons: Array<{ kind: string }> }> }> }).files;
    assert.deepEqual(
      files.map((f) => [f.path, f.incidents.map((i) => i.id)]),
      [
        ['src/pool.ts', ['INC-2024-001']],
        ['src/cache.go', ['INC-2024-003']],
        ['src/nothing.ts', []],
      ],
    );
    assert.equal(files[1].incidents[0].reasons[0].kind, 'commit');
  });

  it('get_incident: the story, with the lesson and open action items', async () => {
    const result = await call('get_incident', { id: 'INC-2024-001' });
    assert.ok(!result.isError, text(result));
    const story = result.structuredContent as { id: string; lesson: string; openActions: string[]; code: Array<{ path: string }> };
    assert.equal(story.id, 'INC-2024-001');
    assert.match(story.lesson, /^Pool size and timeout/);
    assert.deepEqual(story.openActions, ['Alert on pool saturation [click](javascript:alert(1))']);
    assert.equal(story.code[0].path, 'src/pool.ts');
    assert.doesNotMatch(text(result), /\u001b/);
  });

  it('search_incidents: best match first, bounded by limit', async () => {
    const result = await call('search_incidents', { query: 'INC-2024-003', limit: 1 });
    assert.deepEqual(
      (result.structuredContent as { incidents: Array<{ id: string }> }).incidents.map((i) => i.id),
      ['INC-2024-003'],
    );
    const all = await call('search_incidents', { query: '' });
    assert.equal((all.structuredContent as { incidents: unknown[] }).incidents.length, 3);
  });

  it('errors are tool errors with a clear message, and the server keeps serving', async () => {
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['incidents_for_files', { paths: ['../outside.ts'] }, /outside the folder/],
      ['incidents_for_files', { paths: ['/etc/passwd'] }, /outside the folder/],
      ['incidents_for_files', { paths: Array(5000).fill('a.ts') }, /paths|too big|200/i],
      ['incidents_for_files', { paths: ['x'.repeat(100_000)] }, /4096|too big|paths/i],
      ['get_incident', { id: 'INC-2024-004' }, /No record defines "INC-2024-004"\. Closest ids: INC-2024-00\d/],
      ['get_incident', { id: 'I'.repeat(10_000) }, /200|too big|id/i],
      ['incidents_for_diff', { base: 'no-such-branch' }, /unknown base "no-such-branch"/],
      ['search_incidents', { query: 'q'.repeat(100_000) }, /500|too big|query/i],
      ['search_incidents', { query: 'x', limit: 10_000 }, /100|too big|limit/i],
    ];
    for (const [name, args, message] of cases) {
      const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
      assert.equal(result.isError, true, `${name} ${JSON.stringify(args).slice(0, 80)}`);
      assert.match(text(result), message);
    }
    // Still alive and answering.
    const again = await call('search_incidents', { query: 'INC-2024-001' });
    assert.equal((again.structuredContent as { incidents: Array<{ id: string }> }).incidents[0].id, 'INC-2024-001');
    assert.doesNotMatch(stderr(), /TypeError|RangeError|at .*\.js:\d+/);
  });

  it('--no-git: no history ties, and the diff still read', async () => {
    const noGit = await connect([repo, '--no-git'], repo);
    try {
      const files = (await noGit.client.callTool({ name: 'incidents_for_files', arguments: { paths: ['src/cache.go'] } })) as CallToolResult;
      assert.deepEqual((files.structuredContent as { files: Array<{ incidents: unknown[] }> }).files[0].incidents, []);
      const diff = (await noGit.client.callTool({ name: 'incidents_for_diff', arguments: {} })) as CallToolResult;
      assert.ok(!(diff.structuredContent as { incidents: Array<{ id: string }> }).incidents.some((i) => i.id === 'INC-2024-003'));
    } finally {
      await noGit.client.close();
    }
  });
});
