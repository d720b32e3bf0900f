import * as assert from 'node:assert/strict';
import { planImport, readPostmortem, type ImportPlanContext, type SourceText } from '../../../server/src/core/import';
import { readClearDate } from '../../../server/src/core/import/dates';
import { parseRecordFile } from '../../../server/src/core/records';
import { compileIdPatterns } from '../../../server/src/core/references';

const { matcher } = compileIdPatterns(['INC-\\d+(?:-\\d+)*']);
const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4', 'SEV5'];
const ctx = { matcher, severities: SEVERITIES };

function read(text: string, fileName = 'postmortem-notes.md') {
  const result = readPostmortem({ origin: `old/${fileName}`, fileName, text }, ctx);
  if ('refused' in result) throw new Error(`refused: ${result.refused}`);
  return result;
}

function planContext(over: Partial<ImportPlanContext> = {}): ImportPlanContext {
  return {
    matcher,
    severities: SEVERITIES,
    to: 'incidents',
    definedIds: new Map(),
    importedFrom: new Map(),
    fileExists: () => false,
    currentYear: 2026,
    ...over,
  };
}

describe('import: reading a postmortem', () => {
  it('maps headings whatever their case, punctuation and numbering, with common synonyms', () => {
    const { fields } = read(
      [
        '# Queue stall',
        '## 1. TL;DR',
        'The queue stalled.',
        '## ROOT CAUSE(S):',
        '- A consumer crashed on one message.',
        '- Retries had no limit.',
        '## Follow-ups',
        '- [x] Add a dead-letter queue',
        '- [ ] Limit retries ([ticket](https://tracker.example.com/Q-1))',
        '## What went wrong',
        '* The alert was silenced.',
        '## Customer impact',
        'Notifications were late.',
      ].join('\n'),
    );
    assert.equal(fields.title, 'Queue stall');
    assert.equal(fields.summary, 'The queue stalled.');
    assert.equal(fields.impact, 'Notifications were late.');
    assert.deepEqual(fields.contributing_factors, ['A consumer crashed on one message.', 'Retries had no limit.']);
    assert.deepEqual(fields.action_items, [
      { description: 'Add a dead-letter queue', status: 'done' },
      { description: 'Limit retries (ticket)', status: 'open', link: 'https://tracker.example.com/Q-1' },
    ]);
    assert.deepEqual(fields.learnings, ['The alert was silenced.']);
  });

  it('reads the SRE template: bold labels, an action items table, lessons and a timeline under a date line', () => {
    const { fields, unmapped } = read(
      [
        '# Search outage',
        '**Date:** 2015-10-21',
        '**Authors:** ana, bo',
        '**Summary:** Search was down for an hour.',
        '**Root Causes:** A leak under load.',
        '**Trigger:** A traffic spike.',
        '## Action Items',
        '| Action Item | Type | Owner | Bug |',
        '|---|---|---|---|',
        '| Fix the leak | mitigate | bo | https://bugs.example.com/1 |',
        '| Add a load test | prevent | ana | n/a |',
        '## Timeline',
        '2015-10-21 (all times UTC)',
        '- 14:51 Spike begins',
        '- 15:02 Paged',
        '  and acknowledged',
      ].join('\n'),
    );
    assert.equal(fields.started, '2015-10-21');
    assert.equal(fields.summary, 'Search was down for an hour.');
    assert.deepEqual(fields.contributing_factors, ['A leak under load.', 'A traffic spike.']);
    assert.deepEqual(fields.participants, [
      { name: 'ana', role: 'author' },
      { name: 'bo', role: 'author' },
    ]);
    assert.deepEqual(fields.action_items, [
      { description: 'Fix the leak', owner: 'bo', link: 'https://bugs.example.com/1' },
      { description: 'Add a load test', owner: 'ana' },
    ]);
    assert.deepEqual(fields.timeline, [
      { at: '2015-10-21T14:51Z', event: 'Spike begins' },
      { at: '2015-10-21T15:02Z', event: 'Paged and acknowledged' },
    ]);
    assert.ok(unmapped.some((u) => u.includes('"Type"')));
  });

  it('maps foreign front matter and keeps it, verbatim, after the body', () => {
    const result = read(
      [
        '---',
        'uuid: 1234',
        'title: DNS failures',
        'start_time: 2021-07-22T15:40:00Z',
        'end_time: 2021-07-22T17:05:00Z',
        'company: Acme',
        'categories: [dns]',
        'product: website',
        'sev: sev-2',
        'url: https://status.example.org/x',
        '---',
        'Resolvers failed.',
      ].join('\n'),
    );
    assert.deepEqual(result.fields, {
      title: 'DNS failures',
      started: '2021-07-22T15:40:00Z',
      resolved: '2021-07-22T17:05:00Z',
      tags: ['dns'],
      services: ['website'],
      severity: 'SEV2',
      links: [{ title: 'url', url: 'https://status.example.org/x' }],
      summary: 'Resolvers failed.',
    });
    assert.deepEqual(result.unmapped, ['front matter "uuid": no matching field', 'front matter "company": no matching field']);
    assert.ok(result.body.startsWith('Resolvers failed.'));
    assert.ok(result.body.includes('```yaml\nuuid: 1234\n'), result.body);
  });

  it('never guesses: ambiguous dates, a team scale of severity and prose statuses stay unmapped', () => {
    const { fields, unmapped } = read(['# Slow pages', 'Date: 03/04/2024', 'Severity: Major', 'Status: Complete', '', 'Pages were slow.'].join('\n'));
    assert.equal(fields.started, undefined);
    assert.equal(fields.severity, undefined);
    assert.equal(fields.status, undefined);
    assert.equal(unmapped.length, 3, unmapped.join('\n'));
    assert.equal(fields.summary, 'Pages were slow.');
  });

  it('keeps a timeline of times without a date in the body only', () => {
    const { fields, unmapped } = read(['# Stampede', '## Timeline', '- 10:00 Expiry', '- 10:01 Database at 100%'].join('\n'));
    assert.equal(fields.timeline, undefined);
    assert.equal(fields.started, undefined);
    assert.ok(unmapped.some((u) => u.startsWith('timeline:')));
  });

  it('reads dates only when they are certain', () => {
    assert.equal(readClearDate('March 3, 2024 10:02 UTC')?.iso, '2024-03-03T10:02Z');
    assert.equal(readClearDate('2 November 2020')?.iso, '2020-11-02');
    assert.equal(readClearDate('Tuesday, 5 March 2024 2:05 pm')?.iso, '2024-03-05T14:05');
    assert.equal(readClearDate('2024-02-30'), undefined);
    assert.equal(readClearDate('03/04/2024'), undefined);
    assert.equal(readClearDate('Smarch 3, 2024'), undefined);
  });

  it('refuses front matter it must not or cannot read, each with its reason', () => {
    const refused = (text: string) => {
      const result = readPostmortem({ origin: 'x.md', fileName: 'x.md', text }, ctx);
      return 'refused' in result ? result.refused : 'read';
    };
    assert.match(refused('---js\n{ title: 1 }\n---\n# x\n'), /js, not YAML/);
    assert.match(refused('---\ntitle: [oops\n---\n# x\n'), /not valid YAML \(line \d+: /);
    assert.match(refused('---\ntitle: x\n# body\n'), /never closed/);
    assert.match(refused('---\n- a\n- b\n---\n# x\n'), /not a mapping/);
  });

  it('takes field values without control characters, and only a one-line title', () => {
    const { fields, unmapped } = read('---\ntitle: "two\\nlines"\n---\n# Fine \u001b[31mtitle\n\n## Summary\n\nText \u202eoverride\n');
    assert.equal(fields.title, 'Fine [31mtitle');
    assert.equal(fields.summary, 'Text override');
    assert.ok(unmapped.some((u) => u.includes('more than one line')));
  });

  it('takes a title from a file name made of words, never from a date or an id alone', () => {
    assert.equal(read('No heading here.', '2019-03-04-db-failover.md').fields.title, 'Db failover');
    assert.equal(read('No heading here.', 'postmortem.md').fields.title, undefined);
    assert.equal(read('No heading here.', '2019-03-04.md').fields.title, undefined);
    assert.equal(read('No heading here.', 'INC-2019-004.md').fields.title, undefined);
  });
});

describe('import: planning records', () => {
  const source = (fileName: string, text: string): SourceText => ({ origin: `old/${fileName}`, fileName, text });
  const complete = (title: string, date: string) => `# ${title}\nDate: ${date}\n\n## Summary\n\n${title} happened.\n`;

  it('keeps an id the source carries, else gives the next free one of the incident year; never a taken one', () => {
    const plan = planImport(
      [
        source('INC-2020-007-disk.md', complete('Disk full', '2020-11-02')),
        source('db.md', complete('Database', '2024-04-02')),
        source('INC-2024-003.md', complete('Taken', '2024-05-01')),
        source('undated.md', '# Undated\n\nSomething broke.\n'),
      ],
      planContext({ definedIds: new Map([['INC-2024-003', 'incidents/old.yaml']]), fileExists: (p) => p === 'incidents/INC-2024-004.md' }),
      false,
    );
    assert.deepEqual(
      plan.report.entries.map((e) => e.id),
      // One above the highest of the year (INC-2024-003), past the file that exists (INC-2024-004.md).
      ['INC-2020-007', 'INC-2024-005', 'INC-2024-006', 'INC-2026-001'],
    );
    assert.ok(plan.report.entries[2].notes.some((n) => n.includes('INC-2024-003') && n.includes('incidents/old.yaml')));
    assert.deepEqual(plan.report.entries[3].missing, ['started']);
  });

  it('skips a source already imported, and one given twice', () => {
    const plan = planImport(
      [source('a.md', complete('A', '2020-01-01')), source('b.md', complete('B', '2020-01-02')), source('b.md', complete('B', '2020-01-02'))],
      planContext({ importedFrom: new Map([['old/a.md', { id: 'INC-2020-001', path: 'incidents/INC-2020-001.md' }]]) }),
      true,
    );
    assert.deepEqual(
      plan.report.entries.map((e) => e.outcome),
      ['already-imported', 'imported', 'already-imported'],
    );
    assert.equal(plan.records.length, 1);
  });

  it('writes a record the record parser reads back with every mapped field and imported_from', () => {
    const plan = planImport([source('x.md', complete('Checkout: "errors" #2', '2020-01-01'))], planContext(), false);
    const parsed = parseRecordFile(plan.records[0].path, plan.records[0].text, { severities: SEVERITIES, blamelessLanguage: 'off', hindsightLanguage: 'off' });
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.record?.title, 'Checkout: "errors" #2');
    assert.equal(parsed.record?.importedFrom, 'old/x.md');
    assert.ok(parsed.record?.narrative?.startsWith('# Checkout'));
  });
});
