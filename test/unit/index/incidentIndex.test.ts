import * as assert from 'node:assert/strict';
import { IncidentIndex } from '../../../server/src/core/index/incidentIndex';
import { loadFolder } from '../../../server/src/core/index/loader';
import { DEFAULT_OPTIONS, type Options } from '../../../server/src/core/model';
import { silentLogger } from '../../../server/src/core/ports';
import { compileIdPatterns } from '../../../server/src/core/references';
import { MemoryWorkspace } from '../../helpers/memoryWorkspace';

const retryStorm = `id: INC-2024-017
title: Payment retries amplified a partial outage
status: published
severity: SEV2
started: 2024-03-01T14:02:00Z
resolved: 2024-03-01T16:20:00Z
summary: Card payments failed for 2 hours while retries multiplied load.
related: [INC-2023-101, INC-1999-999]
code:
  - path: src/payments/retry.ts
    lines: "40-72"
    note: the retry loop
  - glob: src/billing/**
  - path: src/gone.ts
`;
const oldOutage = `---
id: INC-2023-101
title: Queue backlog after a deploy
started: 2023-11-20
summary: A slow consumer let the queue grow.
---
The on-call engineer saw the backlog grow and was unsure whether to roll back. See INC-2024-017.
`;

function build(files: Record<string, string>, options: Partial<Options> = {}) {
  const opts = { ...DEFAULT_OPTIONS, ...options };
  const index = new IncidentIndex(opts, compileIdPatterns(opts.idPatterns).matcher);
  const workspace = new MemoryWorkspace(files);
  return { index, workspace, load: () => loadFolder(workspace, index, silentLogger) };
}

describe('IncidentIndex', () => {
  it('knows a folder exists while any file lies under it, however files come and go', () => {
    const { index } = build({});
    const folders = ['a', 'a/b', 'a/b/c', 'a/d', 'e'];
    const exists = () => folders.filter((f) => index.isKnownFolder(f));
    index.knownPaths.add('a/b/c/one.ts');
    index.knownPaths.add('a/b/c/two.ts');
    index.knownPaths.add('a/b/three.ts');
    index.knownPaths.add('a/d/four.ts');
    index.knownPaths.add('a/d/four.ts');
    index.knownPaths.add('top.ts');
    assert.deepEqual(exists(), ['a', 'a/b', 'a/b/c', 'a/d']);
    index.knownPaths.remove('a/b/c/one.ts');
    assert.deepEqual(exists(), ['a', 'a/b', 'a/b/c', 'a/d'], 'c still holds two.ts');
    index.knownPaths.remove('a/b/c/two.ts');
    assert.deepEqual(exists(), ['a', 'a/b', 'a/d'], 'c is empty; b still holds three.ts');
    index.knownPaths.remove('a/d/four.ts');
    index.knownPaths.remove('a/d/four.ts');
    assert.deepEqual(exists(), ['a', 'a/b']);
    index.knownPaths.remove('a/b/three.ts');
    assert.deepEqual(exists(), []);
    assert.ok(index.pathExists('top.ts') && index.pathExists('') && !index.pathExists('a'));
    index.knownPaths.add('a/b/c/again.ts');
    assert.deepEqual(exists(), ['a', 'a/b', 'a/b/c']);
    assert.ok(index.pathExists('a/b/') && index.pathExists('a/b/c/again.ts'));
  });

  it('indexes records, references and backlinks from a folder', async () => {
    const { index, load } = build({
      'incidents/2024/INC-2024-017.yaml': retryStorm,
      'postmortems/queue.md': oldOutage,
      'src/payments/retry.ts': '// see INC-2024-017\nconst id = "INC-2023-101";\n',
      'docs/architecture.md': 'Payments: INC-2024-017 and INC-2023-101 and INC-404.\n',
      'src/billing/invoice.py': 'print(1)\n',
    });
    await load();
    assert.deepEqual(
      index
        .records()
        .map((r) => r.id)
        .sort(),
      ['INC-2023-101', 'INC-2024-017'],
    );
    assert.equal(index.record('INC-2024-017')?.path, 'incidents/2024/INC-2024-017.yaml');
    // The string literal in retry.ts is not a reference; the doc and the other record are.
    assert.deepEqual(
      index.referencesTo('INC-2024-017').map((r) => `${r.path}:${r.line}`),
      ['docs/architecture.md:0', 'postmortems/queue.md:6', 'src/payments/retry.ts:0'],
    );
    assert.deepEqual(
      index.referencesTo('INC-2023-101').map((r) => r.path),
      ['docs/architecture.md', 'incidents/2024/INC-2024-017.yaml'],
    );
    assert.equal(index.referenceCount('INC-2024-017'), 3);
  });

  it('ties files to incidents by reference, code path, folder and glob', async () => {
    const { index, load } = build({
      'incidents/a.yaml': retryStorm,
      'postmortems/queue.md': oldOutage,
      'src/payments/retry.ts': '// see INC-2023-101\n',
      'src/billing/deep/invoice.go': 'package billing\n',
    });
    await load();
    const retry = index.incidentsTouching('src/payments/retry.ts');
    assert.deepEqual(
      retry.map((t) => t.record.id),
      ['INC-2024-017', 'INC-2023-101'],
    );
    assert.equal(retry[0].codeEntries[0].lines?.start, 40);
    assert.equal(retry[1].references[0].line, 0);
    assert.deepEqual(
      index.incidentsTouching('src/billing/deep/invoice.go').map((t) => t.record.id),
      ['INC-2024-017'],
    );
    assert.deepEqual(index.incidentsTouching('src/other.ts'), []);
  });

  it('reports cross-file problems: unknown references, unknown related, missing code paths, duplicates', async () => {
    const { index, load } = build({
      'incidents/a.yaml': retryStorm,
      'incidents/b.yaml': retryStorm.replace('title: Payment', 'title: Copy of payment'),
      'src/payments/retry.ts': '// INC-2024-071 is a typo\n',
      'docs/notes.txt': 'INC-2024-017\n',
    });
    await load();
    const codes = (path: string) => index.problemsIn(path).map((p) => p.code);
    assert.deepEqual(codes('src/payments/retry.ts'), ['unknown-reference']);
    assert.deepEqual(index.closestIds('INC-2024-071'), ['INC-2024-017']);
    assert.deepEqual(codes('docs/notes.txt'), []);
    const a = index.problemsIn('incidents/a.yaml');
    assert.ok(a.some((p) => p.code === 'duplicate-id' && p.message.includes('incidents/b.yaml')));
    assert.ok(index.problemsIn('incidents/b.yaml').some((p) => p.code === 'duplicate-id'));
    const related = a.filter((p) => p.code === 'unknown-related');
    assert.deepEqual(
      related.map((p) => retryStorm.slice(p.span.start, p.span.end)),
      ['INC-2023-101', 'INC-1999-999'],
    );
    const missing = a.filter((p) => p.code === 'missing-code-path');
    assert.deepEqual(
      missing.map((p) => retryStorm.slice(p.span.start, p.span.end)),
      ['src/gone.ts'],
    );
  });

  it('updates one file without rescanning the workspace', async () => {
    const { index, workspace, load } = build({
      'incidents/a.yaml': retryStorm,
      'src/a.ts': '// INC-2024-017\n',
      'src/b.ts': '/* INC-2024-017 */\n',
    });
    await load();
    const readsAfterLoad = workspace.reads.length;
    assert.deepEqual(index.problemsIn('src/a.ts'), []);
    // Renaming the id turns every reference into an unknown one, and says which ids changed.
    const changed = index.setFile('incidents/a.yaml', retryStorm.replace('id: INC-2024-017', 'id: INC-2024-018'));
    assert.deepEqual([...changed].sort(), ['INC-2024-017', 'INC-2024-018']);
    assert.deepEqual([...index.pathsReferencing(changed)].sort(), ['src/a.ts', 'src/b.ts']);
    assert.deepEqual(
      index.problemsIn('src/b.ts').map((p) => p.code),
      ['unknown-reference'],
    );
    index.removeFile('src/a.ts');
    assert.deepEqual(
      index.referencesTo('INC-2024-017').map((r) => r.path),
      ['src/b.ts'],
    );
    assert.equal(workspace.reads.length, readsAfterLoad);
  });

  it('honours records globs, exclude and maxFileSize; reports skipped records', async () => {
    const { index, load } = build(
      {
        'incidents/a.yaml': retryStorm,
        'incidents/huge.yaml': `id: INC-1\n# ${'x'.repeat(5000)}\n`,
        'incidents/picture.md': 'PNG\u0000\u0000',
        'vendor/lib.js': '// INC-2024-017\n',
        'src/main.ts': '// INC-2024-017\n',
      },
      { exclude: ['vendor/**'], maxFileSize: 4096 },
    );
    const result = await load();
    assert.deepEqual(
      index.referencesTo('INC-2024-017').map((r) => r.path),
      ['src/main.ts'],
    );
    assert.deepEqual(result.tooLarge, ['incidents/huge.yaml']);
    assert.deepEqual(result.unreadable, ['incidents/picture.md']);
    assert.deepEqual(
      index.problemsIn('incidents/huge.yaml').map((p) => p.code),
      ['file-skipped'],
    );
    assert.ok(index.isRecordPath('incidents/2024/x.yml'));
    assert.ok(!index.isRecordPath('src/incidents/x.yaml'));
    assert.ok(!index.isRecordPath('incidents/x.json'));
  });

  it('treats Markdown without front matter in a records folder as a document', async () => {
    const { index, load } = build({
      'incidents/a.yaml': retryStorm,
      'incidents/README.md': '# How we write reviews\n\nStart from INC-2024-017 as an example.\n',
    });
    await load();
    assert.equal(index.fileKind('incidents/README.md'), 'document');
    assert.deepEqual(index.problemsIn('incidents/README.md'), []);
    assert.deepEqual(
      index.referencesTo('INC-2024-017').map((r) => r.path),
      ['incidents/README.md'],
    );
  });
});
