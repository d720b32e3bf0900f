import * as assert from 'node:assert/strict';
import { firstParagraphText, renderNarrativeHtml } from '../../../server/src/core/render/narrative';

const href = (url: string) => `href="${url}"`;

describe('narrative Markdown', () => {
  it('renders Markdown with raw HTML shown as text', () => {
    const html = renderNarrativeHtml('Some **bold** text.\n\n<script>alert(1)</script>\n\n<img src="https://evil.example/x.gif">', href);
    assert.match(html, /<strong>bold<\/strong>/);
    assert.doesNotMatch(html, /<script|<img/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  it('links only http(s); javascript:, command: and file: stay text', () => {
    const html = renderNarrativeHtml(
      '[ok](https://example.com/a) [js](javascript:alert(1)) [cmd](command:workbench.action.terminal.new) [f](file:///etc/passwd) <https://auto.example/>',
      href,
    );
    assert.match(html, /<a href="https:\/\/example.com\/a">ok<\/a>/);
    assert.match(html, /<a href="https:\/\/auto.example\/">/);
    assert.doesNotMatch(html, /href="(javascript|command|file):/);
    assert.equal((html.match(/<a /g) ?? []).length, 2);
    assert.match(html, /<span class="unsafe-link"[^>]*>cmd<\/span>/);
  });

  it('never loads an image: alt text and address show as text', () => {
    const html = renderNarrativeHtml('![diagram](https://evil.example/track.png)', href);
    assert.doesNotMatch(html, /<img/);
    assert.match(html, /\[image: diagram\] <code>https:\/\/evil.example\/track.png<\/code>/);
  });

  it('moves headings below the page headings', () => {
    assert.match(renderNarrativeHtml('# Title\n\n## Part', href), /<h3>Title<\/h3>\n<h4>Part<\/h4>/);
  });

  it('first paragraph: plain text, headings skipped, cut at a word', () => {
    assert.equal(firstParagraphText('# Story\n\nThe **on-call** saw `x` and\na [link](https://e.x).\n\nSecond.', 200), 'The on-call saw x and a link.');
    const long = firstParagraphText(`${'word '.repeat(100)}`, 50);
    assert.ok(long.length <= 51 && long.endsWith('…'), long);
    assert.equal(firstParagraphText('# Only a heading', 50), '');
  });
});
