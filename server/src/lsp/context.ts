import * as nodePath from 'node:path';
import type { Connection, Position } from 'vscode-languageserver/node';
import type { IncidentRecord, Reference } from '../core/model';
import type { Logger } from '../core/ports';
import { LineMap } from '../core/text';
import type { OpenDocuments } from './documents';
import type { ServedFolder, ServerWorkspace } from './workspace';

/** What every handler may use: the connection, the open documents, the folders and their indexes. */
export interface ServerContext {
  connection: Connection;
  documents: OpenDocuments;
  workspace: ServerWorkspace;
  log: Logger;
}

/** A file a request is about, with its text and a line map to convert positions. */
export interface FileAt {
  folder: ServedFolder;
  path: string;
  text: string;
  lines: LineMap;
}

/** The file behind a URI: the open buffer, else the disk. Undefined outside every folder. */
export async function fileFor(ctx: ServerContext, uri: string): Promise<FileAt | undefined> {
  const located = ctx.workspace.locate(uri);
  if (!located) return undefined;
  const text = await ctx.workspace.textOf(located.folder, located.path);
  if (text === undefined) return undefined;
  return { ...located, text, lines: new LineMap(text) };
}

/** The reference under the cursor, if any. */
export function referenceAt(file: FileAt, position: Position): Reference | undefined {
  return file.folder.index.referenceAt(file.path, file.lines.offsetAt(position));
}

/**
 * The incident id under the cursor: a reference, or a record's own `id` value (so hover and
 * references also work on the definition itself).
 */
export function idAt(file: FileAt, position: Position): { id: string; start: number; end: number } | undefined {
  const offset = file.lines.offsetAt(position);
  const reference = file.folder.index.referenceAt(file.path, offset);
  if (reference) return { id: reference.id, ...reference.span };
  const own = file.folder.index.recordIn(file.path);
  if (own && own.idSpan.start <= offset && offset <= own.idSpan.end) return { id: own.id, ...own.idSpan };
  return undefined;
}

/**
 * The record that defines an id, looked up first in the folder of the asking file, then in the
 * other folders (multi-root workspaces reference each other's incidents).
 */
export function findRecord(ctx: ServerContext, id: string, preferred?: ServedFolder): { folder: ServedFolder; record: IncidentRecord } | undefined {
  const folders = preferred ? [preferred, ...ctx.workspace.indexedFolders().filter((f) => f !== preferred)] : ctx.workspace.indexedFolders();
  for (const folder of folders) {
    const record = folder.index.record(id);
    if (record) return { folder, record };
  }
  return undefined;
}

/** Line map of a record file, to place its id; read from the open buffer or the disk. */
export async function recordLines(ctx: ServerContext, folder: ServedFolder, record: IncidentRecord): Promise<LineMap> {
  const text = (await ctx.workspace.textOf(folder, record.path)) ?? '';
  return new LineMap(text);
}

/** A URI that opens a record at its id line (VS Code and most Markdown renderers read `#L<line>`). */
export function recordLink(folder: ServedFolder, record: IncidentRecord, lines: LineMap): string {
  const line = lines.positionAt(record.idSpan.start).line + 1;
  return `${folder.uriOf(record.path)}#L${line}`;
}

export function basename(path: string): string {
  return nodePath.posix.basename(path);
}
