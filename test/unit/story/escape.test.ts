import * as assert from 'node:assert/strict';
import {
  escapeHtml,
  escapeHtmlAttribute,
  escapeInline,
  neutraliseMentions,
  safeHttpUrl,
  safeLink,
  stripControls,
} from '../../../server/src/core/render/escape';

describe('escape: one module for every renderer', () => {
  it('HTML text and attributes cannot open a tag, an entity or leave a quoted attribute', () => {
    const hostile = `</style><script>alert("x")</script><img src='https://evil.example/p.gif'> &amp;`;
    const text = escapeHtml(hostile);
    assert.doesNotMatch(text, /[<>"']/);
    assert.equal(text, '&lt;/style&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=&#39;https://evil.example/p.gif&#39;&gt; &amp;amp;');
    assert.equal(escapeHtmlAttribute('a"\nb\'c'), 'a&quot; b&#39;c');
  });

  it('drops terminal escapes and bidi overrides', () => {
    assert.equal(stripControls('ok\u001b[2J\u202e!'), 'ok[2J!');
    assert.equal(escapeHtml('a\u0007b'), 'ab');
  });

  it('keeps only absolute http(s) URLs, normalised', () => {
    assert.equal(safeHttpUrl('https://chat.example.com/a?b=1#c'), 'https://chat.example.com/a?b=1#c');
    assert.equal(safeHttpUrl('HTTP://Example.com'), 'http://example.com/');
    for (const bad of [
      'javascript:alert(1)',
      'command:workbench.action.terminal.new',
      'file:///etc/passwd',
      'data:text/html,<b>',
      '/relative',
      'https://user:pw@example.com/',
      'https://exa mple.com',
      'https://example.com/"onmouseover="x',
      ' java\tscript:alert(1)',
      'vscode://file/etc',
    ]) {
      assert.equal(safeHttpUrl(bad), undefined, bad);
    }
  });

  it('Markdown inline text makes no link, no HTML and no mention', () => {
    const out = escapeInline('[x](command:evil) <b>hi</b> ping @oncall-team, mail ops@example.com');
    assert.equal(out, '\\[x\\](command:evil) &lt;b&gt;hi&lt;/b&gt; ping @\u200boncall-team, mail ops@example.com');
    assert.equal(neutraliseMentions('@a @b'), '@\u200ba @\u200bb');
    assert.equal(safeLink('t', 'command:x'), 't (command:x)');
    assert.equal(safeLink('t', 'https://e.example/a(b)'), '[t](https://e.example/a%28b%29)');
  });
});
