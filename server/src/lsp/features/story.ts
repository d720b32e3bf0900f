import type { StoryParams, StoryResult } from '../../../../common/protocol';
import { buildStory } from '../../core/features/story';
import type { HistoryService } from '../../host/history';
import { findRecord, recordLines, type ServerContext } from '../context';

/** `incidentLens/story`: everything the story view needs of one incident, URIs included. */
export async function onStory(ctx: ServerContext, history: HistoryService, params: StoryParams): Promise<StoryResult> {
  if (typeof params?.id !== 'string') return null;
  const preferred = params.uri ? ctx.workspace.locate(params.uri)?.folder : undefined;
  const found = findRecord(ctx, params.id.trim(), preferred?.index ? preferred : undefined);
  if (!found) return null;
  const { folder, record } = found;
  const story = buildStory(folder.index, record.id, { history: await history.storyHistory(folder, record), uriOf: (path) => folder.uriOf(path) });
  if (!story) return null;
  story.recordLine = (await recordLines(ctx, folder, record)).positionAt(record.idSpan.start).line;
  return story;
}
