import * as assert from 'node:assert/strict';
import { buildStory, humanDuration, timeOf } from '../../../server/src/core/features/story';
import { IncidentIndex } from '../../../server/src/core/index/incidentIndex';
import { loadFolder } from '../../../server/src/core/index/loader';
import { DEFAULT_OPTIONS } from '../../../server/src/core/model';
import { silentLogger } from '../../../server/src/core/ports';
import { compileIdPatterns } from '../../../server/src/core/references';
import { MemoryWorkspace } from '../../helpers/memoryWorkspace';

const storm = `id: INC-2024-017
title: Retry storm
status: published
severity: SEV2
started: 2024-03-01T14:02:00Z
detected: 2024-03-01T14:09:00Z
mitigated: 2024-03-01T14:41:00Z
resolved: 2024-03-01T16:20:00Z
summary: Retries multiplied load.
narrative: |
  The on-call engineer saw the alert.
timeline:
  - at: 2024-03-01T14:09:00Z
    event: Alert
    source: page
  - at: not a date
    event: Someone remembers
difficulties:
  - kind: surprise
    description: Quiet change.
  - kind: confusion
    description: Two dashboards.
  - kind: surprise
    description: Gateway yellow.
  - kind: fatigue
    description: Long night.
code:
  - path: src/retry.ts
    lines: "4-9"
  - path: src/gone.ts
  - path: ../outside.ts
  - glob: src/billing/**
commits: [abc1234, def5678]
related: [INC-2023-101, INC-1999-999]
`;
const old = `---
id: INC-2023-101
title: Queue backlog
started: 2023-11-20
summary: A slow consumer.
related: [INC-2024-017]
---
Unsure whether to roll back. See INC-2024-017.
`;
const later = `id: INC-2025-001
title: Again
started: 2025-01-01
summary: s
related: [INC-2024-017]
`;

async function indexOf(files: Record<string, string>) {
  const index = new IncidentIndex(DEFAULT_OPTIONS, compileIdPatterns(DEFAULT_OPTIONS.idPatterns).matcher);
  await loadFolder(new MemoryWorkspace(files), index, silentLogger);
  return index;
}

describe('story model', () => {
  let index: IncidentIndex;
  before(async () => {
    index = await indexOf({
      'incidents/INC-2024-017.yaml': storm,
      'incidents/INC-2023-101.md': old,
      'incidents/INC-2025-001.yaml': later,
      'src/retry.ts': 'export const a = 1; // INC-2024-017\n',
      'docs/arch.md': 'Line one.\nSee INC-2024-017 and INC-2024-017.\n',
    });
  });

  it('is undefined for an unknown id', () => {
    assert.equal(buildStory(index, 'INC-0'), undefined);
  });

  it('carries the fields, phase durations and difficulties grouped by kind', () => {
    const story = buildStory(index, 'INC-2024-017')!;
    assert.equal(story.title, 'Retry storm');
    assert.equal(story.duration, '2 h 18 min');
    assert.deepEqual(
      story.phases.map((p) => `${p.from}->${p.to} ${p.duration}`),
      ['started->detected 7 min', 'detected->mitigated 32 min', 'mitigated->resolved 1 h 39 min'],
    );
    assert.deepEqual(story.difficulties, [
      { kind: 'confusion', descriptions: ['Two dashboards.'] },
      { kind: 'surprise', descriptions: ['Quiet change.', 'Gateway yellow.'] },
      { kind: 'fatigue', descriptions: ['Long night.'] },
    ]);
    assert.equal(story.narrative, 'The on-call engineer saw the alert.\n');
    assert.equal(story.timeline[0].time, Date.parse('2024-03-01T14:09:00Z'));
    assert.equal(story.timeline[1].time, undefined, 'an unreadable date has no time');
  });

  it('lists backlinks (not the record itself), with URIs when the server gives them', () => {
    const story = buildStory(index, 'INC-2024-017', { uriOf: (p) => `file:///ws/${p}` })!;
    assert.deepEqual(
      story.references.map((r) => `${r.kind} ${r.path}:${r.line}`),
      [
        'document docs/arch.md:1',
        'document docs/arch.md:1',
        'record incidents/INC-2023-101.md:5',
        'record incidents/INC-2023-101.md:7',
        'record incidents/INC-2025-001.yaml:4',
        'source src/retry.ts:0',
      ],
    );
    assert.equal(story.referenceCount, 6);
    assert.equal(story.references[0].uri, 'file:///ws/docs/arch.md');
    assert.equal(story.recordUri, 'file:///ws/incidents/INC-2024-017.yaml');
  });

  it('knows which code paths exist (a path climbing out is not part of it)', () => {
    const story = buildStory(index, 'INC-2024-017', { uriOf: (p) => `file:///ws/${p}` })!;
    assert.deepEqual(
      story.code.map((c) => [c.path ?? c.glob, c.exists, c.uri]),
      [
        ['src/retry.ts', true, 'file:///ws/src/retry.ts'],
        ['src/gone.ts', false, undefined],
        ['src/billing/**', true, undefined],
      ],
    );
  });

  it('related incidents both ways, with titles; unknown ids kept', () => {
    const story = buildStory(index, 'INC-2024-017')!;
    assert.deepEqual(
      story.related.map((r) => `${r.id} ${r.direction} ${r.title ?? '?'}`),
      ['INC-2023-101 both Queue backlog', 'INC-1999-999 listed ?', 'INC-2025-001 lists-this Again'],
    );
  });

  it('commits: unchecked without history; found, missing and mentioning with it', () => {
    const without = buildStory(index, 'INC-2024-017')!;
    assert.equal(without.history.available, false);
    assert.deepEqual(
      without.history.commits.map((c) => c.hash),
      ['abc1234', 'def5678'],
    );
    const withHistory = buildStory(index, 'INC-2024-017', {
      history: {
        listed: new Map([['abc1234', { hash: 'abc1234ffff', shortHash: 'abc1234', subject: 'Cap retries', date: '2024-03-02' }]]),
        mentioning: [
          { hash: 'abc1234ffff', shortHash: 'abc1234', subject: 'Cap retries (INC-2024-017)' },
          { hash: '9999999aaaa', shortHash: '9999999', subject: 'Follow-up for INC-2024-017' },
        ],
      },
    })!;
    assert.equal(withHistory.history.available, true);
    assert.equal(withHistory.history.mentioningCount, 2);
    assert.deepEqual(
      withHistory.history.commits.map((c) => `${c.shortHash} listed=${c.listed} mentions=${c.mentions} found=${c.found}`),
      ['abc1234 listed=true mentions=true found=true', 'def5678 listed=true mentions=false found=false', '9999999 listed=false mentions=true found=true'],
    );
  });

  it('reads record dates without depending on the time zone; durations in words', () => {
    assert.equal(timeOf('2024-03-01T14:02'), Date.UTC(2024, 2, 1, 14, 2));
    assert.equal(timeOf('2024-03-01'), Date.UTC(2024, 2, 1));
    assert.equal(timeOf('yesterday'), undefined);
    assert.equal(humanDuration(40 * 60_000), '40 min');
    assert.equal(humanDuration(3 * 86_400_000 + 4 * 3_600_000), '3 days 4 h');
  });
});
