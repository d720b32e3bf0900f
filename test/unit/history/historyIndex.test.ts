import * as assert from 'assert';
import {
  HistoryIndex,
  findIds,
  followRenames,
  updateHistory,
  type CommitInfo,
  type HistoryPort,
  type HistoryQuery,
  type HistoryScan,
  type Rename,
} from '../../../server/src/core/history';
import { compileIdPatterns } from '../../../server/src/core/references';
import { cpuClock, describeDoubling, measureDoubling } from '../../helpers/scaling';

function commit(hash: string, ids: string[], files: string[], renames: Rename[] = []): CommitInfo {
  return { hash, shortHash: hash.slice(0, 7), subject: `commit ${hash}`, date: '2024-01-01T00:00:00Z', author: 'A', ids, files, renames };
}

describe('history: ids in commit messages', () => {
  const re = compileIdPatterns(['INC-\\d+(?:-\\d+)*', 'PM-\\d{3}']).matcher;

  it('finds every id once, in order, bounded by non-word characters', () => {
    assert.deepStrictEqual(findIds('Fix PM-123 and INC-2024-017 (see INC-42, INC-2024-017)', re), ['PM-123', 'INC-2024-017', 'INC-42']);
    assert.deepStrictEqual(findIds('XINC-1 INC-1x INC_2 PM-1234 inc-5', re), []);
  });

  it('leaves out sources that do not compile or match the empty string', () => {
    assert.strictEqual(compileIdPatterns(['INC-(', 'x*', 'OK-\\d+']).matcher.patterns.length, 1);
    assert.deepStrictEqual(findIds('OK-1 x', compileIdPatterns(['INC-(', 'x*', 'OK-\\d+']).matcher), ['OK-1']);
  });

  it('scans a hostile message in linear time, with the bounded matcher files use', async () => {
    // `[A-Z-]+` unbounded over `A-A-A-…` backtracks to every dash from every start: quadratic.
    const matcher = compileIdPatterns(['[A-Z][A-Z-]+-\\d+']).matcher;
    assert.deepStrictEqual(findIds(`${'A-'.repeat(1000)} then AB-1`, matcher), ['AB-1']);
    // CPU time, fastest of five rounds: the work runs in this process, and elapsed time on a busy
    // shared machine moves the ratio by more than the margin.
    const doubling = await measureDoubling((size) => findIds('A-'.repeat(size), matcher), 80_000, 5, cpuClock);
    console.log(`      ${describeDoubling('160 KB message of A-A-…', doubling)}`);
    assert.ok(doubling.ratio < 3, describeDoubling('doubling the message', doubling));
  });
});

describe('history: rename following', () => {
  it('gives old names of a file its current name, through chains of renames', () => {
    // newest first: c.ts -> d.ts, then b.ts -> c.ts, then a.ts -> b.ts
    const out = followRenames([
      commit('5', ['INC-5'], ['d.ts'], [{ from: 'c.ts', to: 'd.ts' }]),
      commit('4', ['INC-4'], ['c.ts', 'other.ts']),
      commit('3', [], ['c.ts'], [{ from: 'b.ts', to: 'c.ts' }]),
      commit('2', [], ['b.ts'], [{ from: 'a.ts', to: 'b.ts' }]),
      commit('1', ['INC-1'], ['a.ts', 'z.ts']),
    ]);
    assert.deepStrictEqual(
      out.map((c) => c.files),
      [['d.ts'], ['d.ts', 'other.ts'], ['d.ts'], ['d.ts'], ['d.ts', 'z.ts']],
    );
  });

  it('does not give a reused name the history of the file that left it', () => {
    // a.ts was renamed to b.ts; later a new a.ts was created.
    const out = followRenames([commit('3', ['INC-3'], ['a.ts']), commit('2', [], ['b.ts'], [{ from: 'a.ts', to: 'b.ts' }]), commit('1', ['INC-1'], ['a.ts'])]);
    assert.deepStrictEqual(
      out.map((c) => c.files),
      [['a.ts'], ['b.ts'], ['b.ts']],
    );
  });
});

describe('HistoryIndex', () => {
  it('answers by file and by incident, newest first', () => {
    const index = new HistoryIndex([commit('2', ['INC-2', 'INC-1'], ['a.ts']), commit('1', ['INC-1'], ['a.ts', 'b.ts'])], 'h');
    assert.deepStrictEqual(
      index.commitsForFile('a.ts').map((c) => c.hash),
      ['2', '1'],
    );
    assert.deepStrictEqual(
      index.commitsForIncident('INC-1').map((c) => c.hash),
      ['2', '1'],
    );
    assert.deepStrictEqual(index.filesForIncident('INC-1'), ['a.ts', 'b.ts']);
    assert.deepStrictEqual(index.filesForIncident('INC-2'), ['a.ts']);
    assert.deepStrictEqual(index.incidentsForFile('a.ts'), ['INC-2', 'INC-1']);
    assert.deepStrictEqual(index.commitsForFile('nope.ts'), []);
    assert.deepStrictEqual(index.filesForIncident('INC-404'), []);
  });

  it('merges a newer scan: new commits first, older files renamed by the newer renames, no duplicates', () => {
    const index = new HistoryIndex([commit('2', ['INC-1'], ['a.ts']), commit('1', ['INC-1'], ['a.ts', 'b.ts'])], '2');
    const newer: HistoryScan = {
      commits: [commit('4', ['INC-9'], ['c.ts']), commit('2', ['INC-1'], ['a.ts'])],
      // commit 3 mentions no incident but renamed a.ts -> c.ts; commit 4 later edited c.ts
      renames: [{ from: 'a.ts', to: 'c.ts' }],
      truncated: false,
    };
    index.merge(newer, '4');
    assert.strictEqual(index.head, '4');
    assert.deepStrictEqual(
      index.all().map((c) => c.hash),
      ['4', '2', '1'],
    );
    assert.deepStrictEqual(
      index.commitsForFile('c.ts').map((c) => c.hash),
      ['4', '2', '1'],
    );
    assert.deepStrictEqual(index.commitsForFile('a.ts'), []);
    assert.deepStrictEqual(index.filesForIncident('INC-1'), ['b.ts', 'c.ts']);
  });
});

describe('updateHistory (with a fake port)', () => {
  class FakePort implements HistoryPort {
    headHash: string | undefined = 'h1';
    scans: Array<HistoryQuery> = [];
    answers: Array<HistoryScan | undefined> = [];
    async commitsMentioningIncidents(q: HistoryQuery) {
      this.scans.push(q);
      return this.answers.shift();
    }
    async existingCommits() {
      return new Set<string>();
    }
    async describeCommits() {
      return new Map<string, CommitInfo>();
    }
    async changedSinceMergeBase() {
      return undefined;
    }
    async head() {
      return this.headHash;
    }
  }
  const query = { idRegexSources: ['INC-\\d+'], maxCommits: 100 };
  const scan = (...commits: CommitInfo[]): HistoryScan => ({ commits, renames: [], truncated: false });

  it('no HEAD: no history, and nothing scanned', async () => {
    const port = new FakePort();
    port.headHash = undefined;
    assert.strictEqual(await updateHistory(port, undefined, query), undefined);
    assert.strictEqual(port.scans.length, 0);
  });

  it('full scan, then nothing while HEAD stays, then an incremental one from the old HEAD', async () => {
    const port = new FakePort();
    port.answers = [scan(commit('c1', ['INC-1'], ['a.ts'])), scan(commit('c2', ['INC-2'], ['a.ts']))];
    const first = await updateHistory(port, undefined, query);
    assert.ok(first);
    assert.strictEqual(first.head, 'h1');
    assert.strictEqual(await updateHistory(port, first, query), first);
    port.headHash = 'h2';
    const second = await updateHistory(port, first, query);
    assert.strictEqual(second, first);
    assert.deepStrictEqual(
      port.scans.map((q) => q.since),
      [undefined, 'h1'],
    );
    assert.deepStrictEqual(first.incidentsForFile('a.ts'), ['INC-2', 'INC-1']);
  });

  it('scans in full when the incremental scan cannot be done, and gives up when that fails too', async () => {
    const port = new FakePort();
    const previous = new HistoryIndex([commit('old', ['INC-1'], ['a.ts'])], 'h0');
    port.answers = [undefined, scan(commit('new', ['INC-3'], ['b.ts']))];
    const next = await updateHistory(port, previous, query);
    assert.ok(next && next !== previous);
    assert.deepStrictEqual(
      next.all().map((c) => c.hash),
      ['new'],
    );
    port.headHash = 'h3';
    port.answers = [undefined, undefined];
    assert.strictEqual(await updateHistory(port, next, query), undefined);
  });
});
