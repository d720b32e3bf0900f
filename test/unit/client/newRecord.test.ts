import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import { draftFolder, nextFreeId, recordFolders, recordTemplate, servicesByUse, staticFolderOf, titleProblem } from '../../../client/src/records/newRecord';

describe('client: next free incident id', () => {
  it('starts at 001 in a year without incidents', () => {
    assert.equal(nextFreeId([], 2026), 'INC-2026-001');
    assert.equal(nextFreeId(['INC-2025-014', 'INC-42'], 2026), 'INC-2026-001');
  });

  it('takes one above the highest id of the year, not the count', () => {
    assert.equal(nextFreeId(['INC-2026-003', 'INC-2026-017', 'INC-2026-009'], 2026), 'INC-2026-018');
  });

  it('keeps the width the team uses', () => {
    assert.equal(nextFreeId(['INC-2026-0099'], 2026), 'INC-2026-0100');
    assert.equal(nextFreeId(['INC-2026-999'], 2026), 'INC-2026-1000');
  });

  it('counts exactly beyond 2^53 and at any length (no floating point)', () => {
    assert.equal(nextFreeId(['INC-2026-9007199254740992'], 2026), 'INC-2026-9007199254740993');
    assert.equal(nextFreeId(['INC-2026-9007199254740993'], 2026), 'INC-2026-9007199254740994');
    const long = `0${'9'.repeat(119)}`;
    assert.equal(nextFreeId([`INC-2026-${long}`], 2026), `INC-2026-1${'0'.repeat(119)}`);
    assert.equal(nextFreeId([`INC-2026-1${'0'.repeat(119)}`], 2026), `INC-2026-1${'0'.repeat(118)}1`);
  });

  it('ignores ids of other shapes', () => {
    assert.equal(nextFreeId(['INC-2026-4-1', 'OPS-2026-050', 'inc-2026-070'], 2026), 'INC-2026-001');
  });
});

describe('client: record folders from records globs', () => {
  it('keeps the part before the first wildcard', () => {
    assert.equal(staticFolderOf('incidents/**'), 'incidents');
    assert.equal(staticFolderOf('docs/postmortems/**/*.md'), 'docs/postmortems');
    assert.equal(staticFolderOf('./reviews/*.yaml'), 'reviews');
    assert.equal(staticFolderOf('ops/incidents/index.yaml'), 'ops/incidents');
  });

  it('has no folder for globs that start with a wildcard or leave the workspace', () => {
    assert.equal(staticFolderOf('**/incidents/*.yaml'), undefined);
    assert.equal(staticFolderOf('../elsewhere/**'), undefined);
    assert.equal(staticFolderOf('incidents/../../x/**'), undefined);
    assert.equal(staticFolderOf('/etc/**'), undefined);
    assert.equal(staticFolderOf('C:/reviews/**'), undefined);
  });

  it('lists distinct folders in configuration order', () => {
    assert.deepEqual(recordFolders(['incidents/**', 'postmortems/**', 'incidents/*.md', '**/x']), ['incidents', 'postmortems']);
  });
});

describe('client: record template', () => {
  const draft = {
    id: 'INC-2026-004',
    title: 'Checkout "retry" storm: queue backed up',
    started: new Date('2026-11-21T08:15:42.123Z'),
    severities: ['SEV1', 'SEV2', 'SEV3'],
    services: ['checkout', 'cache'],
  };

  it('is YAML with the required fields, a draft status and real, empty narrative fields', () => {
    const { text } = recordTemplate(draft);
    assert.deepEqual(parse(text), {
      id: 'INC-2026-004',
      title: 'Checkout "retry" storm: queue backed up',
      status: 'draft',
      started: '2026-11-21T08:15:42Z',
      summary: '',
      severity: 'SEV1',
      services: [],
      narrative: '',
      difficulties: [{ kind: 'confusion', description: '' }],
      contributing_factors: [''],
    });
    // Nothing is commented-out YAML: comments only say what belongs in the field below them.
    assert.doesNotMatch(text, /^#\s*\w+:/m);
    assert.match(text, /perspectives of the people involved/);
    assert.match(text, /not a single root cause/);
  });

  it('is a snippet whose tab stops walk title, summary, severity, services, narrative, difficulty and factor', () => {
    const { snippet } = recordTemplate({ ...draft, title: undefined });
    const stops = [...snippet.matchAll(/\$\{?(\d+)([:|][^}]*)?\}?/g)].map((m) => `${m[1]}${m[2] ?? ''}`);
    assert.deepEqual(stops, [
      '1:What happened to the system, in one line',
      '2',
      '3|SEV1,SEV2,SEV3|',
      '4|checkout,cache|',
      '5',
      '6|confusion,uncertainty,ambiguity,surprise|',
      '7',
      '8',
      '0',
    ]);
    assert.match(snippet, /^title: "\$\{1:/m);
    assert.match(snippet, /^summary: "\$2"$/m);
  });

  it('starts at the summary when the title is given, and escapes snippet syntax in it', () => {
    const { snippet, text } = recordTemplate({ ...draft, title: 'Cost $5 {x} \\ done}' });
    assert.match(snippet, /^summary: "\$1"$/m);
    assert.equal(parse(text).title, 'Cost $5 {x} \\ done}');
    assert.ok(snippet.includes('title: "Cost \\$5 {x\\} \\\\\\\\ done\\}"'), snippet.split('\n')[2]);
  });

  it('offers no choice that would break the YAML line, and an empty list without services', () => {
    const { text, snippet } = recordTemplate({ ...draft, severities: ['# x', 'major'], services: [] });
    assert.equal(parse(text).severity, 'major');
    assert.deepEqual(parse(text).services, []);
    assert.match(snippet, /^services: \[\$3\]$/m);
  });

  it('keeps a title on one line', () => {
    const { text } = recordTemplate({ ...draft, title: '  Cache\tstampede  ' });
    assert.equal(parse(text).title, 'Cache stampede');
  });
});

describe('client: where a new record goes', () => {
  it('into the year folder when most records are grouped by year', () => {
    assert.equal(draftFolder('incidents', ['incidents/2024/INC-2024-017.yaml', 'incidents/2023/INC-2023-004.md', 'docs/x.md'], 2026), 'incidents/2026');
  });

  it('into the folder itself when records sit there, or there are none yet', () => {
    assert.equal(draftFolder('incidents', ['incidents/INC-2024-017.yaml', 'incidents/2023/INC-2023-004.md'], 2026), 'incidents');
    assert.equal(draftFolder('incidents', ['postmortems/2024/INC-1.yaml'], 2026), 'incidents');
    assert.equal(draftFolder('incidents', ['incidents/2024/q1/INC-1.yaml'], 2026), 'incidents');
  });

  it('offers services most used first', () => {
    assert.deepEqual(servicesByUse([{ services: ['cache', 'api'] }, { services: ['api', 'api'] }, {}, { services: ['db'] }]), ['api', 'cache', 'db']);
  });
});

describe('client: title validation', () => {
  it('asks for a non-empty single line', () => {
    assert.ok(titleProblem('   '));
    assert.ok(titleProblem('a\nb'));
    assert.equal(titleProblem('Queue backed up'), undefined);
  });
});
