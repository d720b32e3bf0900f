import * as assert from 'node:assert/strict';
import { fallbackReferenceContext, referenceInsertion } from '../../../client/src/commands/referenceText';

const ID = 'INC-2024-017';
const cStyle = { inComment: false, lineComment: '//', blockComment: ['/*', '*/'] as [string, string] };

describe('client: reference insertion text', () => {
  it('inserts the bare id inside a comment, spaced from the word before', () => {
    assert.deepEqual(referenceInsertion(ID, { ...cStyle, inComment: true }, '// see', 6), { text: ` ${ID}`, at: 'cursor' });
    assert.deepEqual(referenceInsertion(ID, { ...cStyle, inComment: true }, '// see ', 7), { text: ID, at: 'cursor' });
    assert.deepEqual(referenceInsertion(ID, { inComment: true }, 'See (', 5), { text: ID, at: 'cursor' });
  });

  it('wraps the id in a line comment at the end of a code line or on an empty line', () => {
    assert.deepEqual(referenceInsertion(ID, cStyle, '', 0), { text: `// see ${ID}`, at: 'cursor' });
    assert.deepEqual(referenceInsertion(ID, cStyle, '  retry();', 10), { text: ` // see ${ID}`, at: 'cursor' });
    assert.deepEqual(referenceInsertion(ID, { inComment: false, lineComment: '#' }, '    ', 4), { text: `# see ${ID}`, at: 'cursor' });
  });

  it('uses a block comment mid-line so the code after the cursor stays code', () => {
    assert.deepEqual(referenceInsertion(ID, cStyle, 'retry();', 0), { text: `/* see ${ID} */ `, at: 'cursor' });
  });

  it('uses a block comment where the language has no line comment (CSS, HTML)', () => {
    assert.deepEqual(referenceInsertion(ID, { inComment: false, blockComment: ['/*', '*/'] }, '.a {}', 5), {
      text: ` /* see ${ID} */`,
      at: 'cursor',
    });
    assert.deepEqual(referenceInsertion(ID, { inComment: false, blockComment: ['<!--', '-->'] }, '', 0), {
      text: `<!-- see ${ID} -->`,
      at: 'cursor',
    });
  });

  it('adds a comment line above when only line comments exist and code follows the cursor', () => {
    assert.deepEqual(referenceInsertion(ID, { inComment: false, lineComment: '#' }, '    retry()', 4), {
      text: `    # see ${ID}\n`,
      at: 'lineStart',
    });
  });
});

describe('client: fallback reference context', () => {
  it('treats prose and unknown languages as places where the bare id counts', () => {
    assert.equal(fallbackReferenceContext('markdown', 'text', 4).inComment, true);
    assert.equal(fallbackReferenceContext('some-new-language', 'x', 1).inComment, true);
  });

  it('sees a comment opened earlier on the same line', () => {
    assert.equal(fallbackReferenceContext('typescript', 'f(); // see ', 12).inComment, true);
    assert.equal(fallbackReferenceContext('typescript', 'f(); /* a */ g', 14).inComment, false);
    assert.equal(fallbackReferenceContext('python', 'x = 1', 5).inComment, false);
    assert.equal(fallbackReferenceContext('python', 'x = 1', 5).lineComment, '#');
  });
});
