/**
 * Reads one record file (YAML, or Markdown with YAML front matter) into an {@link IncidentRecord}
 * and every problem found in it, each at the exact key or value it is about. Offsets are indices
 * into the file text as given: front matter offsets are shifted by where the front matter starts.
 */

import { isScalar, parseDocument, type Document, type Node } from 'yaml';
import type { ErrorObject } from 'ajv';
import type {
  ActionItem,
  CodeEntry,
  Difficulty,
  IncidentRecord,
  Link,
  Options,
  Participant,
  Problem,
  ProblemSeverity,
  RecordStatus,
  Span,
  Spanned,
  TimelineEntry,
} from '../model';
import { lineOfOffset } from '../text';
import { findBlameLanguage } from './blameless';
import { normalizeCodeGlob, normalizeCodePath, parseLineRange, unsafePathReason } from './codePaths';
import { compareRecordDates, parseRecordDate, type RecordDate } from './dates';
import { splitFrontMatter } from './frontMatter';
import { validateRecordData } from './schema';
import { MAX_ALIAS_EXPANSION, MAX_DEPTH, locate, nodeSpan, toPlain, tooDeepFlowBracket, type PlainResult } from './yamlTree';

/** What record parsing needs from the options. */
export interface RecordContext {
  severities: string[];
  blamelessLanguage: Options['blamelessLanguage'];
}

/** One file from a records folder, parsed. */
export interface ParsedRecordFile {
  /** 'document': Markdown without front matter, or whose front matter has no id: its references are indexed, nothing is reported against it. */
  kind: 'record' | 'document';
  /** Set when the file defines an incident (a non-empty string `id`), even when it has problems. */
  record?: IncidentRecord;
  /** Every problem found in this one file, each at the exact key or value. */
  problems: Problem[];
}

/** Options for `yaml`: the 1.2 core schema keeps dates as strings and resolves no custom tags. */
export const YAML_OPTIONS = {
  version: '1.2',
  schema: 'core',
  merge: false,
  uniqueKeys: true,
  // Without this, the core schema still resolves YAML 1.1 tags such as `!!binary` and `!!set`.
  resolveKnownTags: false,
  prettyErrors: false,
  strict: true,
} as const;

const STATUSES: readonly string[] = ['draft', 'in-review', 'published'];
const DATE_FIELDS = ['started', 'detected', 'mitigated', 'resolved'] as const;
const MAX_SYNTAX_ERRORS = 50;
const CONFLICT_MARKER = /^(?:<{7}|>{7})(?:[ \t].*)?$|^={7}[ \t]*$/;

/** Whether a path names a Markdown file (the rest of the record extensions are YAML). */
function isMarkdownPath(path: string): boolean {
  return /\.(?:md|markdown)$/i.test(path);
}

/**
 * Parses one record file. YAML files are always records; Markdown files are records only when
 * their front matter has an `id` key, otherwise documents with nothing reported against them
 * beyond a front matter that cannot be read at all.
 */
export function parseRecordFile(path: string, text: string, ctx: RecordContext): ParsedRecordFile {
  const problems: Problem[] = [];
  const result = parseInto(path, text, ctx, problems);
  problems.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return result;
}

function parseInto(path: string, text: string, ctx: RecordContext, problems: Problem[]): ParsedRecordFile {
  const report = (span: Span, severity: ProblemSeverity, code: Problem['code'], message: string): void => {
    problems.push({ path, span: { start: span.start, end: span.end }, severity, code, message });
  };
  if (!isMarkdownPath(path)) {
    const parsed = parseYamlPart(text, text, 0, report);
    return finish(path, text, ctx, parsed, 'yaml', undefined, problems, report);
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
      const parsed = parseYamlPart(text, fm.yaml, fm.yamlStart, report);
      const body = { start: fm.bodyStart, end: text.length };
      return finish(path, text, ctx, parsed, 'markdown', body, problems, report);
    }
  }
}

type Report = (span: Span, severity: ProblemSeverity, code: Problem['code'], message: string) => void;

/** A parsed YAML part of a file, with spans shifted into the whole file by `base`. */
interface YamlPart {
  doc: Document.Parsed;
  plain: PlainResult;
  base: number;
  /** Nesting or alias expansion went past its limit: the data is incomplete, skip validation. */
  truncated: boolean;
}

function shift(span: Span, base: number): Span {
  return { start: span.start + base, end: span.end + base };
}

function parseYamlPart(text: string, source: string, base: number, report: Report): YamlPart {
  const conflictLines: Span[] = [];
  let lineStart = 0;
  while (lineStart <= source.length) {
    let lineEnd = source.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = source.length;
    const contentEnd = source.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
    const first = source.charCodeAt(lineStart);
    // 60 '<', 61 '=', 62 '>': a cheap filter before the regular expression.
    if ((first === 60 || first === 61 || first === 62) && CONFLICT_MARKER.test(source.slice(lineStart, contentEnd))) {
      // A lone `=======` is a valid plain scalar line; it is a marker only inside a conflict.
      if (first !== 61 || conflictLines.length > 0) conflictLines.push({ start: lineStart, end: contentEnd });
    }
    lineStart = lineEnd + 1;
  }
  for (const line of conflictLines) {
    report(
      shift(line, base),
      'error',
      'yaml-syntax',
      'Unresolved git merge conflict marker: choose between the two versions and remove the `<<<<<<<`, `=======` and `>>>>>>>` lines.',
    );
  }
  // The markers become blank lines of the same length, so that both sides of the conflict are
  // read (the second of a doubled key is then reported as a duplicate) and offsets stay exact.
  let yamlSource = source;
  for (const line of conflictLines) {
    yamlSource = yamlSource.slice(0, line.start) + ' '.repeat(line.end - line.start) + yamlSource.slice(line.end);
  }

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
    // Duplicate keys are reported with both places from the tree walk below.
    if (error.code === 'DUPLICATE_KEY') continue;
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
  for (const dup of plain.duplicates) {
    report(
      shift(dup.span, base),
      'error',
      'yaml-syntax',
      `Duplicate key \`${dup.key}\`: it is already set on line ${lineOfOffset(text, dup.first.start + base) + 1}; only the first is used.`,
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
  return { doc, plain, base, truncated: tooDeepReported || plain.aliasBomb !== undefined };
}

/** What the checks after parsing share: the tree, the file, and where to report. */
interface Checker {
  text: string;
  root: Node | null;
  part: YamlPart;
  report: Report;
  /** JSON pointers already reported by the schema, so later checks do not repeat them. */
  reported: Set<string>;
}

type Segments = ReadonlyArray<string | number>;

function pointerOf(segments: Segments): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function segmentsOf(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `timeline[2].at` for `/timeline/2/at`: how a field is named in messages. */
function labelOf(segments: Segments): string {
  let label = '';
  for (const s of segments) label += /^\d+$/.test(String(s)) ? `[${s}]` : label === '' ? String(s) : `.${s}`;
  return label === '' ? 'record' : label;
}

function keySpanOf(c: Checker, segments: Segments): Span | undefined {
  const found = locate(c.root, segments, c.part.plain.aliases);
  const span = nodeSpan(found?.pair?.key as Node | undefined);
  return span && shift(span, c.part.base);
}

/** Span of the value at `segments`; the key's span when the value is empty (`status:`). */
function valueSpanOf(c: Checker, segments: Segments): Span | undefined {
  const found = locate(c.root, segments, c.part.plain.aliases);
  if (!found) return undefined;
  const span = nodeSpan(found.node);
  if (span && span.end > span.start) return shift(span, c.part.base);
  const key = nodeSpan(found.pair?.key as Node | undefined);
  return key ? shift(key, c.part.base) : span && shift(span, c.part.base);
}

/** Where a problem about the whole record goes: the start of its first line. */
function recordStartSpan(c: Checker): Span {
  const span = nodeSpan(c.root);
  if (!span) return { start: c.part.base, end: c.part.base };
  const lineEnd = c.text.slice(span.start + c.part.base, span.end + c.part.base).search(/\r|\n/);
  return shift({ start: span.start, end: lineEnd < 0 ? span.end : span.start + lineEnd }, c.part.base);
}

/** Span of the first key of the mapping at `segments` (the `id` key for the record itself). */
function mappingAnchorSpan(c: Checker, segments: Segments): Span {
  if (segments.length === 0) {
    const id = keySpanOf(c, ['id']);
    if (id) return id;
  }
  const found = locate(c.root, segments, c.part.plain.aliases);
  const node = found?.node as { items?: Array<{ key?: unknown }> } | null | undefined;
  const firstKey = nodeSpan(node?.items?.[0]?.key as Node | undefined);
  if (firstKey) return shift(firstKey, c.part.base);
  return valueSpanOf(c, segments) ?? recordStartSpan(c);
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

function closestName(name: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(name.toLowerCase(), candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  array: 'a list',
  object: 'a mapping of fields',
  boolean: 'true or false',
};

function patternMessage(error: ErrorObject): string {
  if (error.schemaPath.includes('isoDate')) {
    return 'must be an ISO 8601 date (`2024-03-05`) or date-time (`2024-03-05T14:02:00Z`)';
  }
  if (error.instancePath.startsWith('/commits/')) return 'must be a commit hash of 7 to 40 hex digits';
  if (error.instancePath.endsWith('/lines')) return 'must be a line (`40`) or a range of lines (`"40-72"`)';
  return `must match \`${String((error.params as { pattern?: string }).pattern)}\``;
}

function reportSchemaErrors(c: Checker, errors: ErrorObject[]): void {
  // With allErrors, a failed `oneOf` also reports each branch's own failures; its message covers them.
  const oneOfPaths = errors.filter((e) => e.keyword === 'oneOf').map((e) => `${e.schemaPath}/`);
  // A value of the wrong type also fails its enum or pattern; the type is the one thing to fix.
  const wrongType = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  for (const error of errors) {
    if (oneOfPaths.some((p) => error.schemaPath.startsWith(p))) continue;
    if (error.keyword !== 'type' && wrongType.has(error.instancePath)) continue;
    const segments = segmentsOf(error.instancePath);
    const label = labelOf(segments);
    const params = error.params as Record<string, unknown>;
    c.reported.add(error.instancePath);
    switch (error.keyword) {
      case 'additionalProperties': {
        const key = String(params.additionalProperty);
        const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
        const suggestion = closestName(key, known);
        const where = segments.length === 0 ? '' : ` in \`${label}\``;
        c.report(
          keySpanOf(c, [...segments, key]) ?? recordStartSpan(c),
          'warning',
          'schema',
          `Unknown field \`${key}\`${where}${suggestion ? `: did you mean \`${suggestion}\`?` : ` (known fields: ${known.join(', ')})`}`,
        );
        break;
      }
      case 'required': {
        const where = segments.length === 0 ? '' : ` in \`${label}\``;
        c.report(mappingAnchorSpan(c, segments), 'error', 'schema', `Missing required field \`${String(params.missingProperty)}\`${where}.`);
        break;
      }
      case 'oneOf': {
        const both = Array.isArray(params.passingSchemas);
        const span = both ? keySpanOf(c, [...segments, 'glob']) : undefined;
        c.report(
          span ?? mappingAnchorSpan(c, segments),
          'error',
          'schema',
          both ? `\`${label}\` has both \`path\` and \`glob\`: use exactly one.` : `\`${label}\` needs a \`path\` (one file) or a \`glob\` (several files).`,
        );
        break;
      }
      case 'type': {
        if (segments.length === 0) {
          c.report(
            recordStartSpan(c),
            'error',
            'schema',
            c.part.plain.value === null
              ? 'The record is empty: it needs at least `id`, `title`, `started` and `summary`.'
              : 'A record must be a mapping of fields (`id: INC-42`, `title: ...`), not a list or a single value.',
          );
          break;
        }
        const expected = String(params.type)
          .split(',')
          .map((t) => TYPE_NAMES[t] ?? t)
          .join(' or ');
        const found = locate(c.root, segments, c.part.plain.aliases)?.node;
        const span = nodeSpan(found);
        const written = span ? c.text.slice(span.start + c.part.base, span.end + c.part.base) : '';
        // `commits: [1234567]` or `id: 2024` read as numbers: the fix is quoting, say so.
        const plainNumber = isScalar(found) && found.type === 'PLAIN' && typeof found.value === 'number';
        const hint = plainNumber && String(params.type).startsWith('string') ? ` (quote it: "${written}")` : '';
        c.report(valueSpanOf(c, segments) ?? recordStartSpan(c), 'error', 'schema', `\`${label}\` must be ${expected}${hint}.`);
        break;
      }
      case 'enum':
        c.report(
          valueSpanOf(c, segments) ?? recordStartSpan(c),
          'error',
          'schema',
          `\`${label}\` must be one of: ${(params.allowedValues as unknown[]).join(', ')}.`,
        );
        break;
      case 'pattern':
        c.report(valueSpanOf(c, segments) ?? recordStartSpan(c), 'error', 'schema', `\`${label}\` ${patternMessage(error)}.`);
        break;
      case 'minimum':
        c.report(valueSpanOf(c, segments) ?? recordStartSpan(c), 'error', 'schema', `\`${label}\` must be 1 or more.`);
        break;
      case 'minLength':
        c.report(valueSpanOf(c, segments) ?? recordStartSpan(c), 'error', 'schema', `\`${label}\` must not be empty.`);
        break;
      default:
        c.report(valueSpanOf(c, segments) ?? recordStartSpan(c), 'error', 'schema', `\`${label}\` ${error.message ?? 'is not valid'}.`);
    }
  }
}

type Fields = Record<string, unknown>;

function isFields(value: unknown): value is Fields {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function textOr<T extends string | undefined>(value: unknown, fallback: T): string | T {
  return typeof value === 'string' ? value : fallback;
}

function strings(value: unknown): string[] {
  return listOf(value).filter((v): v is string => typeof v === 'string');
}

/** Checks that need more than the schema: configured severities, real dates, order, code paths. */
function checkSemantics(c: Checker, fields: Fields, ctx: RecordContext): void {
  const severity = fields.severity;
  if (typeof severity === 'string' && ctx.severities.length > 0 && !ctx.severities.includes(severity)) {
    c.report(
      valueSpanOf(c, ['severity']) ?? recordStartSpan(c),
      'error',
      'schema',
      `\`severity\` must be one of the configured severities: ${ctx.severities.join(', ')}.`,
    );
  }
  const dateAt = (segments: Segments): RecordDate | undefined => {
    const value = locateValue(fields, segments);
    if (typeof value !== 'string') return undefined;
    const date = parseRecordDate(value);
    if (!date && !c.reported.has(pointerOf(segments))) {
      c.report(valueSpanOf(c, segments) ?? recordStartSpan(c), 'error', 'schema', `\`${labelOf(segments)}\` is not a real date or time: ${value}.`);
    }
    return date;
  };
  const dates = new Map(DATE_FIELDS.map((field) => [field, dateAt([field])]));
  const started = dates.get('started');
  const resolved = dates.get('resolved');
  if (started && resolved && compareRecordDates(resolved, started) < 0) {
    c.report(
      valueSpanOf(c, ['resolved']) ?? recordStartSpan(c),
      'error',
      'resolved-before-started',
      `\`resolved\` (${String(fields.resolved)}) is before \`started\` (${String(fields.started)}).`,
    );
  }

  let previous: { date: RecordDate; text: string } | undefined;
  listOf(fields.timeline).forEach((entry, i) => {
    if (!isFields(entry)) return;
    const date = dateAt(['timeline', i, 'at']);
    if (!date) return;
    if (previous && compareRecordDates(date, previous.date) < 0) {
      c.report(
        valueSpanOf(c, ['timeline', i, 'at']) ?? recordStartSpan(c),
        'warning',
        'timeline-order',
        `Timeline out of order: ${String(entry.at)} is earlier than the entry before it (${previous.text}).`,
      );
    }
    previous = { date, text: String(entry.at) };
  });

  listOf(fields.code).forEach((entry, i) => {
    if (!isFields(entry)) return;
    for (const key of ['path', 'glob'] as const) {
      const value = entry[key];
      if (typeof value !== 'string') continue;
      const reason = unsafePathReason(value, key === 'glob');
      if (reason) {
        c.report(
          valueSpanOf(c, ['code', i, key]) ?? recordStartSpan(c),
          'error',
          'unsafe-code-path',
          `\`code[${i}].${key}\` ${reason}: code paths must stay inside the workspace folder, so this one is never read.`,
        );
      }
    }
    const range = parseLineRange(entry.lines);
    if (range && range.end < range.start) {
      c.report(
        valueSpanOf(c, ['code', i, 'lines']) ?? recordStartSpan(c),
        'error',
        'schema',
        `\`code[${i}].lines\` ends (${range.end}) before it starts (${range.start}).`,
      );
    }
  });
}

function locateValue(fields: Fields, segments: Segments): unknown {
  let value: unknown = fields;
  for (const s of segments) {
    if (Array.isArray(value)) value = value[Number(s)];
    else if (isFields(value)) value = Object.hasOwn(value, String(s)) ? value[String(s)] : undefined;
    else return undefined;
  }
  return value;
}

/** The free-text fields where people describe what happened, as pointers into the record. */
function narrativePointers(fields: Fields): Segments[] {
  const pointers: Segments[] = [['summary'], ['narrative'], ['impact']];
  listOf(fields.contributing_factors).forEach((_, i) => pointers.push(['contributing_factors', i]));
  listOf(fields.learnings).forEach((_, i) => pointers.push(['learnings', i]));
  listOf(fields.difficulties).forEach((_, i) => pointers.push(['difficulties', i, 'description']));
  listOf(fields.timeline).forEach((_, i) => pointers.push(['timeline', i, 'event']));
  return pointers;
}

function checkBlameLanguage(c: Checker, fields: Fields, ctx: RecordContext, body: Span | undefined): void {
  if (ctx.blamelessLanguage === 'off') return;
  const severity = ctx.blamelessLanguage;
  const regions: Span[] = [];
  for (const segments of narrativePointers(fields)) {
    if (typeof locateValue(fields, segments) !== 'string') continue;
    const found = locate(c.root, segments, c.part.plain.aliases);
    const span = nodeSpan(found?.node);
    if (span) regions.push(shift(span, c.part.base));
  }
  if (body && fields.narrative === undefined) regions.push(body);
  for (const region of regions) {
    for (const match of findBlameLanguage(c.text, region.start, region.end)) {
      c.report({ start: match.start, end: match.end }, severity, 'blameless-language', match.message);
    }
  }
}

function spannedStrings(c: Checker, fields: Fields, key: string): Spanned<string>[] {
  const out: Spanned<string>[] = [];
  listOf(fields[key]).forEach((value, i) => {
    if (typeof value !== 'string') return;
    const span = valueSpanOf(c, [key, i]);
    if (span) out.push({ value, span });
  });
  return out;
}

function buildRecord(c: Checker, fields: Fields, id: string, path: string, format: IncidentRecord['format'], body: string | undefined): IncidentRecord {
  const objects = (key: string): Fields[] => listOf(fields[key]).filter(isFields);
  const timeline: TimelineEntry[] = [];
  listOf(fields.timeline).forEach((entry, i) => {
    if (!isFields(entry)) return;
    timeline.push({
      at: textOr(entry.at, ''),
      event: textOr(entry.event, ''),
      source: textOr(entry.source, undefined),
      span: valueSpanOf(c, ['timeline', i]) ?? recordStartSpan(c),
    });
  });
  const code: CodeEntry[] = [];
  listOf(fields.code).forEach((entry, i) => {
    if (!isFields(entry)) return;
    const path = typeof entry.path === 'string' && !unsafePathReason(entry.path, false) ? normalizeCodePath(entry.path) : undefined;
    const glob = typeof entry.glob === 'string' && !unsafePathReason(entry.glob, true) ? normalizeCodeGlob(entry.glob) : undefined;
    // Entries without a safe path or glob are left out: nothing downstream may try to read them.
    if (!path && !glob) return;
    const lines = parseLineRange(entry.lines);
    code.push({
      ...(path !== undefined ? { path } : {}),
      ...(glob !== undefined ? { glob } : {}),
      ...(lines && lines.start <= lines.end ? { lines } : {}),
      ...(typeof entry.note === 'string' ? { note: entry.note } : {}),
      span: valueSpanOf(c, ['code', i, path !== undefined ? 'path' : 'glob']) ?? recordStartSpan(c),
    });
  });
  const difficulties: Difficulty[] = objects('difficulties').map((d) => ({
    kind: textOr(d.kind, ''),
    description: textOr(d.description, ''),
  }));
  const participants: Participant[] = objects('participants').map((p) => ({
    name: textOr(p.name, ''),
    ...optionalText(p, 'role'),
    ...optionalText(p, 'perspective'),
  }));
  const actionItems: ActionItem[] = objects('action_items').map((a) => ({
    description: textOr(a.description, ''),
    ...optionalText(a, 'owner'),
    ...optionalText(a, 'status'),
    ...optionalText(a, 'link'),
  }));
  const links: Link[] = objects('links').map((l) => ({ title: textOr(l.title, ''), url: textOr(l.url, '') }));
  const status = typeof fields.status === 'string' && STATUSES.includes(fields.status) ? (fields.status as RecordStatus) : 'draft';
  const narrative = textOr(fields.narrative, undefined) ?? body;
  const record: IncidentRecord = {
    id,
    idSpan: valueSpanOf(c, ['id']) ?? recordStartSpan(c),
    path,
    format,
    title: textOr(fields.title, ''),
    status,
    services: strings(fields.services),
    summary: textOr(fields.summary, ''),
    timeline,
    contributingFactors: strings(fields.contributing_factors),
    difficulties,
    learnings: strings(fields.learnings),
    participants,
    actionItems,
    code,
    commits: spannedStrings(c, fields, 'commits'),
    related: spannedStrings(c, fields, 'related'),
    links,
    tags: strings(fields.tags),
  };
  const optional = {
    severity: fields.severity,
    started: fields.started,
    detected: fields.detected,
    mitigated: fields.mitigated,
    resolved: fields.resolved,
    narrative,
    impact: fields.impact,
  };
  for (const [key, value] of Object.entries(optional)) {
    if (typeof value === 'string') (record as unknown as Fields)[key] = value;
  }
  return record;
}

function optionalText<K extends string>(fields: Fields, key: K): Partial<Record<K, string>> {
  const value = fields[key];
  return typeof value === 'string' ? ({ [key]: value } as Partial<Record<K, string>>) : {};
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
  const c: Checker = { text, root: part.doc.contents as Node | null, part, report, reported: new Set() };
  if (!part.truncated) {
    reportSchemaErrors(c, validateRecordData(data));
    if (fields) {
      checkSemantics(c, fields, ctx);
      checkBlameLanguage(c, fields, ctx, body);
    }
  }
  let record: IncidentRecord | undefined;
  if (fields && typeof fields.id === 'string' && fields.id !== '') {
    const bodyText = body ? text.slice(body.start, body.end).trim() : '';
    record = buildRecord(c, fields, fields.id, path, format, bodyText === '' ? undefined : bodyText);
  }
  return { kind: 'record', ...(record ? { record } : {}), problems };
}
