import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver/node';
import type { IncidentAtParams, IncidentAtResult } from '../../../../common/protocol';
import { renderIncidentHover } from '../../core/features/hover';
import { toRange } from '../convert';
import { fileFor, findRecord, idAt, recordLines, recordLink, type ServerContext } from '../context';
import type { HistoryService } from '../../host/history';

export interface HoverOptions {
  /** The client draws the actions line itself (InitializationOptions.hoverActions). */
  actionsByClient: boolean;
}

/** Hover on a reference (or a record's own id): the incident's story, escaped. */
export async function onHover(ctx: ServerContext, history: HistoryService, params: HoverParams, options: HoverOptions): Promise<Hover | null> {
  const file = await fileFor(ctx, params.textDocument.uri);
  if (!file) return null;
  const at = idAt(file, params.position);
  if (!at) return null;
  const found = findRecord(ctx, at.id, file.folder);
  if (!found) return null;
  const { folder, record } = found;
  const commits = await history.hoverCommits(folder, record);
  const value = renderIncidentHover(record, {
    recordLink: recordLink(folder, record, await recordLines(ctx, folder, record)),
    referenceCount: folder.index.referenceCount(record.id),
    actionsByClient: options.actionsByClient,
    ...commits,
  });
  return { contents: { kind: MarkupKind.Markdown, value }, range: toRange(file.lines, at) };
}

/** The incident at a position, with what the client's hover actions need (see IncidentAtRequest). */
export async function onIncidentAt(ctx: ServerContext, params: IncidentAtParams): Promise<IncidentAtResult | null> {
  const file = await fileFor(ctx, params.uri);
  const at = file && idAt(file, params.position);
  const found = at && findRecord(ctx, at.id, file.folder);
  if (!found) return null;
  const { folder, record } = found;
  return { id: record.id, title: record.title, referenceCount: folder.index.referenceCount(record.id), recordUri: folder.uriOf(record.path) };
}
