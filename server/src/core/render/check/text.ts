/** `check --format text` and `--format json`. */
import type { PlacedProblem } from '../../features/check';
import { escapeTerminal, oneLine } from '../escape';

/**
 * `path:line:col: severity: message [code]`, one line each. Paths and messages come from the
 * repository: their control characters are shown escaped, so a file named with a line break cannot
 * put a line of its own (a forged `::error` workflow command) into a CI log.
 */
export function formatText(problems: PlacedProblem[]): string {
  return problems.map((p) => `${escapeTerminal(p.path)}:${p.line}:${p.column}: ${p.severity}: ${escapeTerminal(oneLine(p.message))} [${p.code}]`).join('\n');
}

export function formatJson(problems: PlacedProblem[]): string {
  return JSON.stringify(problems, null, 2);
}
