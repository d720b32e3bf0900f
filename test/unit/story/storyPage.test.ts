import * as assert from 'node:assert/strict';
import type { IncidentStory } from '../../../server/src/core/features/story';
import { renderStoryBody, renderStoryDocument } from '../../../server/src/core/render/story/html';

const story: IncidentStory = {
  id: 'INC-1',
  title: 'T',
  status: 'published',
  phases: [],
  services: [],
  tags: [],
  summary: 's',
  narrative: '[web](https://example.com/a) [cmd](command:evil)',
  timeline: [],
  participants: [],
  difficulties: [],
  contributingFactors: [],
  learnings: [],
  actionItems: [],
  links: [{ title: 'js', url: 'javascript:alert(1)' }],
  code: [
    { path: 'src/a.ts', lines: { start: 3, end: 9 }, exists: true, uri: 'file:///ws/src/a.ts' },
    { path: 'src/gone.ts', exists: false },
  ],
  references: [{ path: 'docs/x.md', line: 4, kind: 'document', uri: 'file:///ws/docs/x.md' }],
  referenceCount: 1,
  history: { available: false, commits: [], mentioningCount: 0 },
  related: [
    { id: 'INC-2', title: 'Other', direction: 'listed' },
    { id: 'INC-9', direction: 'listed' },
  ],
  recordPath: 'incidents/INC-1.yaml',
  recordUri: 'file:///ws/incidents/INC-1.yaml',
  recordLine: 0,
};

describe('story page renderer', () => {
  it('webview: every click is a target the extension rendered, nothing else', () => {
    const { html, targets } = renderStoryBody(story, 'webview');
    assert.deepEqual(targets, [
      { kind: 'external', url: 'https://example.com/a' },
      { kind: 'location', uri: 'file:///ws/src/a.ts', line: 2, endLine: 8 },
      { kind: 'location', uri: 'file:///ws/docs/x.md', line: 4 },
      { kind: 'story', id: 'INC-2' },
      { kind: 'location', uri: 'file:///ws/incidents/INC-1.yaml', line: 0 },
    ]);
    assert.equal((html.match(/data-target="/g) ?? []).length, targets.length);
    assert.doesNotMatch(html, /href="(command|javascript):/);
    assert.match(html, /js <span class="muted">\(javascript:alert\(1\)\)<\/span>/);
  });

  it('static: nothing but http(s) links is clickable; webview document gets the script under the nonce', () => {
    const { html, targets } = renderStoryBody(story, 'static');
    assert.deepEqual(targets, []);
    assert.doesNotMatch(html, /data-target|<button/);
    const page = renderStoryDocument(story, {
      mode: 'webview',
      nonce: 'abcdefghijklmnop1234',
      script: 'void 0;',
      cspSource: 'https://webview.example',
      version: 3,
    });
    assert.match(
      page.html,
      /content="default-src 'none'; style-src 'nonce-abcdefghijklmnop1234'; script-src 'nonce-abcdefghijklmnop1234'; font-src https:\/\/webview.example; img-src 'none'/,
    );
    assert.match(page.html, /<script nonce="abcdefghijklmnop1234">void 0;<\/script>/);
    assert.match(page.html, /<main id="story" data-id="INC-1" data-version="3">/);
    assert.throws(() => renderStoryDocument(story, { mode: 'static', nonce: "x' 'unsafe-inline" }));
  });
});
