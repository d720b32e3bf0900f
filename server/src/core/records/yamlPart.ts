/**
 * The YAML of a record file (the whole file, or a Markdown front matter) parsed within limits:
 * conflict markers, nesting depth and alias expansion are reported and bounded before any check
 * reads the data. Spans in the tree are relative to the part; `base` shifts them into the file.
 */

import { parseDocument, type Node } from 'yaml';
import type { Problem, ProblemSeverity, Span } from '../model';
import { LineMap } from '../text';
import { blankOut, findConflictMarkers } from './conflictMarkers';
import { MAX_ALIAS_EXPANSION, MAX_DEPTH, toPlain, tooDeepFlowBracket, type PlainResult } from './yamlTree';

/** Options for `yaml`: the 1.2 core schema keeps dates as strings and resolves no custom tags. */
export const YAML_OPTIONS = {
  version: '1.2',
  schema: 'core',
  merge: false,
  // The library compares each key with every earlier one (quadratic: 100,000 keys took minutes);
  // duplicates are found in one pass by `toPlain` instead, and reported at both places.
  uniqueKeys: false,
  // Without this, the core schema still resolves YAML 1.1 tags such as `!!binary` and `!!set`.
  resolveKnownTags: false,
  prettyErrors: false,
  strict: true,
} as const;

const MAX_SYNTAX_ERRORS = 50;

/** Where every check reports a problem of the file being parsed. */
/** Reports a problem; `suggestions` are what could replace the text at `span` (the quick fix offers them). */
export type Report = (span: Span, severity: ProblemSeverity, code: Problem['code'], message: string, suggestions?: string[]) => void;

/** A parsed YAML part of a file, with spans shifted into the whole file by `base`. */
export interface YamlPart {
  /** The document's root node (`null` when it is empty). */
  root: Node | null;
  plain: PlainResult;
  base: number;
  /** Nesting or alias expansion went past its limit: the data is incomplete, skip validation. */
  truncated: boolean;
}

/** A span of the part, moved into the whole file. */
export function shift(span: Span, base: number): Span {
  return { start: span.start + base, end: span.end + base };
}

/** Parses `source`, found at `base` in the file `text`, reporting what cannot be read as it stands. */
export function parseYamlPart(text: string, source: string, base: number, report: Report): YamlPart {
  const conflictLines = findConflictMarkers(source);
  for (const line of conflictLines) {
    report(
      shift(line, base),
      'error',
      'yaml-syntax',
      'Unresolved git merge conflict marker: choose between the two versions and remove the `<<<<<<<`, `=======` and `>>>>>>>` lines.',
    );
  }
  let yamlSource = blankOut(source, conflictLines);

  let tooDeepReported = false;
  const reportTooDeep = (span: Span): void => {
    if (tooDeepReported) return;
    tooDeepReported = true;
    report(
      shift(span, base),
      'error',
      'yaml-syntax',
      `Nesting too deep: a record never needs more than ${MAX_DEPTH} levels; what is nested deeper is not read, and the record is not validated.`,
    );
  };
  // The parser recurses per flow level and, near the stack limit, recovers from each overflow
  // separately, which can take seconds; only the lines before the too-deep bracket are parsed.
  const deepBracket = tooDeepFlowBracket(yamlSource);
  if (deepBracket !== undefined) {
    reportTooDeep({ start: deepBracket, end: deepBracket + 1 });
    yamlSource = yamlSource.slice(0, Math.max(yamlSource.lastIndexOf('\n', deepBracket) + 1, 0));
  }
  const doc = parseDocument(yamlSource, YAML_OPTIONS);
  // The parser can report an error at the very end of the text, with a range past it.
  const clamp = (start: number, end: number): Span => {
    const from = Math.min(Math.max(0, start), source.length);
    return { start: from, end: Math.min(Math.max(end, from + 1), source.length) };
  };
  let syntaxErrors = 0;
  for (const error of doc.errors) {
    const span = clamp(error.pos[0], error.pos[1]);
    if (error.code === 'RESOURCE_EXHAUSTION') {
      reportTooDeep(span);
      continue;
    }
    // One broken bracket can cascade into thousands of errors; the first ones locate the cause.
    if (++syntaxErrors > MAX_SYNTAX_ERRORS) continue;
    const message = error.code === 'TAB_AS_INDENT' ? 'Tabs are not allowed as indentation in YAML: indent with spaces.' : error.message;
    report(shift(span, base), 'error', 'yaml-syntax', message);
  }
  for (const warning of doc.warnings) {
    const span = shift(clamp(warning.pos[0], warning.pos[1]), base);
    const message =
      warning.code === 'TAG_RESOLVE_FAILED'
        ? `The tag \`${text.slice(span.start, span.end)}\` is not supported: the value is read as plain text and never evaluated.`
        : warning.message;
    report(span, 'warning', 'yaml-syntax', message);
  }

  const plain = toPlain(doc.contents as Node | null);
  let lines: LineMap | undefined;
  for (const dup of plain.duplicates) {
    report(
      shift(dup.span, base),
      'error',
      'yaml-syntax',
      `Duplicate key \`${dup.key}\`: it is already set on line ${(lines ??= new LineMap(text)).lineAt(dup.first.start + base) + 1}; only the first is used.`,
    );
  }
  for (const span of plain.complexKeys) {
    report(shift(span, base), 'error', 'schema', 'Keys must be plain words; a mapping or list used as a key is ignored.');
  }
  if (plain.tooDeep) reportTooDeep(plain.tooDeep);
  if (plain.aliasBomb) {
    report(
      shift(plain.aliasBomb, base),
      'error',
      'yaml-syntax',
      `Aliases here expand to more than ${MAX_ALIAS_EXPANSION} values (an "alias bomb"); the expansion was stopped and the record is read without it.`,
    );
  }
  return { root: doc.contents as Node | null, plain, base, truncated: tooDeepReported || plain.aliasBomb !== undefined };
}
