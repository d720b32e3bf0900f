/**
 * The custom requests between the Incident Lens client and server, declared once for both sides.
 * Payloads are plain JSON (no vscode or vscode-languageserver types) so any editor can use them.
 */

export type IncidentStatus = 'draft' | 'in-review' | 'published';

/** An incident as the sidebar and quick pick show it. */
export interface IncidentSummary {
  id: string;
  title: string;
  severity?: string;
  status: IncidentStatus;
  /** ISO 8601 date or date-time, as written in the record ('' when the record lacks it). */
  started: string;
  /** URI of the record file. */
  recordUri: string;
  /** The record's summary, for the quick pick's detail line (extension of the contract). */
  summary?: string;
}

export type TieReasonKind = 'reference' | 'code' | 'commit';

/** Why an incident is tied to a file. */
export interface TieReason {
  kind: TieReasonKind;
  /** 0-based line in the file (a reference's line, or the first line of a `code` range). */
  line?: number;
  /** Short hash, for `commit` reasons. */
  commit?: string;
  /** Human-readable: "referenced on line 12", "listed in the record's code (lines 40-72)", "changed by commit abc1234: fix retry storm". */
  detail: string;
}

export interface FileIncident extends IncidentSummary {
  reasons: TieReason[];
}

export const FileIncidentsRequest = 'incidentLens/fileIncidents';
export interface FileIncidentsParams {
  uri: string;
}
export type FileIncidentsResult = FileIncident[];

export const ListIncidentsRequest = 'incidentLens/listIncidents';
export interface ListIncidentsParams {
  query?: string;
}
export type ListIncidentsResult = IncidentSummary[];

/** Server -> client notification: the index changed (the sidebar refreshes). */
export const IndexChangedNotification = 'incidentLens/indexChanged';
export interface IndexChangedParams {
  /** Records and files indexed so far, over all workspace folders. */
  records: number;
  files: number;
  /** True once the first full index of every folder is built (benchmarks wait for this). */
  complete: boolean;
  /** Milliseconds the last (re)index pass took. */
  durationMs: number;
}

/** Client -> server request: drop everything and index the workspace again. */
export const ReindexRequest = 'incidentLens/reindex';

/** Command ids the server's code lenses point at; the VS Code client registers them. */
export const Commands = {
  showReferences: 'incidentLens.showReferences',
  openIncident: 'incidentLens.openIncident',
  showFileIncidents: 'incidentLens.showFileIncidents',
  insertReference: 'incidentLens.insertReference',
  newIncident: 'incidentLens.newIncident',
  reindex: 'incidentLens.reindex',
} as const;
