import { MarkupKind, type HoverParams, type Position } from 'vscode-languageserver/node';
import type { IncidentAtParams, IncidentAtResult, IncidentHover } from '../../../../common/protocol';
import { renderIncidentHover } from '../../core/features/hover';
import { toRange } from '../convert';
import { fileFor, findRecord, idAt, recordLines, recordLink, type ServerContext } from '../context';
import type { HistoryService } from '../../host/history';

export interface HoverOptions {
  /** The client draws the actions line itself (InitializationOptions.hoverActions). */
  actionsByClient: boolean;
}

/** The incident whose id is at a position (a reference, or a record's own id), with the file it is in. */
async function incidentAt(ctx: ServerContext, uri: string, position: Position) {
  const file = await fileFor(ctx, uri);
  const at = file && idAt(file, position);
  const found = at && findRecord(ctx, at.id, file.folder);
  return found && { file, at, ...found };
}

/**
 * Hover on a reference (or a record's own id): the incident's story, escaped. A client that draws
 * the actions itself gets what they need with it, so it resolves the id once.
 */
export async function onHover(ctx: ServerContext, history: HistoryService, params: HoverParams, options: HoverOptions): Promise<IncidentHover | null> {
  const found = await incidentAt(ctx, params.textDocument.uri, params.position);
  if (!found) return null;
  const { file, at, folder, record } = found;
  const commits = await history.hoverCommits(folder, record);
  // The record is read (for its id's line) only for the closing line a client that draws the
  // actions itself does not get.
  const closingLine = options.actionsByClient
    ? undefined
    : { recordLink: recordLink(folder, record, await recordLines(ctx, folder, record)), referenceCount: folder.index.referenceCount(record.id) };
  const value = renderIncidentHover(record, { closingLine, ...commits });
  const hover = { contents: { kind: MarkupKind.Markdown, value }, range: toRange(file.lines, at) };
  return options.actionsByClient ? { ...hover, incident: incidentSummary(found) } : hover;
}

/** The incident at a position, with what a client's hover actions need (see IncidentAtRequest). */
export async function onIncidentAt(ctx: ServerContext, params: IncidentAtParams): Promise<IncidentAtResult | null> {
  const found = await incidentAt(ctx, params.uri, params.position);
  return found ? incidentSummary(found) : null;
}

function incidentSummary({ folder, record }: NonNullable<ReturnType<typeof findRecord>>): IncidentAtResult {
  return { id: record.id, title: record.title, referenceCount: folder.index.referenceCount(record.id), recordUri: folder.uriOf(record.path) };
}
