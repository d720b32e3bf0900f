import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver/node';
import type { Problem, ProblemSeverity, Span } from '../core/model';
import { LineMap } from '../core/text';

/** Offsets in the core become LSP ranges here, and only here. */
export function toRange(lines: LineMap, span: Span): Range {
  return { start: lines.positionAt(span.start), end: lines.positionAt(span.end) };
}

const SEVERITY: Record<ProblemSeverity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(lines: LineMap, problem: Problem): Diagnostic {
  return {
    range: toRange(lines, problem.span),
    severity: SEVERITY[problem.severity],
    code: problem.code,
    source: 'incident-lens',
    message: problem.message,
    // Sent back with a code action request: the quick fix offers them.
    ...(problem.suggestions?.length ? { data: { suggestions: problem.suggestions } } : {}),
  };
}
