/**
 * Where everything of a drawn timeline goes, as numbers: the time axis from the first event to
 * the resolution, the phase bands (started → detected → mitigated → resolved), one mark per event
 * on a lane of its own when marks would overlap, and ticks at round UTC times. Pure layout; the
 * SVG renderer (timelineSvg.ts) draws it and the tests check it.
 */
import { PHASE_MARKS, timeOf, type IncidentStory, type PhaseMark, type StoryPhase } from '../../features/story';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The shortest axis: a single instant (one event, nothing else dated) is shown in ten minutes. */
export const MIN_SPAN_MS = 10 * MINUTE;
/** Marks closer than this (px) go to another lane. */
export const MARK_GAP = 12;
/** Beyond this many lanes, marks share the least crowded lane (200 events stay one picture). */
export const MAX_LANES = 6;
/** At most this many ticks on the axis. */
export const MAX_TICKS = 8;

const TICK_STEPS = [
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
  28 * DAY,
  91 * DAY,
  364 * DAY,
];
const SOURCES = ['log', 'chat', 'dashboard', 'deploy', 'page', 'interview'];

export interface TimelineMark {
  /** Index of the event in `story.timeline`. */
  index: number;
  time: number;
  x: number;
  lane: number;
  /** A known source (log, chat, dashboard, deploy, page, interview) or `other`. */
  source: string;
  /** `after`: the event came after the resolution and sits at the axis end. */
  clamped?: 'after';
}

export interface TimelineBand extends StoryPhase {
  x0: number;
  x1: number;
}

export interface TimelineTick {
  x: number;
  time: number;
  label: string;
}

export interface TimelineLayout {
  /** The axis, in milliseconds since the epoch. */
  start: number;
  end: number;
  width: number;
  /** Horizontal extent of the plot inside `width`. */
  left: number;
  right: number;
  marks: TimelineMark[];
  bands: TimelineBand[];
  /** The record's own dates on the axis. */
  phaseLines: Array<{ mark: PhaseMark; time: number; x: number }>;
  ticks: TimelineTick[];
  lanes: number;
  /** Events whose `at` is missing or unreadable: listed, not drawn. */
  undated: number[];
}

type TimelineInput = Pick<IncidentStory, 'timeline' | 'phases' | PhaseMark>;

/** The layout of a story's timeline, or undefined when neither an event nor a phase has a date. */
export function layoutTimeline(story: TimelineInput, width = 800, margin = 24): TimelineLayout | undefined {
  const undated: number[] = [];
  const dated: Array<{ index: number; time: number; source: string }> = [];
  story.timeline.forEach((entry, index) => {
    const time = entry.time ?? timeOf(entry.at);
    if (time === undefined) undated.push(index);
    else dated.push({ index, time, source: SOURCES.includes(entry.source ?? '') ? entry.source! : 'other' });
  });
  const phaseTimes = PHASE_MARKS.map((mark) => ({ mark, time: timeOf(story[mark]) })).filter(
    (p): p is { mark: PhaseMark; time: number } => p.time !== undefined,
  );
  const all = [...dated.map((d) => d.time), ...phaseTimes.map((p) => p.time)];
  if (all.length === 0) return undefined;

  // From the first thing that happened (often a deploy before the incident started) to the
  // resolution; without one, to the last thing known.
  // Folded, not spread: a long timeline has more entries than a call can take as arguments.
  let start = all.reduce((a, b) => Math.min(a, b));
  const resolved = phaseTimes.find((p) => p.mark === 'resolved')?.time;
  let end = resolved !== undefined && resolved >= start ? resolved : all.reduce((a, b) => Math.max(a, b));
  if (end - start < MIN_SPAN_MS) {
    const pad = (MIN_SPAN_MS - (end - start)) / 2;
    start -= pad;
    end += pad;
  }
  const left = margin;
  const right = width - margin;
  const xOf = (time: number) => left + ((Math.min(Math.max(time, start), end) - start) / (end - start)) * (right - left);

  dated.sort((a, b) => a.time - b.time || a.index - b.index);
  const laneEnds: number[] = [];
  const marks: TimelineMark[] = dated.map(({ index, time, source }) => {
    const x = xOf(time);
    let lane = laneEnds.findIndex((last) => x - last >= MARK_GAP);
    if (lane === -1) {
      if (laneEnds.length < MAX_LANES) lane = laneEnds.length;
      else lane = laneEnds.indexOf(laneEnds.reduce((a, b) => Math.min(a, b)));
    }
    laneEnds[lane] = x;
    return { index, time, x, lane, source, ...(time > end ? { clamped: 'after' as const } : {}) };
  });

  const bands = story.phases.map((phase) => ({ ...phase, x0: xOf(phase.start), x1: xOf(phase.end) }));
  const phaseLines = phaseTimes.map(({ mark, time }) => ({ mark, time, x: xOf(time) }));
  return { start, end, width, left, right, marks, bands, phaseLines, ticks: ticksFor(start, end, xOf), lanes: Math.max(1, laneEnds.length), undated };
}

/** Ticks at round UTC times, at most MAX_TICKS; the date is shown where it changes. */
export function ticksFor(start: number, end: number, xOf: (time: number) => number): TimelineTick[] {
  const span = end - start;
  const step = TICK_STEPS.find((s) => span / s <= MAX_TICKS) ?? Math.ceil(span / MAX_TICKS / DAY) * DAY;
  const ticks: TimelineTick[] = [];
  let previousDay = '';
  for (let time = Math.ceil(start / step) * step; time <= end; time += step) {
    const iso = new Date(time).toISOString();
    const day = dayLabel(iso);
    const clock = iso.slice(11, 16);
    const label = step >= DAY ? day : day !== previousDay ? `${day} ${clock}` : clock;
    previousDay = day;
    ticks.push({ x: xOf(time), time, label });
  }
  return ticks;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function dayLabel(iso: string): string {
  return `${MONTHS[Number(iso.slice(5, 7)) - 1]} ${Number(iso.slice(8, 10))}`;
}
