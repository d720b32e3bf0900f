import { SymbolKind, type CancellationToken, type WorkspaceSymbol, type WorkspaceSymbolParams } from 'vscode-languageserver/node';
import { cancellableSteps, stillWanted } from '../cancellation';
import { matchingLabels, searchIncidents } from '../../core/features/search';
import { toRange } from '../convert';
import { recordLines, type ServerContext } from '../context';

const MAX_SYMBOLS = 200;

/**
 * Workspace symbols: every incident, searchable by id, title, services and tags. Asked on every keystroke of the
 * symbol picker: an answer the editor no longer wants is dropped before the search and while
 * records are read to place them.
 */
export async function onWorkspaceSymbol(ctx: ServerContext, params: WorkspaceSymbolParams, token: CancellationToken): Promise<WorkspaceSymbol[]> {
  const symbols: WorkspaceSymbol[] = [];
  const step = cancellableSteps(token);
  for (const folder of ctx.workspace.indexedFolders()) {
    await stillWanted(token);
    for (const record of searchIncidents(folder.index.recordsNewestFirst(), params.query, MAX_SYMBOLS - symbols.length)) {
      await step();
      const lines = await recordLines(ctx, folder, record);
      // Found by a service or tag: named with it, or the editor's own filter by name drops it.
      const labels = matchingLabels(record, params.query);
      symbols.push({
        name: `${record.id} ${record.title}${labels.length ? ` — ${labels.join(', ')}` : ''}`,
        kind: SymbolKind.Event,
        containerName: [record.severity, record.started?.slice(0, 10)].filter(Boolean).join(' · '),
        location: { uri: folder.uriOf(record.path), range: toRange(lines, record.idSpan) },
      });
    }
  }
  return symbols;
}
