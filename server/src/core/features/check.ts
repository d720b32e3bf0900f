/**
 * What `check` reports, ready for any output: problems placed at 1-based lines and columns, and
 * what each problem code means and how to fix it (the text a code-scanning tool shows for a rule).
 * Pure, so the server and the MCP server can use it as the CLI does.
 */
import type { Problem, ProblemCode, ProblemSeverity } from '../model';
import { LineMap } from '../text';

/** A problem placed at 1-based lines and columns, as terminals and code-scanning tools count. */
export interface PlacedProblem {
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: ProblemSeverity;
  code: ProblemCode;
  message: string;
}

export function placeProblems(problems: Problem[], text: string | undefined): PlacedProblem[] {
  const lines = new LineMap(text ?? '');
  return problems.map((p) => {
    const start = lines.positionAt(p.span.start);
    const end = lines.positionAt(p.span.end);
    return {
      path: p.path,
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
      severity: p.severity,
      code: p.code,
      message: p.message,
    };
  });
}

/** What each problem code means and how to fix it: SARIF rule metadata (code scanning shows it). */
export const PROBLEM_RULES: Record<ProblemCode, { short: string; full: string; fix: string }> = {
  'yaml-syntax': {
    short: 'The record is not valid YAML.',
    full: 'An incident record must be one YAML mapping; this file does not parse, so the incident is unknown to every feature.',
    fix: 'Fix the syntax at the reported line (indentation, an unclosed quote or bracket, a tab used for indentation).',
  },
  'front-matter': {
    short: 'The Markdown record front matter is malformed or not YAML.',
    full: 'A Markdown record keeps its fields in YAML front matter between two `---` lines at the top of the file; this front matter cannot be read.',
    fix: 'Close the front matter with a `---` line and make its content a YAML mapping.',
  },
  schema: {
    short: 'The record does not match incidents-schema/incident.schema.json.',
    full: 'A field of the record is missing, unknown or of the wrong type or value for the incident record schema.',
    fix: 'Correct the key or value at the reported place; the message names the expected type or the allowed values.',
  },
  'duplicate-id': {
    short: 'Two records define the same incident id.',
    full: 'Incident ids are unique across the workspace; two records with one id make references to it ambiguous.',
    fix: 'Give one of the records a new id (the next free one), and update references meant for it.',
  },
  'unknown-reference': {
    short: 'A reference names an incident that no record defines.',
    full: 'A comment or document mentions an incident id that no record in the workspace defines: a typo, or a record that was never written or was removed.',
    fix: 'Correct the id (the quick fix offers the closest known ones), or write the record.',
  },
  'unknown-related': {
    short: 'A record lists a related incident that no record defines.',
    full: "An id in the record's `related` list is not defined by any record.",
    fix: 'Correct the id or remove it from `related`.',
  },
  'self-related': {
    short: 'A record lists itself as related.',
    full: "A record's `related` list names the record's own id; `related` is for other incidents.",
    fix: 'Remove the id from `related`, or correct it to the incident that was meant.',
  },
  'duplicate-related': {
    short: 'A record lists a related incident twice.',
    full: "An id appears more than once in the record's `related` list.",
    fix: 'Remove the repeated id.',
  },
  'missing-code-path': {
    short: 'A record lists a code path that does not exist.',
    full: 'A `code` entry of the record points at a file or folder that is not in the workspace, so the incident is no longer tied to that code.',
    fix: 'Update the path to where the code lives now, or remove the entry.',
  },
  'complex-glob': {
    short: 'A glob is too complex to match in bounded time.',
    full: "A glob (a record's `code` glob, or `records` / `exclude` in .incident-lens.yaml) has more wildcards or brace alternatives in one path segment than can be matched quickly; it is not used.",
    fix: 'Simplify the glob (fewer `*` in one segment), or list several simpler globs.',
  },
  'unsafe-code-path': {
    short: 'A record lists a code path outside the workspace folder.',
    full: 'A `code` path is absolute or climbs out of the workspace folder with `../`; it is never read.',
    fix: 'Use a path relative to the workspace folder.',
  },
  'resolved-before-started': {
    short: 'A record is resolved before it started.',
    full: "The record's `resolved` time is earlier than its `started` time.",
    fix: 'Correct one of the two dates or times.',
  },
  'timeline-order': {
    short: 'A record timeline is out of time order.',
    full: 'A timeline entry is earlier than the entry before it; a timeline is read in time order.',
    fix: 'Reorder the entries, or correct the `at` value.',
  },
  'unknown-commit': {
    short: 'A record lists a commit that does not exist in the repository.',
    full: "A hash in the record's `commits` names no commit in this repository (a typo, a rewritten history, or a commit from another repository).",
    fix: 'Correct the hash, or remove it; in a shallow clone, fetch the full history first.',
  },
  'blameless-language': {
    short: 'A record uses language that assigns blame to people.',
    full: 'Blameless reviews describe what the system and the situation made likely, not who was at fault; this wording points at a person.',
    fix: 'Describe what happened and what made it make sense at the time, without judging the person.',
  },
  'hindsight-language': {
    short: 'A record uses counterfactual or hindsight wording, or names a single root cause.',
    full: 'Counterfactuals ("if only", "could have prevented") and hindsight ("failed to notice") tell what did not happen instead of what did, and "the root cause" hides the several factors that combined.',
    fix: 'Describe what people saw and why their actions made sense at the time; list the contributing factors.',
  },
  'thin-narrative': {
    short: 'A record narrative is empty or only restates the summary.',
    full: 'The narrative is where the story is told from the perspectives of the people involved; an empty one, or one that repeats the summary, leaves the review without it.',
    fix: 'Tell what happened as the responders lived it: what they saw, what surprised or confused them, how the pieces combined.',
  },
  config: {
    short: 'The .incident-lens.yaml configuration is invalid.',
    full: 'A key of `.incident-lens.yaml` (or an editor setting) has a wrong value; the default is used for it instead.',
    fix: 'Correct the value at the reported place.',
  },
  'file-skipped': {
    short: 'A record file could not be read.',
    full: 'A file in a records folder is too large, binary or not a regular file, so it was not read as a record.',
    fix: 'Make the record a text file under the size limit (`maxFileSize`), or move it out of the records folders.',
  },
  'too-many-problems': {
    short: 'A file has more problems than are reported one by one.',
    full: 'At most 100 problems are reported per file; this one counts the rest, from its place to the end of the file, and is as severe as the worst of them.',
    fix: 'Fix the problems reported before it (often one cause, such as a generated or corrupted file), then check again.',
  },
};
