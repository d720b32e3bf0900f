/**
 * A bound on the problems reported for one file. A generated or corrupted file can hold tens of
 * thousands of unknown keys or conflict markers; reporting each would flood the editor and the CI
 * log while saying nothing more than the first few do. The rest are summed up in one problem, as
 * severe as the worst of them, so that `check` still fails when an error is among them.
 */

import type { Problem, ProblemSeverity } from './model';

/** Problems reported per file at most (plus one that counts the rest); stated in README.md. */
export const MAX_PROBLEMS_PER_FILE = 100;

const SEVERITY_RANK: Record<ProblemSeverity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

/**
 * The first `limit` of `problems` (sorted by position), and when there are more, one problem at
 * the first left out that says how many were left out.
 */
export function limitProblems(problems: Problem[], limit = MAX_PROBLEMS_PER_FILE): Problem[] {
  if (problems.length <= limit) return problems;
  const omitted = problems.slice(limit);
  let severity: ProblemSeverity = omitted[0].severity;
  for (const p of omitted) if (SEVERITY_RANK[p.severity] < SEVERITY_RANK[severity]) severity = p.severity;
  const first = omitted[0];
  return [
    ...problems.slice(0, limit),
    {
      path: first.path,
      span: { start: first.span.start, end: first.span.end },
      severity,
      code: 'too-many-problems',
      message: `And ${omitted.length} more problems in this file from here on: only the first ${limit} are reported.`,
    },
  ];
}
