import * as assert from 'node:assert/strict';
import { findHindsightLanguage, thinNarrativeReason } from '../../../server/src/core/records/hindsight';
import { parse } from '../records/helpers';

const found = (text: string) => findHindsightLanguage(text).map((m) => text.slice(m.start, m.end));

describe('writing coach: hindsight and counterfactual wording', () => {
  it('flags counterfactuals, motives, hindsight perception and a single root cause', () => {
    assert.deepEqual(found('If only the alert had fired sooner.'), ['If only']);
    assert.deepEqual(found('A canary could have prevented this. It would not have happened if we had waited.'), [
      'could have prevented',
      'would not have happened',
    ]);
    assert.deepEqual(found("Nobody bothered? They didn't bother to check the dashboard."), ["didn't bother to"]);
    assert.deepEqual(found('The on-call failed to notice the queue depth.'), ['The on-call failed to notice']);
    assert.deepEqual(found('The root cause was a stale DNS record.'), ['The root cause']);
  });

  it('leaves neutral sentences alone', () => {
    for (const neutral of [
      'The deploy failed to start because the image was missing.',
      'Testing that failed to catch the issue on ARM hosts was extended.',
      'We ran a root cause analysis workshop.',
      'The root causes were several and they combined.',
      'We could have lost data, but the replica held.',
      'Only the EU region was affected.',
    ]) {
      assert.deepEqual(found(neutral), [], neutral);
    }
  });

  it('explains each hint in one sentence', () => {
    for (const m of findHindsightLanguage('If only. could have been avoided. did not bother to. they failed to see. the root cause')) {
      assert.match(m.message, /^"[^"]+" \S.*\.$/);
    }
  });

  it('notices a narrative that is empty or says only what the summary says', () => {
    const summary = 'Checkout timed out for 39 minutes after the connection pool was resized.';
    assert.match(thinNarrativeReason('  ', summary) ?? '', /empty/);
    assert.match(thinNarrativeReason('Checkout timed out for 39 minutes after the pool was resized.', summary) ?? '', /restates the summary/);
    const story =
      'Priya saw the p99 climb at 14:05 and first suspected the gateway, because the dashboard showed its latency too. Nobody connected it with the pool change from the morning until Sam read the deploy log.';
    assert.equal(thinNarrativeReason(story, summary), undefined);
  });

  it('reports hints in records at the words, as configured', () => {
    const text = `id: INC-1
title: Queue backlog
started: 2024-01-02
summary: The queue grew for an hour.
narrative: The queue grew for an hour.
contributing_factors:
  - The root cause was a slow consumer.
`;
    const hinted = parse('incidents/INC-1.yaml', text, { severities: ['SEV1'], blamelessLanguage: 'off', hindsightLanguage: 'information' });
    const got = hinted.problems.map((p) => `${p.code} ${p.severity}: ${text.slice(p.span.start, p.span.end)}`);
    assert.deepEqual(got.sort(), ['hindsight-language information: The root cause', 'thin-narrative information: The queue grew for an hour.']);
    const off = parse('incidents/INC-1.yaml', text, { severities: ['SEV1'], blamelessLanguage: 'off', hindsightLanguage: 'off' });
    assert.deepEqual(off.problems, []);
  });
});
