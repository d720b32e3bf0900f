import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver/node';
import type { ServerContext } from '../context';

/** Quick fix on an unknown reference: replace it with one of the closest known ids. */
export function onCodeAction(ctx: ServerContext, params: CodeActionParams): CodeAction[] {
  const located = ctx.workspace.locate(params.textDocument.uri);
  const document = ctx.documents.get(params.textDocument.uri);
  if (!located || !document) return [];
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.code !== 'unknown-reference' && diagnostic.code !== 'unknown-related') continue;
    const unknown = document.getText(diagnostic.range);
    located.folder.index.closestIds(unknown).forEach((id, rank) => {
      actions.push({
        title: `Change to ${id}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: rank === 0,
        edit: { changes: { [params.textDocument.uri]: [{ range: diagnostic.range, newText: id }] } },
      });
    });
  }
  return actions;
}
