import * as assert from 'node:assert/strict';
import { findIdPosition } from '../../../client/src/records/idLine';

describe('client: finding a record id line', () => {
  it('finds the id key of a YAML record, quoted or not', () => {
    assert.deepEqual(findIdPosition('# note INC-1\ntitle: x\nid: INC-1\n', 'INC-1'), { line: 2, character: 4 });
    assert.deepEqual(findIdPosition("title: x\n  id:   'INC-2024-017'  # ok\n", 'INC-2024-017'), { line: 1, character: 9 });
  });

  it('finds the id in Markdown front matter with CRLF line endings', () => {
    const text = '---\r\ntitle: t\r\nid: "INC-7"\r\n---\r\n# Story\r\n';
    assert.deepEqual(findIdPosition(text, 'INC-7'), { line: 2, character: 5 });
  });

  it('does not take a longer id for the one asked', () => {
    const text = 'id: INC-2024-0170\n';
    assert.deepEqual(findIdPosition(text, 'INC-2024-017'), { line: 0, character: 0 });
  });

  it('falls back to the first mention, then to the top', () => {
    assert.deepEqual(findIdPosition('title: x\nrelated: [INC-3]\n', 'INC-3'), { line: 1, character: 10 });
    assert.deepEqual(findIdPosition('title: x\n', 'INC-3'), { line: 0, character: 0 });
  });
});
