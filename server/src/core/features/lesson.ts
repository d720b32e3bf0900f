import type { IncidentRecord } from '../model';

/**
 * The lesson of an incident, for reviews, agents and reading lists: what the group came to
 * understand (its first learning), else its first contributing factor; undefined when it has
 * neither.
 */
export function lessonOf(record: IncidentRecord): string | undefined {
  return record.learnings[0] ?? record.contributingFactors[0];
}

/** Action items still to do: `open`, or with no status (a record's items start open). */
export function openActionItems(record: IncidentRecord): IncidentRecord['actionItems'] {
  return record.actionItems.filter((a) => (a.status ?? 'open') === 'open');
}
