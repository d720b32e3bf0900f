import * as assert from 'node:assert/strict';
import { yamlPathAt } from '../../../server/src/core/records';

/** The path at the `|` in `marked` (the bar is removed from the text). */
function pathAt(file: string, marked: string): Array<string | number> | undefined {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0);
  return yamlPathAt(file, marked.slice(0, offset) + marked.slice(offset + 1), offset);
}

describe('yamlPathAt', () => {
  const record = 'id: INC-1\nrelated:\n  - INC-2\n  - INC-3\ncode:\n  - path: src/a.ts\n    lines: "4-9"\n';

  it('finds the key path of a value, a list item and a key', () => {
    assert.deepEqual(pathAt('a.yaml', record.replace('INC-3', 'INC|-3')), ['related', 1]);
    assert.deepEqual(pathAt('a.yaml', record.replace('src/a', 'src/|a')), ['code', 0, 'path']);
    assert.deepEqual(pathAt('a.yaml', record.replace('lines', 'li|nes')), ['code', 0, 'lines']);
    assert.deepEqual(pathAt('a.yaml', record.replace('id: INC-1', 'id: INC|-1')), ['id']);
    assert.deepEqual(pathAt('a.yaml', `|${record}`), ['id']);
  });

  it('works on half-typed text', () => {
    assert.deepEqual(pathAt('a.yaml', 'id: INC-1\nrelated:\n  - INC-2\n  - |'), ['related', 1]);
    assert.deepEqual(pathAt('a.yaml', 'id: INC-1\nrelated:\n  - INC-2\n  - INC-|'), ['related', 1]);
    assert.deepEqual(pathAt('a.yaml', 'related: [INC-1, |'), ['related', 1]);
    assert.deepEqual(pathAt('a.yaml', 'related: [INC-1, INC-|'), ['related', 1]);
    assert.deepEqual(pathAt('a.yaml', 'code:\n  - path: |'), ['code', 0, 'path']);
    assert.deepEqual(pathAt('a.yaml', 'code:\n  - path: src/|\n    lines: "1"\n'), ['code', 0, 'path']);
    assert.deepEqual(pathAt('a.yaml', 'code:\n  - path: a\n  - path: "b/|'), ['code', 1, 'path']);
    assert.deepEqual(pathAt('a.yaml', 'id: INC-1\n\trelated: x\nrelated:\n  - |'), ['related', 0]);
  });

  it('gives the enclosing mapping between entries, and [] at the top level', () => {
    assert.deepEqual(pathAt('a.yaml', 'id: INC-1\n|\ntitle: t\n'), []);
    assert.deepEqual(pathAt('a.yaml', '|'), []);
  });

  it('works in Markdown front matter, with offsets into the whole file', () => {
    const md = '---\nid: INC-1\nrelated:\n  - INC-|2\n---\n# Body mentions INC-3\n';
    assert.deepEqual(pathAt('a.md', md), ['related', 0]);
    assert.deepEqual(pathAt('a.md', '\uFEFF---\nrelated: [INC-|'), ['related', 0]);
    assert.deepEqual(pathAt('a.md', '---\ncode:\n  - path: |'), ['code', 0, 'path']);
  });

  it('is undefined outside the YAML of a Markdown file', () => {
    assert.equal(pathAt('a.md', '---\nid: INC-1\n---\n# Body |INC-3\n'), undefined);
    assert.equal(pathAt('a.md', '# No front matter |\n'), undefined);
    assert.equal(pathAt('a.md', '|---\nid: INC-1\n---\n'), undefined);
    assert.equal(yamlPathAt('a.yaml', 'id: x', 99), undefined);
  });

  it('does not overflow on deeply nested text', () => {
    const deep = `${'['.repeat(5000)}|`;
    assert.ok(Array.isArray(pathAt('a.yaml', deep)));
  });
});
