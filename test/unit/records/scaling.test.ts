import * as assert from 'node:assert/strict';
import { parseConfigFile } from '../../../server/src/core/config';
import { MAX_PROBLEMS_PER_FILE } from '../../../server/src/core/problemLimit';
import { cpuClock, describeDoubling, measureDoubling, type Doubling } from '../../helpers/scaling';
import { CTX, parse } from './helpers';

// Linear work doubles (ratio about 2); the quadratic paths these guard against (the YAML library's
// duplicate-key check, a scan per unknown field, rebuilding the text per conflict marker)
// quadruple it at these sizes. 3 leaves room for noise on a shared machine.
const LINEAR = 3;
const SIZE = 16_000;

const HEAD = 'id: INC-1\ntitle: Many keys\nstarted: 2024-01-01\nsummary: s\n';

function lines(n: number, line: (i: number) => string): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(line(i));
  return out.join('\n') + '\n';
}

function assertLinear(what: string, result: Doubling): void {
  const detail = describeDoubling(what, result);
  console.log(`      ${detail}`);
  assert.ok(result.ratio < LINEAR, `not near-linear: ${detail}`);
}

/** The doubling ratio of `work` over inputs made by `make`, each input made once, outside the timing. */
async function doubling<T>(make: (n: number) => T, work: (input: T) => unknown, n: number): Promise<Doubling> {
  const inputs = new Map([n, 2 * n].map((size) => [size, make(size)]));
  // CPU time, fastest of five interleaved rounds: parsing runs in this process, and elapsed time on
  // a busy shared machine moved the ratio by more than the margin.
  return measureDoubling((size) => work(inputs.get(size)!), n, 5, cpuClock);
}

describe('record and configuration parsing scale linearly', function () {
  this.timeout(600_000);

  it('a record with tens of thousands of unknown keys', async () => {
    const make = (n: number) => HEAD + lines(n, (i) => `unknown_${i}: value`);
    assertLinear('unknown keys', await doubling(make, (text) => parse('incidents/a.yaml', text, CTX), SIZE));
  });

  it('a record with tens of thousands of conflict markers', async () => {
    const markers = ['<<<<<<< ours', 'title: a', '=======', 'title: b', '>>>>>>> theirs'];
    const make = (n: number) => HEAD + lines(n, (i) => markers[i % markers.length]);
    assertLinear('conflict markers', await doubling(make, (text) => parse('incidents/a.yaml', text, CTX), SIZE));
  });

  it('a configuration file with tens of thousands of unknown keys', async () => {
    const make = (n: number) => lines(n, (i) => `setting_${i}: value`);
    assertLinear('configuration keys', await doubling(make, (text) => parseConfigFile(text), SIZE));
  });

  it('reports at most the bound per file, then how many more', () => {
    const text = HEAD + lines(5000, (i) => `unknown_${i}: value`) + 'status: closed\n';
    const { problems, record } = parse('incidents/a.yaml', text, CTX);
    assert.equal(record?.id, 'INC-1');
    assert.equal(problems.length, MAX_PROBLEMS_PER_FILE + 1);
    const last = problems[problems.length - 1];
    assert.equal(last.code, 'too-many-problems');
    // 4,900 unknown fields and the bad status are left out; the error among them keeps it an error.
    assert.equal(last.severity, 'error');
    assert.equal(last.message, `And 4901 more problems in this file from here on: only the first ${MAX_PROBLEMS_PER_FILE} are reported.`);
    assert.equal(text.slice(last.span.start, last.span.end), `unknown_${MAX_PROBLEMS_PER_FILE}`);
    const config = parseConfigFile(lines(3000, (i) => `setting_${i}: value`));
    assert.equal(config.problems.length, MAX_PROBLEMS_PER_FILE + 1);
    assert.match(config.problems[MAX_PROBLEMS_PER_FILE].message, /^And 2900 more problems/);
  });

  it('still finds duplicate keys, in records and in the configuration', () => {
    const record = parse('incidents/a.yaml', HEAD + 'tags: [a]\ntitle: again\ntags: [b]\n', CTX);
    assert.deepEqual(
      record.problems.map((p) => p.message),
      [
        'Duplicate key `title`: it is already set on line 2; only the first is used.',
        'Duplicate key `tags`: it is already set on line 5; only the first is used.',
      ],
    );
    const configText = 'severities: [a]\ngit:\n  enabled: true\n  enabled: false\nseverities: [b]\n';
    const config = parseConfigFile(configText);
    assert.deepEqual(
      config.problems.map((p) => [configText.slice(p.span.start, p.span.end), p.message]),
      [
        ['e', 'Map keys must be unique; using the defaults.'],
        ['s', 'Map keys must be unique; using the defaults.'],
      ],
    );
    assert.deepEqual(config.options.severities, ['SEV1', 'SEV2', 'SEV3', 'SEV4', 'SEV5']);
  });
});
