/**
 * An incident as every listing names it (the editor's lists, `list`, `review`, the MCP tools): the
 * one place these fields are chosen. Each front end adds where the record is, in its own terms (a
 * URI, a path, `recordPath`).
 */
import type { IncidentRecord, RecordStatus } from '../model';

export interface IncidentFields {
  id: string;
  title: string;
  /** Absent when the record states none. */
  severity?: string;
  status: RecordStatus;
  /** As written in the record; '' when the record lacks it. */
  started: string;
}

export function incidentFields(record: Pick<IncidentRecord, 'id' | 'title' | 'severity' | 'status' | 'started'>): IncidentFields {
  return {
    id: record.id,
    title: record.title,
    ...(record.severity !== undefined ? { severity: record.severity } : {}),
    status: record.status,
    started: record.started ?? '',
  };
}

/** One line naming an incident for a reader: `INC-2024-017 Title (sev1)`. */
export function incidentLabel(fields: Pick<IncidentFields, 'id' | 'title' | 'severity'>): string {
  return `${fields.id} ${fields.title}${fields.severity ? ` (${fields.severity})` : ''}`;
}
