/**
 * One line of the index cache: what a load made of one file, and the check of a line read back.
 * Anyone who can write the cache folder can write a line whose checksum matches, so a line is
 * checked as strictly as a first parse would have made it: a path inside the folder and the same
 * in every place it appears, ids the configured patterns accept, every field of the type the
 * code that uses it expects, offsets inside the file. A line that fails is not used, nor is any
 * other line of its file.
 */
import type { FileAnalysis } from '../core/index/analyseFile';
import type { FileKind, Reference } from '../core/model';
import type { ParsedRecordFile } from '../core/records';
import { unsafePathReason } from '../core/records/codePaths';
import { MAX_ID_LENGTH, scanModeFor, type IdMatcher } from '../core/references';

export const UNREAD = 0;
export const READ = 1;
export const RECORD = 2;
/** Left unread as too large, binary or unreadable: read again (that costs an open), but no change. */
export const SKIPPED = 3;
/** References as flat [id, start, end, line, …]: most files have none, a few have many. */
type FlatReferences = Array<string | number>;
export type Entry =
  | [path: string, size: number, mtimeMs: number, what: typeof UNREAD]
  | [path: string, size: number, mtimeMs: number, what: typeof READ, kind: FileKind, references: FlatReferences]
  | [path: string, size: number, mtimeMs: number, what: typeof RECORD, hash: string, parsed: ParsedRecordFile, references: FlatReferences]
  | [path: string, size: number, mtimeMs: number, what: typeof SKIPPED];

/** A file's analysis as the cache keeps it: references flat, the path said once. */
export function entryOf(path: string, size: number, time: number, analysis: FileAnalysis, hash: string | undefined): Entry {
  const flat: FlatReferences = [];
  for (const r of analysis.references) flat.push(r.id, r.span.start, r.span.end, r.line);
  return analysis.parsed && hash ? [path, size, time, RECORD, hash, analysis.parsed, flat] : [path, size, time, READ, analysis.kind, flat];
}

/** The analysis an entry kept, as `entryOf` took it. */
export function analysisOf(path: string, entry: Extract<Entry, { 3: typeof READ | typeof RECORD }>): FileAnalysis {
  const [kind, flat, parsed] = entry[3] === RECORD ? [entry[5].kind, entry[6], entry[5]] : [entry[4], entry[5], undefined];
  const references: Reference[] = [];
  for (let i = 0; i + 3 < flat.length; i += 4) {
    references.push({
      id: flat[i] as string,
      path,
      span: { start: flat[i + 1] as number, end: flat[i + 2] as number },
      line: flat[i + 3] as number,
      fileKind: kind,
    });
  }
  return parsed ? { kind, parsed, references } : { kind, references };
}

/** What a line is checked against: the folder's configuration now. */
export interface EntryRules {
  matcher: IdMatcher;
  /** The configured severities, when the cached records were parsed with them (else records are not used). */
  severities?: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// The check. Each test names the only shapes the parser makes; anything else is refused.

type Check = (v: unknown) => boolean;
const isString = (v: unknown): v is string => typeof v === 'string';
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isListOf =
  (item: Check): Check =>
  (v) =>
    Array.isArray(v) && v.every(item);
const isOneOf =
  (...values: unknown[]): Check =>
  (v) =>
    values.includes(v);
const optional =
  (check: Check): Check =>
  (v) =>
    v === undefined || check(v);
/** An object with these fields (each checked, `undefined` for an absent optional one) and no other. */
const isShape = (fields: Record<string, Check>): Check => {
  const checks = Object.entries(fields);
  return (v) => {
    if (!isObject(v)) return false;
    for (const key in v) if (!Object.hasOwn(fields, key)) return false;
    for (const [key, check] of checks) if (!check(v[key])) return false;
    return true;
  };
};

/** The entry being checked: the checks below are built once, and read its path and size here. */
const here: { path: string; size: number; matcher?: IdMatcher } = { path: '', size: 0 };
const isId = (x: unknown) => isString(x) && x.length <= MAX_ID_LENGTH && here.matcher!.matches(x);
// Offsets are UTF-16 units of the file's text: never more than its size in bytes.
const isOffset = (x: unknown) => isCount(x) && x <= here.size;
const isSpan = isShape({ start: isOffset, end: isOffset });
const isSpanned = isShape({ value: isString, span: isSpan });
const isPathHere = (x: unknown) => x === here.path;
const isProblem = isShape({
  path: isPathHere,
  span: isSpan,
  severity: isOneOf('error', 'warning', 'information', 'hint'),
  code: (x) => isString(x) && /^[a-z-]{1,40}$/.test(x),
  message: isString,
  suggestions: optional(isListOf(isString)),
});
const isCodeEntry = isShape({
  path: optional((x) => isString(x) && !unsafePathReason(x, false)),
  glob: optional((x) => isString(x) && !unsafePathReason(x, true)),
  lines: optional(isShape({ start: isCount, end: isCount })),
  note: optional(isString),
  span: isSpan,
});
/** A record, but for its id (checked against the patterns apart). */
const isRecordButId = isShape({
  id: isString,
  idSpan: isSpan,
  path: isPathHere,
  format: isOneOf('yaml', 'markdown'),
  title: isString,
  status: isOneOf('draft', 'in-review', 'published'),
  severity: optional(isString),
  started: optional(isString),
  detected: optional(isString),
  mitigated: optional(isString),
  resolved: optional(isString),
  services: isListOf(isString),
  summary: isString,
  narrative: optional(isString),
  impact: optional(isString),
  timeline: isListOf(isShape({ at: isString, event: isString, source: optional(isString), span: isSpan })),
  contributingFactors: isListOf(isString),
  difficulties: isListOf(isShape({ kind: isString, description: isString })),
  learnings: isListOf(isString),
  participants: isListOf(isShape({ name: isString, role: optional(isString), perspective: optional(isString) })),
  actionItems: isListOf(isShape({ description: isString, owner: optional(isString), status: optional(isString), link: optional(isString) })),
  code: isListOf((x) => isCodeEntry(x) && isObject(x) && (x.path !== undefined || x.glob !== undefined)),
  commits: isListOf(isSpanned),
  related: isListOf(isSpanned),
  links: isListOf(isShape({ title: isString, url: isString })),
  tags: isListOf(isString),
  importedFrom: optional(isString),
});
const isParsed = isShape({ kind: isOneOf('record', 'document'), record: optional(isRecordButId), problems: isListOf(isProblem) });

const FILE_KINDS = ['record', 'document', 'source'];

/** Why a line read back cannot be used, or undefined when it can. */
export function entryProblem(v: unknown, rules: EntryRules): string | undefined {
  if (!Array.isArray(v) || !isString(v[0]) || !isCount(v[1]) || typeof v[2] !== 'number') return 'an entry of the wrong shape';
  const [path, size] = v as [string, number];
  if (!isInsideFolder(path)) return 'a path outside the folder';
  here.path = path;
  here.size = size;
  here.matcher = rules.matcher;
  switch (v[3]) {
    case UNREAD:
    case SKIPPED:
      return v.length === 4 ? undefined : 'an entry of the wrong shape';
    case READ: {
      if (v.length !== 6 || !FILE_KINDS.includes(v[4] as string)) return 'an entry of the wrong shape';
      // What a first read of this path would make: a kind from its name, no reference in a file never scanned.
      const mode = scanModeFor(path);
      if (v[4] !== (mode === 'all' ? 'document' : 'source') || (!mode && (v[5] as unknown[]).length > 0)) return 'an entry of the wrong kind';
      return referencesProblem(v[5], size);
    }
    case RECORD: {
      if (v.length !== 7 || !isString(v[4])) return 'an entry of the wrong shape';
      if (!isParsed(v[5])) return 'a record of the wrong shape';
      const { record, problems } = v[5] as ParsedRecordFile;
      if (record && !isId(record.id)) return 'an id the patterns refuse';
      // A severity the configuration does not list is only ever kept with the error that says so.
      const { severities } = rules;
      const severity = record?.severity;
      if (
        severity !== undefined &&
        severities?.length &&
        !severities.includes(severity) &&
        !problems.some((p) => p.code === 'schema' && p.severity === 'error')
      ) {
        return 'a severity the configuration does not list';
      }
      return referencesProblem(v[6], size);
    }
    default:
      return 'an entry of the wrong shape';
  }
}

function referencesProblem(v: unknown, size: number): string | undefined {
  if (!Array.isArray(v) || v.length % 4 !== 0) return 'references of the wrong shape';
  for (let i = 0; i < v.length; i += 4) {
    const [id, start, end, line] = [v[i], v[i + 1], v[i + 2], v[i + 3]] as unknown[];
    if (!isCount(start) || !isCount(end) || !isCount(line) || start >= end || end > size || line > start) return 'references of the wrong shape';
    if (!isId(id)) return 'an id the patterns refuse';
  }
  return undefined;
}

/** A path the folder's listing could give: relative, forward slashes, no empty, `.` or `..` part. */
function isInsideFolder(path: string): boolean {
  return !path.startsWith('/') && !/(?:^|\/)\.{0,2}(?:\/|$)/.test(path);
}
