import * as assert from 'node:assert/strict';
import type { IncidentStory } from '../../../server/src/core/features/story';
import { contentSecurityPolicy, editorSources } from '../../../server/src/core/render/html/csp';
import { renderStoryDocument } from '../../../server/src/core/render/story/html';

/** What `webview.cspSource` is in VS Code and code-server 1.100 (a list, with a quoted keyword). */
const VSCODE_CSP_SOURCE = "'self' https://*.vscode-cdn.net";
const NONCE = 'Zm9vYmFyYmF6cXV4cXV1eA';

const story: IncidentStory = {
  id: 'INC-7',
  title: 'T',
  status: 'published',
  phases: [],
  services: [],
  tags: [],
  summary: 's',
  timeline: [],
  participants: [],
  difficulties: [],
  contributingFactors: [],
  learnings: [],
  actionItems: [],
  links: [],
  code: [],
  references: [],
  referenceCount: 0,
  history: { available: false, commits: [], mentioningCount: 0 },
  related: [],
  recordPath: 'incidents/INC-7.yaml',
  recordLine: 0,
};

describe('content security policy (every page and webview)', () => {
  it("renders the story webview with VS Code's real cspSource: the editor's origin for fonts, nothing else", () => {
    const page = renderStoryDocument(story, { mode: 'webview', nonce: NONCE, script: 'void 0;', cspSource: VSCODE_CSP_SOURCE, version: 1 });
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page.html)?.[1];
    assert.equal(
      csp,
      `default-src 'none'; style-src 'nonce-${NONCE}'; script-src 'nonce-${NONCE}'; font-src 'self' https://*.vscode-cdn.net; img-src 'none'; base-uri 'none'; form-action 'none'`,
    );
    assert.match(page.html, /<main id="story" data-id="INC-7" data-version="1">/);
  });

  it('insights styles: style attributes apply, so no nonce in style-src (it would switch unsafe-inline off)', () => {
    assert.equal(
      contentSecurityPolicy({ nonce: NONCE, script: true, styles: 'inline', webviewSource: VSCODE_CSP_SOURCE }),
      `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${NONCE}'; font-src 'self' https://*.vscode-cdn.net; img-src 'none'; base-uri 'none'; form-action 'none'`,
    );
  });

  it('a source list can add no keyword, directive, wildcard or bare scheme to the policy', () => {
    assert.deepEqual(editorSources("  'self'   vscode-webview://abc123 http://127.0.0.1:8080/stable/ "), [
      "'self'",
      'vscode-webview://abc123',
      'http://127.0.0.1:8080/stable/',
    ]);
    assert.deepEqual(editorSources("'unsafe-inline' 'unsafe-eval' * https: data: https://a.example;script-src \"x\" <y> https://*"), []);
    const csp = contentSecurityPolicy({ nonce: NONCE, script: true, styles: 'nonce', webviewSource: "'unsafe-eval'; script-src *" });
    assert.doesNotMatch(csp, /unsafe-eval|font-src|\*/);
    assert.equal(csp.split(';').filter((d) => d.trim().startsWith('script-src')).length, 1);
  });

  it('refuses a nonce that is not base64', () => {
    assert.throws(() => contentSecurityPolicy({ nonce: "abcdefghijklmnop' 'unsafe-inline", styles: 'nonce' }), /nonce/);
    assert.throws(() => contentSecurityPolicy({ nonce: 'short', styles: 'nonce' }), /nonce/);
  });
});
