import {
  ErrorCodes,
  ResponseError,
  type PrepareRenameParams,
  type Range,
  type RenameParams,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { isRefusal, prepareRename, renameIncident } from '../../core/features/rename';
import { LineMap } from '../../core/text';
import { toRange } from '../convert';
import { fileFor, type ServerContext } from '../context';

/** F2 on an incident id: its range and text, or the reason it cannot be renamed (the editor shows it). */
export async function onPrepareRename(ctx: ServerContext, params: PrepareRenameParams): Promise<{ range: Range; placeholder: string } | ResponseError | null> {
  const file = await fileFor(ctx, params.textDocument.uri);
  if (!file) return null;
  const target = prepareRename(file.folder.index, file.path, file.lines.offsetAt(params.position));
  if (!target) return null;
  if (isRefusal(target)) return new ResponseError(ErrorCodes.InvalidRequest, target.refused);
  return { range: toRange(file.lines, target.span), placeholder: target.id };
}

/** The record's id and every reference to it, in open and closed files, as one workspace edit. */
export async function onRename(ctx: ServerContext, params: RenameParams): Promise<WorkspaceEdit | ResponseError | null> {
  const file = await fileFor(ctx, params.textDocument.uri);
  if (!file) return null;
  const { index } = file.folder;
  const target = prepareRename(index, file.path, file.lines.offsetAt(params.position));
  if (!target) return null;
  if (isRefusal(target)) return new ResponseError(ErrorCodes.InvalidRequest, target.refused);
  const edits = renameIncident(index, target.id, params.newName);
  if (isRefusal(edits)) return new ResponseError(ErrorCodes.InvalidParams, edits.refused);
  const changes: Record<string, TextEdit[]> = {};
  for (const [path, list] of edits) {
    // Open buffers are what the index read: positions come from the same text.
    const lines = new LineMap((await ctx.workspace.textOf(file.folder, path)) ?? '');
    changes[file.folder.uriOf(path)] = list.map((edit) => ({ range: toRange(lines, edit.span), newText: edit.newText }));
  }
  return { changes };
}
