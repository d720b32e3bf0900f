import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver/node';
import { renderIncidentHover } from '../../core/features/hover';
import { toRange } from '../convert';
import { fileFor, findRecord, idAt, recordLines, recordLink, type ServerContext } from '../context';
import type { HistoryService } from '../../host/history';

/** Hover on a reference (or a record's own id): the incident's story, escaped. */
export async function onHover(ctx: ServerContext, history: HistoryService, params: HoverParams): Promise<Hover | null> {
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
    ...commits,
  });
  return { contents: { kind: MarkupKind.Markdown, value }, range: toRange(file.lines, at) };
}
