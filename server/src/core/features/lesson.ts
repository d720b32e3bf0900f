import type { IncidentRecord } from '../model';

/**
 * The lesson of an incident in one line, for reading lists and reviews: what the group came to
 * understand (its first learning), else the first contributing factor, else its summary.
 */
export function lessonOf(record: IncidentRecord): string {
  const text = record.learnings[0] ?? record.contributingFactors[0] ?? record.summary;
  return text.replace(/\s+/g, ' ').trim();
}

/** Action items still to do: `open`, or with no status (a record's items start open). */
export function openActionItems(record: IncidentRecord): IncidentRecord['actionItems'] {
  return record.actionItems.filter((a) => (a.status ?? 'open') === 'open');
}
