import type { CodeLens, CodeLensParams, Location } from 'vscode-languageserver/node';
import { Commands } from '../../../../common/protocol';
import { LineMap } from '../../core/text';
import { toRange } from '../convert';
import { fileFor, type ServerContext } from '../context';
import type { HistoryService } from '../../host/history';

/**
 * Lenses: "N references" and "Read the story" on a record's id; the incident above each `code` range that names this
 * file with `lines`; "N past incidents" at the top of a file tied to incidents.
 */
export async function onCodeLens(ctx: ServerContext, history: HistoryService, params: CodeLensParams): Promise<CodeLens[]> {
  const file = await fileFor(ctx, params.textDocument.uri);
  if (!file) return [];
  const { folder, path, lines } = file;
  const lenses: CodeLens[] = [];

  const own = folder.index.recordIn(path);
  if (own) {
    const locations: Location[] = [];
    let currentPath = '';
    let refLines = new LineMap('');
    for (const reference of folder.index.referencesTo(own.id)) {
      if (reference.path !== currentPath) {
        currentPath = reference.path;
        refLines = new LineMap((await ctx.workspace.textOf(folder, reference.path)) ?? '');
      }
      locations.push({ uri: folder.uriOf(reference.path), range: toRange(refLines, reference.span) });
    }
    const range = toRange(lines, own.idSpan);
    const count = locations.length;
    lenses.push({
      range,
      command: {
        title: count === 1 ? '1 reference' : `${count} references`,
        command: Commands.showReferences,
        arguments: [params.textDocument.uri, range.start, locations],
      },
    });
    // The record is the source; the story is how it reads (VS Code opens it in a webview).
    lenses.push({ range, command: { title: 'Read the story', command: Commands.showStory, arguments: [own.id] } });
    return lenses;
  }

  const tied = await history.incidentsForFile(folder, path);
  if (tied.length > 0) {
    lenses.push({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      command: {
        title: tied.length === 1 ? '1 past incident' : `${tied.length} past incidents`,
        command: Commands.showFileIncidents,
        arguments: [params.textDocument.uri],
      },
    });
  }
  for (const { record, reasons } of tied) {
    for (const reason of reasons) {
      if (reason.kind !== 'code' || reason.line === undefined) continue;
      const line = Math.min(reason.line, lines.lineCount - 1);
      lenses.push({
        range: { start: { line, character: 0 }, end: { line, character: 0 } },
        command: { title: `${record.id}: ${record.title}`, command: Commands.openIncident, arguments: [record.id] },
      });
    }
  }
  return lenses;
}
