/** `incidentLens/newRecord`: New Incident Record's write, through the one record writer. */
import { ErrorCodes, FileChangeType, ResponseError } from 'vscode-languageserver/node';
import type { NewRecordParams, NewRecordResult } from '../../../../common/protocol';
import { draftFolder, recordFolders } from '../../core/records/recordFolders';
import { recordFolderState, UnsafeRecordFolder, writeNewRecord } from '../../host/recordWriter';
import type { ServerContext } from '../context';
import type { IndexingService } from '../indexing';

const DEFAULT_RECORD_FOLDER = 'incidents';

export async function onNewRecord(ctx: ServerContext, indexing: IndexingService, params: NewRecordParams): Promise<NewRecordResult | ResponseError<void>> {
  const folder = ctx.workspace.indexedFolders().find((f) => f.uri === params.folderUri);
  if (!folder) return new ResponseError(ErrorCodes.InvalidParams, 'that workspace folder is not indexed yet; try again in a moment.');
  if (!Number.isInteger(params.year) || typeof params.beforeId !== 'string' || typeof params.afterId !== 'string')
    return new ResponseError(ErrorCodes.InvalidParams, 'a new record needs a year and its text.');
  // The first configured records folder that already exists as a real folder (so a team using
  // `postmortems/` keeps its records together), else the first one that can be created; never one
  // that is (or passes through) a symbolic link.
  const candidates = recordFolders(folder.options.records);
  if (candidates.length === 0) candidates.push(DEFAULT_RECORD_FOLDER);
  const states = await Promise.all(candidates.map((candidate) => recordFolderState(folder.root, candidate)));
  const recordsFolder = candidates[states.indexOf('directory')] ?? candidates[states.indexOf('absent')];
  if (recordsFolder === undefined) {
    return new ResponseError(
      ErrorCodes.InvalidRequest,
      'every records folder is a symbolic link or a file; records are written only into real folders inside the workspace.',
    );
  }
  const recordPaths = [...folder.index.records()].map((record) => record.path).filter((path) => !folder.index.isExternalPath(path));
  // A year folder inside it when the team groups records by year (a link there is refused below).
  const target = draftFolder(recordsFolder, recordPaths, params.year);
  // One id, one incident, over every folder of the workspace.
  const takenIds = ctx.workspace.indexedFolders().flatMap((f) => [...f.index.records()].map((record) => record.id));
  let written;
  try {
    written = await writeNewRecord(folder.root, target, takenIds, params.year, (id) => `${params.beforeId}${id}${params.afterId}`);
  } catch (error) {
    return new ResponseError(ErrorCodes.InvalidRequest, error instanceof UnsafeRecordFolder ? error.message : `could not write the record: ${String(error)}`);
  }
  const recordUri = folder.uriOf(written.file);
  // The new record counts at once, also for an editor that watches no files.
  indexing.fileEvents([{ uri: recordUri, type: FileChangeType.Created }], (error) => ctx.log.warn(`newRecord: ${String(error)}`));
  return { id: written.id, recordUri };
}
