/**
 * Completion while writing a record, with no other extension installed: the record's keys (and
 * those of a `timeline`, `difficulties`, `action_items`, `code`, `participants` or `links` entry)
 * described from incidents-schema/incident.schema.json, the allowed values of `status`,
 * `severity` (the configured list), `difficulties.kind`, `timeline.source` and
 * `action_items.status`, and the current time for a date key, written as the record writes its
 * dates. Works on the line being typed: a half-typed key is not YAML yet.
 */

import { RECORD_SCHEMA } from '../records/schema';
import { splitFrontMatter } from '../records/frontMatter';
import type { Span } from '../model';

export interface RecordCompletionItem {
  label: string;
  kind: 'key' | 'value';
  /** The schema's description (Markdown written by us, not record text). */
  documentation?: string;
  /** Text that replaces `span`. */
  newText: string;
  span: Span;
  /** Shown beside the label: "now" for a date, the value's meaning. */
  detail?: string;
}

/** The clock, as the host reads it: now, and the local offset for a record whose times carry none. */
export interface CompletionClock {
  nowMs: number;
  /** Minutes east of UTC on this machine (what `-new Date().getTimezoneOffset()` gives). */
  localOffsetMinutes: number;
}

interface SchemaNode {
  type?: string;
  description?: string;
  enum?: string[];
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

const SCHEMA = RECORD_SCHEMA as SchemaNode;
const DATE_KEYS = new Set(['started', 'detected', 'mitigated', 'resolved']);

/**
 * The items for the cursor at `offset` of a record file, or undefined when the cursor is not on
 * a key or on the value of a key with known values (other completions then apply).
 */
export function completeRecord(
  path: string,
  text: string,
  offset: number,
  severities: readonly string[],
  clock: CompletionClock,
): RecordCompletionItem[] | undefined {
  const region = yamlRegion(path, text);
  if (!region || offset < region.start || offset > region.end) return undefined;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEndAt = text.indexOf('\n', offset);
  const before = text.slice(lineStart, offset);
  const after = text.slice(offset, lineEndAt === -1 ? text.length : lineEndAt).replace(/\r$/, '');

  const value = /^(\s*)(-\s+)?([A-Za-z_][\w-]*)\s*:\s+(["']?)([^\s#"']*)$/.exec(before);
  if (value) {
    const column = value[1].length + (value[2]?.length ?? 0);
    const parent = column === 0 ? undefined : parentKey(text, lineStart);
    if (column > 0 && parent === undefined) return undefined;
    const typed = value[5];
    const span = { start: offset - typed.length, end: offset + (/^[^\s#"']*/.exec(after)?.[0].length ?? 0) };
    return valueItems(parent, value[3], span, text.slice(region.start, region.end), severities, clock);
  }

  const key = /^(\s*)(-\s+)?([A-Za-z_][\w-]*)?$/.exec(before);
  if (!key || after.trim() !== '') return undefined;
  const column = key[1].length + (key[2]?.length ?? 0);
  const typed = key[3] ?? '';
  const span = { start: offset - typed.length, end: offset };
  if (column === 0) {
    if (key[2]) return undefined;
    const present = presentKeys(text.slice(region.start, region.end));
    return keyItems(SCHEMA.properties ?? {}, present, span, '');
  }
  const parent = parentKey(text, lineStart);
  const entry = parent === undefined ? undefined : SCHEMA.properties?.[parent]?.items;
  if (!entry?.properties) return undefined;
  // Keys the same list entry already has are not offered again.
  const present = entryKeys(text, lineStart, column, Boolean(key[2]));
  return keyItems(entry.properties, present, span, ' '.repeat(column));
}

/** Where the YAML of a record is: the whole file, or a Markdown file's front matter. */
function yamlRegion(path: string, text: string): Span | undefined {
  if (!/\.(?:md|markdown)$/i.test(path)) return { start: 0, end: text.length };
  const fm = splitFrontMatter(text);
  if (fm.kind === 'yaml') return { start: fm.yamlStart, end: fm.yamlStart + fm.yaml.length };
  if (fm.kind === 'unclosed') return { start: fm.yamlStart, end: text.length };
  return undefined;
}

function keyItems(properties: Record<string, SchemaNode>, present: Set<string>, span: Span, indent: string): RecordCompletionItem[] {
  return Object.entries(properties)
    .filter(([name]) => !present.has(name))
    .map(([name, schema]) => ({
      label: name,
      kind: 'key' as const,
      documentation: schema.description,
      // A list of entries starts its first entry; anything else waits for its value on the line.
      newText: schema.type === 'array' ? `${name}:\n${indent}  - ` : `${name}: `,
      span,
    }));
}

function valueItems(
  parent: string | undefined,
  key: string,
  span: Span,
  yaml: string,
  severities: readonly string[],
  clock: CompletionClock,
): RecordCompletionItem[] | undefined {
  const schema = parent === undefined ? SCHEMA.properties?.[key] : SCHEMA.properties?.[parent]?.items?.properties?.[key];
  if (!schema) return undefined;
  const values = parent === undefined && key === 'severity' ? severities : schema.enum;
  if (values) return values.map((v) => ({ label: v, kind: 'value' as const, newText: v, span, documentation: schema.description }));
  const isDate = (parent === undefined && DATE_KEYS.has(key)) || (parent === 'timeline' && key === 'at');
  if (!isDate) return undefined;
  const now = formatLike(sampleDate(yaml), clock);
  return [{ label: now, kind: 'value', newText: now, span, detail: 'now', documentation: schema.description }];
}

/**
 * The top-level key whose block holds an indented line: the nearest line above that starts at
 * column 0, when it is `key:` with its value below. Undefined otherwise.
 */
function parentKey(text: string, lineStart: number): string | undefined {
  let end = lineStart - 1;
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    end = start - 1;
    if (line.trim() === '' || /^\s*#/.test(line)) continue;
    const indent = /^\s*/.exec(line)![0].length;
    if (indent > 0) continue;
    return /^([A-Za-z_][\w-]*)\s*:\s*(?:#.*)?$/.exec(line)?.[1];
  }
  return undefined;
}

/** Keys at the top level of the record. */
function presentKeys(yaml: string): Set<string> {
  const keys = new Set<string>();
  for (const m of yaml.matchAll(/^([A-Za-z_][\w-]*)\s*:/gm)) keys.add(m[1]);
  return keys;
}

/**
 * Keys of the list entry the cursor's line belongs to (on a `- ` line, a new entry: none), read
 * up to the line that starts the entry and down to the next one.
 */
function entryKeys(text: string, lineStart: number, column: number, startsEntry: boolean): Set<string> {
  const keys = new Set<string>();
  if (startsEntry) return keys;
  const lines = text.split('\n');
  const lineIndex = text.slice(0, lineStart).split('\n').length - 1;
  const keyAt = (line: string) => new RegExp(`^(?:\\s*-\\s+|\\s{${column}})([A-Za-z_][\\w-]*)\\s*:`).exec(line)?.[1];
  for (let i = lineIndex - 1; i >= 0; i--) {
    const line = lines[i];
    const found = keyAt(line);
    if (found && (/^\s*-\s/.test(line) || line.slice(0, column).trim() === '')) keys.add(found);
    if (/^\s*-\s/.test(line) || /^\S/.test(line)) break;
  }
  for (let i = lineIndex + 1; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*-\s/.test(line) || /^\S/.test(line)) break;
    const found = keyAt(line);
    if (found) keys.add(found);
  }
  return keys;
}

/** A date the record already has, to copy its form: `started` first, then any other date key. */
function sampleDate(yaml: string): string | undefined {
  const dates = [...yaml.matchAll(/^\s*(?:-\s+)?(started|detected|mitigated|resolved|at)\s*:\s*["']?(\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}[^\s"'#]*)?)/gm)];
  return (dates.find((m) => m[1] === 'started') ?? dates[0])?.[2];
}

/**
 * Now, written the way `sample` is: a date alone, or a date-time with `T` or a space, with or
 * without seconds, in UTC (`Z`), at the sample's offset, or in local time when it has none.
 * Without a sample: an ISO date-time in UTC to the second.
 */
export function formatLike(sample: string | undefined, clock: CompletionClock): string {
  const shape = sample && /^\d{4}-\d{2}-\d{2}(?:([Tt ])\d{2}:\d{2}(:\d{2})?(?:\.\d+)?(Z|z|[+-]\d{2}:?\d{2}|[+-]\d{2})?)?$/.exec(sample);
  if (!shape) return iso(clock.nowMs, 0, 'T', true, 'Z');
  if (shape[1] === undefined) return iso(clock.nowMs, clock.localOffsetMinutes, '', false, '').slice(0, 10);
  const zone = shape[3];
  if (zone === undefined) return iso(clock.nowMs, clock.localOffsetMinutes, shape[1], Boolean(shape[2]), '');
  if (/^z$/i.test(zone)) return iso(clock.nowMs, 0, shape[1], Boolean(shape[2]), zone);
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
  const offset = (Number(m[2]) * 60 + Number(m[3] ?? 0)) * (m[1] === '-' ? -1 : 1);
  return iso(clock.nowMs, offset, shape[1], Boolean(shape[2]), zone);
}

function iso(nowMs: number, offsetMinutes: number, separator: string, seconds: boolean, zone: string): string {
  const shifted = new Date(nowMs + offsetMinutes * 60_000).toISOString();
  return `${shifted.slice(0, 10)}${separator}${shifted.slice(11, seconds ? 19 : 16)}${zone}`;
}
