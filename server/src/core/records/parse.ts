/**
 * Reads one record file (YAML, or Markdown with YAML front matter) into an {@link IncidentRecord}
 * and every problem found in it, each at the exact key or value it is about. Offsets are indices
 * into the file text as given: front matter offsets are shifted by where the front matter starts.
 *
 * The steps, one module each: the YAML within its limits (`yamlPart`), schema errors as messages
 * (`schemaProblems`), checks beyond the schema (`semantics`), and the record itself (`buildRecord`).
 * A fast path (`plainYaml`) reads plain block YAML without the `yaml` library's composer; it steps
 * aside for anything else, and for any file with a problem, so every problem comes from the
 * careful path.
 */

import type { IncidentRecord, Options, Problem, Span } from '../model';
import { limitProblems } from '../problemLimit';
import { DEFAULT_ID_PATTERN } from '../references';
import { buildRecord } from './buildRecord';
import type { Checker } from './checker';
import { isFields } from './fields';
import { checkRecordId } from './recordId';
import { splitFrontMatter } from './frontMatter';
import { validateRecordData } from './schema';
import { reportSchemaErrors } from './schemaProblems';
import { checkBlameLanguage, checkHindsightLanguage, checkSemantics } from './semantics';
import { readPlainYaml } from './plainYaml';
import { parseYamlPart, type Report, type YamlPart } from './yamlPart';
import { toPlain } from './yamlTree';

/** What record parsing needs from the options (plain data: it is sent to parsing workers). */
export interface RecordContext {
  severities: string[];
  blamelessLanguage: Options['blamelessLanguage'];
  hindsightLanguage: Options['hindsightLanguage'];
  /** The id patterns in force (a record's `id` must match one as a whole); absent: the default pattern. */
  idPatterns?: string[];
}

/** One file from a records folder, parsed. */
export interface ParsedRecordFile {
  /** 'document': Markdown without front matter, or whose front matter has no id: its references are indexed, nothing is reported against it. */
  kind: 'record' | 'document';
  /** Set when the file defines an incident (an `id` that matches the id patterns), even when it has other problems. */
  record?: IncidentRecord;
  /** Every problem found in this one file, each at the exact key or value. */
  problems: Problem[];
}

/** Whether a path names a Markdown file (the rest of the record extensions are YAML). */
function isMarkdownPath(path: string): boolean {
  return /\.(?:md|markdown)$/i.test(path);
}

/**
 * Parses one record file. YAML files are always records; Markdown files are records only when
 * their front matter has an `id` key, otherwise documents with nothing reported against them
 * beyond a front matter that cannot be read at all.
 */
export function parseRecordFile(path: string, text: string, ctx: RecordContext, options: ParseOptions = {}): ParsedRecordFile {
  if (!options.careful) {
    // The fast path: plain block YAML read by `readPlainYaml` into the same tree the careful path
    // builds, then the same checks. It steps aside (the careful path reads the file again) when the
    // YAML is not in that subset or when any check found a problem: problems and their messages
    // are the careful path's alone, and a clean file has none.
    let found = 0;
    const fast = parseWith(path, text, ctx, [], () => found++, readPlainPart);
    if (fast && found === 0) return fast;
  }
  const problems: Problem[] = [];
  const report: Report = (span, severity, code, message, suggestions) => {
    problems.push({ path, span: { start: span.start, end: span.end }, severity, code, message, ...(suggestions?.length ? { suggestions } : {}) });
  };
  // The careful reader always gives a part: only the fast one declines.
  const result = parseWith(path, text, ctx, problems, report, (source, base) => parseYamlPart(text, source, base, report))!;
  problems.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { ...result, problems: limitProblems(problems) };
}

/** How to parse a record file. */
export interface ParseOptions {
  /** Always the careful path (the one every problem comes from), never the fast one: for tests comparing the two. */
  careful?: boolean;
}

/** Reads the YAML part `source` (at `base` in the file); undefined when the reader declines it. */
type ReadYamlPart = (source: string, base: number) => YamlPart | undefined;

/** The fast path's reader: the plain subset, or undefined when it steps aside. */
function readPlainPart(source: string, base: number): YamlPart | undefined {
  const root = readPlainYaml(source);
  return root && { root, plain: toPlain(root), base, truncated: false };
}

/** A YAML record, or a Markdown file with its front matter, read by `readYaml`; undefined when it declined. */
function parseWith(path: string, text: string, ctx: RecordContext, problems: Problem[], report: Report, readYaml: ReadYamlPart): ParsedRecordFile | undefined {
  if (!isMarkdownPath(path)) {
    const part = readYaml(text, 0);
    return part && finish(path, text, ctx, part, 'yaml', undefined, problems, report);
  }
  const fm = splitFrontMatter(text);
  switch (fm.kind) {
    case 'none':
      return { kind: 'document', problems };
    case 'unclosed':
      report(fm.open, 'error', 'front-matter', 'Front matter opened here has no closing `---` line, so none of it is read.');
      return { kind: 'document', problems };
    case 'foreign':
      report(
        fm.languageSpan,
        'warning',
        'front-matter',
        `Front matter in ${fm.language} is not read (it is never evaluated): only YAML front matter between \`---\` lines is supported.`,
      );
      return { kind: 'document', problems };
    case 'yaml': {
      const part = readYaml(fm.yaml, fm.yamlStart);
      const body = { start: fm.bodyStart, end: text.length };
      return part && finish(path, text, ctx, part, 'markdown', body, problems, report);
    }
  }
}

function finish(
  path: string,
  text: string,
  ctx: RecordContext,
  part: YamlPart,
  format: IncidentRecord['format'],
  body: Span | undefined,
  problems: Problem[],
  report: Report,
): ParsedRecordFile {
  const data = part.plain.value;
  const fields = isFields(data) ? data : undefined;
  if (format === 'markdown' && !(fields && Object.hasOwn(fields, 'id'))) {
    // Not a record, so its YAML problems are not reported: a document may open with a `---` rule
    // and hold prose that is not meant as YAML at all.
    problems.length = 0;
    return { kind: 'document', problems };
  }
  const c: Checker = { text, root: part.root, part, report, reported: new Set() };
  if (!part.truncated) {
    reportSchemaErrors(c, validateRecordData(data));
    if (fields) {
      checkSemantics(c, fields, ctx.severities);
      checkBlameLanguage(c, fields, ctx.blamelessLanguage, body);
      checkHindsightLanguage(c, fields, ctx.hindsightLanguage, body);
    }
  }
  let record: IncidentRecord | undefined;
  if (fields && typeof fields.id === 'string' && fields.id !== '' && checkRecordId(c, fields.id, ctx.idPatterns ?? [DEFAULT_ID_PATTERN])) {
    const bodyText = body ? text.slice(body.start, body.end).trim() : '';
    record = buildRecord(c, fields, fields.id, path, format, bodyText === '' ? undefined : bodyText);
  }
  return { kind: 'record', ...(record ? { record } : {}), problems };
}
