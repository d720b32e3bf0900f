import type { InsightsParams, InsightsResult } from '../../../../common/protocol';
import { computeInsights } from '../../core/features/insights';
import type { HistoryService } from '../../host/history';
import type { ServerContext } from '../context';

/**
 * `incidentLens/insights`: the insights of the folder holding `uri` (else the first folder). The
 * history is used when it has been read (trusted workspace, git on); the report says when not.
 */
export async function onInsights(ctx: ServerContext, history: HistoryService, params: InsightsParams | undefined): Promise<InsightsResult> {
  const folders = ctx.workspace.indexedFolders();
  const folder = (params?.uri ? ctx.workspace.locate(params.uri)?.folder : undefined) ?? folders[0];
  if (!folder?.index) return null;
  const path = typeof params?.path === 'string' ? params.path : undefined;
  const service = typeof params?.service === 'string' ? params.service : undefined;
  const commits = await history.commits(folder);
  return {
    folderName: folder.name,
    folderUri: folder.uri,
    insights: computeInsights(folder.index, commits, { path, service, now: new Date() }),
  };
}
