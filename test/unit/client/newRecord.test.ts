import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import { nextFreeId, recordFolders, recordTemplate, staticFolderOf, titleProblem } from '../../../client/src/records/newRecord';

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
  const draft = { id: 'INC-2026-004', title: 'Checkout "retry" storm: queue backed up', started: new Date('2026-11-21T08:15:42.123Z') };

  it('is YAML with the required fields and a draft status', () => {
    const { text } = recordTemplate(draft);
    assert.deepEqual(parse(text), {
      id: 'INC-2026-004',
      title: 'Checkout "retry" storm: queue backed up',
      status: 'draft',
      started: '2026-11-21T08:15:42Z',
      summary: '',
    });
  });

  it('prompts for narrative, difficulties, contributing factors, learnings, action items and code', () => {
    const { text } = recordTemplate(draft);
    for (const field of ['narrative', 'difficulties', 'contributing_factors', 'learnings', 'action_items', 'code']) {
      assert.match(text, new RegExp(`^# ${field}:`, 'm'), field);
    }
    assert.match(text, /perspectives of the people involved/);
    assert.match(text, /confusion \| uncertainty \| ambiguity \| surprise/);
    assert.match(text, /no single root cause/);
  });

  it('puts the cursor between the quotes of the summary', () => {
    const { text, summaryPosition } = recordTemplate(draft);
    const line = text.split('\n')[summaryPosition.line];
    assert.equal(line.slice(0, summaryPosition.character), 'summary: "');
    assert.equal(line.slice(summaryPosition.character), '"');
  });

  it('keeps a title on one line', () => {
    const { text } = recordTemplate({ ...draft, title: '  Cache\tstampede  ' });
    assert.equal(parse(text).title, 'Cache stampede');
  });
});

describe('client: title validation', () => {
  it('asks for a non-empty single line', () => {
    assert.ok(titleProblem('   '));
    assert.ok(titleProblem('a\nb'));
    assert.equal(titleProblem('Queue backed up'), undefined);
  });
});
