/** `incidentLens/import`: the CLI's import, for any editor, into one workspace folder. */
import * as nodePath from 'node:path';
import { ErrorCodes, FileChangeType, ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import type { ImportParams, ImportResult } from '../../../../common/protocol';
import { totals } from '../../core/import';
import { ImportTargetError, runImport } from '../../host/importRun';
import { ImportCancelledError } from '../../host/importWorker';
import { RequestCancelledError } from '../cancellation';
import type { ServerContext } from '../context';
import type { IndexingService } from '../indexing';
import { uriToPath } from '../workspace';

/** A bad request (unknown folder, no sources, a `to` outside the folder) is answered InvalidParams. */
export async function onImport(
  ctx: ServerContext,
  indexing: IndexingService,
  params: ImportParams,
  token: CancellationToken,
): Promise<ImportResult | ResponseError<void>> {
  const folders = ctx.workspace.indexedFolders();
  const folder = params.folderUri === undefined ? folders[0] : folders.find((f) => f.uri === params.folderUri);
  if (!folder?.ready) return new ResponseError(ErrorCodes.InvalidParams, 'Incident Lens: that workspace folder is not indexed yet; try again in a moment.');
  if (!Array.isArray(params.sources) || params.sources.length === 0) return new ResponseError(ErrorCodes.InvalidParams, 'Incident Lens: nothing to import.');
  // Sources are file URIs, or paths relative to the folder (a client without URIs at hand).
  const sources = params.sources.map((source) => (/^file:/i.test(source) ? (uriToPath(source) ?? source) : nodePath.resolve(folder.root, source)));
  let report;
  // Sources are read in a worker: this thread answers other requests meanwhile, and a cancel ends it.
  const cancelled = new AbortController();
  const listening = token.onCancellationRequested(() => cancelled.abort());
  try {
    report = await runImport(folder, sources, { to: params.to, dryRun: params.dryRun !== false, signal: cancelled.signal });
  } catch (error) {
    if (error instanceof ImportTargetError) return new ResponseError(ErrorCodes.InvalidParams, `Incident Lens: ${error.message}`);
    if (error instanceof ImportCancelledError) throw new RequestCancelledError();
    throw error;
  } finally {
    listening.dispose();
  }
  const entries = report.entries.map((entry) => ({ ...entry, ...(entry.record ? { recordUri: folder.uriOf(entry.record) } : {}) }));
  if (!report.dryRun) {
    // The new records count at once, also for an editor that watches no files.
    const written = entries.filter((e) => e.outcome === 'imported' && e.recordUri);
    if (written.length)
      indexing.fileEvents(
        written.map((e) => ({ uri: e.recordUri!, type: FileChangeType.Created })),
        (error) => ctx.log.warn(`import: ${String(error)}`),
      );
  }
  return { ...report, entries, totals: totals(report) };
}
