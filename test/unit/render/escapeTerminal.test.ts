import * as assert from 'node:assert/strict';
import { escapeTerminal } from '../../../server/src/core/render/escape';

describe('escapeTerminal: one line of terminal or CI-log output', () => {
  it('shows line breaks, carriage returns and tabs as their usual escapes', () => {
    assert.equal(escapeTerminal('x\n::error file=app.js,line=1::FORGED\n.ts'), 'x\\n::error file=app.js,line=1::FORGED\\n.ts');
    assert.equal(escapeTerminal('Checkout was slow\rAll systems normal'), 'Checkout was slow\\rAll systems normal');
    assert.equal(escapeTerminal('a\r\nb\tc'), 'a\\r\\nb\\tc');
  });

  it('shows terminal escapes, other C0 and C1 controls and DEL by code', () => {
    assert.equal(escapeTerminal('\u001b]0;pwned\u0007'), '\\e]0;pwned\\x07');
    assert.equal(escapeTerminal('\u0000\u007f\u009b2J'), '\\x00\\x7f\\x9b2J');
  });

  it('shows bidi controls and Unicode line separators, which reorder or break what a reader sees', () => {
    assert.equal(escapeTerminal('src/\u202Eevil.ts'), 'src/\\u{202E}evil.ts');
    assert.equal(escapeTerminal('\u2066a\u2069\u2028b\u2029'), '\\u{2066}a\\u{2069}\\u{2028}b\\u{2029}');
  });

  it('leaves printable text alone, non-ASCII included', () => {
    const text = 'INC-2024-017 · Café timeouts — 30% of checkouts (see docs\\notes.md)';
    assert.equal(escapeTerminal(text), text);
  });
});
