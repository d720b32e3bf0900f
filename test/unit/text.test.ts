import * as assert from 'node:assert/strict';
import { LineMap, lineOfOffset } from '../../server/src/core/text';

describe('LineMap', () => {
  it('maps offsets to positions across LF, CRLF and CR line endings', () => {
    const text = 'a\nbc\r\nd\re';
    const map = new LineMap(text);
    assert.equal(map.lineCount, 4);
    assert.deepEqual(map.positionAt(text.indexOf('c')), { line: 1, character: 1 });
    assert.deepEqual(map.positionAt(text.indexOf('d')), { line: 2, character: 0 });
    assert.deepEqual(map.positionAt(text.indexOf('e')), { line: 3, character: 0 });
    assert.equal(map.offsetAt({ line: 1, character: 1 }), text.indexOf('c'));
    assert.equal(lineOfOffset(text, text.indexOf('e')), 3);
  });

  it('clamps positions past the end of a line or the text', () => {
    const map = new LineMap('ab\ncd');
    assert.equal(map.offsetAt({ line: 0, character: 99 }), 3);
    assert.equal(map.offsetAt({ line: 9, character: 0 }), 5);
    assert.deepEqual(map.positionAt(99), { line: 1, character: 2 });
  });
});
