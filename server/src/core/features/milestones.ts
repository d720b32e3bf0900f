/**
 * How long after it started an incident was detected, mitigated and resolved: the phases a record
 * has, each measured from `started`. One "resolved after" figure reads as the impact when the
 * impact stopped at mitigation, long before; showing each milestone says what the record says.
 */
import type { IncidentRecord, RecordStatus } from '../model';
import { parseRecordDate } from '../records/dates';

export type MilestoneMark = 'detected' | 'mitigated' | 'resolved';
const MARKS: readonly MilestoneMark[] = ['detected', 'mitigated', 'resolved'];

export interface Milestone {
  mark: MilestoneMark;
  /** Milliseconds after `started`. */
  afterMs: number;
  /** The same in words: "7 min", "2 h 18 min", "3 days 4 h". */
  after: string;
}

type Dated = Pick<IncidentRecord, 'started' | 'detected' | 'mitigated' | 'resolved'>;

/** Each of detected, mitigated, resolved that the record gives and that is not before `started`. */
export function milestonesOf(record: Dated): Milestone[] {
  const start = timeOf(record.started);
  if (start === undefined) return [];
  const milestones: Milestone[] = [];
  for (const mark of MARKS) {
    const at = timeOf(record[mark]);
    if (at === undefined || at < start) continue;
    milestones.push({ mark, afterMs: at - start, after: humanDuration(at - start) });
  }
  return milestones;
}

/** "detected after 7 min · mitigated after 39 min · resolved after 2 h 18 min" (no record text in it). */
export function describeMilestones(milestones: readonly Milestone[]): string {
  return milestones.map((m) => `${m.mark} after ${m.after}`).join(' · ');
}

/**
 * What to say when a record has no `resolved`: a published review without it simply did not
 * record the time (the incident is over); a draft may be about one still going on.
 */
export function missingResolution(record: Pick<IncidentRecord, 'resolved'> & { status: RecordStatus }): string | undefined {
  if (record.resolved) return undefined;
  return record.status === 'published' ? 'no resolution time recorded' : 'not yet resolved';
}

/** Milliseconds since the epoch of a record date (a date-only value: its midnight, UTC). */
export function timeOf(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const parsed = parseRecordDate(value.trim());
  if (!parsed) return undefined;
  return parsed.time ?? parsed.day * 86_400_000;
}

/** A duration in words, coarser as it grows: "40 s", "7 min", "2 h 18 min", "3 days 4 h". */
export function humanDuration(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} days ${hours % 24} h` : `${days} days`;
}
