import * as assert from 'node:assert/strict';
import { applyBufferText, applyFileChanges, layBuffers, revertBufferToDisk } from '../../../server/src/core/index/fileChanges';
import { IncidentIndex } from '../../../server/src/core/index/incidentIndex';
import { IndexPolicy } from '../../../server/src/core/index/indexPolicy';
import { loadFolder } from '../../../server/src/core/index/loader';
import { DEFAULT_OPTIONS, type Options } from '../../../server/src/core/model';
import { silentLogger } from '../../../server/src/core/ports';
import { compileIdPatterns } from '../../../server/src/core/references';
import { MemoryWorkspace } from '../../helpers/memoryWorkspace';
import { recordYaml } from '../../helpers/records';

async function loaded(files: Record<string, string>, options: Partial<Options> = {}, nestedRoots: string[] = []) {
  const opts = { ...DEFAULT_OPTIONS, ...options };
  const index = new IncidentIndex(opts, compileIdPatterns(opts.idPatterns).matcher, new IndexPolicy(opts, nestedRoots));
  const workspace = new MemoryWorkspace(files);
  await loadFolder(workspace, index, silentLogger);
  return { index, workspace };
}

const noBuffers = { isOpen: () => false };

describe('IndexPolicy: one decision of what the index reads', () => {
  const policy = new IndexPolicy({ records: ['incidents/**'], exclude: ['vendor/**', 'generated/'] }, ['packages/nested']);

  it('skips dependency and build folders at any depth, excluded folders and nested workspace folders', () => {
    for (const dir of ['node_modules', 'src/node_modules', 'app/dist', '.git', 'vendor', 'generated', 'packages/nested']) {
      assert.ok(policy.skipsFolder(dir), dir);
    }
    for (const dir of ['src', 'incidents', 'packages', 'packages/other', 'distribution']) assert.ok(!policy.skipsFolder(dir), dir);
  });

  it('reads records and scanned files outside skipped folders, and nothing else', () => {
    assert.ok(policy.isIndexable('incidents/2024/INC-1.yaml'));
    assert.ok(policy.isIndexable('src/app.ts'));
    assert.ok(policy.isIndexable('README.md'));
    for (const path of [
      'node_modules/pkg/README.md',
      'src/node_modules/x.js',
      'dist/bundle.js',
      'vendor/lib.js',
      'generated/api.ts',
      'packages/nested/src/a.ts',
      'logo.png',
    ]) {
      assert.ok(!policy.isIndexable(path), path);
    }
    assert.ok(policy.isRecordPath('incidents/a.md'));
    assert.ok(!policy.isRecordPath('src/incidents/a.yaml'));
  });
});

describe('applyFileChanges: following the disk after the first index', () => {
  it('reads created and changed files once, forgets deleted ones, and names every file whose problems change', async () => {
    const { index, workspace } = await loaded({ 'incidents/INC-1.yaml': recordYaml('INC-1'), 'src/a.ts': '// INC-1 INC-2\n' });
    workspace.files.set('incidents/INC-2.yaml', recordYaml('INC-2'));
    workspace.reads.length = 0;
    const created = await applyFileChanges(
      index,
      workspace,
      [
        { path: 'incidents/INC-2.yaml', kind: 'created' },
        { path: 'incidents/INC-2.yaml', kind: 'changed' },
      ],
      noBuffers,
    );
    assert.deepEqual(workspace.reads, ['incidents/INC-2.yaml'], 'the last event per path counts: one read');
    assert.ok(index.record('INC-2'));
    assert.deepEqual([...created.affected].sort(), ['incidents/INC-2.yaml', 'src/a.ts']);
    assert.ok(created.indexChanged);

    workspace.files.delete('incidents/INC-1.yaml');
    const deleted = await applyFileChanges(index, workspace, [{ path: 'incidents/INC-1.yaml', kind: 'deleted' }], noBuffers);
    assert.equal(index.record('INC-1'), undefined);
    assert.deepEqual([...deleted.affected].sort(), ['incidents/INC-1.yaml', 'src/a.ts']);
    assert.deepEqual(
      index.problemsIn('src/a.ts').map((p) => p.message),
      ['Unknown incident INC-1: no record defines it.'],
    );
  });

  it('reads a folder that appears in one event, and forgets a folder deleted in one event', async () => {
    const { index, workspace } = await loaded({ 'src/a.ts': '// INC-7\n' });
    workspace.files.set('incidents/archive/INC-7.yaml', recordYaml('INC-7'));
    workspace.files.set('incidents/archive/notes.txt', 'not read');
    await applyFileChanges(index, workspace, [{ path: 'incidents/archive', kind: 'created' }], noBuffers);
    assert.ok(index.record('INC-7'));
    assert.ok(index.pathExists('incidents/archive/notes.txt'), 'a file the index does not read is still known to exist');
    workspace.files.delete('incidents/archive/INC-7.yaml');
    workspace.files.delete('incidents/archive/notes.txt');
    await applyFileChanges(index, workspace, [{ path: 'incidents', kind: 'deleted' }], noBuffers);
    assert.equal(index.record('INC-7'), undefined);
    assert.ok(!index.pathExists('incidents/archive/notes.txt'));
  });

  it('never reads files in skipped folders, as the cold index does not', async () => {
    const { index, workspace } = await loaded({}, { exclude: ['vendor/**'] });
    workspace.files.set('node_modules/pkg/README.md', 'INC-404');
    workspace.files.set('vendor/lib.js', '// INC-405');
    workspace.files.set('build/out/INC.md', 'INC-406');
    workspace.reads.length = 0;
    const outcome = await applyFileChanges(
      index,
      workspace,
      [
        { path: 'node_modules/pkg/README.md', kind: 'created' },
        { path: 'vendor/lib.js', kind: 'changed' },
        { path: 'build', kind: 'created' },
      ],
      noBuffers,
    );
    assert.deepEqual(workspace.reads, []);
    assert.equal(outcome.indexChanged, false);
    assert.equal(index.fileCount, 0);
  });

  it('leaves open buffers to the editor, but applies a deletion at once and says so', async () => {
    const { index, workspace } = await loaded({ 'incidents/INC-1.yaml': recordYaml('INC-1') });
    const buffers = { isOpen: (path: string) => path === 'incidents/INC-1.yaml' };
    workspace.files.set('incidents/INC-1.yaml', recordYaml('INC-9'));
    await applyFileChanges(index, workspace, [{ path: 'incidents/INC-1.yaml', kind: 'changed' }], buffers);
    assert.ok(index.record('INC-1'), 'the open buffer wins over the disk');
    workspace.files.delete('incidents/INC-1.yaml');
    const outcome = await applyFileChanges(index, workspace, [{ path: 'incidents/INC-1.yaml', kind: 'deleted' }], buffers);
    assert.equal(index.record('INC-1'), undefined, 'a deleted record is gone even while its tab is open');
    assert.deepEqual(outcome.deletedWhileOpen, ['incidents/INC-1.yaml']);
  });

  it('turns a configuration change into a re-index and a change under .git into a history refresh', async () => {
    const { index, workspace } = await loaded({ 'src/a.ts': '// INC-1\n' });
    workspace.files.set('src/b.ts', '// INC-2\n');
    const outcome = await applyFileChanges(
      index,
      workspace,
      [
        { path: '.incident-lens.yaml', kind: 'changed' },
        { path: '.git/HEAD', kind: 'changed' },
        { path: 'src/b.ts', kind: 'created' },
      ],
      noBuffers,
    );
    assert.ok(outcome.configChanged);
    assert.ok(outcome.headMoved);
    assert.equal(index.fileKind('src/b.ts'), undefined, 'nothing applied: the folder is indexed anew');
  });
});

describe('editor buffers over the index', () => {
  it('takes a buffer text, ignores configuration being typed, and goes back to the disk on close', async () => {
    const { index, workspace } = await loaded({ 'incidents/INC-1.yaml': recordYaml('INC-1'), 'src/a.ts': '// INC-1\n' });
    const affected = applyBufferText(index, 'incidents/INC-1.yaml', recordYaml('INC-3'));
    assert.deepEqual([...affected!].sort(), ['incidents/INC-1.yaml', 'src/a.ts']);
    assert.equal(applyBufferText(index, '.incident-lens.yaml', 'records: [x/**]'), undefined);
    assert.equal(applyBufferText(index, 'node_modules/x/README.md', 'INC-1'), undefined);
    await revertBufferToDisk(index, workspace, 'incidents/INC-1.yaml');
    assert.ok(index.record('INC-1'));
    applyBufferText(index, 'incidents/draft.yaml', recordYaml('INC-5'));
    assert.ok(index.record('INC-5'));
    await revertBufferToDisk(index, workspace, 'incidents/draft.yaml');
    assert.equal(index.record('INC-5'), undefined, 'a buffer never saved is forgotten on close');
  });

  it('lays buffers over a fresh index, except an untouched one whose file is gone', async () => {
    const { index } = await loaded({ 'incidents/INC-1.yaml': recordYaml('INC-1') });
    layBuffers(index, [
      { path: 'incidents/INC-1.yaml', text: recordYaml('INC-11'), edited: false },
      { path: 'incidents/deleted.yaml', text: recordYaml('INC-2'), edited: false },
      { path: 'incidents/draft.yaml', text: recordYaml('INC-3'), edited: true },
    ]);
    assert.ok(index.record('INC-11'), 'an open buffer of a file on disk wins');
    assert.equal(index.record('INC-2'), undefined, 'a tab left open on a deleted file does not bring it back');
    assert.ok(index.record('INC-3'), 'a draft being typed counts');
  });
});
