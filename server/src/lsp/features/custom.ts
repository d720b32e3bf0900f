import type {
  BranchIncidentsParams,
  BranchIncidentsResult,
  FileIncidentsParams,
  FileIncidentsResult,
  IncidentSummary,
  ListIncidentsParams,
  ListIncidentsResult,
  RecordGlobsParams,
  RecordGlobsResult,
  ReferenceContextParams,
  ReferenceContextResult,
} from '../../../../common/protocol';
import { incidentFields } from '../../core/features/incidentSummary';
import { isFloating } from '../../core/features/insights';
import { searchIncidents } from '../../core/features/search';
import type { IncidentRecord } from '../../core/model';
import { commentTokensFor, isReferenceContext } from '../../core/references';
import { fileFor, type ServerContext } from '../context';
import type { HistoryService } from '../../host/history';
import type { ServedFolder } from '../workspace';

const MAX_LISTED = 500;

/** `incidentLens/fileIncidents`: the incidents tied to one file, with why. */
export async function onFileIncidents(ctx: ServerContext, history: HistoryService, params: FileIncidentsParams): Promise<FileIncidentsResult> {
  const located = ctx.workspace.locate(params.uri);
  if (!located) return [];
  const tied = await history.incidentsForFile(located.folder, located.path);
  return tied.map(({ record, reasons }) => ({ ...summarize(located.folder, record), reasons }));
}

/** `incidentLens/branchIncidents`: incidents tied to the files this branch changed, over all folders. */
export async function onBranchIncidents(
  ctx: ServerContext,
  history: HistoryService,
  params: BranchIncidentsParams | undefined,
): Promise<BranchIncidentsResult> {
  const result: BranchIncidentsResult = { available: false, incidents: [] };
  for (const folder of ctx.workspace.indexedFolders()) {
    const tied = await history.incidentsTouchingBranch(folder, params?.base);
    if (!tied) continue;
    result.available = true;
    result.base ??= await history.branchBase(folder, params?.base);
    // One push per incident: spreading a list as long as the index into a call overflows the stack.
    for (const { record, reasons } of tied) {
      result.incidents.push({
        ...summarize(folder, record),
        reasons: reasons.map((reason) => (reason.path === undefined ? reason : { ...reason, fileUri: folder.uriOf(reason.path) })),
      });
    }
  }
  return result;
}

/** `incidentLens/listIncidents`: every incident, best match for the query first. */
export async function onListIncidents(ctx: ServerContext, history: HistoryService, params: ListIncidentsParams | undefined): Promise<ListIncidentsResult> {
  const results: Array<{ folder: ServedFolder; record: IncidentRecord; floating: boolean }> = [];
  // A query is someone typing in a quick pick: the best few hundred are plenty. Without one, the
  // sidebar lists every incident.
  const limit = params?.query ? MAX_LISTED : Infinity;
  for (const folder of ctx.workspace.indexedFolders()) {
    // History only as far as it has been read: a listing never waits for git.
    const commits = await history.commits(folder);
    for (const record of searchIncidents(folder.index.recordsNewestFirst(), params?.query, limit)) {
      results.push({ folder, record, floating: isFloating(folder.index, commits, record) });
    }
  }
  // With several folders, keep each folder's ranking but interleave nothing: one folder rarely
  // shares ids with another, and the first folder's best matches stay on top.
  return results.slice(0, limit).map(({ folder, record, floating }) => ({ ...summarize(folder, record), ...(floating ? { floating } : {}) }));
}

/** `incidentLens/referenceContext`: does an id typed here count, and how would a comment look? */
export async function onReferenceContext(ctx: ServerContext, params: ReferenceContextParams): Promise<ReferenceContextResult> {
  const file = await fileFor(ctx, params.uri);
  const path = file?.path ?? params.uri;
  const tokens = commentTokensFor(path);
  const result: ReferenceContextResult = {
    inComment: false,
    lineComment: tokens?.line?.[0],
    blockComment: tokens?.block?.[0],
  };
  if (!file) return result;
  if (file.folder.index.isRecordPath(file.path)) return { ...result, inComment: true };
  result.inComment = isReferenceContext(file.path, file.text, file.lines.offsetAt(params.position));
  return result;
}

/** `incidentLens/recordGlobs`: where records are read in the folder of `uri`. */
export function onRecordGlobs(ctx: ServerContext, params: RecordGlobsParams): RecordGlobsResult {
  const folder = ctx.workspace.locate(params.uri)?.folder ?? ctx.workspace.folders.find((f) => f.uri === params.uri);
  return { records: folder?.options?.records ?? [], ...(folder?.options ? { severities: folder.options.severities } : {}) };
}

export function summarize(folder: ServedFolder, record: IncidentRecord): IncidentSummary {
  return {
    ...incidentFields(record),
    recordUri: folder.uriOf(record.path),
    summary: record.summary,
    ...(record.services.length > 0 ? { services: record.services } : {}),
  };
}
