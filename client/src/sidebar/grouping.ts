/** Pure ordering of the All Incidents tree: by year of `started`, newest first. */

import type { IncidentSummary } from '../../../common/protocol';

export const UNDATED = 'Undated';

export interface YearGroup<T extends IncidentSummary> {
  /** Four-digit year, or `Undated` for records whose `started` has no year. */
  year: string;
  incidents: T[];
}

function yearOf(started: string): string | undefined {
  return /^\s*(\d{4})/.exec(started)?.[1];
}

/** Newest `started` first; same instant (or unparsable dates) falls back to the id, highest first. */
function newestFirst(a: IncidentSummary, b: IncidentSummary): number {
  const timeA = Date.parse(a.started);
  const timeB = Date.parse(b.started);
  const validA = !Number.isNaN(timeA);
  const validB = !Number.isNaN(timeB);
  if (validA && validB && timeA !== timeB) return timeB - timeA;
  if (validA !== validB) return validA ? -1 : 1;
  return b.id.localeCompare(a.id, undefined, { numeric: true });
}

/** Groups incidents by the year they started: newest year first, newest incident first in each. */
export function groupByYear<T extends IncidentSummary>(incidents: readonly T[]): YearGroup<T>[] {
  const groups = new Map<string, T[]>();
  for (const incident of incidents) {
    const year = yearOf(incident.started) ?? UNDATED;
    const group = groups.get(year);
    if (group) group.push(incident);
    else groups.set(year, [incident]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === UNDATED ? 1 : b === UNDATED ? -1 : Number(b) - Number(a)))
    .map(([year, members]) => ({ year, incidents: [...members].sort(newestFirst) }));
}

/** The description shown next to an incident: `SEV2 · published`. */
export function incidentDescription(incident: IncidentSummary): string {
  return [incident.severity, incident.status].filter((part) => part !== undefined && part !== '').join(' · ');
}

/** The label of an incident in both trees: `INC-2024-017 — Checkout retries stormed the queue`. */
export function incidentLabel(incident: IncidentSummary): string {
  return incident.title === '' ? incident.id : `${incident.id} — ${incident.title}`;
}
