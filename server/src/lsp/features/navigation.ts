import type { CancellationToken, DefinitionParams, DocumentLink, DocumentLinkParams, Location, ReferenceParams } from 'vscode-languageserver/node';
import { codePathLinks, lineFragment } from '../../core/features/codeLinks';
import type { IncidentRecord } from '../../core/model';
import { cancellableSteps } from '../cancellation';
import { LineMap } from '../../core/text';
import { toRange } from '../convert';
import { fileFor, findRecord, idAt, recordLines, recordLink, type ServerContext } from '../context';
import type { ServedFolder } from '../workspace';

/** Go to definition: the record, at its `id`. Several when the id is defined twice. */
export async function onDefinition(ctx: ServerContext, params: DefinitionParams): Promise<Location[] | null> {
  const file = await fileFor(ctx, params.textDocument.uri);
  const at = file && idAt(file, params.position);
  if (!file || !at) return null;
  const locations: Location[] = [];
  for (const folder of [file.folder, ...ctx.workspace.indexedFolders().filter((f) => f !== file.folder)]) {
    for (const record of definitionsOrExternal(folder, at.id)) {
      const lines = await recordLines(ctx, folder, record);
      locations.push({ uri: folder.uriOf(record.path), range: toRange(lines, record.idSpan) });
    }
    if (locations.length) break;
  }
  return locations.length ? locations : null;
}

/** The records of the folder that define an id; else the external record (a central repository) that does. */
function definitionsOrExternal(folder: ServedFolder, id: string): IncidentRecord[] {
  const own = folder.index.definitions(id);
  const external = own.length ? undefined : folder.index.record(id);
  return external ? [external] : own;
}

/**
 * Find references: every mention in code, docs and other records, open in the editor or not.
 * Each file is read to place its mentions: stops as soon as the editor cancels.
 */
export async function onReferences(ctx: ServerContext, params: ReferenceParams, token: CancellationToken): Promise<Location[] | null> {
  const file = await fileFor(ctx, params.textDocument.uri);
  const at = file && idAt(file, params.position);
  if (!file || !at) return null;
  const step = cancellableSteps(token);
  const locations: Location[] = [];
  for (const folder of ctx.workspace.indexedFolders()) {
    const references = folder.index.referencesTo(at.id);
    let currentPath = '';
    let lines = new LineMap('');
    for (const reference of references) {
      if (reference.path !== currentPath) {
        await step();
        currentPath = reference.path;
        lines = new LineMap((await ctx.workspace.textOf(folder, reference.path)) ?? '');
      }
      locations.push({ uri: folder.uriOf(reference.path), range: toRange(lines, reference.span) });
    }
    if (params.context.includeDeclaration) {
      for (const record of folder.index.definitions(at.id)) {
        const recordLineMap = await recordLines(ctx, folder, record);
        locations.push({ uri: folder.uriOf(record.path), range: toRange(recordLineMap, record.idSpan) });
      }
    }
  }
  return locations;
}

/** Every known reference in a document becomes a link to its record; in a record, each `code` path to its file and lines. */
export async function onDocumentLinks(ctx: ServerContext, params: DocumentLinkParams): Promise<DocumentLink[]> {
  const file = await fileFor(ctx, params.textDocument.uri);
  if (!file) return [];
  const links: DocumentLink[] = [];
  const targets = new Map<string, string | undefined>();
  for (const reference of file.folder.index.referencesIn(file.path)) {
    if (!targets.has(reference.id)) {
      const found = findRecord(ctx, reference.id, file.folder);
      targets.set(reference.id, found && recordLink(found.folder, found.record, await recordLines(ctx, found.folder, found.record)));
    }
    const target = targets.get(reference.id);
    if (target) links.push({ range: toRange(file.lines, reference.span), target, tooltip: `Open incident ${reference.id}` });
  }
  for (const link of codePathLinks(file.folder.index, file.path)) {
    const where = link.lines ? (link.lines.end > link.lines.start ? `, lines ${link.lines.start}–${link.lines.end}` : `, line ${link.lines.start}`) : '';
    links.push({
      range: toRange(file.lines, link.span),
      target: `${file.folder.uriOf(link.path)}${lineFragment(link.lines)}`,
      tooltip: `Open ${link.path}${where}`,
    });
  }
  return links;
}
