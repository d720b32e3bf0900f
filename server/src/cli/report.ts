import type { Problem, ProblemCode, ProblemSeverity } from '../core/model';
import { stripControls } from '../core/render/escape';
import { LineMap } from '../core/text';

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

/** `path:line:col: severity: message [code]`, one line each. */
export function formatText(problems: PlacedProblem[]): string {
  return problems.map((p) => stripControls(`${p.path}:${p.line}:${p.column}: ${p.severity}: ${oneLine(p.message)} [${p.code}]`)).join('\n');
}

export function formatJson(problems: PlacedProblem[]): string {
  return JSON.stringify(problems, null, 2);
}

const RULES: Record<ProblemCode, string> = {
  'yaml-syntax': 'The record is not valid YAML.',
  'front-matter': 'The Markdown record front matter is malformed or not YAML.',
  schema: 'The record does not match incidents-schema/incident.schema.json.',
  'duplicate-id': 'Two records define the same incident id.',
  'unknown-reference': 'A reference names an incident that no record defines.',
  'unknown-related': 'A record lists a related incident that no record defines.',
  'missing-code-path': 'A record lists a code path that does not exist.',
  'unsafe-code-path': 'A record lists a code path outside the workspace folder.',
  'resolved-before-started': 'A record is resolved before it started.',
  'timeline-order': 'A record timeline is out of time order.',
  'unknown-commit': 'A record lists a commit that does not exist in the repository.',
  'blameless-language': 'A record uses language that assigns blame to people.',
  config: 'The .incident-lens.yaml configuration is invalid.',
  'file-skipped': 'A record file could not be read.',
};

/** SARIF 2.1.0, as GitHub code scanning and other SARIF consumers read it. */
export function formatSarif(problems: PlacedProblem[], version: string): string {
  const usedRules = [...new Set(problems.map((p) => p.code))].sort();
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Incident Lens',
            version,
            informationUri: 'https://www.npmjs.com/package/incident-lens',
            rules: usedRules.map((id) => ({
              id,
              name: id.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase()),
              shortDescription: { text: RULES[id] },
              defaultConfiguration: { level: sarifLevel(problems.find((p) => p.code === id)!.severity) },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The checked workspace folder.' } } },
        results: problems.map((p) => ({
          ruleId: p.code,
          ruleIndex: usedRules.indexOf(p.code),
          level: sarifLevel(p.severity),
          message: { text: oneLine(p.message) },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(p.path), uriBaseId: '%SRCROOT%' },
                region: { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: Math.max(p.endColumn, p.column) },
              },
            },
          ],
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2);
}

function sarifLevel(severity: ProblemSeverity): 'error' | 'warning' | 'note' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}
