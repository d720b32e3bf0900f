import * as assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { StoryRequest, type IncidentStory } from '../../common/protocol';
import { HoverRequest } from 'vscode-languageserver-protocol';
import { TestRepo } from '../git/gitRepo';
import { LspTestClient, markdownOf } from './lspClient';
import { copyOfWorkspace, EXAMPLE } from '../helpers/workspaces';
import { startIndexed, stopAndRemove } from '../helpers/lspFixture';

describe('incidentLens/story over stdio', function () {
  this.timeout(60_000);
  let root: string;
  let client: LspTestClient;

  before(async () => {
    root = copyOfWorkspace('incident-lens-story-');
    client = await startIndexed(root);
  });
  after(() => stopAndRemove(client, root));

  it('answers with the whole story: fields, narrative, phases, backlinks with URIs, related titles', async () => {
    const story = await storyOf(client, 'INC-2024-017');
    assert.equal(story.title, 'Checkout timed out after the connection pool was resized');
    assert.equal(story.severity, 'SEV2');
    assert.equal(story.duration, '2 h 18 min');
    assert.deepEqual(
      story.phases.map((p) => `${p.to}: ${p.duration}`),
      ['detected: 7 min', 'mitigated: 32 min', 'resolved: 1 h 39 min'],
    );
    assert.match(story.narrative!, /^The on-call engineer saw the latency alert at 14:09/);
    assert.equal(story.timeline.length, 4);
    assert.deepEqual(
      story.difficulties.map((d) => d.kind),
      ['uncertainty', 'surprise'],
    );
    assert.equal(story.recordUri, client.uri('incidents/2024/INC-2024-017.yaml'));
    assert.equal(story.recordLine, 0);
    assert.equal(story.code[0].uri, client.uri('src/checkout/pool.ts'));
    assert.deepEqual(story.code[0].lines, { start: 3, end: 9 });
    const places = story.references.map((r) => `${r.kind} ${r.path}:${r.line + 1}`);
    assert.ok(places.includes('source src/checkout/pool.ts:2'), places.join(', '));
    assert.ok(
      places.some((p) => p.startsWith('document docs/architecture.md:')),
      places.join(', '),
    );
    assert.ok(story.references.every((r) => r.uri === client.uri(r.path)));
    assert.deepEqual(
      story.related.map((r) => `${r.id}: ${r.title}`),
      ['INC-2023-004: Search results went stale after a cache key change'],
    );
    assert.equal(story.history.available, false, 'a folder that is not a repository has no history');
  });

  it('puts "Read the story" on a record\'s id line, after "N references"', async () => {
    const rel = 'incidents/2024/INC-2024-017.yaml';
    client.open(rel);
    const lenses = await client.request<Array<{ range: { start: { line: number } }; command: { title: string; command: string; arguments: unknown[] } }>>(
      'textDocument/codeLens',
      { textDocument: { uri: client.uri(rel) } },
    );
    assert.deepEqual(
      lenses.map((l) => `${l.range.start.line}: ${l.command.title} -> ${l.command.command}`),
      ['0: 5 references -> incidentLens.showReferences', '0: Read the story -> incidentLens.showStory'],
    );
    assert.deepEqual(lenses[1].command.arguments, ['INC-2024-017']);
    client.close(rel);
  });

  it('answers null for an id no record defines', async () => {
    assert.equal(await client.request(StoryRequest, { id: 'INC-1-1' }), null);
  });

  it('follows the record while it is edited (the open buffer wins)', async () => {
    const rel = 'incidents/2023/INC-2023-004.md';
    client.open(rel);
    const text = (await storyOf(client, 'INC-2023-004')).narrative ?? '';
    client.change(rel, readFileSync(path.join(root, rel), 'utf8').replace('Support forwarded', 'Support edited'));
    const story = await waitForStory(client, 'INC-2023-004', (s) => s.narrative?.startsWith('Support edited'));
    assert.notEqual(story.narrative, text);
    client.close(rel);
  });

  it('the hover tells the first paragraph of the narrative, before the contributing factors', async () => {
    client.open('src/checkout/pool.ts');
    const text = markdownOf(await client.request(HoverRequest.type, client.at('src/checkout/pool.ts', 1, 10)));
    const opening = text.indexOf('*The on-call engineer saw the latency alert at 14:09');
    assert.ok(opening > 0, text);
    assert.ok(opening < text.indexOf('**Contributing factors**'));
    assert.ok(!text.includes('Gateway latency was rising'), 'only the first paragraph');
  });
});

describe('incidentLens/story with git history', function () {
  this.timeout(60_000);
  let repo: string;

  before(() => {
    const test = TestRepo.copyOf(EXAMPLE, { prefix: 'incident-lens-story-git-', identity: { name: 'Ada', email: 'ada@example.com' } });
    repo = test.dir;
    writeFileSync(path.join(repo, 'src/checkout/pool.ts'), '// pool\n');
    test.commit('Restore the pool size (INC-2024-017)');
  });
  after(() => rmSync(repo, { recursive: true, force: true }));

  it('lists the commits that mention the incident once history is read', async () => {
    const client = await startIndexed(repo);
    try {
      const story = await waitForStory(client, 'INC-2024-017', (s) => s.history.available);
      assert.deepEqual(
        story.history.commits.map((c) => `${c.subject} mentions=${c.mentions}`),
        ['Restore the pool size (INC-2024-017) mentions=true'],
      );
      assert.equal(story.history.mentioningCount, 1);
    } finally {
      await client.stop();
    }
  });

  it('has no git part in an untrusted workspace', async () => {
    const client = await startIndexed(repo, { initializationOptions: { gitEnabled: false } });
    try {
      const story = await storyOf(client, 'INC-2024-017');
      assert.equal(story.history.available, false);
      assert.deepEqual(story.history.commits, []);
    } finally {
      await client.stop();
    }
  });
});

/** The story of `id`, which a record defines. */
async function storyOf(client: LspTestClient, id: string): Promise<IncidentStory> {
  const story = await client.request(StoryRequest, { id });
  assert.ok(story, `no story for ${id}`);
  return story;
}

async function waitForStory(client: LspTestClient, id: string, ok: (story: IncidentStory) => unknown): Promise<IncidentStory> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const story = await client.request(StoryRequest, { id });
    if (story && ok(story)) return story;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the story of ${id} never met the condition. Server log:\n${client.logs.join('\n').slice(-2000)}`);
}
