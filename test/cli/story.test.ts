import * as assert from 'node:assert/strict';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { chromiumPath } from '../editor/codeServer';
import { runCli } from '../helpers/cli';
import { copyOfWorkspace } from '../helpers/workspaces';

const HOSTILE = path.join(__dirname, '../fixtures/story/hostile.yaml');

/** Hostile markup anywhere outside a text node or an escaped attribute value. */
function assertNoLiveMarkup(html: string): void {
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /<img|<iframe|<link|<svg onload/i);
  // Record text is escaped, so every tag left is ours: none may carry an event handler.
  const tags = html.match(/<[a-z][^>]*>/gi) ?? [];
  assert.deepEqual(
    tags.filter((tag) => /\son\w+\s*=/i.test(tag.replace(/"[^"]*"/g, '""'))),
    [],
    'no event handler attribute',
  );
  assert.doesNotMatch(html, /href="(javascript|command|file|data):/i);
  assert.doesNotMatch(html, /(src|href)="https:\/\/beacon/i);
  assert.equal((html.match(/<\/style>/g) ?? []).length, 1, 'only our own stylesheet closes a style element');
}

describe('show ID --format text|markdown|html', function () {
  this.timeout(120_000);
  let folder: string;

  before(() => {
    folder = copyOfWorkspace('incident-lens-story-cli-');
    cpSync(HOSTILE, path.join(folder, 'incidents/2024/INC-2024-666.yaml'));
    writeFileSync(path.join(folder, 'src/hostile.ts'), '// INC-2024-666\n');
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('html: one self-contained page with the story, its timeline drawn and a strict CSP', () => {
    const shown = runCli(['show', 'INC-2024-017', '--folder', folder, '--format', 'html', '--no-git']);
    assert.equal(shown.code, 0, shown.stderr);
    const html = shown.stdout;
    assert.match(html, /^<!DOCTYPE html>/);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /style-src 'nonce-[A-Za-z0-9+/=]+'/);
    assert.doesNotMatch(csp, /script-src|unsafe-inline/);
    assert.doesNotMatch(html, /<script/);
    assert.match(html, /<h1>Checkout timed out after the connection pool was resized<\/h1>/);
    assert.match(html, /mitigated after <strong>39 min<\/strong>.*resolved after <strong>2 h 18 min<\/strong>/);
    assert.match(html, /<div class="narrative"><p>The on-call engineer saw the latency alert/);
    assert.match(html, /<svg class="timeline"/);
    assert.equal((html.match(/<a class="mark /g) ?? []).length, 4, 'one mark per event');
    assert.match(html, /<a class="mark src-deploy" href="#event-1"/);
    assert.match(html, /<h2>Referenced from<\/h2>/);
    assert.match(html, /INC-2023-004<\/strong> — Search results went stale/);
    // Nothing remote but the one http(s) link the record gives, opening in a new tab.
    assert.deepEqual(
      [...html.matchAll(/(?:href|src)="([^"#][^"]*)"/g)].map((m) => m[1]),
      ['https://chat.example.com/archives/C123/p1709647320'],
    );
  });

  it('markdown: for wikis and chat, escaped', () => {
    const shown = runCli(['show', 'INC-2024-017', '--folder', folder, '--format', 'markdown', '--no-git']);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /^# INC-2024-017: Checkout timed out/);
    assert.match(shown.stdout, /\| 2024-03-05T14:09:00Z \| page \| Latency alert pages the on-call engineer\. \|/);
    assert.match(shown.stdout, /## Narrative\n\nThe on-call engineer saw the latency alert at 14:09 and opened the checkout dashboard\. The pool change/);
    assert.match(shown.stdout, /- \[ \] Load-test pool changes against a slow gateway\. \(Priya Raman\)/);
    assert.match(shown.stdout, /\[Incident channel transcript\]\(https:\/\/chat\.example\.com/);
  });

  it('text stays the terminal rendering; a bad format is refused', () => {
    const shown = runCli(['show', 'INC-2024-017', '--folder', folder, '--format', 'text']);
    assert.equal(shown.code, 0);
    assert.match(shown.stdout, /^INC-2024-017 {2}Checkout timed out/);
    const bad = runCli(['show', 'INC-2024-017', '--folder', folder, '--format', 'pdf']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--format for show must be text, markdown or html, not "pdf"/);
  });

  it('a hostile record makes no markup, link or request in html and markdown', () => {
    const html = runCli(['show', 'INC-2024-666', '--folder', folder, '--format', 'html', '--no-git']);
    assert.equal(html.code, 0, html.stderr);
    assertNoLiveMarkup(html.stdout);
    assert.match(html.stdout, /&lt;\/style&gt;&lt;script&gt;document\.title=&#39;pwned&#39;&lt;\/script&gt;/);
    assert.match(html.stdout, /<span class="unsafe-link"[^>]*>command link<\/span>/);
    assert.match(html.stdout, /<a href="https:\/\/example\.com\/ok" rel="noopener noreferrer"/);
    const markdown = runCli(['show', 'INC-2024-666', '--folder', folder, '--format', 'markdown', '--no-git']);
    assert.equal(markdown.code, 0, markdown.stderr);
    assert.doesNotMatch(markdown.stdout, /<script|<img|<iframe/i);
    assert.doesNotMatch(markdown.stdout, /(?<!\\)\]\((javascript|command):/);
    assert.doesNotMatch(markdown.stdout, /(?<!\\)!\[/, 'no image');
    assert.match(markdown.stdout, /@\u200boncall/, 'mentions nobody');
  });

  describe('in Chromium', () => {
    let browser: Browser;
    before(async () => {
      browser = await chromium.launch({
        executablePath: chromiumPath,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      });
    });
    after(async () => browser?.close());

    for (const id of ['INC-2024-017', 'INC-2024-666']) {
      it(`renders the ${id} page: no console error, no request, no script run`, async () => {
        const shown = runCli(['show', id, '--folder', folder, '--format', 'html', '--no-git']);
        assert.equal(shown.code, 0, shown.stderr);
        const file = path.join(folder, `${id}.html`);
        writeFileSync(file, shown.stdout);
        const page = await browser.newPage();
        const problems: string[] = [];
        const requests: string[] = [];
        page.on('console', (m) => {
          if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
        });
        page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
        page.on('dialog', (d) => {
          problems.push(`dialog: ${d.message()}`);
          void d.dismiss();
        });
        page.on('request', (r) => requests.push(r.url()));
        await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
        await page.goto(`file://${file}`, { waitUntil: 'load' });
        // Hover and focus every mark: the readout shows, nothing loads.
        const marks = page.locator('svg.timeline a.mark');
        const count = await marks.count();
        assert.ok(count >= 2, `marks drawn: ${count}`);
        await marks.first().focus();
        assert.equal(await page.locator('svg.timeline a.mark:focus .readout').isVisible(), true, 'the focused mark shows its text');
        await marks.nth(1).hover();
        const state = await page.evaluate(() => {
          // The DOM types are not in this project's lib: describe the few fields used.
          type El = { attributes: ArrayLike<{ name: string }> };
          const d = (
            globalThis as unknown as {
              document: { title: string; body: { innerText: string }; querySelectorAll(s: string): ArrayLike<El> };
            }
          ).document;
          const all = Array.from(d.querySelectorAll('*'));
          return {
            title: d.title,
            text: d.body.innerText,
            loaders: d.querySelectorAll('script, img, iframe, link, object, embed, video, audio, image, use').length,
            handlers: all.filter((el) => Array.from(el.attributes).some((a) => a.name.startsWith('on'))).length,
          };
        });
        assert.equal(state.loaders, 0, 'no element that runs or loads anything');
        assert.equal(state.handlers, 0, 'no event handler attribute');
        // The hostile record's scripts would set the title, or the whole body, to "pwned".
        assert.ok(state.title.startsWith(`${id} — `), state.title);
        assert.ok(state.text.length > 200 && state.text.trim() !== 'pwned', 'the story is shown, not replaced');
        assert.deepEqual(requests, [`file://${file}`], 'the page itself is the only request');
        assert.deepEqual(problems, []);
        await page.close();
      });
    }
  });
});
