import * as assert from 'node:assert/strict';
import { commentTokensFor, compileIdPatterns, isReferenceContext, scanModeFor, scanReferences } from '../../../server/src/core/references';

const { matcher } = compileIdPatterns([]);

describe('references: scan modes and files', () => {
  it('scans prose everywhere, source code in comments, and skips unknown files', () => {
    for (const path of ['docs/arch.md', 'a.markdown', 'b.mdx', 'c.adoc', 'd.asciidoc', 'e.rst', 'notes.txt', 'README', 'sub/CHANGELOG']) {
      assert.equal(scanModeFor(path), 'all', path);
    }
    for (const path of ['a.ts', 'b.PY', 'Dockerfile', 'x/Dockerfile.prod', 'Makefile', 'CMakeLists.txt', 'main.tf', '.bashrc']) {
      assert.equal(scanModeFor(path), 'comments', path);
    }
    for (const path of ['logo.png', 'a.zip', 'data.json', 'Something', 'archive.tar.gz', 'x.unknownext']) {
      assert.equal(scanModeFor(path), undefined, path);
    }
  });

  it('finds every mention in prose, including in code spans and quotes', () => {
    const text = '# Cache outage\n\nSee `INC-101` and "INC-102"; not xINC-901.\r\nAlso INC-2024-017.';
    assert.deepEqual(
      scanReferences('docs/cache.md', text, matcher).map((match) => match.id),
      ['INC-101', 'INC-102', 'INC-2024-017'],
    );
  });

  it('lets the caller force a mode (records are scanned whole)', () => {
    const text = 'id: INC-1\nrelated: ["INC-2"] # INC-3';
    assert.deepEqual(
      scanReferences('incidents/1.yaml', text, matcher).map((match) => match.id),
      ['INC-3'],
    );
    assert.deepEqual(
      scanReferences('incidents/1.yaml', text, matcher, 'all').map((match) => match.id),
      ['INC-1', 'INC-2', 'INC-3'],
    );
    assert.deepEqual(scanReferences('logo.png', 'INC-1', matcher), []);
    assert.deepEqual(scanReferences('notes.md', 'x = "INC-1"', matcher, 'comments'), []);
  });

  it('returns offsets into the original text (CRLF counted as two characters)', () => {
    const text = 'a();\r\n// INC-7\r\n';
    const [match] = scanReferences('a.js', text, matcher);
    assert.deepEqual(match, { id: 'INC-7', start: 9, end: 14 });
  });

  it('gives the comment tokens to wrap an inserted id in', () => {
    assert.deepEqual(commentTokensFor('a.ts'), { line: ['//'], block: [['/*', '*/']] });
    assert.deepEqual(commentTokensFor('a.py'), { line: ['#'] });
    assert.deepEqual(commentTokensFor('a.html'), { block: [['<!--', '-->']] });
    assert.deepEqual(commentTokensFor('a.sql')?.line, ['--']);
    assert.equal(commentTokensFor('a.md'), undefined);
    assert.equal(commentTokensFor('a.png'), undefined);
  });
});

describe('references: completion context', () => {
  it('is true inside a comment still being typed at the end of the text', () => {
    const text = 'fetch(url); // see INC-';
    assert.equal(isReferenceContext('a.ts', text, text.length), true);
  });

  it('is true at the end of a line comment followed by more lines, and inside block comments', () => {
    const text = 'a(); // see INC-\nb();\n/* INC- */ c();';
    assert.equal(isReferenceContext('a.ts', text, text.indexOf('\n')), true);
    assert.equal(isReferenceContext('a.ts', text, text.indexOf(' */')), true);
    assert.equal(isReferenceContext('a.ts', text, text.indexOf(' */') + 3), false);
    assert.equal(isReferenceContext('a.ts', text, text.indexOf('b()')), false);
  });

  it('is false inside a string, in code, and between the characters of an opener', () => {
    const text = 'const s = "see INC-';
    assert.equal(isReferenceContext('a.ts', text, text.length), false);
    assert.equal(isReferenceContext('a.ts', 'x = 1;', 6), false);
    assert.equal(isReferenceContext('a.ts', 'x; //', 4), false);
    assert.equal(isReferenceContext('a.py', 'x = "INC-"  # ', 8), false);
    assert.equal(isReferenceContext('a.py', 'x = "INC-"  # ', 14), true);
  });

  it('is true anywhere in prose and false in files that are not scanned', () => {
    assert.equal(isReferenceContext('docs/a.md', 'text INC-', 9), true);
    assert.equal(isReferenceContext('a.png', '// INC-', 7), false);
  });
});

describe('references: throughput (prints, never asserts time)', () => {
  it('scans a large source tree quickly', () => {
    const withoutIds =
      'export function add(a: number, b: number): number {\n  // adds two numbers\n  return a + b; /* "quoted" */\n}\nconst s = `template ${1 + 2}`;\n'.repeat(
        40,
      );
    const withIds = withoutIds + '// see INC-2024-017 for why this retries\nconst label = "INC-1";\n';
    const files = 2000;
    let found = 0;
    let bytes = 0;
    const started = process.hrtime.bigint();
    for (let k = 0; k < files; k++) {
      const text = k % 10 === 0 ? withIds : withoutIds;
      bytes += text.length;
      found += scanReferences(`src/f${k}.ts`, text, matcher).length;
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.equal(found, files / 10);
    console.log(`      ${files} files, ${(bytes / 1e6).toFixed(1)} MB in ${ms.toFixed(0)} ms (${(bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s)`);
  });

  it('tokenizes comments at a useful rate (every file holds an id at its end)', () => {
    const body = 'def add(a, b):\n    """Adds."""\n    s = "# not a comment" + \'x\'  # real comment\n    return a + b\n'.repeat(200);
    const text = body + '# INC-9\n';
    const rounds = 200;
    let found = 0;
    const started = process.hrtime.bigint();
    for (let k = 0; k < rounds; k++) found += scanReferences('m.py', text, matcher).length;
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.equal(found, rounds);
    const megabytes = (text.length * rounds) / 1e6;
    console.log(`      tokenizer: ${megabytes.toFixed(1)} MB of Python in ${ms.toFixed(0)} ms (${(megabytes / (ms / 1000)).toFixed(0)} MB/s)`);
  });
});
