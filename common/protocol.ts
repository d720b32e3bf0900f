/**
 * The custom messages between the Incident Lens client and server, declared once for both sides.
 * Each is a typed `RequestType` / `NotificationType` (as vscode-eslint's customMessages.ts does):
 * the server registers it, the client, the tests and the bench send it, and none of them restates
 * its parameter or result type. Payloads are plain JSON so any editor can use them; the wire name is
 * the message's `method`.
 *
 * To add a message: declare its params and result interfaces here, then one
 * `export const XRequest = new RequestType<XParams, XResult, void>('incidentLens/x')`.
 */

import { NotificationType, RequestType, RequestType0, type Hover } from 'vscode-languageserver-protocol';
import type { Insights } from '../server/src/core/features/insights';
import type { IncidentStory } from '../server/src/core/features/story';

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
  /** The record's `services` (absent when it lists none): the sidebar groups and filters by them. */
  services?: string[];
  /**
   * Tied to nothing: no comment or document mentions it, its record lists no `code`, no commit
   * that mentions it changed a file (`incidentLens/listIncidents` only; see the insights report).
   */
  floating?: boolean;
}

export type TieReasonKind = 'reference' | 'code' | 'commit';

/** Why an incident is tied to a file. */
export interface TieReason {
  kind: TieReasonKind;
  /** 0-based line in the file (a reference's line, or the first line of a `code` range). */
  line?: number;
  /** 0-based last line (inclusive) of a `code` range, so the sidebar can select the whole range. */
  endLine?: number;
  /** The tied file (workspace-relative), for the branch view where reasons span many files. */
  path?: string;
  /** URI of the tied file, with `path`. */
  fileUri?: string;
  /** Short hash, for `commit` reasons. */
  commit?: string;
  /** Human-readable: "referenced on line 12", "listed in the record's code (lines 40-72)", "changed by commit abc1234: fix retry storm". */
  detail: string;
}

export interface FileIncident extends IncidentSummary {
  reasons: TieReason[];
}

/** Client -> server request: the incidents tied to one file, with why. */
export interface FileIncidentsParams {
  uri: string;
}
export type FileIncidentsResult = FileIncident[];
export const FileIncidentsRequest = new RequestType<FileIncidentsParams, FileIncidentsResult, void>('incidentLens/fileIncidents');

/** Client -> server request: every incident, the best matches for `query` first (at most 500 with a query). */
export interface ListIncidentsParams {
  query?: string;
}
export type ListIncidentsResult = IncidentSummary[];
export const ListIncidentsRequest = new RequestType<ListIncidentsParams, ListIncidentsResult, void>('incidentLens/listIncidents');

/** Server -> client notification: the index changed (the sidebar refreshes). */
export interface IndexChangedParams {
  /** Records and files indexed so far, over all workspace folders. */
  records: number;
  files: number;
  /** True once the first full index of every folder is built (benchmarks wait for this). */
  complete: boolean;
  /** Milliseconds the last (re)index pass took. */
  durationMs: number;
}
export const IndexChangedNotification = new NotificationType<IndexChangedParams>('incidentLens/indexChanged');

/** Client -> server request: drop everything and index the workspace again (answers null when done). */
export const ReindexRequest = new RequestType0<null, void>('incidentLens/reindex');

/** Command ids the server's code lenses point at; the VS Code client registers them. */
export const Commands = {
  showReferences: 'incidentLens.showReferences',
  openIncident: 'incidentLens.openIncident',
  showFileIncidents: 'incidentLens.showFileIncidents',
  insertReference: 'incidentLens.insertReference',
  newIncident: 'incidentLens.newIncident',
  reindex: 'incidentLens.reindex',
  /** Client-only: re-asks the server for both sidebar trees (view title button). */
  refreshViews: 'incidentLens.refreshViews',
  /** Opens the story view of an incident (optional id argument; a quick pick without one). */
  showStory: 'incidentLens.showStory',
  /** Import Postmortems…: existing Markdown postmortems become records (optional source URI argument). */
  importPostmortems: 'incidentLens.importPostmortems',
  /** Client-only: the record file of a sidebar incident (its context menu). */
  openRecord: 'incidentLens.openRecord',
  /** Client-only actions of a sidebar incident (node or id argument). */
  copyId: 'incidentLens.copyId',
  copyLink: 'incidentLens.copyLink',
  findReferences: 'incidentLens.findReferences',
  revealRecord: 'incidentLens.revealRecord',
  /** Client-only: All Incidents' grouping (optional `year` | `service` | `severity` | `status`) and filter (optional text). */
  groupAllIncidents: 'incidentLens.groupAllIncidents',
  filterAllIncidents: 'incidentLens.filterAllIncidents',
  clearFilter: 'incidentLens.clearFilter',
  /** Client-only: VS Code's Manage Workspace Trust, offered by the views in Restricted Mode. */
  manageTrust: 'incidentLens.manageTrust',
  /** Client-only: the references view for the id at (uri, LSP position): the hover's "N references". */
  referencesAt: 'incidentLens.referencesAt',
} as const;

/** What the client sends as `initializationOptions` (VS Code client; other editors may omit it). */
export interface InitializationOptions {
  /**
   * False in an untrusted VS Code workspace: the server must not run git until the client sends
   * `incidentLens/trustChanged` with `trusted: true`. Absent means trusted (CLI, other editors).
   */
  gitEnabled?: boolean;
  /**
   * A ripgrep binary the server may use to find candidate files fast (VS Code ships one with its
   * installation); `rg` on PATH when absent. ripgrep reads no repository configuration.
   */
  ripgrepPath?: string;
  /**
   * Folders of records kept outside the workspace (a central incident repository): absolute, `~/…`,
   * or relative to each workspace folder. Read-only context, like `incidentLens.externalRecords`
   * in settings; honoured in untrusted workspaces too, since the user, not the repository, set it.
   */
  externalRecords?: string[];
  /**
   * An absolute folder where the server keeps its index cache between sessions, one file per
   * workspace folder (VS Code: the extension's workspace storage); absent: no cache.
   */
  cacheFolder?: string;
  /**
   * The client draws a hover's actions itself (VS Code: "Read the story · N references · Open
   * record" on its first line, as command links only the client can trust). The server's hover
   * then leaves out its own closing "N references · Open record" line and carries what the actions
   * need (IncidentHover), so the client asks once. Absent: the server's hover ends with that line.
   */
  hoverActions?: boolean;
}

/** The hover a client that draws its own actions (hoverActions) gets: with the incident it is about. */
export interface IncidentHover extends Hover {
  incident?: IncidentAtResult;
}

/**
 * Client -> server request: the incident whose id is at a position (a reference, or a record's own
 * `id`), with what a hover's actions need; null elsewhere. Cheap: read from the index, no file read.
 */
export interface IncidentAtParams {
  uri: string;
  /** LSP position: 0-based line, UTF-16 character. */
  position: { line: number; character: number };
}
export interface IncidentAtResult {
  id: string;
  title: string;
  /** How many places mention it (what Find References lists, without the record itself). */
  referenceCount: number;
  /** URI of the record file. */
  recordUri: string;
}
export const IncidentAtRequest = new RequestType<IncidentAtParams, IncidentAtResult | null, void>('incidentLens/incidentAt');

/** Client -> server notification: the user granted workspace trust (git may run from now on). */
export interface TrustChangedParams {
  trusted: boolean;
}
export const TrustChangedNotification = new NotificationType<TrustChangedParams>('incidentLens/trustChanged');

/**
 * Client -> server request: would an id typed at this position count as a reference, and if not,
 * how does this file's language write a comment? Insert Incident Reference uses it to decide
 * whether to wrap the id in a comment.
 */
export interface ReferenceContextParams {
  uri: string;
  /** LSP position: 0-based line, UTF-16 character. */
  position: { line: number; character: number };
}
export interface ReferenceContextResult {
  /**
   * True when an id inserted here is already a reference: inside a comment of source code, or
   * anywhere in Markdown, AsciiDoc, reStructuredText, plain text and records.
   */
  inComment: boolean;
  /** The language's line comment token (`//`, `#`, `--`), when it has one. */
  lineComment?: string;
  /** The language's block comment delimiters (`/*`, `*\/`; `<!--`, `-->`), when it has them. */
  blockComment?: [string, string];
}
export const ReferenceContextRequest = new RequestType<ReferenceContextParams, ReferenceContextResult, void>('incidentLens/referenceContext');

/**
 * Client -> server request: the incidents tied to the files changed on this branch since its merge
 * base with `base` (default: the default branch), for the "Incidents Touching This Branch" view.
 * `available: false` when git cannot tell (untrusted workspace, no repository, no merge base).
 */
export interface BranchIncidentsParams {
  base?: string;
}
export interface BranchIncidentsResult {
  available: boolean;
  incidents: FileIncident[];
  /**
   * What the branch was compared with (first folder that could tell), so the view can name it:
   * the base's short name (`main`), the current branch (absent when detached) and whether HEAD is
   * the base itself (then only uncommitted work can touch anything).
   */
  base?: { base: string; branch?: string; onBase: boolean };
}
export const BranchIncidentsRequest = new RequestType<BranchIncidentsParams, BranchIncidentsResult, void>('incidentLens/branchIncidents');

/**
 * Client -> server request: the `records` globs in force for the folder holding `uri` (from
 * `.incident-lens.yaml` and the settings), so New Incident Record writes where records are read,
 * and the severities it may offer.
 */
export interface RecordGlobsParams {
  uri: string;
}
export interface RecordGlobsResult {
  records: string[];
  /** The severities in force for that folder (New Incident Record offers them; absent from older servers). */
  severities?: string[];
}
export const RecordGlobsRequest = new RequestType<RecordGlobsParams, RecordGlobsResult, void>('incidentLens/recordGlobs');

/**
 * Client -> server request: the story of one incident, from the index: the record's fields, its
 * Markdown narrative, phase durations, the places that reference it (code, docs, other records),
 * the commits tied to it (when git history is available) and related incidents with their titles.
 * `null` when no record defines the id. `uri` (optional) is a file of the asking folder: its
 * folder is searched first in a multi-root workspace.
 */
export interface StoryParams {
  id: string;
  uri?: string;
}
export type { IncidentStory };
export type StoryResult = IncidentStory | null;
export const StoryRequest = new RequestType<StoryParams, StoryResult, void>('incidentLens/story');

/**
 * `incidentLens/insights`: how the folder's incident knowledge is woven into its code (see
 * `incident-lens insights`). `uri` picks the folder (a file or the folder itself; default: the
 * first); `path` (folder-relative prefix) or `service` narrows it and makes a reading list.
 * `null` before the folder is indexed.
 */
export interface InsightsParams {
  uri?: string;
  path?: string;
  service?: string;
}
export type { Insights };
export type InsightsResult = { folderName: string; folderUri: string; insights: Insights } | null;
export const InsightsRequest = new RequestType<InsightsParams, InsightsResult, void>('incidentLens/insights');

/**
 * Client -> server request: import existing postmortems (Markdown files, or folders of them)
 * into records, as `incident-lens import` does. `dryRun: true` writes nothing and says what would
 * happen (the preview); a second run skips what is already imported. Sources are file URIs (or
 * paths, relative to the folder); `to` is the records folder, relative to the workspace folder
 * (default: the first records folder). Any LSP editor can send it.
 */
export const ImportRequest = new RequestType<ImportParams, ImportResult, void>('incidentLens/import');
export interface ImportParams {
  /** The workspace folder to import into; the first one when absent. */
  folderUri?: string;
  sources: string[];
  to?: string;
  dryRun: boolean;
}
/** What became (or, in a dry run, would become) of one source. */
export interface ImportEntrySummary {
  /** The source as the record's `imported_from` names it (relative to the folder). */
  source: string;
  outcome: 'imported' | 'already-imported' | 'refused';
  /** Why it could not be imported, or which record already holds it. */
  reason?: string;
  id?: string;
  /** The record file, relative to the folder, and its URI. */
  record?: string;
  recordUri?: string;
  /** Fields the source stated and the record got. */
  mapped: string[];
  /** Required fields the source does not state: a person must fill them in. */
  missing: string[];
  /** Parts no field took (kept in the record's body). */
  unmapped: string[];
  notes: string[];
}
export interface ImportResult {
  dryRun: boolean;
  /** The records folder, relative to the workspace folder. */
  to: string;
  entries: ImportEntrySummary[];
  warnings: string[];
  totals: { imported: number; alreadyImported: number; refused: number; needFilling: number };
}

/**
 * Client -> server request: New Incident Record's write. The server takes the next free id of
 * `year` (over every folder's index and every file in the target folder) and writes
 * `beforeId + id + afterId` into the folder's records folder: the first configured one that is a
 * real folder, else the first that can be made, with a year folder inside when most records there
 * sit in one. Never through a symbolic link, never over anything; a records folder that is a link
 * or a file is refused with an error saying so.
 */
export interface NewRecordParams {
  /** The workspace folder. */
  folderUri: string;
  year: number;
  /** The record's text before and after its id. */
  beforeId: string;
  afterId: string;
}
export interface NewRecordResult {
  id: string;
  recordUri: string;
}
export const NewRecordRequest = new RequestType<NewRecordParams, NewRecordResult, void>('incidentLens/newRecord');
