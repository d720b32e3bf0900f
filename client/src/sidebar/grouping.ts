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

/** How All Incidents groups its rows. */
export type GroupBy = 'year' | 'service' | 'severity' | 'status';
export const GROUPINGS: readonly GroupBy[] = ['year', 'service', 'severity', 'status'];

export interface IncidentGroup<T extends IncidentSummary> {
  /** What the group row says: `2024`, `payments`, `SEV1`, `published`, or `No service`… */
  label: string;
  incidents: T[];
}

export const NO_SERVICE = 'No service';
export const NO_SEVERITY = 'No severity';
const STATUS_ORDER = ['draft', 'in-review', 'published'];

/**
 * Groups for All Incidents, newest incident first in each. By year: newest year first. By
 * service: an incident appears under each of its services, services by name, `No service` last.
 * By severity: in the configured order (others after, by name), `No severity` last. By status:
 * draft, in review, published.
 */
export function groupIncidents<T extends IncidentSummary>(incidents: readonly T[], by: GroupBy, severities: readonly string[] = []): IncidentGroup<T>[] {
  if (by === 'year') return groupByYear(incidents).map((group) => ({ label: group.year, incidents: group.incidents }));
  const groups = new Map<string, T[]>();
  const add = (key: string, incident: T): void => {
    const members = groups.get(key);
    if (members) members.push(incident);
    else groups.set(key, [incident]);
  };
  for (const incident of incidents) {
    if (by === 'service') {
      const services = [...new Set(incident.services ?? [])];
      if (services.length === 0) add(NO_SERVICE, incident);
      for (const service of services) add(service, incident);
    } else if (by === 'severity') add(incident.severity || NO_SEVERITY, incident);
    else add(incident.status, incident);
  }
  const rank = (key: string): number => {
    if (key === NO_SERVICE || key === NO_SEVERITY) return Number.MAX_SAFE_INTEGER;
    const order = by === 'severity' ? severities : by === 'status' ? STATUS_ORDER : [];
    const index = order.indexOf(key);
    return index < 0 ? order.length : index;
  };
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([label, members]) => ({ label, incidents: [...members].sort(newestFirst) }));
}

/**
 * The incidents whose id, title, summary, services, severity, status or start date contain every
 * word of `filter` (any case, any order). An empty filter keeps them all.
 */
export function filterIncidents<T extends IncidentSummary>(incidents: readonly T[], filter: string): T[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...incidents];
  return incidents.filter((incident) => {
    const text = [incident.id, incident.title, incident.summary, incident.severity, incident.status, incident.started, ...(incident.services ?? [])]
      .filter(Boolean)
      .join('\n')
      .toLowerCase();
    return words.every((word) => text.includes(word));
  });
}

/** All Incidents' description: the date first, then severity and status: `2024-03-14 · SEV2 · published`. */
export function datedDescription(incident: IncidentSummary): string {
  const date = /^\d{4}-\d{2}-\d{2}/.exec(incident.started)?.[0];
  return [date, incidentDescription(incident)].filter(Boolean).join(' · ');
}
