import { SymbolKind, type WorkspaceSymbol, type WorkspaceSymbolParams } from 'vscode-languageserver/node';
import { searchIncidents } from '../../core/features/search';
import { toRange } from '../convert';
import { recordLines, type ServerContext } from '../context';

const MAX_SYMBOLS = 200;

/** Workspace symbols: every incident, searchable by id and title. */
export async function onWorkspaceSymbol(ctx: ServerContext, params: WorkspaceSymbolParams): Promise<WorkspaceSymbol[]> {
  const symbols: WorkspaceSymbol[] = [];
  for (const folder of ctx.workspace.indexedFolders()) {
    for (const record of searchIncidents(folder.index.recordsNewestFirst(), params.query, MAX_SYMBOLS - symbols.length)) {
      const lines = await recordLines(ctx, folder, record);
      symbols.push({
        name: `${record.id} ${record.title}`,
        kind: SymbolKind.Event,
        containerName: [record.severity, record.started?.slice(0, 10)].filter(Boolean).join(' · '),
        location: { uri: folder.uriOf(record.path), range: toRange(lines, record.idSpan) },
      });
    }
  }
  return symbols;
}
