/** `check --format sarif`: each problem as a result, with its rule (what the code means, how to fix it). */
import type { ProblemCode, ProblemSeverity } from '../../model';
import { PROBLEM_RULES, type PlacedProblem } from '../../features/check';
import { oneLine } from '../escape';
import { fingerprintsFor, sarifLog, type SarifResult, type SarifRule } from '../sarif';

/** SARIF 2.1.0, as GitHub code scanning and other SARIF consumers read it. */
export function formatSarif(problems: PlacedProblem[], version: string): string {
  const levels = new Map<ProblemCode, ReturnType<typeof sarifLevel>>();
  for (const p of problems) if (!levels.has(p.code)) levels.set(p.code, sarifLevel(p.severity));
  const rules: SarifRule[] = [...levels.keys()].sort().map((id) => ({
    id,
    name: id.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: PROBLEM_RULES[id].short,
    fullDescription: PROBLEM_RULES[id].full,
    helpText: `${PROBLEM_RULES[id].full} ${PROBLEM_RULES[id].fix}`,
    helpMarkdown: `${PROBLEM_RULES[id].full}\n\n**How to fix:** ${PROBLEM_RULES[id].fix}\n\nReported by \`incident-lens check\` as \`[${id}]\`.`,
    level: levels.get(id)!,
  }));
  // A problem is the same problem while its code, file and message are (its line may move).
  const fingerprints = fingerprintsFor(problems.map((p) => [p.code, p.path, oneLine(p.message)]));
  const results: SarifResult[] = problems.map((p, i) => ({
    ruleId: p.code,
    level: sarifLevel(p.severity),
    message: oneLine(p.message),
    path: p.path,
    startLine: p.line,
    startColumn: p.column,
    endLine: p.endLine,
    endColumn: Math.max(p.endColumn, p.column),
    fingerprint: fingerprints[i],
  }));
  return sarifLog(rules, results, version, 'The checked workspace folder.');
}

function sarifLevel(severity: ProblemSeverity): 'error' | 'warning' | 'note' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}
