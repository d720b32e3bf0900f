import * as assert from 'node:assert/strict';
import type { IncidentStory, StoryPhase } from '../../../server/src/core/features/story';
import { humanDuration, timeOf } from '../../../server/src/core/features/story';
import { drawTimeline } from '../../../server/src/core/render/story/timelineSvg';
import { layoutTimeline, MARK_GAP, MAX_LANES, MAX_TICKS, MIN_SPAN_MS } from '../../../server/src/core/render/story/timeline';

type Input = Pick<IncidentStory, 'timeline' | 'phases' | 'started' | 'detected' | 'mitigated' | 'resolved'>;

function story(dates: Partial<Record<'started' | 'detected' | 'mitigated' | 'resolved', string>>, events: Array<[string, string?]>): Input {
  const marks = (['started', 'detected', 'mitigated', 'resolved'] as const).filter((m) => dates[m]);
  const phases: StoryPhase[] = [];
  for (let i = 1; i < marks.length; i++) {
    const start = timeOf(dates[marks[i - 1]])!;
    const end = timeOf(dates[marks[i]])!;
    phases.push({ from: marks[i - 1], to: marks[i], start, end, durationMs: end - start, duration: humanDuration(end - start) });
  }
  return { ...dates, phases, timeline: events.map(([at, source]) => ({ at, event: `at ${at}`, source, time: timeOf(at) })) };
}

const WIDTH = 800;
const inside = (x: number) => x >= 24 - 1e-9 && x <= WIDTH - 24 + 1e-9;

describe('timeline layout', () => {
  it('runs from the first event to the resolution, in time order, every mark within the plot', () => {
    const layout = layoutTimeline(
      story({ started: '2024-03-05T14:02:00Z', detected: '2024-03-05T14:09:00Z', mitigated: '2024-03-05T14:41:00Z', resolved: '2024-03-05T16:20:00Z' }, [
        ['2024-03-05T14:30:00Z', 'chat'],
        ['2024-03-05T10:15:00Z', 'deploy'],
        ['2024-03-05T14:09:00Z', 'page'],
      ]),
      WIDTH,
    )!;
    assert.equal(layout.start, Date.parse('2024-03-05T10:15:00Z'), 'the deploy before the start opens the axis');
    assert.equal(layout.end, Date.parse('2024-03-05T16:20:00Z'));
    assert.deepEqual(
      layout.marks.map((m) => m.index),
      [1, 2, 0],
    );
    const xs = layout.marks.map((m) => m.x);
    assert.deepEqual(
      xs,
      [...xs].sort((a, b) => a - b),
    );
    assert.ok(layout.marks.every((m) => inside(m.x)));
    assert.equal(layout.marks[0].x, 24);
    assert.equal(layout.phaseLines.at(-1)!.x, WIDTH - 24);
    assert.deepEqual(
      layout.bands.map((b) => b.to),
      ['detected', 'mitigated', 'resolved'],
    );
    assert.ok(layout.bands.every((b) => b.x0 <= b.x1 && inside(b.x0) && inside(b.x1)));
    assert.deepEqual(
      layout.marks.map((m) => m.source),
      ['deploy', 'page', 'chat'],
    );
  });

  it('one event alone still makes an axis, with the mark in the middle', () => {
    const layout = layoutTimeline(story({}, [['2024-01-01T12:00:00Z', 'log']]), WIDTH)!;
    assert.equal(layout.end - layout.start, MIN_SPAN_MS);
    assert.equal(layout.marks.length, 1);
    assert.equal(layout.marks[0].x, WIDTH / 2);
    assert.ok(layout.ticks.length >= 2 && layout.ticks.length <= MAX_TICKS);
  });

  it('200 events: bounded lanes, no two marks of a lane closer than the gap until lanes run out', () => {
    const events: Array<[string, string]> = [];
    for (let i = 0; i < 200; i++) events.push([new Date(Date.UTC(2024, 0, 1, 10) + i * 60_000 * (i % 3 === 0 ? 0.2 : 1)).toISOString(), 'log']);
    const layout = layoutTimeline(story({ started: events[0][0] }, events), WIDTH)!;
    assert.equal(layout.marks.length, 200);
    assert.ok(layout.lanes <= MAX_LANES);
    assert.ok(layout.marks.every((m) => inside(m.x) && m.lane >= 0 && m.lane < MAX_LANES));
    // Sparse events never share a lane too closely.
    const sparse = layoutTimeline(story({}, [['2024-01-01T10:00:00Z'], ['2024-01-01T10:00:30Z'], ['2024-01-01T12:00:00Z']]), WIDTH)!;
    assert.deepEqual(
      sparse.marks.map((m) => m.lane),
      [0, 1, 0],
    );
    const byLane = new Map<number, number[]>();
    for (const m of sparse.marks) byLane.set(m.lane, [...(byLane.get(m.lane) ?? []), m.x]);
    for (const xs of byLane.values()) for (let i = 1; i < xs.length; i++) assert.ok(xs[i] - xs[i - 1] >= MARK_GAP);
    // Drawing 200 marks gives 200 focusable links, each with its text.
    const svg = drawTimeline({ ...story({ started: events[0][0] }, events), id: 'X' } as IncidentStory, layout);
    assert.equal((svg.match(/<a class="mark/g) ?? []).length, 200);
    assert.equal((svg.match(/<a class="mark[^>]*><title>[^<]+<\/title>/g) ?? []).length, 200);
  });

  it('an event after the resolution sits at the axis end, marked as such; one before the start opens the axis', () => {
    const layout = layoutTimeline(
      story({ started: '2024-02-01T09:00:00Z', resolved: '2024-02-01T10:00:00Z' }, [
        ['2024-02-01T08:30:00Z', 'deploy'],
        ['2024-02-03T09:00:00Z', 'interview'],
      ]),
      WIDTH,
    )!;
    assert.equal(layout.start, Date.parse('2024-02-01T08:30:00Z'));
    assert.equal(layout.end, Date.parse('2024-02-01T10:00:00Z'));
    assert.equal(layout.marks[1].clamped, 'after');
    assert.equal(layout.marks[1].x, WIDTH - 24);
    assert.equal(layout.marks[0].clamped, undefined);
  });

  it('missing and unreadable dates: listed as undated, never drawn; nothing dated means no picture', () => {
    const layout = layoutTimeline(story({ started: '2024-02-01' }, [['soon'], [''], ['2024-02-01T03:00:00Z', 'weird-source']]), WIDTH)!;
    assert.deepEqual(layout.undated, [0, 1]);
    assert.equal(layout.marks.length, 1);
    assert.equal(layout.marks[0].source, 'other', 'an unknown source is drawn as other');
    assert.equal(layoutTimeline(story({}, [['soon']]), WIDTH), undefined);
    assert.equal(layoutTimeline(story({}, []), WIDTH), undefined);
  });

  it('is readable for 40 minutes (clock ticks) and for 3 days (day ticks)', () => {
    const short = layoutTimeline(story({ started: '2024-03-05T14:02:00Z', resolved: '2024-03-05T14:42:00Z' }, []), WIDTH)!;
    assert.ok(short.ticks.length >= 4 && short.ticks.length <= MAX_TICKS, `${short.ticks.length} ticks`);
    assert.deepEqual(
      short.ticks.map((t) => t.label),
      ['Mar 5 14:05', '14:10', '14:15', '14:20', '14:25', '14:30', '14:35', '14:40'],
    );
    const long = layoutTimeline(story({ started: '2024-03-05T14:00:00Z', resolved: '2024-03-08T14:00:00Z' }, []), WIDTH)!;
    assert.ok(long.ticks.length >= 3 && long.ticks.length <= MAX_TICKS, `${long.ticks.length} ticks`);
    assert.deepEqual(
      long.ticks.map((t) => t.label),
      ['Mar 6 00:00', '12:00', 'Mar 7 00:00', '12:00', 'Mar 8 00:00', '12:00'],
    );
    // Ticks are spread over the plot, left to right, at least 80 px apart (labels do not collide).
    for (const layout of [short, long]) {
      for (let i = 1; i < layout.ticks.length; i++) assert.ok(layout.ticks[i].x - layout.ticks[i - 1].x >= 80);
    }
  });
});
