import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver/node';
import { quickFixesFor } from '../../core/features/quickFixes';
import { toRange } from '../convert';
import { fileFor, type ServerContext } from '../context';

/** Quick fixes for the file's diagnostics, from the core (core/features/quickFixes.ts). */
export async function onCodeAction(ctx: ServerContext, params: CodeActionParams): Promise<CodeAction[]> {
  const file = await fileFor(ctx, params.textDocument.uri);
  if (!file) return [];
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    // Other servers' diagnostics on the same range are not ours to fix (a client may drop `source`).
    if ((diagnostic.source !== undefined && diagnostic.source !== 'incident-lens') || typeof diagnostic.code !== 'string') continue;
    const span = { start: file.lines.offsetAt(diagnostic.range.start), end: file.lines.offsetAt(diagnostic.range.end) };
    for (const fix of quickFixesFor(file.folder.index, file.path, file.text, { code: diagnostic.code, span, suggestions: suggestionsOf(diagnostic) })) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.preferred,
        edit: { changes: { [params.textDocument.uri]: fix.edits.map((e) => ({ range: toRange(file.lines, e.span), newText: e.newText })) } },
      });
    }
  }
  return actions;
}

/** The replacements a diagnostic carries in `data` (set by toDiagnostic); the editor sends them back. */
function suggestionsOf(diagnostic: Diagnostic): string[] | undefined {
  const data = diagnostic.data as { suggestions?: unknown } | undefined;
  return Array.isArray(data?.suggestions) ? data.suggestions.filter((s): s is string => typeof s === 'string') : undefined;
}
